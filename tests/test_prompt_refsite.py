"""Prompt packs from the scraped 2025-04-29 refsite page, counted with real tiktoken."""

from __future__ import annotations

import re

import pytest
from bs4 import BeautifulSoup
from click.testing import CliRunner

from apiref.chunks.prompt import prompt_pack
from apiref.chunks.selection import read_html, select
from apiref.chunks.tokens import count_tokens
from apiref.cli import (
    cli,
    cmd_uses,  # noqa: F401
)
from apiref.scraper.errors import LimitError

PAGE = "2025-04-29"
ENCODING = "o200k_base"
FENCE = re.compile(r"^\s*```(\S*)", re.M)


@pytest.fixture(scope="module")
def snap(scraped):
    return scraped(PAGE)


@pytest.fixture(scope="module")
def loaded(snap):
    return read_html(snap)


@pytest.fixture(scope="module")
def count():
    return count_tokens(ENCODING)


def must_keep(html: str, sec) -> list[str]:
    """What no trim may drop: the method and URL, required top-level params, the first example's python code."""
    url = BeautifulSoup(html, "lxml").select_one(".apiref-url")
    keep = [f"{sec.method.upper()} {url.get_text()}"] if sec.method and url else []
    keep += [f"`{p.name}`" for p in sec.params if p.depth == 0 and p.required]
    if sec.examples and sec.examples[0].request:
        req = sec.examples[0].request
        keep.append(req.get("python") or next(iter(req.values())))
    return keep


@pytest.mark.parametrize("budget", [60_000, 6000, 3000])
def test_chat_pack_fits_the_budget_exactly_and_keeps_the_essentials(loaded, count, budget):
    manifest, html = loaded
    pack = prompt_pack(manifest, html, ["chat/*"], "python", budget, count)
    assert pack.tokens == count(pack.text) <= budget
    for sec in select(manifest, ["chat/*"]):
        assert f"## {sec.title}" in pack.text
        for needed in must_keep(html[sec.id], sec):
            assert needed in pack.text, (sec.id, needed[:80])
    assert set(FENCE.findall(pack.text)) <= {"python", "json", ""}  # one language's examples (and JSON responses)
    if pack.left_out:
        assert f"Left out to fit the token budget: {'; '.join(pack.left_out)}." in pack.text
    print(f"\nbudget {budget}: {pack.tokens} tokens, left out: {pack.left_out or 'nothing'}")


def test_a_smaller_budget_keeps_less(loaded, count):
    manifest, html = loaded
    big = prompt_pack(manifest, html, ["chat/create"], "python", 100_000, count)
    small = prompt_pack(manifest, html, ["chat/create"], "python", big.tokens // 3, count)
    assert big.left_out == () and "nested" in small.left_out[0]  # the deepest properties go first
    assert small.tokens <= big.tokens // 3


def test_too_small_a_budget_names_the_size_needed(loaded, count):
    manifest, html = loaded
    with pytest.raises(LimitError) as err:
        prompt_pack(manifest, html, ["chat/*"], "python", 100, count)
    need = int(re.search(r"needs (\d+) tokens", str(err.value))[1])
    assert "--budget 100 " in str(err.value)
    assert prompt_pack(manifest, html, ["chat/*"], "python", need, count).tokens == need


def test_cli_with_globs_and_the_pages_language_fallback(snap, loaded, tmp_path, count):
    out = tmp_path / "pack.md"
    r = CliRunner().invoke(
        cli, ["prompt", str(snap), "chat/*", "files/*", "--lang", "node", "--budget", "60000", "-o", str(out)]
    )
    assert r.exit_code == 0, r.output
    text = out.read_text(encoding="utf-8")
    assert count(text) <= 60000 and "## Upload file" in text and "## Create chat completion" in text
    manifest, _ = loaded
    fell_back = 0
    for sec in select(manifest, ["chat/*", "files/*"]):
        for ex in sec.examples:
            langs = list(ex.request)
            # refsite's app.js pick(): the language, else one of its family, else the first
            chosen = next((la for la in langs if la in ("node", "node.js", "javascript")), langs[0])
            fell_back += chosen == langs[0] and chosen not in ("node", "node.js")
            assert ex.request[chosen] in text, (sec.id, ex.variant)
            for other in langs:
                if ex.request[other] not in ex.request[chosen]:
                    assert ex.request[other] not in text, (sec.id, ex.variant, other)
    assert fell_back, "some examples have no node code and fall back to their first language"
