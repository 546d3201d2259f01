"""The snapshot's records: pydantic models of manifest.json.

A section record carries the same facts as refsite's truth file, under the same field names (id, kind, title,
method, path, params, examples, example, code), so completeness is a comparison. Extra facts (badges, group,
file, param default/description) are additions that the truth does not have.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

SectionKind = Literal["static", "group", "endpoint", "object"]
CutReason = Literal["depth", "clicks", "time"]


class Record(BaseModel):
    """Base of every record: unknown fields are an error, not silently dropped."""

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


class Example(Record):
    """One example variant: the request in every language the page offers, and the response."""

    variant: str
    request: dict[str, str] = {}  # picker name (curl, python, node.js, ...) -> exact code text
    request_tags: dict[str, str] = {}  # picker name -> fence tag (bash, python, javascript, ...)
    response: str | None = None


class Section(Record):
    """One section of the page, in page order."""

    id: str  # the page's own anchor (`chat/create`), as given: never used as a path directly
    kind: SectionKind
    title: str
    method: str | None = None
    path: str | None = None
    badges: list[str] = []
    group: str | None = None  # id of the group section this one sits under (None for static and group sections)
    file: str  # safe relative path (no suffix) of sections/<file>.html and markdown/<file>.md
    params: list[Param] = []
    examples: list[Example] = []
    example: str | None = None  # objects: the text of the "OBJECT ..." sample
    code: list[str] = []  # static sections: their code blocks


class Cut(Record):
    """What a budget left unrevealed: expand buttons not clicked, and why."""

    reason: CutReason
    count: int = Field(ge=0)
    where: list[str] = []  # ids of the rows whose buttons were left closed (first few hundred)


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
    languages: list[str] = []  # every code-sample language seen, in first-seen order
    sections: list[Section]
    cuts: list[Cut] = []
    stats: dict[str, float] = {}  # clicks, rows, seconds, html bytes...
