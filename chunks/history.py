"""A history of snapshots: dated entries in one folder, every piece stored once by content hash.

    HISTORY/history.json             the entries, oldest first (History, sorted keys): the commit point
    HISTORY/objects/<aa>/<sha256>    zlib-compressed blobs, named by the SHA-256 of their uncompressed bytes
    HISTORY/.lock                    held while an entry is added

An entry points at two blobs: its manifest's head (the manifest without its sections: where and when it was
scraped) and a tree, the list of its sections, each as the hashes of its record, its HTML and its Markdown. A
snapshot of an unchanged site has the same tree, so adding it costs one small head blob and one line of
history.json. Adding writes every blob first (each atomically) and history.json last, so an interrupted add leaves
the history as it was (at worst a few unreferenced blobs).
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import re
import zlib
from collections.abc import Iterator
from datetime import datetime, timezone
from pathlib import Path

from pydantic import ValidationError

from apiref.scraper.errors import SnapshotError
from apiref.scraper.snapshot import Manifest, Record, Section, section_without_rows
from apiref.scraper.store import (
    ManifestSections,
    SectionsHtml,
    dump_json,
    read_section_markdown,
    write_bytes,
    write_text,
)

from .diff import SnapshotView

INDEX = "history.json"
OBJECTS = "objects"
LOCK = ".lock"
COMPRESSION = 6  # zlib level: section HTML shrinks about 5x; higher levels gain little and cost time
DATE = re.compile(r"^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?)?(Z|[+-]\d{2}:?\d{2})?$")


class TreeEntry(Record):
    """One section of a stored snapshot: blob hashes of its record (JSON), HTML and Markdown."""

    record: str
    html: str
    markdown: str | None = None


class Entry(Record):
    """One snapshot in the history."""

    id: str  # the date, with `-2`, `-3` ... when a date repeats
    date: str  # ISO 8601: the snapshot's scraped_at, or the date given when it was added
    source_url: str
    sections: int
    head: str  # blob: manifest.json without its sections
    tree: str  # blob: JSON list of TreeEntry, in page order


class History(Record):
    entries: list[Entry] = []


def read_history(folder: Path) -> History:
    """The history's entries; a folder without history.json is an empty history only if it does not exist."""
    path = Path(folder) / INDEX
    if not path.is_file():
        if Path(folder).is_dir() and any(p.name not in (LOCK, OBJECTS) for p in Path(folder).iterdir()):
            raise SnapshotError(f"{folder} is not a history (no {INDEX}); give an empty or new folder")
        return History()
    try:
        return History.model_validate_json(path.read_text(encoding="utf-8"))
    except (ValidationError, ValueError) as e:
        raise SnapshotError(f"{path} is invalid ({str(e).splitlines()[0]}); restore it from a backup") from None


def append_snapshot(folder: Path, snapshot: Path, date: str | None = None) -> Entry:
    """Add a snapshot directory to a history (created if missing), dated by `date` or its scraped_at."""
    folder = Path(folder)
    sections = ManifestSections(snapshot)  # (one section whole at a time: a large manifest is mostly rows)
    manifest = sections.manifest
    html = SectionsHtml(snapshot, manifest, keep=False)  # (a file missing midway leaves unreferenced blobs only)
    when = normal_date(date) if date else manifest.scraped_at
    folder.mkdir(parents=True, exist_ok=True)
    with _locked(folder):
        history = read_history(folder)
        tree = [
            TreeEntry(
                record=put(folder, _section_json(sections.section(s.id))),
                html=put(folder, html[s.id]),
                markdown=_put_optional(folder, _markdown_or_none(snapshot, s)),
            )
            for s in manifest.sections
        ]
        head = manifest.model_dump(mode="json", exclude={"sections"})
        entry = Entry(
            id=_entry_id(history, when),
            date=when,
            source_url=manifest.source_url,
            sections=len(tree),
            head=put(folder, dump_json(head)),
            tree=put(folder, dump_json([t.model_dump(mode="json") for t in tree])),
        )
        entries = sorted([*history.entries, entry], key=lambda e: _sort_key(e.date))  # stable: equal dates keep order
        write_text(folder / INDEX, dump_json(History(entries=entries).model_dump(mode="json")))
    return entry


def load_entry(folder: Path, entry: Entry, rows: bool = True) -> SnapshotView:
    """A stored snapshot back as a SnapshotView (what `diff` compares). rows=False: its sections without their
    rows, each read whole when a diff asks for it (StoredSections)."""
    head = json.loads(get(folder, entry.head))
    tree = [TreeEntry.model_validate(t) for t in json.loads(get(folder, entry.tree))]
    stored = None if rows else StoredSections(folder, head, tree)
    if stored is None:
        sections = [Section.model_validate_json(get(folder, t.record)) for t in tree]
        manifest = Manifest.model_validate({**head, "sections": [s.model_dump(mode="json") for s in sections]})
    else:
        manifest, sections = stored.manifest, stored.manifest.sections
    view = SnapshotView(
        manifest=manifest,
        html={s.id: get(folder, t.html) for s, t in zip(sections, tree, strict=True)},
        markdown={s.id: get(folder, t.markdown) if t.markdown else "" for s, t in zip(sections, tree, strict=True)},
    )
    view._sections = stored
    return view


class StoredSections:
    """A stored snapshot's sections for a diff: `manifest` holds them without their rows, `section` reads one whole
    from its record blob, `entry` is that blob's hash (the same for the same record)."""

    def __init__(self, folder: Path, head: dict[str, object], tree: list[TreeEntry]) -> None:
        self.folder = folder
        sections = [section_without_rows(get(folder, t.record)) for t in tree]
        self.records = {s.id: t.record for s, t in zip(sections, tree, strict=True)}
        self.manifest = Manifest.model_validate({**head, "sections": []}).model_copy(update={"sections": sections})

    def section(self, section_id: str) -> Section:
        return Section.model_validate_json(get(self.folder, self.records[section_id]))

    def entry(self, section_id: str) -> bytes | None:
        return self.records[section_id].encode()


def folder_bytes(folder: Path) -> int:
    """Bytes the history takes on disk (files only)."""
    return sum(p.stat().st_size for p in Path(folder).rglob("*") if p.is_file())


def put(folder: Path, text: str) -> str:
    """Store a text once; return its hash (SHA-256 of its UTF-8 bytes)."""
    data = text.encode("utf-8")
    digest = hashlib.sha256(data).hexdigest()
    path = _blob_path(folder, digest)
    if not path.is_file():
        write_bytes(path, zlib.compress(data, COMPRESSION))
    return digest


def _put_optional(folder: Path, text: str | None) -> str | None:
    return None if text is None else put(folder, text)


def get(folder: Path, digest: str) -> str:
    path = _blob_path(folder, digest)
    try:
        data = zlib.decompress(path.read_bytes())
    except FileNotFoundError:
        raise SnapshotError(f"{path} is missing from the history; restore the folder from a backup") from None
    if hashlib.sha256(data).hexdigest() != digest:
        raise SnapshotError(f"{path} does not match its hash; restore the folder from a backup")
    return data.decode("utf-8")


def normal_date(text: str) -> str:
    """A user's date (`2024-06-17`, `2024-06-17T10:00:00Z`) checked; a bad one is a one-line error."""
    if not DATE.match(text.strip()):
        raise SnapshotError(f"{text!r} is not a date; give YYYY-MM-DD or an ISO 8601 time")
    return text.strip()


def _sort_key(date: str) -> datetime:
    when = datetime.fromisoformat(date.replace("Z", "+00:00"))
    return when if when.tzinfo else when.replace(tzinfo=timezone.utc)


def _entry_id(history: History, date: str) -> str:
    taken = {e.id for e in history.entries}
    base, n = date, 1
    while date in taken:
        n += 1
        date = f"{base}-{n}"
    return date


def _section_json(sec: Section) -> str:
    return json.dumps(sec.model_dump(mode="json"), ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def _markdown_or_none(snapshot: Path, sec: Section) -> str | None:
    try:
        return read_section_markdown(snapshot, sec)
    except SnapshotError:
        return None  # a --no-markdown snapshot: the history keeps what there is


def _blob_path(folder: Path, digest: str) -> Path:
    return Path(folder) / OBJECTS / digest[:2] / digest


@contextlib.contextmanager
def _locked(folder: Path) -> Iterator[None]:
    """One writer at a time (two scrapes appending to one history at once both land)."""
    with open(folder / LOCK, "a") as f:
        fcntl.flock(f, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(f, fcntl.LOCK_UN)
