"""Diffs over time: what changed between two snapshots of the same reference, keyed by section id.

`diff(old, new)` is pure: it takes two `SnapshotView`s (manifest, Markdown and section HTML, as values) and
returns a `SnapshotDiff` record. A section has changed when its record (title, method, path, badges, params,
examples, ...), its section HTML or its Markdown differ. A change is "description-only" when the section is
equal once descriptions are blanked: the section summary (`.apiref-summary`) and every parameter description
(`Param.description`, `.apiref-desc`). Links are compared with each snapshot's own origin taken out, so a page
served from another host or port does not look all-new.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from pathlib import Path
from typing import Any, Literal

from bs4 import BeautifulSoup

from apiref.scraper.snapshot import Example, Manifest, Param, Record, Section
from apiref.scraper.store import read_manifest, read_section_markdown, read_sections_html

from .selection import summary_text

DESCRIPTION_SELECTORS = ".apiref-summary, .apiref-desc"  # the contract's description blocks (docs/snapshot-format.md)
PARAM_FIELDS = ("name", "depth", "type", "required", "default", "deprecated", "description")
SECTION_FIELDS = ("kind", "title", "method", "path", "badges", "group")
DIFF_CONTEXT = 3  # lines of context in the unified diffs, as `diff -u`

Change = Literal["added", "removed", "changed"]


class SnapshotView(Record):
    """One side of a diff: a snapshot's manifest with the Markdown and HTML of each section (by section id)."""

    manifest: Manifest
    markdown: dict[str, str]
    html: dict[str, str]


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


class ExampleChange(Record):
    """One code sample added, removed or changed: a request language of a variant, its response, or an object's
    example (variant "object", language "json")."""

    variant: str
    language: str
    change: Change


class SectionRef(Record):
    id: str
    kind: str
    title: str


class SectionChange(Record):
    """A section present in both snapshots whose content differs."""

    id: str
    kind: str
    title: str
    description_only: bool
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
    changed: list[SectionChange] = []
    unchanged: int = 0

    @property
    def has_changes(self) -> bool:
        return bool(self.added or self.removed or self.changed)


def load_view(snapshot: Path) -> SnapshotView:
    """Read a snapshot directory into a SnapshotView (SnapshotError when something is missing)."""
    manifest = read_manifest(snapshot)
    return SnapshotView(
        manifest=manifest,
        markdown={s.id: read_section_markdown(snapshot, s) for s in manifest.sections},
        html=read_sections_html(snapshot, manifest),
    )


def diff(old: SnapshotView, new: SnapshotView, ignore_descriptions: bool = False) -> SnapshotDiff:
    """Compare two snapshots section by section (by id, in the new snapshot's page order)."""
    olds = {s.id: s for s in old.manifest.sections}
    news = {s.id: s for s in new.manifest.sections}
    result = SnapshotDiff(old=_info(old), new=_info(new), ignore_descriptions=ignore_descriptions)
    result.added = [_ref(s) for s in new.manifest.sections if s.id not in olds]
    result.removed = [_ref(s) for s in old.manifest.sections if s.id not in news]
    for sec in new.manifest.sections:
        if sec.id not in olds:
            continue
        change = section_change(old, new, olds[sec.id], sec)
        if change is None or (ignore_descriptions and change.description_only):
            result.unchanged += 1
            continue
        result.changed.append(_without_descriptions(change) if ignore_descriptions else change)
    return result


def section_change(old: SnapshotView, new: SnapshotView, a: Section, b: Section) -> SectionChange | None:
    """The change of one section between two snapshots, or None when it is the same."""
    md_a, md_b = _on_origin(old, new, old.markdown[a.id]), new.markdown[b.id]
    html_a, html_b = _on_origin(old, new, old.html[a.id]), new.html[b.id]
    same_record, same_html = _record(a) == _record(b), html_a == html_b
    if same_record and same_html and md_a == md_b:
        return None
    blank_same = _record(a, blank=True) == _record(b, blank=True) and _blank_html(html_a) == _blank_html(html_b)
    return SectionChange(
        id=b.id,
        kind=b.kind,
        title=b.title,
        description_only=blank_same and not (same_record and same_html),  # Markdown alone: the converter changed
        summary_changed=summary_text(html_a) != summary_text(html_b),
        fields={
            f: ValueChange(old=getattr(a, f), new=getattr(b, f))
            for f in SECTION_FIELDS
            if getattr(a, f) != getattr(b, f)
        },
        params=param_changes(a.params, b.params),
        examples=example_changes(a, b),
        markdown_diff=unified(md_a, md_b, a.file, b.file),
    )


def param_changes(old: list[Param], new: list[Param]) -> list[ParamChange]:
    """Rows added, removed or changed, matched by row id (a repeated id is matched by occurrence), in new order."""
    a, b = _keyed(old), _keyed(new)
    paths = {**dict(zip(a, name_paths(old), strict=True)), **dict(zip(b, name_paths(new), strict=True))}

    def change(k: str, p: Param, what: Change, fields: dict[str, ValueChange] | None = None) -> ParamChange:
        return ParamChange(id=p.id, name=p.name, path=paths[k], depth=p.depth, change=what, fields=fields or {})

    out = [change(k, p, "removed") for k, p in a.items() if k not in b]
    for k, p in b.items():
        if k not in a:
            out.append(change(k, p, "added"))
            continue
        fields = {
            f: ValueChange(old=getattr(a[k], f), new=getattr(p, f))
            for f in PARAM_FIELDS
            if getattr(a[k], f) != getattr(p, f)
        }
        if fields:
            out.append(change(k, p, "changed", fields))
    return out


def name_paths(params: list[Param]) -> list[str]:
    """Each row's names from its top-level ancestor down, joined by "." (rows are depth-first in page order)."""
    stack: list[str] = []
    out = []
    for p in params:
        del stack[p.depth:]
        stack.append(p.name)
        out.append(".".join(stack))
    return out


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


def _keyed(params: list[Param]) -> dict[str, Param]:
    out: dict[str, Param] = {}
    for p in params:
        key, n = p.id, 1
        while key in out:
            n += 1
            key = f"{p.id}#{n}"
        out[key] = p
    return out


def _record(sec: Section, blank: bool = False) -> dict[str, Any]:
    data = sec.model_dump(mode="json", exclude={"file"})
    if blank:
        for p in data["params"]:
            p["description"] = ""
    return data


def _on_origin(old: SnapshotView, new: SnapshotView, text: str) -> str:
    """Old text with the old snapshot's origin replaced by the new one's (links to the page's own site compare
    equal when the page moved host or port)."""
    a, b = old.manifest.origin.rstrip("/"), new.manifest.origin.rstrip("/")
    return text.replace(a, b) if a and a != b else text


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
    return change.model_copy(update={"params": params, "summary_changed": False})


def _info(view: SnapshotView) -> SideInfo:
    m = view.manifest
    return SideInfo(source_url=m.source_url, scraped_at=m.scraped_at, sections=len(m.sections))


def _ref(sec: Section) -> SectionRef:
    return SectionRef(id=sec.id, kind=sec.kind, title=sec.title)
