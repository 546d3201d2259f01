"""RapiDoc (npm rapidoc 9.3.8) pages of two real specs, read by `apiref scrape` (the renderer recognized by itself)
and compared with the spec's truth: every operation, parameter, body property to depth 6 (every oneOf branch) and
sample with its exact code, as the variant its tab names; response samples; no RapiDoc UI text."""

from __future__ import annotations

import json
import re
import time
from pathlib import Path

import pytest

from apiref.scraper.auto import scrape_site
from apiref.scraper.crawl import CrawlOptions
from apiref.scraper.errors import PageError
from apiref.scraper.store import read_manifest
from faulty_site import faulty_site, status
from renderer_site import build, load_truth
from renderer_truth import audit, expected, found, ui_text

pytestmark = pytest.mark.browser
SPECS = ("2023-11-28", "2025-04-29")
# RapiDoc's own words and marks beyond the common ones: buttons, headings, the description expander (➔), "more"
# (⤵), deprecated (✗), read-only / write-only (🆁 🆆) and its union separator (┃).
RAPIDOC_UI = re.compile(r"\b(TRY|CLEAR|FILL EXAMPLE|Multiline description|CODE SAMPLES|REQUEST BODY|"
                        r"QUERY-STRING PARAMETERS|PATH PARAMETERS)\b|[➔⤵✗🆁🆆┃]")
LABEL = re.compile(r"^(.*?)\s*\((.*)\)$")
HANG_S = 20  # how long the never-answering spec request holds: far longer than the scrape's timeout


@pytest.fixture(params=SPECS)
def scraped(request: pytest.FixtureRequest, renderer_scraped) -> tuple[Path, dict]:
    out, site = renderer_scraped("rapidoc", request.param)
    return out, load_truth(site)


def lang_variant(label: str) -> tuple[str, str]:
    """`Python (Streaming)` -> (`python`, `Streaming`), as the adapter contract names a tab."""
    m = LABEL.match(label)
    return (m.group(1).lower(), m.group(2)) if m else (label.lower(), "")


@pytest.mark.parametrize("spec", SPECS)
def test_audit_finds_everything_rapidoc_shows(renderer_scraped, spec: str, tmp_path: Path) -> None:
    out, site = renderer_scraped("rapidoc", spec)
    code, report = audit(out, site, tmp_path)
    assert (code, found(report)) == (0, expected(load_truth(site), "rapidoc"))
    assert report["extra"] == [] and report["not_shown"] == []


def test_samples_keep_their_language_and_variant(scraped: tuple[Path, dict]) -> None:
    out, truth = scraped
    sections = {(s.method, s.path): s for s in read_manifest(out).sections if s.kind == "endpoint"}
    wrong = []
    for op in truth["operations"]:
        shown = {(lang, ex.variant): code.rstrip() for ex in sections[(op["method"], op["path"])].examples
                 for lang, code in ex.request.items()}
        want = {lang_variant(s["label"]): s["source"].rstrip() for ss in op["samples"].values() for s in ss}
        wrong += [f'{op["method"]} {op["path"]} {key}' for key in want.keys() | shown.keys()
                  if want.get(key) != shown.get(key)]
    assert wrong == []


def test_response_samples_and_no_ui_text(scraped: tuple[Path, dict]) -> None:
    out, _ = scraped
    manifest = read_manifest(out)
    assert manifest.site_kind == "rapidoc"
    endpoints = [s for s in manifest.sections if s.kind == "endpoint"]
    samples = [r for s in endpoints for ex in s.examples for r in ex.responses]
    without = [s.id for s in endpoints if not any(ex.responses for ex in s.examples)]
    assert without == ["audio/speech/post"]  # its response is audio (application/octet-stream): no example
    for r in samples:
        assert re.match(r"\d{3} [\w.+-]+/[\w.+-]+", r.label or "") and r.code.strip()
        if r.label and r.label.split()[1].endswith("json"):
            json.loads(r.code)
    reference = (out / "reference.md").read_text(encoding="utf-8")
    assert ui_text(reference) == []
    prose = re.sub(r"^```.*?^```", "", reference, flags=re.S | re.M)
    assert [m.group(0) for m in RAPIDOC_UI.finditer(prose)] == []
    names = [p.name for s in endpoints for p in s.params]
    assert [n for n in names if RAPIDOC_UI.search(n) or "*" in n or n.endswith(":")] == []


def test_a_page_that_never_renders_is_an_error_naming_rapidoc_and_the_page(tmp_path: Path) -> None:
    site = build(SPECS[0])
    bundle = (site / "rapidoc" / "rapidoc-min.js").read_bytes()
    faults = {"/rapidoc/rapidoc-min.js": status(200, {"Content-Type": "text/javascript"}, bundle),
              "/spec.json": lambda handler: time.sleep(HANG_S)}  # the spec never comes: RapiDoc never renders
    with faulty_site(site, faults) as (base, _):
        url = base + "/rapidoc/"
        started = time.monotonic()
        with pytest.raises(PageError, match=rf"^rapidoc page {re.escape(url)} never showed its operations within 3s"):
            scrape_site(url, tmp_path / "snap", options=CrawlOptions(timeout=3, read="page"))
        assert time.monotonic() - started < HANG_S
