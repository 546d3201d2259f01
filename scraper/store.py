"""Reading and writing snapshot directories. Writes are atomic: a new directory is built next to the target and
swapped in with renames, so an interrupted or failed run leaves the previous snapshot untouched.

Layout:
    SNAPSHOT/manifest.json            Manifest (sorted keys)
    SNAPSHOT/sections/<file>.html     revealed HTML of each section
    SNAPSHOT/markdown/<file>.md       Markdown of each section (written by convert)
    SNAPSHOT/reference.md             the whole reference, in page order
"""

from __future__ import annotations

import contextlib
import json
import mmap
import os
import shutil
import tempfile
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any, TypeVar

import orjson
from pydantic import ValidationError

from .errors import SnapshotError
from .snapshot import Manifest, Section, manifest_without_rows, top_row_names

MANIFEST = "manifest.json"
SECTIONS = "sections"
MARKDOWN = "markdown"
REFERENCE = "reference.md"
T = TypeVar("T")


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


UMASK = _umask()  # read once: mkstemp creates files 0600, the files we write get the user's usual mode


@contextlib.contextmanager
def atomic_file(path: Path, binary: bool = False) -> Iterator[IO[Any]]:
    """A file to write that appears at path whole or not at all (temp file in the same directory, then
    os.replace), with the user's usual mode."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix="." + path.name + ".", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") if binary else os.fdopen(fd, "w", encoding="utf-8", newline="\n") as f:
            yield f
        os.chmod(tmp, 0o666 & ~UMASK)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def write_text(path: Path, text: str | Iterable[str]) -> None:
    """Write a UTF-8 file atomically; text may come in parts."""
    with atomic_file(path) as f:
        f.writelines([text] if isinstance(text, str) else text)


def write_new(path: Path, text: str | Iterable[str] | Iterable[bytes]) -> None:
    """Write a UTF-8 file (text, or its parts: text or bytes already encoded) into a directory nothing reads yet (the
    one `replacing_dir` yields, which appears whole): no temporary file of its own needed."""
    with open_new(path) as f:
        f.writelines(p.encode() if isinstance(p, str) else p for p in ([text] if isinstance(text, str) else text))


# A new snapshot's files mostly go where an earlier one went: their directory is made only where it is missing
# (asking for a directory that exists costs more than writing the file).
def open_new(path: Path) -> IO[bytes]:
    """path opened for writing bytes, its directory made if missing."""
    try:
        return open(path, "wb")
    except FileNotFoundError:
        path.parent.mkdir(parents=True, exist_ok=True)
        return open(path, "wb")


def move_into(source: Path, target: Path) -> None:
    """os.replace(source, target), target's directory made if missing."""
    try:
        os.replace(source, target)
    except FileNotFoundError:
        target.parent.mkdir(parents=True, exist_ok=True)
        os.replace(source, target)


def write_bytes(path: Path, data: bytes) -> None:
    """Write a file's bytes atomically."""
    with atomic_file(path, binary=True) as f:
        f.write(data)


def dump_json(data: object) -> str:
    """Canonical, diff-friendly JSON: sorted keys, two-space indent, trailing newline."""
    return json.dumps(data, ensure_ascii=False, sort_keys=True, indent=2) + "\n"


@contextlib.contextmanager
def replacing_dir(target: Path) -> Iterator[Path]:
    """Yield a fresh temporary directory beside target; on success swap it in place of target.

    On any exception the temporary directory is removed and target is left as it was.
    """
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(dir=target.parent, prefix="." + target.name + ".new-"))
    os.chmod(tmp, 0o777 & ~UMASK)  # mkdtemp makes 0700; the snapshot gets the user's usual mode
    try:
        yield tmp
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    old = None
    if target.exists():
        old = Path(tempfile.mkdtemp(dir=target.parent, prefix="." + target.name + ".old-"))
        os.rmdir(old)
        os.replace(target, old)
    os.replace(tmp, target)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def write_snapshot(
    target: Path,
    manifest: Manifest,
    html: dict[str, str],
    markdown: dict[str, str] | None = None,
    reference: str | None = None,
) -> None:
    """Write a new snapshot at target, atomically: manifest, section HTML (keyed by section id) and, when given,
    the Markdown of each section and of the whole reference."""
    with replacing_dir(target) as tmp:
        fill_snapshot(tmp, manifest, html, markdown, reference)


def fill_snapshot(
    tmp: Path,
    manifest: Manifest,
    html: dict[str, str] | None,
    markdown: dict[str, str] | None = None,
    reference: str | None = None,
    sections: Iterable[bytes] | None = None,
) -> None:
    """Write a snapshot's files into a fresh directory (the one `replacing_dir` yields); html None: the section
    files are there already; sections: each section's entry in the manifest (`section_entry`), if made."""
    for sec in manifest.sections:
        if html is not None:
            write_new(section_html_path(tmp, sec), html[sec.id])
        if markdown is not None:
            write_new(tmp / MARKDOWN / (sec.file + ".md"), markdown[sec.id])
    if reference is not None:
        write_new(tmp / REFERENCE, reference)
    write_new(tmp / MANIFEST, manifest_json(manifest, sections))


SECTIONS_SLOT = "\0sections\0"  # stands for the section list while the rest is dumped


def manifest_json(manifest: Manifest, sections: Iterable[bytes] | None = None) -> Iterator[bytes]:
    """manifest.json's bytes in parts: canonical JSON (sorted keys, two-space indent), fields at their defaults left
    out. Dumped a section at a time (the same text as all at once), so a large manifest never exists whole twice.
    `sections`: each section's entry (`section_entry`), made already: not dumped again."""
    before, after = head_parts(manifest)
    yield before.encode()
    yield from sections_list(sections if sections is not None else map(section_entry, manifest.sections))
    yield after.encode()


def head_parts(manifest: Manifest) -> tuple[str, str]:
    """manifest.json's text before its section list and after it."""
    head = manifest.model_dump(mode="json", exclude_defaults=True, exclude={"sections"})
    head["sections"] = SECTIONS_SLOT
    before, after = dump_json(head).split(json.dumps(SECTIONS_SLOT), 1)
    return before, after


def replace_manifest(snapshot: Path, manifest: Manifest, sections: SectionList) -> None:
    """Replace a snapshot's manifest.json (atomically) by manifest with its section list as an earlier
    manifest.json has it (read_manifest_head: copied from that file, neither decoded nor dumped again)."""
    before, after = head_parts(manifest)
    with atomic_file(Path(snapshot) / MANIFEST, binary=True) as f:
        f.write(before.encode())
        sections.copy_to(f)
        f.write(after.encode())


def sections_list(entries: Iterable[bytes]) -> Iterator[bytes]:
    """The section list of manifest.json in parts, from each section's section_entry."""
    empty = True
    for i, entry in enumerate(entries):
        empty = False
        yield b"[\n    " if i == 0 else b",\n    "
        yield entry
    yield b"[]" if empty else b"\n  ]"


def section_entry(section: Section, rows: dict[str | None, list[dict[str, Any]]] | None = None) -> bytes:
    """A section as the manifest's section list holds it: its section_bytes, indented one level. rows: its
    rows as the manifest holds them (`merge.param_entry`), where the section holds none (`merge.section_and_rows`):
    key None its own, a language's key that language's."""
    return indented(section_bytes(section, rows))


def section_bytes(section: Section, rows: dict[str | None, list[dict[str, Any]]] | None = None) -> bytes:
    """A section as dump_json writes it (without the final newline), in UTF-8, by orjson: the same text (sorted keys,
    two-space indent, no ASCII escapes; a section has no floats, which the two would write differently) in a sixth
    of the time of json.dumps, whose indenting encoder is Python."""
    data = section.model_dump(mode="json", exclude_defaults=True)
    for lang, params in (rows or {}).items():
        if params:
            (data if lang is None else data["languages"][lang])["params"] = params
    return orjson.dumps(data, option=SECTION_JSON)


SECTION_JSON = orjson.OPT_SORT_KEYS | orjson.OPT_INDENT_2  # section_bytes' layout (dump_json's)


def indented(entry: bytes) -> bytes:
    """JSON text indented one level more (a newline byte is never part of another character in UTF-8)."""
    return entry.replace(b"\n", b"\n    ")


def with_file(entry: bytes, file: str) -> bytes:
    """A section's manifest entry (`section_entry`) with its file name changed."""
    data = orjson.loads(entry)
    data["file"] = file
    return indented(orjson.dumps(data, option=SECTION_JSON))


def sections_span(manifest: bytes | mmap.mmap) -> tuple[int, int]:
    """Where the section list is in a manifest.json that manifest_json wrote (its `[` to its `]`); ValueError if
    it is not one."""
    key = b'\n  "sections": '
    start = manifest.find(key)
    if start < 0:
        raise ValueError("no section list")
    start += len(key)
    if manifest[start : start + 2] == b"[]":
        return start, start + 2
    end = manifest.rfind(b"\n  ]")  # the last list closed at the top level: no field sorted after `sections` holds
    # a list (tests/test_store.py checks); searched from the end, not across every section (40 ms in 41 MB)
    if end < start:
        raise ValueError("no section list")
    return start, end + len(b"\n  ]")


@dataclass(frozen=True)
class SectionList:
    """A manifest.json's section list, for a manifest rewritten around it (replace_manifest) without holding it:
    bytes start:end of the file as it was read (`stamp`: its inode, size and time), or the list itself (`data`)
    where the file is not laid out as manifest_json writes it. A site ten times the size of OpenAI's has a
    manifest.json of some 400 MB, nearly all of it this list."""

    path: Path | None = None
    start: int = 0
    end: int = 0
    stamp: tuple[int, int, int] = (0, 0, 0)
    data: bytes = b""

    def copy_to(self, out: IO[bytes]) -> None:
        """Write the list to out; SnapshotError if the file changed since it was read."""
        if self.path is None:
            out.write(self.data)
            return
        changed = f"{self.path} changed while apiref was scraping; scrape again"
        with open(self.path, "rb") as f:
            if file_stamp(os.fstat(f.fileno())) != self.stamp:
                raise SnapshotError(changed)
            f.seek(self.start)
            left = self.end - self.start
            while left:
                chunk = f.read(min(left, COPY_BYTES))
                if not chunk:  # (shorter than its stamp said: written in place by something else)
                    raise SnapshotError(changed)
                out.write(chunk)
                left -= len(chunk)


COPY_BYTES = 1 << 20


def file_stamp(st: os.stat_result) -> tuple[int, int, int]:
    return st.st_ino, st.st_size, st.st_mtime_ns


def read_manifest_head(snapshot: Path) -> tuple[Manifest, SectionList]:
    """manifest.json without its sections validated: (the manifest with `sections` empty, where the file has its
    section list). A tenth of the time of read_manifest on a large site, for what needs only the rest (a
    re-scrape's validators, a manifest rewritten with the same sections: replace_manifest). The file is mapped,
    not read: only its head and its tail are looked at."""
    path = Path(snapshot) / MANIFEST
    try:
        with open(path, "rb") as f, mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ) as data:
            start, end = sections_span(data)
            head = Manifest.model_validate_json(data[:start] + b"[]" + data[end:])
            stamp = file_stamp(os.fstat(f.fileno()))
    except (OSError, ValueError):  # (pydantic's ValidationError is a ValueError) not one manifest_json wrote
        full = read_manifest(snapshot)
        written = b"".join(sections_list(map(section_entry, full.sections)))
        return full.model_copy(update={"sections": []}), SectionList(data=written)
    return head, SectionList(path, start, end, stamp)


def read_manifest(snapshot: Path, rows: bool = True) -> Manifest:
    """Load and validate manifest.json; a missing or invalid one is a SnapshotError naming the problem.

    rows=False leaves every section's rows out (snapshot.manifest_without_rows), for what reads none: most of a
    large reference's manifest is rows (41 of 42 MB on OpenAI's 2025 reference: 0.2 s instead of 4 s)."""
    if rows:
        return _validated(snapshot, lambda path: Manifest.model_validate_json(path.read_text(encoding="utf-8")))
    return _validated(snapshot, _manifest_without_rows)[0]


def _validated(snapshot: Path, parse: Callable[[Path], T]) -> T:
    """parse(the snapshot's manifest.json), a missing or invalid file a SnapshotError naming the problem."""
    path = Path(snapshot) / MANIFEST
    if not path.is_file():
        raise SnapshotError(
            f"{snapshot} is not a snapshot (no {MANIFEST}); create one with `apiref scrape URL -o {snapshot}`"
        )
    try:
        return parse(path)
    except ValidationError as e:
        err = e.errors()[0]
        where = ".".join(str(p) for p in err["loc"])
        what = f"invalid field {where!r}: {err['msg']}" if where else f"is not valid JSON ({err['msg']})"
        raise SnapshotError(f"{path}: {what}; re-create the snapshot with `apiref scrape`") from None
    except ValueError as e:
        raise SnapshotError(f"{path} is not valid JSON ({e}); re-create the snapshot with `apiref scrape`") from None


def _manifest_without_rows(path: Path) -> tuple[Manifest, dict[str, tuple[int, int]]]:
    """manifest.json without its rows (snapshot.manifest_without_rows), each section's entry parsed apart from the
    file mapped: a large site's manifest (hundreds of MB) is never one JSON tree in memory; and where each entry
    is in the file, by section id. A file that is not laid out as manifest_json writes it is parsed whole (and
    no entry's place is known)."""
    with open(path, "rb") as f, mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ) as data:
        try:
            start, end = sections_span(data)
        except ValueError:
            return manifest_without_rows(data[:]), {}
        found = list(section_spans(data, start, end))
        try:
            manifest = manifest_without_rows(data[:start] + b"[]" + data[end:], (data[a:b] for a, b in found))
        except ValueError:  # (pydantic's ValidationError is one) said as for the whole file, where it is
            return manifest_without_rows(data[:]), {}
        return manifest, {s.id: span for s, span in zip(manifest.sections, found, strict=True)}


def section_spans(data: mmap.mmap, start: int, end: int) -> Iterator[tuple[int, int]]:
    """Where each section's entry is in the section list at data[start:end] (JSON strings hold no raw newline: a
    line that is only a closing brace at the entries' indent ends an entry)."""
    at = start + 1
    while (close := data.find(SECTION_END, at, end)) >= 0:
        first = data.find(b"{", at, close)
        yield first, close + len(SECTION_END)
        at = close + len(SECTION_END)


class ManifestSections:
    """A snapshot's manifest without its rows (`manifest`), and any section whole, rows and all (`section`), parsed
    from its entry in manifest.json when asked for; `entry` is that entry's bytes (two sections with the same
    bytes are the same record). What compares two large snapshots parses only the sections that differ."""

    def __init__(self, snapshot: Path) -> None:
        self.snapshot = Path(snapshot)
        self.manifest, self.spans = _validated(snapshot, _manifest_without_rows)
        self.stamp = file_stamp(os.stat(self.snapshot / MANIFEST))
        self.whole: dict[str, Section] | None = None  # (a manifest not laid out as manifest_json writes it)

    def entry(self, section_id: str) -> bytes | None:
        """The section's entry as manifest.json holds it; None where the file is not laid out as apiref writes it."""
        span = self.spans.get(section_id)
        if span is None:
            return None
        with open(self.snapshot / MANIFEST, "rb") as f:
            if file_stamp(os.fstat(f.fileno())) != self.stamp:
                raise SnapshotError(f"{self.snapshot / MANIFEST} changed while apiref was reading it; run again")
            f.seek(span[0])
            return f.read(span[1] - span[0])

    def top_names(self, section_id: str) -> list[str]:
        """The names of the section's own top-level rows (what a search index needs of its rows)."""
        entry = self.entry(section_id)
        if entry is not None:
            return top_row_names(entry)
        return [p.name for p in self.section(section_id).params if p.depth == 0]

    def section(self, section_id: str) -> Section:
        """The section with its rows."""
        entry = self.entry(section_id)
        if entry is not None:
            return Section.model_validate_json(entry)
        if self.whole is None:
            self.whole = {s.id: s for s in read_manifest(self.snapshot).sections}
        return self.whole[section_id]


SECTION_END = b"\n    }"  # the end of a section's entry in the section list (section_entry's indent: 4 spaces)


def section_html_path(snapshot: Path, section: Section) -> Path:
    """Where a snapshot keeps a section's markup."""
    return Path(snapshot) / SECTIONS / (section.file + ".html")


def read_section_html(snapshot: Path, section: Section) -> str:
    """A section's stored markup; missing -> SnapshotError."""
    return _read(section_html_path(snapshot, section), "re-create the snapshot with `apiref scrape`")


def read_sections_html(snapshot: Path, manifest: Manifest) -> dict[str, str]:
    """Every section's stored markup, by section id; a missing file -> SnapshotError."""
    return {sec.id: read_section_html(snapshot, sec) for sec in manifest.sections}


class SectionsHtml(Mapping[str, str]):
    """Every section's stored markup by section id, each read when first asked for (a missing file: then a
    SnapshotError): a prompt pack or an excerpt needs a few sections of a reference whose markup is 100s of MB."""

    def __init__(self, snapshot: Path, manifest: Manifest, keep: bool = True) -> None:
        """keep=False: each markup read again when asked for again, not kept (for what reads each once)."""
        self.snapshot, self.sections, self.keep = Path(snapshot), {s.id: s for s in manifest.sections}, keep
        self.read: dict[str, str] = {}

    def __getitem__(self, section_id: str) -> str:
        if section_id in self.read:
            return self.read[section_id]
        html = read_section_html(self.snapshot, self.sections[section_id])
        if self.keep:
            self.read[section_id] = html
        return html

    def __iter__(self) -> Iterator[str]:
        return iter(self.sections)

    def __len__(self) -> int:
        return len(self.sections)


def read_section_markdown(snapshot: Path, section: Section) -> str:
    """A section's Markdown; missing -> SnapshotError."""
    return _read(Path(snapshot) / MARKDOWN / (section.file + ".md"), f"write it with `apiref convert {snapshot}`")


def _read(path: Path, fix: str) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise SnapshotError(f"{path} is missing; {fix}") from None


def write_markdown(snapshot: Path, manifest: Manifest, per_section: dict[str, str], reference: str) -> None:
    """Replace markdown/ and reference.md of a snapshot atomically (the rest of the snapshot is untouched)."""
    snapshot = Path(snapshot)
    with replacing_dir(snapshot / MARKDOWN) as tmp:
        for sec in manifest.sections:
            write_text(tmp / (sec.file + ".md"), per_section[sec.id])
    write_text(snapshot / REFERENCE, reference)
