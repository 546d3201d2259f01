"""Snapshot -> chunks: split every section's Markdown with its breadcrumb, give each chunk its stable ID."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path

from pydantic import TypeAdapter

from apiref.scraper.collector import cycle_collection_paused
from apiref.scraper.snapshot import Manifest
from apiref.scraper.store import read_manifest, read_section_markdown, write_text

from .ids import section_chunk_ids, sha256_hex
from .records import Chunk
from .split import Counter, Limits, Piece, SectionSplitter, check_splitters
from .tokens import DEFAULT_ENCODING, count_tokens

DEFAULT_MAX_TOKENS = 1000  # a common embedding-chunk size, and far under every embedding model's input limit
DEFAULT_MAX_CHARS = 32000  # keeps a chunk postable (forums cap posts near 32,000 characters)


def breadcrumb_roots(manifest: Manifest) -> dict[str, tuple[str, ...]]:
    """Section id -> the titles above its Markdown: the reference's title, its group's title, its own title."""
    titles = {s.id: s.title for s in manifest.sections}
    return {
        s.id: tuple(t for t in (manifest.title, titles.get(s.group) if s.group else None, s.title) if t)
        for s in manifest.sections
    }


def section_chunks(section_id: str, pieces: Sequence[Piece], encoding: str) -> list[Chunk]:
    """Records for the pieces of one section, numbered from 0."""
    digests = [sha256_hex(p.text) for p in pieces]
    # (validated as one list: pydantic-core builds them all in one call, faster than copying a template per record)
    return _CHUNKS.validate_python([
        {"id": cid, "section_id": section_id, "ordinal": k, "breadcrumb": p.breadcrumb, "text": p.text,
         "tokens": p.tokens, "chars": len(p.text), "encoding": encoding, "sha256": digest, "start": p.start,
         "end": p.end, "body_offset": p.body_offset}
        for k, (p, digest, cid) in enumerate(zip(pieces, digests, section_chunk_ids(section_id, digests), strict=True))
    ])


_CHUNKS = TypeAdapter(list[Chunk])


def chunk_markdown(
    sections: Sequence[tuple[str, str, Sequence[str]]], limits: Limits, count: Counter, encoding: str
) -> list[Chunk]:
    """Chunks of (section id, Markdown, breadcrumb root) triples, in order. The limits are checked against every
    section before any is split, so a limit too small fails at once, naming what it needs."""
    with cycle_collection_paused():
        splitters = [(sid, SectionSplitter(md, count, root, limits)) for sid, md, root in sections]
        check_splitters(limits, [s for _, s in splitters])
        chunks = [c for sid, s in splitters for c in section_chunks(sid, s.split(limits), encoding)]
        del splitters  # (their blocks and units go now, before the collector is back on and walks what is young)
    return chunks


def chunk_snapshot(snapshot: Path, limits: Limits, encoding: str = DEFAULT_ENCODING) -> list[Chunk]:
    """Chunks of every section of a snapshot's Markdown (SNAPSHOT/markdown), in page order."""
    manifest = read_manifest(snapshot, rows=False)
    roots = breadcrumb_roots(manifest)
    count = count_tokens(encoding)
    sections = [(s.id, read_section_markdown(snapshot, s), roots[s.id]) for s in manifest.sections]
    return chunk_markdown(sections, limits, count, encoding)


def chunks_jsonl(chunks: Iterable[Chunk]) -> str:
    """One JSON object per line, fields in the record's order."""
    return "".join(c.model_dump_json() + "\n" for c in chunks)


def write_chunks(chunks: Iterable[Chunk], out: Path) -> None:
    """Write chunks.jsonl atomically."""
    write_text(Path(out), chunks_jsonl(chunks))


def summary(chunks: Sequence[Chunk]) -> str:
    """One line: how many chunks, from how many sections, and the biggest seen."""
    sections = len({c.section_id for c in chunks})
    most_tokens = max((c.tokens for c in chunks), default=0)
    most_chars = max((c.chars for c in chunks), default=0)
    return f"{len(chunks)} chunks from {sections} sections; largest {most_tokens} tokens, {most_chars} chars"
