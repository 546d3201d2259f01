"""A SnapshotDiff as a flat list of one-line changes, each with its level: what the reports group by level and
what the changelog lists."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from apiref.scraper.snapshot import Record

from .diff_levels import LEVELS, Level, field_level, section_field_level

if TYPE_CHECKING:
    from .diff import ParamChange, SectionChange, SnapshotDiff

MAX_VALUE = 120  # characters of an old/new value in a line (descriptions can be paragraphs)


class Item(Record):
    """One change in one line."""

    level: Level
    section_id: str
    title: str
    kind: str
    what: str  # "removed", "param `messages.#0.content`: type string or null → string", ...


def level_items(d: SnapshotDiff) -> dict[str, list[Item]]:
    """Every change of a diff, grouped by level (most severe first), each group in page order."""
    items = list(_items(d))
    return {lv: [i for i in items if i.level == lv] for lv in LEVELS}


def _items(d: SnapshotDiff) -> Iterator[Item]:
    for r in d.removed:
        yield Item(level=r.level, section_id=r.id, title=r.title, kind=r.kind, what=f"{r.kind} removed")
    for r in d.added:
        yield Item(level=r.level, section_id=r.id, title=r.title, kind=r.kind, what=f"{r.kind} added")
    for r in d.moved:
        yield Item(level=r.level, section_id=r.id, title=r.title, kind=r.kind,
                   what=f"moved from `{r.old_id}` (same {r.matched_by})")
    for c in d.changed:
        yield from section_items(c)


def section_items(c: SectionChange) -> Iterator[Item]:
    def item(level: Level, what: str) -> Item:
        return Item(level=level, section_id=c.id, title=c.title, kind=c.kind, what=what)

    for name, v in c.fields.items():
        yield item(section_field_level(c.kind, name), f"{name}: {short(v.old)} → {short(v.new)}")
    for p in c.params:
        yield from (item(lv, f"param `{p.path}`{what}") for lv, what in param_lines(c.kind, p))
    for e in c.examples:
        yield item(e.level, f"example {e.variant} / {e.language} {e.change}")
    if c.summary_changed:
        yield item("docs", "summary changed")
    if not (c.fields or c.params or c.examples or c.summary_changed):
        yield item("docs", "text changed")


def param_lines(kind: str, p: ParamChange) -> Iterator[tuple[Level, str]]:
    """One line per changed field of a row (each with its own level), or one for a row added or removed."""
    if p.change != "changed":
        yield p.level, f" {p.change}"
        return
    for name, v in p.fields.items():
        yield field_level(kind, name, v.old, v.new), f": {name} {short(v.old)} → {short(v.new)}"


def short(value: object) -> str:
    text = "none" if value is None else str(value)
    return text if len(text) <= MAX_VALUE else text[: MAX_VALUE - 1] + "…"
