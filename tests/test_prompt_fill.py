"""Prompt packs use their budget: >= 90% of it when the full text is larger; a language the snapshot lacks is
refused with the list it has. Real tiktoken counts on the scraped 2025-04-29 refsite page."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from apiref.chunks.prompt import prompt_pack
from apiref.chunks.selection import read_html
from apiref.chunks.tokens import count_tokens
from apiref.cli import (
    cli,
    cmd_uses,  # noqa: F401
)
from apiref.scraper.errors import LimitError, SelectionError

PAGE = "2025-04-29"
FILL = 0.9
UNLIMITED = 10**7


@pytest.fixture(scope="module")
def snap(scraped):
    return scraped(PAGE)


@pytest.fixture(scope="module")
def loaded(snap):
    return read_html(snap)


@pytest.fixture(scope="module")
def count():
    return count_tokens("o200k_base")


@pytest.mark.parametrize(
    "ids", [["chat/create"], ["responses/create"], ["assistants/createAssistant"], ["evals/getRun"], ["chat/*"]]
)
@pytest.mark.parametrize("budget", [1000, 2000, 4000])
def test_a_pack_over_its_budget_fills_at_least_90_percent(loaded, count, ids, budget):
    manifest, html = loaded
    full = prompt_pack(manifest, html, ids, "python", UNLIMITED, count)
    try:
        pack = prompt_pack(manifest, html, ids, "python", budget, count)
    except LimitError as e:  # only a budget under the shortest pack may fail, and it must say so
        assert "is too small" in str(e)
        return
    assert pack.tokens == count(pack.text) <= budget
    if full.tokens > budget:
        assert pack.tokens >= FILL * budget, (ids, budget, pack.tokens)
        assert pack.left_out and "Left out to fit the token budget" in pack.text
    else:
        assert pack.text == full.text


def test_items_are_given_back_most_important_first(loaded, count):
    """chat/create at 2,000 tokens: whole levels would leave every optional description out (the issue measured
    1,023 tokens); filling gives top-level descriptions back before nested ones."""
    manifest, html = loaded
    pack = prompt_pack(manifest, html, ["chat/create"], "python", 2000, count)
    assert pack.tokens >= 1800
    assert "What sampling temperature to use" in pack.text or "frequency_penalty" in pack.text


def test_a_language_the_snapshot_lacks_is_refused(snap, loaded, count):
    manifest, html = loaded
    with pytest.raises(
        SelectionError,
        match=r"no examples in 'cobol' in this snapshot; choose one of: curl, javascript, "
        r"python, csharp, node.js, node",
    ):
        prompt_pack(manifest, html, ["chat/create"], "cobol", 6000, count)
    r = CliRunner().invoke(cli, ["prompt", str(snap), "chat/create", "--lang", "cobol", "--budget", "6000"])
    assert (
        r.exit_code == 2 and r.output.startswith("apiref: error: no examples in 'cobol'") and r.output.count("\n") == 1
    )
    assert prompt_pack(manifest, html, ["chat/create"], "Node", 60000, count).tokens > 0  # case and family aside
