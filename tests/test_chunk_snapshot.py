"""Acceptance: chunks of real snapshots (refsite really scraped in Chromium, then converted), counted by tiktoken."""

from __future__ import annotations

import json
import shutil

import pytest

from apiref.chunks.ids import chunk_id, sha256_hex
from apiref.chunks.records import Chunk
from apiref.chunks.snapshot_chunks import breadcrumb_roots, chunk_snapshot, chunks_jsonl
from apiref.chunks.split import Limits
from apiref.chunks.tokens import get_encoding
from apiref.scraper.store import read_manifest, read_section_markdown
from chunk_checks import check_pieces
from refsite import SPEC_NAMES

pytestmark = pytest.mark.browser

LIMITS = [(200, 2000), (1000, 2000), (1000, 32000), (8000, 32000)]


def exact_counter(encoding: str):
    """tiktoken's own count, not the memoised counter the chunker used."""
    enc = get_encoding(encoding)
    return lambda text: len(enc.encode(text, disallowed_special=()))


def check_snapshot(snap, chunks: list[Chunk], limits: Limits, encoding: str) -> None:
    manifest = read_manifest(snap)
    roots = breadcrumb_roots(manifest)
    count = exact_counter(encoding)
    by_section: dict[str, list[Chunk]] = {}
    for c in chunks:
        by_section.setdefault(c.section_id, []).append(c)
    assert list(by_section) == [s.id for s in manifest.sections if s.id in by_section], "chunks out of page order"
    for sec in manifest.sections:
        mine = by_section.get(sec.id, [])
        check_pieces(read_section_markdown(snap, sec), mine, limits, count, roots[sec.id])
        assert [c.ordinal for c in mine] == list(range(len(mine)))
        for c in mine:
            assert c.chars == len(c.text) and c.sha256 == sha256_hex(c.text) and c.encoding == encoding
            assert c.id == chunk_id(sec.id, c.ordinal, sha256_hex(c.text))
    assert len({c.id for c in chunks}) == len(chunks)


@pytest.mark.parametrize("name", SPEC_NAMES)
@pytest.mark.parametrize("max_tokens,max_chars", LIMITS)
def test_every_spec_at_several_limits(scraped, name, max_tokens, max_chars):
    snap = scraped(name)
    limits = Limits(max_tokens, max_chars)
    chunks = chunk_snapshot(snap, limits, "o200k_base")
    check_snapshot(snap, chunks, limits, "o200k_base")
    if max_tokens <= 1000:  # sections are split, so some chunks sit under a heading: site › group › section › heading
        assert any(c.breadcrumb.count(" › ") >= 3 for c in chunks)


@pytest.mark.parametrize("name", SPEC_NAMES)
def test_cl100k_base(scraped, name):
    snap = scraped(name)
    limits = Limits(500, 8000)
    check_snapshot(snap, chunk_snapshot(snap, limits, "cl100k_base"), limits, "cl100k_base")


def test_same_snapshot_same_bytes(scraped):
    snap = scraped("2025-04-29")
    limits = Limits(300, 4000)
    assert chunks_jsonl(chunk_snapshot(snap, limits)) == chunks_jsonl(chunk_snapshot(snap, limits))


def test_editing_one_section_changes_only_its_ids(scraped, tmp_path):
    snap = tmp_path / "snap"
    shutil.copytree(scraped("2024-06-17"), snap)
    limits = Limits(400, 6000)
    before = chunk_snapshot(snap, limits)
    manifest = read_manifest(snap)
    sizes = {}
    for c in before:
        sizes[c.section_id] = sizes.get(c.section_id, 0) + 1
    victim = next(s for s in manifest.sections[len(manifest.sections) // 2 :] if sizes.get(s.id, 0) >= 3)
    path = snap / "markdown" / (victim.file + ".md")
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("\n\n", "\n\nA new first paragraph, added to test the IDs.\n\n", 1), encoding="utf-8")
    after = chunk_snapshot(snap, limits)
    ids = lambda chunks, pick: [c.id for c in chunks if pick(c.section_id)]  # noqa: E731
    assert ids(before, lambda s: s != victim.id) == ids(after, lambda s: s != victim.id)
    assert set(ids(before, lambda s: s == victim.id)) != set(ids(after, lambda s: s == victim.id))


def test_jsonl_lines_are_chunk_records(scraped):
    snap = scraped("2023-11-28")
    lines = chunks_jsonl(chunk_snapshot(snap, Limits(1000, 32000))).splitlines()
    records = [json.loads(line) for line in lines]
    assert [Chunk.model_validate(r).model_dump() for r in records] == records
    assert list(records[0]) == list(Chunk.model_fields)


def test_the_readme_one_liner_loads_them_as_langchain_documents(scraped, tmp_path):
    from langchain_core import documents  # (the test extra installs it: the README promises this one-liner)

    out = tmp_path / "chunks.jsonl"
    out.write_text(chunks_jsonl(chunk_snapshot(scraped("2023-11-28"), Limits(1000, 32000))), encoding="utf-8")
    docs = [
        documents.Document(
            page_content=c["text"], metadata={k: c[k] for k in ("id", "section_id", "ordinal", "breadcrumb", "tokens")}
        )
        for c in map(json.loads, open(out, encoding="utf-8"))
    ]
    assert docs and docs[0].page_content.startswith(docs[0].metadata["breadcrumb"] + "\n\n")
