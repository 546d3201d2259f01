"""RapiDoc's pages of two OpenAI specs, scraped with recognition (no kind forced) and compared with truth.json: every
operation, every top-level parameter, every body property to depth 6 (every oneOf branch), every x-codeSample with
its exact code, response samples, and no RapiDoc UI text in the Markdown."""

from __future__ import annotations

import json
import re

import pytest

from apiref.scraper.auto import scrape_site
from renderer_site import build, load_truth, serving

pytestmark = pytest.mark.browser

SPECS = ("2023-11-28", "2025-04-29")
RENDERER = "rapidoc"
DEPTH_CAP = 6
# RapiDoc's own words and marks: buttons, tab names, toolbar, the description expander and "more" arrows.
UI_TEXT = re.compile(r"\b(Copy|TRY|CLEAR|FILL EXAMPLE|Multiline description|CODE SAMPLES|REQUEST BODY|"
                     r"Expand all|Collapse all|Show more|Try it)\b|[➔⤵✗🆁🆆┃]")
LABEL = re.compile(r"^(.*?)\s*\((.*)\)$")


@pytest.fixture(scope="module", params=SPECS)
def scraped(request, tmp_path_factory):
    out_dir = build(request.param)
    snap = tmp_path_factory.mktemp(f"rapidoc-{request.param}")
    with serving(out_dir) as urls:
        scrape_site(urls[RENDERER], snap)
    manifest = json.loads((snap / "manifest.json").read_text(encoding="utf-8"))
    endpoints = {(s["method"], s["path"]): s for s in manifest["sections"] if s["kind"] == "endpoint"}
    return load_truth(out_dir), endpoints, (snap / "reference.md").read_text(encoding="utf-8")


def lang_variant(label: str) -> tuple[str, str]:
    """`Python (Streaming)` -> (`python`, `Streaming`), as the adapter contract names a tab."""
    m = LABEL.match(label)
    return (m.group(1).lower(), m.group(2)) if m else (label.lower(), "")


def test_every_operation_and_no_other(scraped):
    truth, endpoints, _ = scraped
    assert set(endpoints) == {(op["method"], op["path"]) for op in truth["operations"]}


def test_every_top_level_parameter(scraped):
    truth, endpoints, _ = scraped
    missing = []
    for op in truth["operations"]:
        params = endpoints[(op["method"], op["path"])].get("params", [])
        for group, names in op.get("params", []).items():
            got = {p["name"] for p in params if p.get("group") == group and p["depth"] == 0}
            missing += [f'{op["method"]} {op["path"]} {group}.{n}' for n in names if n not in got]
    assert missing == []


def test_every_body_property_to_depth_6(scraped):
    truth, endpoints, _ = scraped
    missing = []
    for op in truth["operations"]:
        got = {p["id"].removeprefix("body.") for p in endpoints[(op["method"], op["path"])].get("params", [])
               if p.get("group") == "body"}
        missing += [f'{op["method"]} {op["path"]} {b["path"]}' for b in op["body_props"]
                    if b["depth"] <= DEPTH_CAP and b["path"] not in got]
    assert missing == []


def test_every_sample_exact_and_no_other(scraped):
    truth, endpoints, _ = scraped
    missing, extra = [], []
    for op in truth["operations"]:
        examples = endpoints[(op["method"], op["path"])].get("examples", [])
        shown = {(lang, ex.get("variant", "")): code for ex in examples for lang, code in ex.get("request", {}).items()}
        expected = {lang_variant(s["label"]): s["source"] for ss in op["samples"].values() for s in ss
                    if RENDERER in s["renderers"]}
        missing += [f'{op["method"]} {op["path"]} {key}' for key, source in expected.items()
                    if shown.get(key, "").rstrip() != source.rstrip()]
        extra += [f'{op["method"]} {op["path"]} {key}' for key in shown if key not in expected]
    assert (missing, extra) == ([], [])


def test_response_samples(scraped):
    _, endpoints, _ = scraped
    without = [key for key, sec in endpoints.items()
               if not any(ex.get("responses", []) for ex in sec.get("examples", []))]
    assert len(without) <= 1  # the one binary download (application/octet-stream) shows no example
    for sec in endpoints.values():
        for sample in (s for ex in sec.get("examples", []) for s in ex.get("responses", [])):
            assert re.match(r"^\d{3} [\w.+-]+/[\w.+-]+", sample["label"]) and sample["code"].strip()
            if "json" in sample["label"].split()[1]:
                json.loads(sample["code"])


def test_no_ui_text(scraped):
    _, endpoints, reference = scraped
    names = [p["name"] for sec in endpoints.values() for p in sec.get("params", [])]
    assert [n for n in names if UI_TEXT.search(n) or "*" in n or n.endswith(":")] == []
    outside_code = re.sub(r"```.*?```", "", reference, flags=re.S)
    assert [m.group(0) for m in UI_TEXT.finditer(outside_code)] == []
