"""Acceptance: scraping the served refsite page gives a manifest equal to refsite's truth file.

Every spec in every mode: plain, a bot check (--challenge 2), late data (--slow-ms 1500), lazily rendered sections
(--lazy). A scrape takes seconds (the 2025-04-29 page, 327 sections and 1,588 clicks, about 5 s), so all 16 run.
"""

from __future__ import annotations

import pytest

from apiref.scraper.snapshot import Manifest
from apiref.scraper.store import MARKDOWN, REFERENCE, read_manifest, read_section_html
from refsite import SPEC_NAMES

MODES = ["plain", "challenge", "slow", "lazy"]
CASES = [(name, mode) for name in SPEC_NAMES for mode in MODES]


def differences(m: Manifest, truth: dict) -> list[str]:
    """Every way the manifest differs from the truth (empty when equal)."""
    out = []
    got, want = [s.id for s in m.sections], [s["id"] for s in truth["sections"]]
    if got != want:
        out.append(f"section ids differ: {len(got)} vs {len(want)}")
    for s, t in zip(m.sections, truth["sections"], strict=True):
        for key in ("kind", "title", "method", "path"):
            if getattr(s, key) != t[key]:
                out.append(f"{s.id}: {key} {getattr(s, key)!r} != {t[key]!r}")
        params = [
            {"id": p.id, "name": p.name, "depth": p.depth, "type": p.type, "required": p.required} for p in s.params
        ]
        if params != t["params"]:
            out.append(f"{s.id}: {len(params)} params differ from the truth's {len(t['params'])}")
        examples = [{"variant": e.variant, "request": e.request, "response": e.response} for e in s.examples]
        if examples != t["examples"]:
            out.append(f"{s.id}: examples differ")
        if s.example != t.get("example") or s.code != t.get("code", []):
            out.append(f"{s.id}: object example or static code differs")
    return out


@pytest.mark.browser
@pytest.mark.parametrize("name,mode", CASES)
def test_manifest_equals_truth(scraped, refsite_build, name, mode):
    snap = scraped(name, mode)
    _, truth = refsite_build(name)
    m = read_manifest(snap)
    assert differences(m, truth) == []
    assert m.languages and set(m.languages) == set(truth["languages"])
    assert m.profile == "openai" and m.max_depth == 6 and m.source_url.startswith("http://127.0.0.1:")
    assert {c.reason for c in m.cuts} <= {"depth"}, "default budgets must not cut a page of this size"
    assert (snap / REFERENCE).is_file() and len(list((snap / MARKDOWN).rglob("*.md"))) == len(m.sections)


@pytest.mark.browser
def test_section_markup_has_no_page_chrome(scraped):
    snap = scraped(SPEC_NAMES[-1])
    m = read_manifest(snap)
    html = "".join(read_section_html(snap, s) for s in m.sections)
    for chrome in ("react-syntax-highlighter-line-number", "copy-button", "Select library", "api-ref-anchor-link",
                   "lazy-placeholder", "<button"):
        assert chrome not in html
    assert html.count('class="apiref-section"') == len(m.sections)
    requests = sum(len(e.request) for s in m.sections for e in s.examples)
    assert html.count('<pre class="apiref-code"') >= requests


@pytest.mark.browser
def test_group_membership_and_depth_cuts(scraped, refsite_build):
    m = read_manifest(scraped(SPEC_NAMES[-1]))
    groups = {s.id for s in m.sections if s.kind == "group"}
    for s in m.sections:
        if s.kind in ("endpoint", "object"):
            assert s.group in groups
        else:
            assert s.group is None
    depth = [c for c in m.cuts if c.reason == "depth"]
    assert depth and depth[0].count > 0  # recursive schemas offer buttons below depth 6; they are reported
    assert max(p.depth for s in m.sections for p in s.params) == 6


@pytest.mark.browser
@pytest.mark.parametrize("name", [SPEC_NAMES[0], SPEC_NAMES[-1]])
def test_every_mode_gives_the_same_bytes(scraped, name):
    """The snapshot is deterministic: however the page arrived (and on whatever port it was served), its section
    HTML and Markdown are byte-identical: links are made absolute against the profile's canonical URL."""

    def files(snap):
        assert read_manifest(snap).origin == "https://platform.openai.com/docs/api-reference"
        return {p.relative_to(snap): p.read_bytes() for p in sorted(snap.rglob("*"))
                if p.is_file() and p.suffix in (".html", ".md")}

    plain = files(scraped(name))
    assert plain
    for mode in MODES[1:]:
        assert files(scraped(name, mode)) == plain, mode
