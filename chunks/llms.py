"""llms.txt (https://llmstxt.org) for a snapshot: an H1, a blockquote summary, then one H2 per group listing
`- [name](url): note` links to its sections; and llms-full.txt, the whole reference as Markdown."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from apiref.scraper.errors import SnapshotError
from apiref.scraper.snapshot import Manifest, Section
from apiref.scraper.store import REFERENCE, read_manifest, read_section_html

from .selection import page_url, section_url, summary_text

NOTE_MAX = 160  # characters of a link's note: one sentence is enough to choose a link
OVERVIEW = "Overview"  # the H2 of sections outside any group (the page's introduction, authentication, ...)
OTHER = "Other"  # the H2 of non-static sections whose group is missing from the snapshot
SENTENCE_END = re.compile(r"(?<=[.!?])\s")


def llms_txt(manifest: Manifest, summaries: dict[str, str]) -> str:
    """The llms.txt of a snapshot; summaries maps section ids to their plain-text summaries (for the notes)."""
    return "".join(_llms(manifest, summaries))


def llms_full(reference: str) -> str:
    """llms-full.txt: the whole reference Markdown, ending with one newline."""
    return reference.rstrip("\n") + "\n"


def _llms(manifest: Manifest, summaries: dict[str, str]) -> Iterator[str]:
    kinds = [s.kind for s in manifest.sections]
    yield f"# {manifest.title}\n\n"
    counts = ", ".join(_plural(kinds.count(k), k) for k in ("endpoint", "object", "group"))
    yield (f"> {counts}, from the reference page {page_url(manifest)}. Each link opens one section of the page; "
           "llms-full.txt holds the whole reference as Markdown.\n\n")
    yield f"Snapshot taken {manifest.scraped_at} by apiref {manifest.apiref_version}.\n"
    for title, sections in groups(manifest):
        yield f"\n## {title}\n\n"
        yield "".join(_link(manifest, s, summaries.get(s.id, "")) for s in sections)


def groups(manifest: Manifest) -> list[tuple[str, list[Section]]]:
    """(H2 title, sections) in page order: static sections first under OVERVIEW, then each group with its members,
    then OTHER for sections whose group is not in the snapshot. A group title used twice gets its id added."""
    titles = {s.id: s.title for s in manifest.sections if s.kind == "group"}
    keys = ["", *titles, None]  # "": static sections, None: the rest
    members: dict[str | None, list[Section]] = {k: [] for k in keys}
    for s in manifest.sections:
        key = s.id if s.kind == "group" else s.group
        members[key if key in titles else "" if s.kind == "static" else None].append(s)
    repeated = {t for t in titles.values() if list(titles.values()).count(t) > 1}
    named: dict[str | None, str] = {
        "": OVERVIEW,
        None: OTHER,
        **{k: f"{t} ({k})" if t in repeated else t for k, t in titles.items()},
    }
    return [(named[k], members[k]) for k in keys if members[k]]


def _link(manifest: Manifest, s: Section, summary: str) -> str:
    note = first_sentence(summary)
    if s.method and s.path:
        note = f"`{s.method.upper()} {s.path}`" + (f" {note}" if note else "")
    name = re.sub(r"([\[\]])", r"\\\1", s.title)
    return f"- [{name}]({section_url(manifest, s.id)})" + (f": {note}" if note else "") + "\n"


def first_sentence(text: str) -> str:
    """The first sentence of a text, cut to NOTE_MAX characters."""
    text = SENTENCE_END.split(" ".join(text.split()), maxsplit=1)[0]
    return text if len(text) <= NOTE_MAX else text[: NOTE_MAX - 1].rstrip() + "…"


def llms_files(snapshot: Path) -> dict[str, str]:
    """Read a snapshot and return {"llms.txt": ..., "llms-full.txt": ...}."""
    manifest = read_manifest(snapshot, rows=False)
    summaries = {s.id: summary_text(read_section_html(snapshot, s)) for s in manifest.sections}
    path = Path(snapshot) / REFERENCE
    if not path.is_file():
        raise SnapshotError(f"{path} is missing; write it with `apiref convert {snapshot}`")
    return {"llms.txt": llms_txt(manifest, summaries), "llms-full.txt": llms_full(path.read_text(encoding="utf-8"))}


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" + ("" if n == 1 else "s")
