"""apiref diff on real snapshots of two refsite builds (2023-11-28 -> 2023-12-15), checked against the builds' own
data: the expected changes are computed independently from each build's data.json, with nested parameter tables
expanded (as the truth walks them, to depth 6). "Description" there means what the contract calls descriptions:
each parameter row's description (`h`) and each section's summary (`html`)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from apiref.chunks.snapshot_chunks import breadcrumb_roots, chunk_markdown
from apiref.chunks.split import Limits
from apiref.chunks.tokens import count_tokens
from apiref.cli import (
    cli,
    cmd_uses,  # noqa: F401
)
from apiref.scraper.store import read_manifest, read_section_markdown

OLD, NEW = "2023-11-28", "2023-12-15"
MAX_DEPTH = 6  # refsite's truth walks nested rows to this depth; the scraper reveals as much
DESCRIPTION_KEYS = ("h", "html")  # data.json: a row's description, a section's summary
TABLE_REF = "x"  # data.json: a row's reference to the table of its children


def expand(data: dict, table: str, depth: int) -> list:
    rows = []
    for row in data["tables"][table]["rows"]:
        row = dict(row)
        if TABLE_REF in row:
            ref = row.pop(TABLE_REF)
            if depth < MAX_DEPTH:
                row["children"] = {"kind": data["tables"][ref]["k"], "rows": expand(data, ref, depth + 1)}
        rows.append(row)
    return rows


def content(data: dict, section: dict) -> dict:
    out = {k: v for k, v in section.items() if k != "params"}
    out["params"] = [{**{k: v for k, v in p.items() if k != "table"}, "rows": expand(data, p["table"], 0)}
                     for p in section.get("params", [])]
    return out


def blank(x: object) -> object:
    if isinstance(x, dict):
        return {k: blank(v) for k, v in x.items() if k not in DESCRIPTION_KEYS}
    return [blank(v) for v in x] if isinstance(x, list) else x


@pytest.fixture(scope="module")
def expected(refsite_build) -> dict:
    """{"all": ids, "changed": ids whose content differs, "description_only": those equal without descriptions}."""
    datas = [json.loads((refsite_build(name)[0] / "data.json").read_text(encoding="utf-8")) for name in (OLD, NEW)]
    old, new = ({s["id"]: content(d, s) for s in d["sections"]} for d in datas)
    assert set(old) == set(new), "the two builds have the same sections"
    changed = {i for i in old if old[i] != new[i]}
    return {
        "all": set(old),
        "changed": changed,
        "description_only": {i for i in changed if blank(old[i]) == blank(new[i])},
    }


@pytest.fixture(scope="module")
def pair(scraped) -> tuple[Path, Path]:
    return scraped(OLD), scraped(NEW)


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["diff", *args])
    return result.exit_code, result.stdout


def test_the_expectation_is_a_real_one(expected):
    assert 0 < len(expected["description_only"]) < len(expected["changed"]) < len(expected["all"])
    print(f"\nexpected from data.json: {len(expected['changed'])} of {len(expected['all'])} sections changed, "
          f"{len(expected['description_only'])} description-only")


def test_diff_lists_exactly_the_sections_whose_content_differs(pair, expected):
    code, out = run(str(pair[0]), str(pair[1]), "--format", "json")
    d = json.loads(out)
    assert code == 1 and not d["added"] and not d["removed"]
    assert {c["id"] for c in d["changed"]} == expected["changed"]
    assert {c["id"] for c in d["changed"] if c["description_only"]} == expected["description_only"]
    assert d["unchanged"] == len(expected["all"]) - len(expected["changed"])
    for c in d["changed"]:
        assert c["markdown_diff"].startswith("--- old/"), c["id"]
        if c["description_only"]:
            assert all(p["change"] == "changed" and set(p["fields"]) == {"description"} for p in c["params"])
            assert not c["examples"] and not c["fields"]


def test_ignore_descriptions_lists_exactly_the_other_changes(pair, expected):
    code, out = run(str(pair[0]), str(pair[1]), "--format", "json", "--ignore-descriptions")
    d = json.loads(out)
    assert code == 1
    assert {c["id"] for c in d["changed"]} == expected["changed"] - expected["description_only"]
    assert all("description" not in p["fields"] for c in d["changed"] for p in c["params"])


def test_a_snapshot_against_itself_is_no_change(pair):
    code, out = run(str(pair[0]), str(pair[0]))
    assert code == 0 and "0 added, 0 removed, 0 changed" in out


def test_markdown_report_names_each_change(pair, expected):
    code, out = run(str(pair[0]), str(pair[1]))
    assert code == 1
    assert set(re.findall(r"^### `([^`]+)`", out, re.M)) == expected["changed"]
    assert "````diff\n--- old/" in out  # the diff holds ``` lines: its fence is longer


def test_chunk_ids_of_unchanged_sections_are_identical(pair, expected):
    limits, count = Limits(max_tokens=500, max_chars=4000), count_tokens("o200k_base")
    ids = []
    for snap in pair:
        manifest = read_manifest(snap)
        roots = breadcrumb_roots(manifest)
        sections = [(s.id, read_section_markdown(snap, s), roots[s.id])
                    for s in manifest.sections]
        by_section: dict[str, list[str]] = {}
        for c in chunk_markdown(sections, limits, count, "o200k_base"):
            by_section.setdefault(c.section_id, []).append(c.id)
        ids.append(by_section)
    unchanged = expected["all"] - expected["changed"]
    assert {i: ids[0][i] for i in unchanged} == {i: ids[1][i] for i in unchanged}
    assert any(ids[0][i] != ids[1][i] for i in expected["changed"] - expected["description_only"])


@pytest.mark.browser
def test_html_report_shows_the_changed_sections_in_chromium(pair, expected, tmp_path):
    from playwright.sync_api import sync_playwright

    from apiref.scraper.browser import find_browser, launch_args

    page_file = tmp_path / "changes.html"
    code, _ = run(str(pair[0]), str(pair[1]), "--format", "html", "-o", str(page_file))
    assert code == 1
    requests: list[str] = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=find_browser(None, None), headless=True, args=launch_args())
        try:
            page = browser.new_page(viewport={"width": 1200, "height": 900})
            page.on("request", lambda r: requests.append(r.url))
            page.goto(page_file.as_uri())
            assert page.title() == "API reference changes"
            assert page.locator("#summary").inner_text().split("\n")[0].startswith("0 added")
            shown = page.eval_on_selector_all("details.section", "els => els.map(e => e.id)")
            assert set(shown) == expected["changed"]
            for sid in sorted(expected["changed"])[:3]:
                box = page.locator(f'details.section[id="{sid}"] > summary')
                assert box.is_visible() and sid in box.inner_text()
            tagged = page.eval_on_selector_all("details.section:has(.tag)", "els => els.map(e => e.id)")
            assert set(tagged) == expected["description_only"]
            shot = tmp_path / "diff-report.png"
            page.screenshot(path=str(shot), full_page=False)
        finally:
            browser.close()
    assert requests == [page_file.as_uri()], "the page loads nothing but itself"
    assert shot.stat().st_size > 10_000
    print(f"\nscreenshot of the diff page: {shot}")
