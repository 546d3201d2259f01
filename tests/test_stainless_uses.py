"""Every use on a snapshot of the Stainless site (2023-11-28, every language): the same invariants as on the
legacy page. Chunks within limits with unbroken fences and stable ids, forum posts within 32,000 characters that
hold all of an endpoint's Markdown, llms.txt linking each section's own page, prompt packs in one SDK's names and
types, search, and a diff of two crawls of the same site that finds nothing."""

from __future__ import annotations

import json
import re
import subprocess
import sys

import pytest

from apiref.chunks.excerpt import FORUM_MAX_CHARS, excerpt
from apiref.chunks.selection import read_html, section_url
from apiref.chunks.snapshot_chunks import chunk_snapshot
from apiref.chunks.split import Limits
from apiref.scraper.convert import RenderOptions, convert_section
from apiref.scraper.store import read_manifest
from test_chunk_snapshot import check_snapshot
from test_excerpt_small import HEADER, details_balanced
from test_llms_small import llms_shape

SPEC = "2023-11-28"


@pytest.fixture(scope="module")
def snap(stainless_crawled):
    return stainless_crawled(SPEC)[0]


def apiref(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "apiref", *args], capture_output=True, text=True, timeout=300)


@pytest.mark.parametrize("max_tokens, max_chars", [(200, 2000), (1000, 32000)])
def test_chunks(snap, max_tokens, max_chars):
    limits = Limits(max_tokens, max_chars)
    chunks = chunk_snapshot(snap, limits, "o200k_base")
    check_snapshot(snap, chunks, limits, "o200k_base")
    assert chunk_snapshot(snap, limits, "o200k_base") == chunks


def test_convert_gives_the_same_markdown(snap, tmp_path):
    import shutil

    copy = tmp_path / "copy"
    shutil.copytree(snap, copy)
    assert apiref("convert", str(copy)).returncode == 0
    for md in (snap / "markdown").rglob("*.md"):
        assert (copy / md.relative_to(snap)).read_bytes() == md.read_bytes(), md
    assert (copy / "reference.md").read_bytes() == (snap / "reference.md").read_bytes()


def test_forum_posts(snap):
    manifest, html = read_html(snap)
    endpoints = [s for s in manifest.sections if s.kind == "endpoint"]
    posts = excerpt(manifest, html, [s.id for s in endpoints])
    for sec in endpoints:
        mine = [p for p in posts if p.section_id == sec.id]
        markdown = convert_section(html[sec.id], sec, manifest.origin, RenderOptions(details=True))
        assert "".join(markdown[p.start:p.end] for p in mine) == markdown, sec.id
        for i, p in enumerate(mine, 1):
            m = HEADER.match(p.text)
            assert len(p.text) <= FORUM_MAX_CHARS and details_balanced(p.text)
            assert m and (m["title"], int(m["i"]), int(m["n"]), m["url"]) == (sec.title, i, len(mine), sec.url)
    assert max(sum(p.section_id == s.id for p in posts) for s in endpoints) > 1


def test_llms_txt_links_each_sections_page(snap, tmp_path):
    assert apiref("llms", str(snap), "-o", str(tmp_path)).returncode == 0
    manifest = read_manifest(snap)
    links = [m["url"] for ms in llms_shape((tmp_path / "llms.txt").read_text()).values() for m in ms]
    assert links == [section_url(manifest, s.id) for s in manifest.sections]
    assert all(url == s.url for url, s in zip(links, manifest.sections, strict=True))
    assert len(set(links)) == len(links)


def test_prompt_in_one_sdks_names_and_types(snap):
    r = apiref("prompt", str(snap), "chat/completions/create", "--lang", "python", "--budget", "3000")
    assert r.returncode == 0, r.stderr
    tokens = int(re.match(r"(\d+) tokens", r.stderr).group(1))
    assert 0.9 * 3000 <= tokens <= 3000
    assert "chat.completions.create(**kwargs) -> CreateChatCompletionResponse" in r.stdout
    assert "`messages: Iterable[Message]`" in r.stdout and "Body Parameters" not in r.stdout
    assert "```python" in r.stdout and "```bash" not in r.stdout
    r = apiref("prompt", str(snap), "chat/completions/create", "--lang", "cobol", "--budget", "3000")
    assert r.returncode != 0 and "python" in r.stderr


def test_search(snap):
    r = apiref("search", str(snap), "transcribe an mp3 file", "-k", "3", "--json")
    assert r.returncode == 0, r.stderr
    hits = json.loads(r.stdout)
    assert hits[0]["id"] == "audio/transcriptions/create" and hits[0]["path"] == "/audio/transcriptions"


def test_diff_of_two_crawls_is_empty(stainless_crawled):
    plain, _ = stainless_crawled(SPEC)
    slow, _ = stainless_crawled(SPEC, "slow")
    r = apiref("diff", str(plain), str(slow))
    assert r.returncode == 0, r.stdout + r.stderr
    assert "0 added, 0 removed, 0 changed" in r.stdout


def test_reference_tools_serve_one_sdk(snap):
    from apiref.chunks.reference_tools import Reference
    from apiref.chunks.tokens import count_tokens

    ref = Reference([snap])
    got = ref.endpoint("chat/completions/create", "go", 1500)
    assert got["tokens"] == count_tokens("o200k_base")(got["text"]) <= 1500
    assert "client.Chat.Completions.New(ctx, body) (*CreateChatCompletionResponse, error)" in got["text"]
    assert ref.search("transcribe an mp3 file", 1, None)[0]["id"] == "audio/transcriptions/create"


def test_a_manifest_read_without_rows_is_the_manifest_but_its_rows(snap):
    """What reads no row (chunk, excerpt, prompt, llms, the MCP server) reads manifest.json without them: the same
    records in every other field, every row left out, and the markup read only where asked for."""
    full, light = read_manifest(snap), read_manifest(snap, rows=False)

    def rowless(data: dict) -> dict:
        return {**data, "params": [], "languages": {k: {**v, "params": []} for k, v in data["languages"].items()}}

    rows = sum(len(s.params) + sum(len(v.params) for v in s.languages.values()) for s in full.sections)
    assert rows > 10_000 and all(not s.params for s in light.sections)
    assert all(not v.params for s in light.sections for v in s.languages.values())
    assert light.model_dump(exclude={"sections"}) == full.model_dump(exclude={"sections"})
    assert [s.model_dump() for s in light.sections] == [rowless(s.model_dump()) for s in full.sections]
    _, html = read_html(snap)
    first = full.sections[3]
    assert html[first.id] == (snap / "sections" / f"{first.file}.html").read_text(encoding="utf-8")
    assert list(html) == [s.id for s in full.sections] and len(html) == len(full.sections)
