"""`apiref scrape` end to end through the CLI: its summary on stderr, options reaching the library, help."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from apiref.cli import cli, cmd_scrape
from apiref.scraper.store import read_manifest
from refsite import serve


@pytest.mark.browser
def test_scrape_prints_a_summary_and_writes_the_snapshot(refsite_build, tmp_path):
    site, truth = refsite_build("2023-11-28")
    out = tmp_path / "snap"
    with serve(site) as url:
        r = CliRunner().invoke(cli, ["scrape", url, "-o", str(out), "--max-depth", "2", "--no-markdown"])
    assert r.exit_code == 0, r.stderr
    kind, *lines = r.stderr.splitlines()
    assert kind == f"{url}: a single-page reference (profile openai); revealing it in Chromium"  # told at once
    assert lines[0] == f"scraped {url}: 95 sections (57 endpoints, 20 objects, 15 groups, 3 static)"
    assert (
        lines[1].startswith("revealed ")
        and "to depth 2" in lines[1]
        and "4 languages (curl, python, node, node.js)" in lines[1]
    )
    assert lines[2].startswith("cut by depth: ") and "raise --max-depth" in lines[2]
    assert lines[-1] == f"snapshot written to {out}"
    assert r.stdout == ""  # data goes to files, talk to stderr
    m = read_manifest(out)
    assert m.max_depth == 2 and max(p.depth for s in m.sections for p in s.params) == 2
    assert not (out / "markdown").exists()


def test_default_url_is_the_live_reference_and_options_reach_the_library(monkeypatch, tmp_path):
    seen = {}

    def fake(url, out, kind, profile, budgets, options, **kw):
        seen.update(url=url, kind=kind, budgets=budgets, options=options, **kw)
        raise SystemExit(0)

    monkeypatch.setattr(cmd_scrape, "scrape_site", fake)
    CliRunner().invoke(cli, ["scrape", "-o", str(tmp_path / "s"), "--max-clicks", "7", "--time-budget", "9",
                             "--timeout", "3", "--browser", "/x", "--concurrency", "3", "--allow-partial"])
    assert seen["url"] == "https://developers.openai.com/api/reference" and seen["kind"] is None
    assert (seen["budgets"].max_depth, seen["budgets"].max_clicks, seen["budgets"].time_budget) == (6, 7, 9.0)
    o = seen["options"]
    assert (o.timeout, o.browser, o.concurrency, o.allow_partial, seen["markdown"]) == (3.0, "/x", 3, True, True)


def test_help_has_usage():
    r = CliRunner().invoke(cli, ["scrape", "--help"])
    assert r.exit_code == 0 and "Usage:" in r.output and "apiref scrape -o snap" in r.output
    for opt in ("--profile", "--max-depth", "--max-clicks", "--time-budget", "--browser", "--timeout", "--no-markdown"):
        assert opt in r.output
