"""Prompt packs on a hand-made snapshot: one language (with the page's fallback), exact token budget, trim order."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from apiref.chunks.prompt import prompt_pack, trim_levels
from apiref.chunks.selection import read_html
from apiref.chunks.tokens import count_tokens
from apiref.cli import (
    cli,
    cmd_uses,  # noqa: F401
)
from apiref.scraper.errors import LimitError, SelectionError
from apiref.scraper.snapshot import Example
from test_diff_small import P, base_sections, make_snapshot

COUNT = count_tokens("o200k_base")


@pytest.fixture(scope="module")
def snap(snapdir):
    return read_html(snapdir)


@pytest.fixture(scope="module")
def snapdir(tmp_path_factory):
    secs = base_sections()
    secs[1]["examples"] = [
        Example(
            variant="Default",
            request={
                "curl": "curl -X POST things",
                "python": "client.things.create()",
                "node.js": "await client.things.create()",
            },
            response='{"id": "t1"}',
        ),
        Example(
            variant="Streaming",
            request={"curl": "curl -N things", "node": "client.things.stream()"},
            response="data: {}",
        ),
    ]
    secs[1]["params"] += [
        P("things-create-meta-shape", "shape", depth=1, type="object", description="A shape."),
        P("things-create-meta-shape-sides", "sides", depth=2, type="integer", required=True, description="Sides."),
    ]
    return make_snapshot(tmp_path_factory.mktemp("p") / "snap", secs)


def test_one_language_with_the_pages_fallback(snap):
    text = prompt_pack(*snap, ["things/create"], "javascript", 10_000, COUNT).text
    assert "await client.things.create()" in text and "client.things.stream()" in text  # node.js, node: same family
    assert "curl" not in text and "client.things.create()\n" not in text.replace("await client", "")
    with pytest.raises(SelectionError, match="no examples in 'ruby' in this snapshot; choose one of: curl, node"):
        prompt_pack(*snap, ["things/create"], "ruby", 10_000, COUNT)  # a language no example has is refused


def test_every_budget_is_met_exactly_and_trims_go_in_order(snap):
    full = prompt_pack(*snap, ["things/*"], "python", 100_000, COUNT)
    assert full.left_out == () and full.tokens == COUNT(full.text)
    seen, sizes = [], []
    for budget in range(full.tokens, 0, -7):
        try:
            pack = prompt_pack(*snap, ["things/*"], "python", budget, COUNT)
        except LimitError as e:
            assert f"--budget {budget}" in str(e) and "needs" in str(e)
            break
        assert pack.tokens == COUNT(pack.text) <= budget
        assert "POST https://api.example.com/v1/things" in pack.text and "`name` (string, Required)" in pack.text
        assert "client.things.create()" in pack.text  # the first example always stays
        if pack.left_out:
            assert pack.text.rstrip().endswith("The complete reference is at https://example.com/docs/api-reference.")
            assert "; ".join(pack.left_out) in pack.text
        seen.append(pack.left_out)
        sizes.append(pack.tokens)
    assert sizes == sorted(sizes, reverse=True)  # a smaller budget never gives a bigger pack
    manifest, html = snap
    levels = [lv.left_out for lv in trim_levels(manifest.sections[1:], html)]
    assert levels[:3] == [(), ("properties nested deeper than level 1",), ("nested properties",)]  # deepest first
    assert levels[-1][1:] == (
        "example variants after the first",
        "example responses",
        "descriptions of optional parameters and of return values",
        "optional parameters",
        "section summaries",
    )
    assert tuple(x.split(" (in ")[0] for x in seen[-1]) == levels[-1]  # the smallest budget: everything trimmed
    assert seen[-1][0] == "nested properties (in Create thing)"  # named only where there was something to leave out
    assert any("(in Create thing)" in item for lo in seen for item in lo)  # the first section gets content back


def test_unknown_id_names_close_matches_and_globs_select(snap):
    with pytest.raises(SelectionError, match="did you mean things/create"):
        prompt_pack(*snap, ["things/creat"], "python", 1000, COUNT)
    text = prompt_pack(*snap, ["things/*"], "python", 10_000, COUNT).text
    assert text.index("## Create thing") < text.index("## List things")


def test_cli_writes_the_pack_and_reports_the_count(snapdir, tmp_path):
    out = tmp_path / "pack.md"
    r = CliRunner().invoke(
        cli, ["prompt", str(snapdir), "things/create", "--lang", "python", "--budget", "5000", "-o", str(out)]
    )
    assert r.exit_code == 0, r.output
    assert f"{COUNT(out.read_text())} tokens (o200k_base) of 5000" in r.stderr
    small = CliRunner().invoke(cli, ["prompt", str(snapdir), "things/create", "--lang", "python", "--budget", "10"])
    assert small.exit_code == 2 and "--budget 10 is too small" in small.stderr
