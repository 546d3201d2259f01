"""Diffs over time: what changed between two snapshots of the same reference, section by section.

`diff(old, new)` is pure: it takes two `SnapshotView`s (manifest, Markdown and section HTML, as values) and
returns a `SnapshotDiff` record. Sections are paired by identity (`identity.match`: endpoints by method + path,
then ids, titles, returning endpoints), so renamed anchors show as moved, not removed and added. Parameter rows
are made comparable and paired as `diff_rows` says (model rows unwrapped, by row id, then by their path of names,
a "possible types" row by its place, `#0`); types, required, defaults and descriptions are compared at the
precision both snapshots spell (`spelling`: across kinds of site, only what both say). Every change gets a level
(`diff_levels`: breaking, non-breaking, docs). A section has changed when its record (title, method, path, badges,
params, examples, ...), its section HTML or its Markdown differ. A change is "description-only" when the section is
equal once descriptions are blanked: the section summary (`.apiref-summary`) and every parameter description
(`Param.description`, `.apiref-desc`). Links are compared with each snapshot's own origin taken out, so a page
served from another host or port does not look all-new.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from pathlib import Path
from typing import Any, Literal, Protocol, cast
from urllib.parse import urlsplit

from bs4 import BeautifulSoup
from pydantic import PrivateAttr

from apiref.scraper.snapshot import Example, Manifest, Param, Record, Section
from apiref.scraper.store import (
    ManifestSections,
    read_manifest,
    read_section_markdown,
    read_sections_html,
)

from .diff_items import Item, level_items
from .diff_levels import (
    Level,
    field_level,
    row_level,
    section_field_level,
    section_level,
    worst,
)
from .diff_rows import (  # noqa: F401  (name_paths, row_keys, row_kinds: re-exported)
    PATH_GROUP,
    Markup,
    Row,
    comparable_rows,
    name_paths,
    no_markup,
    pair_rows,
    row_keys,
    row_kinds,
    row_markup,
)
from .identity import match
from .selection import summary_text
from .spelling import (
    FULL,
    Precision,
    endpoint_key,
    name_key,
    same_prose,
    same_type,
    shown_type,
    snapshot_precision,
    strip_optional,
    type_shape,
)

DESCRIPTION_SELECTORS = ".apiref-summary, .apiref-desc"  # the contract's description blocks (docs/snapshot-format.md)
PARAM_FIELDS = ("name", "type", "required", "default", "deprecated", "description")
SECTION_FIELDS = ("kind", "title", "method", "path", "badges", "group")
DIFF_CONTEXT = 3  # lines of context in the unified diffs, as `diff -u`

Change = Literal["added", "removed", "changed"]


class SectionSource(Protocol):
    """Where a view's sections come from with their rows (store.ManifestSections, history.StoredSections): its
    manifest holds them without; `entry` is bytes that are the same for two sections only if their records are."""

    manifest: Manifest

    def section(self, section_id: str) -> Section: ...

    def entry(self, section_id: str) -> bytes | None: ...


class SnapshotView(Record):
    """One side of a diff: a snapshot's manifest with the Markdown and HTML of each section (by section id). Read
    by load_view, its manifest's sections are without their rows: `section` gives one with them."""

    manifest: Manifest
    markdown: dict[str, str]
    html: dict[str, str]
    _sections: SectionSource | None = PrivateAttr(default=None)  # (for this manifest only: see read())
    _by_id: dict[str, Section] | None = PrivateAttr(default=None)

    def read(self) -> SectionSource | None:
        """Where the sections' rows are read from: none for a view whose manifest holds them, or a copy of a view
        given another manifest (edited in memory: its own sections are what it says)."""
        return self._sections if self._sections is not None and self._sections.manifest is self.manifest else None

    def section(self, section_id: str) -> Section:
        """The section with its rows."""
        if (sections := self.read()) is not None:
            return sections.section(section_id)
        if self._by_id is None:
            self._by_id = {s.id: s for s in self.manifest.sections}
        return self._by_id[section_id]

    def entry(self, section_id: str) -> bytes | None:
        """The section's entry as its manifest.json holds it, where the view was read from one laid out by apiref."""
        return sections.entry(section_id) if (sections := self.read()) is not None else None


class ValueChange(Record):
    old: str | int | bool | list[str] | None
    new: str | int | bool | list[str] | None


class ParamChange(Record):
    """A parameter row added, removed or changed (then `fields` holds each changed field)."""

    id: str
    name: str
    path: str  # the names from the top-level row down to this one, joined by "." (`choices.logprobs.content`)
    depth: int
    change: Change
    fields: dict[str, ValueChange] = {}
    key: str = ""  # the path the rows were paired by: names, a "possible types" row as `#<its place>`
    returns: bool = False  # a row of an endpoint's Returns (what a client reads: an object's levels)
    level: Level = "docs"


class ExampleChange(Record):
    """One code sample added, removed or changed: a request language of a variant, its response, or an object's
    example (variant "object", language "json")."""

    variant: str
    language: str
    change: Change
    level: Level = "docs"


class SectionRef(Record):
    id: str
    kind: str
    title: str
    level: Level = "docs"
    old_id: str | None = None  # moved sections: the id in the old snapshot
    matched_by: str | None = None  # moved sections: "endpoint" (method + path), "title" or "returns"


class SectionChange(Record):
    """A section present in both snapshots whose content differs."""

    id: str
    kind: str
    title: str
    description_only: bool
    level: Level = "docs"
    old_id: str | None = None  # when the section moved (its id changed)
    summary_changed: bool = False
    fields: dict[str, ValueChange] = {}
    params: list[ParamChange] = []
    examples: list[ExampleChange] = []
    markdown_diff: str = ""


class SideInfo(Record):
    source_url: str
    scraped_at: str
    sections: int


class SnapshotDiff(Record):
    """Everything that changed between two snapshots; json output is this model."""

    old: SideInfo
    new: SideInfo
    ignore_descriptions: bool = False
    added: list[SectionRef] = []
    removed: list[SectionRef] = []
    moved: list[SectionRef] = []
    changed: list[SectionChange] = []
    unchanged: int = 0
    levels: dict[str, list[Item]] = {}  # every change in one line, grouped by level (diff_levels.LEVELS)

    @property
    def has_changes(self) -> bool:
        return bool(self.added or self.removed or self.changed or self.moved)

    @property
    def level(self) -> Level | None:
        """The most severe level of any change, None when nothing changed."""
        if not self.has_changes:
            return None
        return worst(cast(Level, lv) for lv, items in self.levels.items() if items)


class Context(Record):
    """What a section comparison needs to know about the two snapshots as a whole."""

    precision: Precision = FULL  # what both snapshots' spellings distinguish
    pairs: dict[str, str] = {}  # old section id -> new section id
    cuts: tuple[frozenset[str], frozenset[str]] = (frozenset(), frozenset())  # ids of rows each side left closed


def cut_rows(manifest: Manifest) -> frozenset[str]:
    """Ids of the rows a scrape left closed (a budget cut): what lies below them that snapshot does not know."""
    return frozenset(w for c in manifest.cuts for w in c.where)


def load_view(snapshot: Path, rows: bool = False) -> SnapshotView:
    """Read a snapshot directory into a SnapshotView (SnapshotError when something is missing). Its sections' rows
    are read when a diff asks for them (only where two sections' entries differ), or now with rows=True."""
    sections = None if rows else ManifestSections(snapshot)
    manifest = read_manifest(snapshot) if sections is None else sections.manifest
    view = SnapshotView(
        manifest=manifest,
        markdown={s.id: read_section_markdown(snapshot, s) for s in manifest.sections},
        html=read_sections_html(snapshot, manifest),
    )
    view._sections = sections
    return view


def diff(old: SnapshotView, new: SnapshotView, ignore_descriptions: bool = False) -> SnapshotDiff:
    """Compare two snapshots section by section (paired by identity, in the new snapshot's page order). A section
    whose entry, markup and Markdown are the same on both sides is unchanged without its rows being read."""
    pairing = match(old.manifest, new.manifest, old.html, new.html, (old.section, new.section))
    ctx = Context(precision=shared_precision(old, new), pairs=pairing.pairs,
                  cuts=(cut_rows(old.manifest), cut_rows(new.manifest)))
    back = {n: o for o, n in pairing.pairs.items()}
    result = SnapshotDiff(old=_info(old), new=_info(new), ignore_descriptions=ignore_descriptions)
    result.added = [_ref(s, section_level(s.kind, "added")) for s in new.manifest.sections if s.id not in back]
    result.removed = [
        _ref(s, section_level(s.kind, "removed")) for s in old.manifest.sections if s.id not in pairing.pairs
    ]
    for sec in new.manifest.sections:
        if sec.id not in back:
            continue
        if back[sec.id] != sec.id:
            result.moved.append(_ref(sec, "docs", old_id=back[sec.id], matched_by=pairing.how[sec.id]))
        if _same_entries(old, new, back[sec.id], sec.id):
            result.unchanged += 1
            continue
        change = section_change(old, new, old.section(back[sec.id]), new.section(sec.id), ctx)
        if change is None or (ignore_descriptions and change.description_only):
            result.unchanged += 1
            continue
        result.changed.append(_without_descriptions(change) if ignore_descriptions else change)
    result.levels = level_items(result)
    return result


def _same_entries(old: SnapshotView, new: SnapshotView, a: str, b: str) -> bool:
    """Whether sections a and b have the same entry in their manifests, byte for byte once the old site (scheme
    and host) is the new one as in _on_origin, and the same markup and Markdown as section_change compares them
    (then it finds no change: a record is the same where its entry is, its URLs on a site that moved too)."""
    entry, other = old.entry(a), new.entry(b)
    if entry is None or other is None:
        return False
    site_a, site_b = _site(old.manifest.origin).encode(), _site(new.manifest.origin).encode()
    if site_a and site_a != site_b:
        entry = entry.replace(site_a, site_b)
    return entry == other and _on_origin(old, new, old.html[a]) == new.html[b] \
        and _on_origin(old, new, old.markdown[a]) == new.markdown[b]


def shared_precision(old: SnapshotView, new: SnapshotView) -> Precision:
    """Full precision between snapshots of one kind of site (same profile: one renderer spells every fact the same
    way, so any difference is real); across kinds of site, only what both spell at all."""
    if old.manifest.profile == new.manifest.profile:
        return FULL
    a, b = ([v.section(s.id) for s in v.manifest.sections] for v in (old, new))
    return snapshot_precision(a).shared(snapshot_precision(b))._replace(one_renderer=False)


def section_change(
    old: SnapshotView, new: SnapshotView, a: Section, b: Section, ctx: Context | None = None
) -> SectionChange | None:
    """The change of one section between two snapshots, or None when it is the same."""
    ctx = ctx or Context(pairs={a.id: b.id}, cuts=(cut_rows(old.manifest), cut_rows(new.manifest)))
    md_a, md_b = _on_origin(old, new, old.markdown[a.id]), new.markdown[b.id]
    html_a, html_b = _on_origin(old, new, old.html[a.id]), new.html[b.id]
    same_record, same_html = _record(a) == _record(b), html_a == html_b
    if same_record and same_html and md_a == md_b:
        return None
    blank_same = _record(a, blank=True) == _record(b, blank=True) and _blank_html(html_a) == _blank_html(html_b)
    same_path = endpoint_key(a.method, a.path) == endpoint_key(b.method, b.path)
    markup = (row_markup(html_a), row_markup(html_b))
    params = param_changes(a.params, b.params, b.kind, ctx.precision, markup, ctx.cuts, same_path)
    examples = example_changes(a, b)
    fields = section_fields(a, b, ctx)
    summary_changed = not same_prose(summary_text(html_a), summary_text(html_b), ctx.precision)
    level = worst([p.level for p in params] + [section_field_level(b.kind, f) for f in fields])
    return SectionChange(
        id=b.id,
        kind=b.kind,
        title=b.title,
        description_only=blank_same and not (same_record and same_html),  # Markdown alone: the converter changed
        level=level,
        old_id=a.id if a.id != b.id else None,
        summary_changed=summary_changed,
        fields=fields,
        params=params,
        examples=examples,
        markdown_diff=unified(md_a, md_b, a.file, b.file),
    )


def section_fields(a: Section, b: Section, ctx: Context) -> dict[str, ValueChange]:
    """Section-level fields that differ; method and path compared as `spelling.endpoint_key`, the group through the
    pairing (a group that moved is the same group)."""
    out = {}
    for f in SECTION_FIELDS:
        x, y = getattr(a, f), getattr(b, f)
        if f in ("method", "path"):
            same = (
                endpoint_key(a.method, a.path) == endpoint_key(b.method, b.path)
                if f == "path"
                else (x or "").lower() == (y or "").lower()
            )
        elif f == "group":
            same = x == y or (x is not None and ctx.pairs.get(x) == y)
        elif f == "badges":
            same = x == y or not ctx.precision.badges  # a site that shows no badges says nothing about them
        else:
            same = x == y
        if not same:
            out[f] = ValueChange(old=x, new=y)
    return out


def param_changes(old: list[Param], new: list[Param], kind: str = "endpoint", precision: Precision = FULL,
                  markup: tuple[Markup, Markup] | None = None,
                  cuts: tuple[frozenset[str], frozenset[str]] = (frozenset(), frozenset()),
                  same_path: bool = True) -> list[ParamChange]:
    """Rows added, removed or changed, in new order, compared as `diff_rows` makes them comparable (enum values
    left out, model rows unwrapped, nested unions flattened; paired by row id, key path, path slot). `markup`:
    each side's row kinds and tables; `cuts`: each side's ids of rows its scrape left closed; `same_path`: the
    endpoint's method and path are unchanged.

    An endpoint's Returns rows get an object's levels (what a client reads); a path parameter added or removed
    while the path stays the same is docs (the URL is the same). Not reported, as the other side says nothing
    about them: a model row without a counterpart, rows below a row the other scrape left closed, and, across
    kinds of site that do not both draw every union's alternatives, an alternative with no rows of its own."""
    markup = markup or (no_markup(), no_markup())
    info_a = comparable_rows(old, markup[0], kind, precision.returns)
    info_b = comparable_rows(new, markup[1], kind, precision.returns)
    pairs = pair_rows(info_a, info_b)
    back = {j: i for i, j in pairs.items()}
    unknown_a, unknown_b = _unknown_keys(info_b, cuts[1], precision), _unknown_keys(info_a, cuts[0], precision)
    out = [_row_change(info_a[i], "removed", kind, same_path=same_path) for i in range(len(info_a))
           if i not in pairs and _reported(info_a[i], precision, unknown_a)]
    added = {info_b[j].key for j in range(len(info_b)) if j not in back}
    for j, row in enumerate(info_b):
        if j not in back:
            inside_new = any(row.key.startswith(k + ".") for k in added)  # part of a new row: required only within it
            if _reported(row, precision, unknown_b):
                out.append(_row_change(row, "added", kind, inside_new, same_path))
            continue
        old_row = info_a[back[j]]
        fields = row_fields(old_row.param, row.param, precision, old_row.variant or row.variant)
        if fields:
            level_kind = _level_kind(kind, row)
            level = worst(field_level(level_kind, f, v.old, v.new) for f, v in fields.items())
            out.append(ParamChange(id=row.param.id, name=row.param.name, path=row.path, depth=row.param.depth,
                                   change="changed", fields=fields, key=row.key, returns=row.returns, level=level))
    return out


def _unknown_keys(rows: list[Row], cut: frozenset[str], precision: Precision) -> set[str]:
    """Keys of the rows below which a side knows nothing: rows its scrape left closed, and, across renderers, an
    `unknown` with no rows of its own."""
    return {r.key for r in rows
            if r.param.id in cut or (not precision.one_renderer and r.leaf and _says_nothing(r.param))}


def _says_nothing(p: Param) -> bool:
    return type_shape(shown_type(p)) <= {"any", "null"}


def _reported(row: Row, precision: Precision, unknown: set[str]) -> bool:
    """Whether a row without a counterpart is reported added or removed (see `param_changes`)."""
    if row.model or any(row.key.startswith(k + ".") for k in unknown):
        return False
    return not (row.variant and row.leaf and not precision.variants)


def row_fields(a: Param, b: Param, precision: Precision = FULL, variant: bool = False) -> dict[str, ValueChange]:
    """The fields of a paired row that differ once spelling is normalised (types at the shared precision;
    Required/Optional not compared for "possible types" rows, which have none; defaults only where both sides
    show defaults)."""
    out = {}
    for f in PARAM_FIELDS:
        x, y = getattr(a, f), getattr(b, f)
        if f == "type":
            x, y = shown_type(a), shown_type(b)
            same = same_type(x, y, precision)
        elif f == "required":
            same = variant or _required(a) == _required(b)
        elif f == "default":
            same = x == y or not precision.default
        elif f == "name":
            same = name_key(x) == name_key(y) or variant
        elif f == "description":
            same = same_prose(x, y, precision)
        else:
            same = x == y
        if not same:
            out[f] = ValueChange(old=x, new=y)
    return out


def _required(p: Param) -> bool:
    return p.required and not strip_optional(shown_type(p))[1]


def _level_kind(kind: str, row: Row) -> str:
    """The kind of section whose levels a row's changes take: an endpoint's Returns rows are read like an object."""
    return "object" if row.returns else kind


def _row_change(row: Row, what: Change, kind: str, inside_new: bool = False, same_path: bool = True) -> ParamChange:
    p = row.param
    slot = row.group == PATH_GROUP and p.depth == 0 and same_path  # the path names it: same URL either way
    level = "docs" if slot else row_level(_level_kind(kind, row), what, _required(p) and not inside_new)
    return ParamChange(id=p.id, name=p.name, path=row.path, depth=p.depth, change=what, key=row.key,
                       returns=row.returns, level=level)


def example_changes(a: Section, b: Section) -> list[ExampleChange]:
    """Code samples added, removed or changed, per variant and language (responses as language "response")."""
    old, new = _samples(a), _samples(b)
    out = [ExampleChange(variant=v, language=lang, change="removed") for (v, lang) in old if (v, lang) not in new]
    for key, code in new.items():
        if key not in old:
            out.append(ExampleChange(variant=key[0], language=key[1], change="added"))
        elif old[key] != code:
            out.append(ExampleChange(variant=key[0], language=key[1], change="changed"))
    return out


def unified(old: str, new: str, old_name: str, new_name: str) -> str:
    """A `diff -u` of two texts, "" when equal."""
    lines = difflib.unified_diff(
        old.splitlines(keepends=True), new.splitlines(keepends=True),
        fromfile=f"old/{old_name}.md", tofile=f"new/{new_name}.md", n=DIFF_CONTEXT,
    )
    return "".join(line if line.endswith("\n") else line + "\n\\ No newline at end of file\n" for line in lines)


def _samples(sec: Section) -> dict[tuple[str, str], str]:
    out: dict[tuple[str, str], str] = {}
    for ex in sec.examples:
        out.update(_example_samples(ex))
    if sec.example is not None:
        out[("object", "json")] = sec.example
    return out


def _example_samples(ex: Example) -> Iterable[tuple[tuple[str, str], str]]:
    yield from (((ex.variant, lang), code) for lang, code in ex.request.items())
    if ex.response is not None:
        yield (ex.variant, "response"), ex.response


def _record(sec: Section, blank: bool = False) -> dict[str, Any]:
    # where a section is served (its file, its page URLs) is not what it says
    data = sec.model_dump(mode="json", exclude={"file": True, "url": True, "languages": {"__all__": {"url"}}})
    if blank:
        for p in data["params"]:
            p["description"] = ""
    return data


def _on_origin(old: SnapshotView, new: SnapshotView, text: str) -> str:
    """Old text with the old snapshot's site (scheme and host) replaced by the new one's: links to the page's own
    site, inside the reference or not, compare equal when the page moved host or port."""
    a, b = _site(old.manifest.origin), _site(new.manifest.origin)
    return text.replace(a, b) if a and a != b else text


def _site(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}" if parts.netloc else url.rstrip("/")


def _blank_html(html: str) -> str:
    soup = BeautifulSoup(html, "lxml")
    for el in soup.select(DESCRIPTION_SELECTORS):
        el.clear()
    return str(soup)


def _without_descriptions(change: SectionChange) -> SectionChange:
    params = []
    for p in change.params:
        fields = {k: v for k, v in p.fields.items() if k != "description"}
        if p.change != "changed" or fields:
            params.append(p.model_copy(update={"fields": fields}))
    level = worst([p.level for p in params] + [section_field_level(change.kind, f) for f in change.fields])
    return change.model_copy(update={"params": params, "summary_changed": False, "level": level})


def _info(view: SnapshotView) -> SideInfo:
    m = view.manifest
    return SideInfo(source_url=m.source_url, scraped_at=m.scraped_at, sections=len(m.sections))


def _ref(sec: Section, level: Level, old_id: str | None = None, matched_by: str | None = None) -> SectionRef:
    return SectionRef(id=sec.id, kind=sec.kind, title=sec.title, level=level, old_id=old_id, matched_by=matched_by)
