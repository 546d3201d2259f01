"""Budgets cut the reveal where they say, and the snapshot says what was cut (real Chromium on refsite)."""

from __future__ import annotations

import pytest

from apiref.scraper.profile import load_profile
from apiref.scraper.scrape import Budgets, scrape
from apiref.scraper.store import read_section_html
from refsite import serve

pytestmark = pytest.mark.browser
SPEC = "2023-11-28"


@pytest.fixture(scope="module")
def page_url(refsite_build):
    site, truth = refsite_build(SPEC)
    with serve(site) as url:
        yield url, truth


def parents(truth: dict, depth: int) -> set[str]:
    """Ids of the truth's rows whose children sit at `depth` (the rows a full expansion opened at depth - 1)."""
    out = set()
    for s in truth["sections"]:
        stack: list[str] = []
        for p in s["params"]:
            del stack[p["depth"]:]
            if p["depth"] == depth:
                out.add(stack[-1])
            stack.append(p["id"])
    return out


def cut_markup(snap, m) -> str:
    return "".join(read_section_html(snap, s) for s in m.sections)


def test_depth_budget(page_url, tmp_path):
    url, truth = page_url
    m = scrape(url, tmp_path / "snap", load_profile(), Budgets(max_depth=1), markdown=False)
    want = [(p["id"], p["depth"]) for s in truth["sections"] for p in s["params"] if p["depth"] <= 1]
    assert [(p.id, p.depth) for s in m.sections for p in s.params] == want
    (cut,) = m.cuts
    assert cut.reason == "depth" and set(cut.where) == parents(truth, 2) and cut.count == len(cut.where)
    assert m.stats["clicks"] == len(parents(truth, 1))
    assert 'class="apiref-cut" data-reason="depth"' in cut_markup(tmp_path / "snap", m)


def test_click_budget(page_url, tmp_path):
    url, truth = page_url
    m = scrape(url, tmp_path / "snap", load_profile(), Budgets(max_clicks=10), markdown=False)
    assert m.stats["clicks"] == 10
    clicks = next(c for c in m.cuts if c.reason == "clicks")
    assert clicks.count > 0 and len(clicks.where) == min(clicks.count, 300)
    got = {p.id for s in m.sections for p in s.params}
    assert got < {p["id"] for s in truth["sections"] for p in s["params"]}
    assert 'data-reason="clicks"' in cut_markup(tmp_path / "snap", m)


def test_time_budget(page_url, tmp_path):
    url, _ = page_url
    m = scrape(url, tmp_path / "snap", load_profile(), Budgets(time_budget=1e-6), markdown=False)
    assert m.stats["clicks"] == 0
    assert [c.reason for c in m.cuts] == ["time"] and m.cuts[0].count > 0


def test_impossible_budget_is_refused(tmp_path):
    from apiref.scraper.errors import LimitError

    with pytest.raises(LimitError, match="--max-depth"):
        scrape("http://127.0.0.1:9/", tmp_path / "snap", load_profile(), Budgets(max_depth=-1))
    assert not (tmp_path / "snap").exists()
