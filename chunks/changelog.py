"""The changelog of a history: every change between consecutive snapshots, newest first, with levels.

`changelog(folder, since)` diffs each entry with the one before it (`diff.diff`: sections paired by identity,
changes levelled); two entries with the same tree are equal without a diff. `render(log, fmt)` writes Markdown,
JSON or an Atom feed (feedgen): one feed entry per changed section and snapshot, linking the section's URL.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timezone
from itertools import pairwise
from pathlib import Path
from urllib.parse import urlsplit

from feedgen.feed import FeedGenerator

from apiref import __version__
from apiref.scraper.snapshot import Record
from apiref.scraper.store import dump_json

from .diff import SnapshotDiff, SnapshotView, diff
from .diff_items import Item
from .diff_levels import LEVEL_TITLES, LEVELS, worst
from .history import Entry, _sort_key, load_entry, normal_date, read_history
from .selection import section_url

FORMATS = ("md", "json", "atom")


class LoggedChange(Item):
    url: str  # the section's own URL (the new snapshot's; the old one's for a removed section)


class Step(Record):
    """The changes from one snapshot to the next."""

    date: str
    entry: str
    previous_date: str
    previous: str
    counts: dict[str, int]  # level -> number of changes
    changes: list[LoggedChange] = []


class Changelog(Record):
    title: str
    source_url: str
    steps: list[Step] = []  # newest first


def changelog(folder: Path, since: str | None = None) -> Changelog:
    """Every step between consecutive entries of a history, newest first; `since` keeps steps dated on or after it."""
    entries = read_history(folder).entries
    start = _sort_key(normal_date(since)) if since else None
    steps: list[Step] = []
    views: dict[str, SnapshotView] = {}

    def view(e: Entry) -> SnapshotView:
        if e.id not in views:
            if len(views) > 1:
                views.clear()  # two views at a time: a long history stays small in memory
            views[e.id] = load_entry(folder, e, rows=False)  # (rows read where two records differ)
        return views[e.id]

    for prev, cur in pairwise(entries):
        if start is not None and _sort_key(cur.date) < start:
            continue
        if prev.tree == cur.tree:
            steps.append(_step(prev, cur, []))
            continue
        old, new = view(prev), view(cur)
        steps.append(_step(prev, cur, logged(diff(old, new), old, new)))
    last = view(entries[-1]).manifest if entries else None
    return Changelog(title=f"{last.title if last else 'API reference'} changes", source_url=last.origin if last else "",
                     steps=steps[::-1])


def logged(d: SnapshotDiff, old: SnapshotView, new: SnapshotView) -> list[LoggedChange]:
    """The diff's one-line changes with each section's URL, most severe first."""
    new_ids = {s.id for s in new.manifest.sections}
    out = []
    for level in LEVELS:
        for i in d.levels.get(level, []):
            manifest = new.manifest if i.section_id in new_ids else old.manifest
            out.append(LoggedChange(**i.model_dump(), url=section_url(manifest, i.section_id)))
    return out


def _step(prev: Entry, cur: Entry, changes: list[LoggedChange]) -> Step:
    counts = {lv: sum(1 for c in changes if c.level == lv) for lv in LEVELS}
    return Step(date=cur.date, entry=cur.id, previous_date=prev.date, previous=prev.id, counts=counts, changes=changes)


def render(log: Changelog, fmt: str) -> Iterator[str]:
    """The changelog in one of FORMATS."""
    if fmt == "json":
        yield dump_json(log.model_dump(mode="json"))
    elif fmt == "atom":
        yield atom(log)
    else:
        yield from markdown(log)


def markdown(log: Changelog) -> Iterator[str]:
    yield f"# {log.title}\n"
    if not log.steps:
        yield "\nNo changes: the history has fewer than two snapshots (in this period).\n"
    for step in log.steps:
        yield f"\n## {step.date} (since {step.previous_date})\n\n{counts_line(step)}\n"
        for level in LEVELS:
            lines = [c for c in step.changes if c.level == level]
            if lines:
                yield f"\n### {LEVEL_TITLES[level]}\n\n" + "".join(
                    f"- [`{c.section_id}`]({c.url}) {c.title}: {c.what}\n" for c in lines
                )


def counts_line(step: Step) -> str:
    """`1 breaking, 3 non-breaking, 12 docs`."""
    return ", ".join(f"{step.counts[lv]} {lv}" for lv in LEVELS)


def atom(log: Changelog) -> str:
    """An Atom feed: one entry per changed section per step, newest first, linking the section."""
    fg = FeedGenerator()
    host = urlsplit(log.source_url).hostname or "apiref.invalid"
    first = log.steps[-1].previous_date[:10] if log.steps else "2000-01-01"
    fg.id(f"tag:{host},{first}:apiref-changelog")
    fg.title(log.title)
    fg.link(href=log.source_url or "https://apiref.invalid/", rel="alternate")
    fg.generator("apiref", version=__version__)
    fg.updated(_when(log.steps[0].date) if log.steps else datetime(2000, 1, 1, tzinfo=timezone.utc))
    for step in reversed(log.steps):  # feedgen puts the last added entry first
        for section_id, changes in reversed(_by_section(step.changes)):  # most severe first in the feed
            level = worst(c.level for c in changes)
            fe = fg.add_entry()
            fe.id(f"tag:{host},{step.date[:10]}:{step.entry}/{section_id}")
            fe.title(f"[{level}] {changes[0].title} ({section_id})")
            fe.link(href=changes[0].url, rel="alternate")
            fe.updated(_when(step.date))
            fe.category(term=level, label=LEVEL_TITLES[level])
            fe.content(_entry_text(changes), type="text")
    feed: bytes = fg.atom_str(pretty=True)  # (feedgen is untyped: see pyproject.toml)
    return feed.decode("utf-8")


def _entry_text(changes: list[LoggedChange]) -> str:
    return "\n".join(f"{c.level}: {c.what}" for c in changes) + "\n"


def _by_section(changes: list[LoggedChange]) -> list[tuple[str, list[LoggedChange]]]:
    out: dict[str, list[LoggedChange]] = {}
    for c in changes:
        out.setdefault(c.section_id, []).append(c)
    return sorted(out.items(), key=lambda kv: (LEVELS.index(worst(c.level for c in kv[1])), kv[0]))


def _when(date: str) -> datetime:
    return _sort_key(date)
