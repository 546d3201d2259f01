"""The snapshot's records: pydantic models of manifest.json.

A section record carries the same facts as refsite's truth file, under the same field names (id, kind, title,
method, path, params, examples, example, code), so completeness is a comparison. Extra facts (badges, group,
file, param default/description) are additions that the truth does not have.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, create_model
from typing_extensions import TypedDict  # (pydantic reads typing's only from Python 3.12)

SectionKind = Literal["static", "group", "endpoint", "object"]
CutReason = Literal["depth", "clicks", "time"]


class Record(BaseModel):
    """Base of every record: unknown fields are an error, not silently dropped. An empty list or dict field is a
    default_factory, not a `[]` default: pydantic-core deep-copies such a default (copy.deepcopy, in Python) into
    every record without the field, and calls a factory in C (a full read of a 100 MB manifest: 4.75 -> 4.4 s)."""

    model_config = ConfigDict(extra="forbid")


class Param(Record):
    """One parameter row as a full expansion shows it, depth-first in page order."""

    id: str
    name: str
    depth: int = Field(ge=0)
    type: str
    required: bool
    default: str | None = None
    deprecated: bool = False
    description: str = ""  # plain text of the row's description, whitespace folded
    # What a site states beyond the legacy page's rows (Stainless): None/empty where the site does not say.
    group: str | None = None  # path, query, header, body, parameters (an SDK's), returns, model
    declaration: str | None = None  # the row as the language declares it (`model: string`, `input: Union[str, ...]`)
    optional: bool | None = None  # the language's own optional marker; None where it shows none
    deprecated_message: str | None = None
    constraints: str | None = None  # `minimum: 0, maximum: 2`
    annotation: str | None = None  # the note above the children (`One of the following:`)
    badges: list[str] = Field(default_factory=list)
    tooltips: list[str] = Field(default_factory=list)  # hover-only text inside the declaration
    expandable: bool = False  # has child rows


class Sample(Record):
    """One response sample of an example (a site may label them: `200 example`)."""

    label: str | None = None
    active: bool = False  # the tab shown first
    code: str | None = None


class Example(Record):
    """One example variant: the request in every language the page offers, and the response."""

    variant: str
    request: dict[str, str] = Field(default_factory=dict)  # picker name (curl, python, node.js, ...) -> exact code text
    # picker name -> fence tag (bash, python, javascript, ...)
    request_tags: dict[str, str] = Field(default_factory=dict)
    response: str | None = None
    title: str | None = None  # the example's own heading, where the site shows one
    active: bool = False  # the variant shown first
    # every response sample, where the site shows more than the text of one
    responses: list[Sample] = Field(default_factory=list)


class ParamGroup(Record):
    """One parameter group as a page heads it (`Body Parameters` + `JSON`); its rows carry its key."""

    key: str
    title: str | None = None
    encoding: str | None = None


class MethodRef(Record):
    """A method listed on a group's page."""

    title: str | None = None
    href: str | None = None
    method: str | None = None
    path: str | None = None
    signature: str | None = None


class LanguageView(Record):
    """What one language's page states about a section, where languages differ (a multi-language site gives each
    SDK its own page). The default language's params are Section.params; every other language's are here."""

    url: str | None = None
    anchor: str | None = None
    title: str | None = None
    signature: str | None = None  # the SDK's method signature
    declaration: str | None = None  # objects: the model's declaration
    description: str | None = None  # where it differs from the section's ("": this page shows none)
    deprecated: bool = False
    groups: list[ParamGroup] = Field(default_factory=list)
    params: list[Param] = Field(default_factory=list)
    # groups: the methods listed, with this language's signatures and links
    methods: list[MethodRef] = Field(default_factory=list)
    models: list[str] = Field(default_factory=list)
    subresources: list[str] = Field(default_factory=list)
    # static pages (their code blocks are Section.code: each is its own section)
    headings: list[str] = Field(default_factory=list)
    returns_examples: list[Sample] = Field(default_factory=list)


class Section(Record):
    """One section of the page, in page order."""

    id: str  # the page's own anchor (`chat/create`), as given: never used as a path directly
    kind: SectionKind
    title: str
    method: str | None = None
    path: str | None = None
    badges: list[str] = Field(default_factory=list)
    group: str | None = None  # id of the group section this one sits under (None for static and group sections)
    file: str  # safe relative path (no suffix) of sections/<file>.html and markdown/<file>.md
    params: list[Param] = Field(default_factory=list)
    examples: list[Example] = Field(default_factory=list)
    example: str | None = None  # objects: the text of the "OBJECT ..." sample
    code: list[str] = Field(default_factory=list)  # static sections: their code blocks
    # Multi-page sites: where the section lives and what each language's page says (see LanguageView).
    url: str | None = None  # the section's own page (absolute), when it is not origin + "/" + id
    description: str | None = None  # plain text, one line per block
    deprecated: bool = False
    not_implemented: bool = False
    languages: dict[str, LanguageView] = Field(default_factory=dict)


SPEC_KIND = "spec"  # PageRecord.kind of the OpenAPI document a snapshot was read from


class PageRecord(Record):
    """One page of a multi-page site, as fetched: what revalidation needs next time."""

    url: str
    language: str
    kind: str
    etag: str | None = None
    last_modified: str | None = None
    sha256: str  # of what is read of the page (a Stainless page: its <main>): an unchanged page is not read again
    via: Literal["http", "browser"] = "http"


class MissingPage(Record):
    """A page that a partial crawl could not fetch, and why."""

    url: str
    reason: str


class Cut(Record):
    """What a budget left unrevealed: expand buttons not clicked, and why."""

    reason: CutReason
    count: int = Field(ge=0)
    where: list[str] = Field(default_factory=list)  # ids of the rows whose buttons were left closed (first few hundred)


class Manifest(Record):
    """manifest.json: everything later stages need, except the HTML itself."""

    apiref_version: str
    source_url: str
    scraped_at: str  # ISO 8601, UTC
    profile: str
    title: str = "API reference"
    origin: str  # the page's canonical URL (profile.canonical_url, else the scraped URL): links and section URLs
    #              are made absolute against it, so a copy served from elsewhere gives the same Markdown
    max_depth: int
    languages: list[str] = Field(default_factory=list)  # every code-sample language seen, in first-seen order
    sections: list[Section]
    cuts: list[Cut] = Field(default_factory=list)
    stats: dict[str, float] = Field(default_factory=dict)  # clicks, rows, seconds, html bytes...
    site_kind: str = "legacy"  # which adapter read the site (scraper.sites)
    default_language: str | None = None  # multi-language sites: the language of Section.params
    pages: list[PageRecord] = Field(default_factory=list)  # multi-page sites: every page fetched, with its validators
    missing: list[MissingPage] = Field(default_factory=list)  # pages a partial crawl (--allow-partial) could not get


def _without_rows(model: type[Record], **retyped: object) -> type[BaseModel]:
    """model's fields but its rows (`params`), some retyped; any other key ignored. JSON validated by it skips
    every row without making an object of it (pydantic-core makes Python objects only of the fields it knows)."""
    fields: dict[str, Any] = {name: (retyped.get(name, info.annotation), info)
                              for name, info in model.model_fields.items() if name != "params"}
    return create_model(f"{model.__name__}WithoutRows", __config__=ConfigDict(extra="ignore"), **fields)


_LanguageViewWithoutRows = _without_rows(LanguageView)
_SectionWithoutRows = _without_rows(Section, languages=dict[str, _LanguageViewWithoutRows])  # type: ignore[valid-type]
_ManifestWithoutRows = _without_rows(Manifest, sections=list[_SectionWithoutRows])  # type: ignore[valid-type]


def manifest_without_rows(data: bytes | str, sections: Iterable[bytes] | None = None) -> Manifest:
    """manifest.json read with every section's rows left out (`params`, and each language's): for what reads no
    row (chunks, excerpts, prompt packs, llms.txt, a server's section list). On OpenAI's 2025 reference a tenth
    of the time and memory of validating it whole; never to be written back (its rows are gone).

    sections: the section list's entries one by one, where data holds the manifest with its list empty (a large
    manifest's JSON is then never parsed whole: store.read_manifest)."""
    outline = _ManifestWithoutRows.model_validate_json(data)
    if sections is None:
        found = [_made(s) for s in outline.sections]  # type: ignore[attr-defined]
    else:
        found = [section_without_rows(entry) for entry in sections]
    return Manifest.model_construct(**{**dict(outline), "sections": found})


def section_without_rows(data: bytes | str) -> Section:
    """A section's record (JSON) read with its rows left out, as manifest_without_rows reads each."""
    return _made(_SectionWithoutRows.model_validate_json(data))


def _made(outline: Any) -> Section:
    # (every field given: model_construct fills a missing one from its default_factory, inspecting its signature
    # each time, 0.3 ms a record)
    return Section.model_construct(**{**dict(outline), "params": [], "languages": {
        k: LanguageView.model_construct(**dict(v), params=[]) for k, v in outline.languages.items()}})


class _RowName(TypedDict):
    name: str
    depth: int


class _RowNames(TypedDict, total=False):
    params: list[_RowName]


_ROW_NAMES = TypeAdapter(_RowNames)  # (a TypedDict ignores the keys it does not name)


def top_row_names(entry: bytes | str) -> list[str]:
    """The names of a section's own top-level rows, read from its record (JSON) without the rest of it."""
    return [row["name"] for row in _ROW_NAMES.validate_json(entry).get("params", []) if row["depth"] == 0]
