"""Stoplight Elements pages of two OpenAI specs, scraped for real (recognition included) and compared with what
the spec says the page can show (truth.json): every operation, every top-level parameter, every body property to
depth 6 through every oneOf/anyOf branch, every sample Elements can show with its exact code, response examples,
and nothing else: no generated snippets, no operations or samples the truth lacks, no UI text."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from renderer_site import build, load_truth
from renderer_truth import audit, expected, found, ui_text

SPECS = ("2023-11-28", "2025-04-29")
UI_TEXT = re.compile(r"Show all\.\.\.|Send API Request|Request Sample|Pick a type|Response Example")
SECONDS_PER_OPERATION = 2.0  # measured 0.3 to 1.1 s on 2 busy cores: a wait per click or per sample would show


@pytest.fixture(scope="module", params=SPECS)
def scraped(request, renderer_scraped):
    """(truth, manifest, reference.md, snapshot dir, pages dir) of one spec's Elements page, scraped once."""
    out, site = renderer_scraped("elements", request.param)
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    print(f"\nelements {request.param}: {manifest['stats']}")
    return load_truth(site), manifest, (out / "reference.md").read_text(encoding="utf-8"), out, site


def endpoints(manifest: dict) -> dict[tuple[str, str], dict]:
    return {(s["method"], s["path"]): s for s in manifest["sections"] if s["kind"] == "endpoint"}


def row_paths(section: dict, group: str, max_depth: int | None = None) -> set[str]:
    rows = [p for p in section.get("params", []) if p["group"] == group]
    return {p["id"].split(".", 1)[1] for p in rows if max_depth is None or p["depth"] <= max_depth}


@pytest.mark.browser
def test_every_operation_and_nothing_else(scraped):
    truth, manifest, *_ = scraped
    want = {(op["method"], op["path"]) for op in truth["operations"]}
    assert set(endpoints(manifest)) == want
    assert manifest["site_kind"] == "elements"


@pytest.mark.browser
def test_parameters_and_body_properties(scraped):
    truth, manifest, *_ = scraped
    got = endpoints(manifest)
    missing = []
    for op in truth["operations"]:
        sec = got[op["method"], op["path"]]
        for group in ("path", "query", "header"):
            missing += [f"{op['path']} {group}.{n}" for n in set(op["params"][group]) - row_paths(sec, group, 0)]
        body = row_paths(sec, "body")
        missing += [f"{op['path']} body.{p['path']}" for p in op["body_props"] if p["path"] not in body]
    assert not missing, f"{len(missing)} missing: {missing[:20]}"


@pytest.mark.browser
def test_samples_exact_and_only_the_specs(scraped):
    truth, manifest, *_ = scraped
    got = endpoints(manifest)
    missing, extra = [], []
    for op in truth["operations"]:
        shown = [s["source"].rstrip() for ss in op["samples"].values() for s in ss if "elements" in s["renderers"]]
        sec = got[op["method"], op["path"]]
        codes = [c.rstrip() for ex in sec["examples"] for c in ex["request"].values()]
        missing += [f"{op['path']}: {s[:40]!r}" for s in shown if s not in codes]
        extra += [f"{op['path']}: {c[:40]!r}" for c in codes if c not in shown]
    assert not missing, f"{len(missing)} missing: {missing[:10]}"
    assert not extra, f"{len(extra)} not spec samples: {extra[:10]}"


@pytest.mark.browser
def test_response_examples(scraped):
    truth, manifest, *_ = scraped
    without = [path for (_, path), sec in endpoints(manifest).items()
               if not any(r["code"].strip() for ex in sec["examples"] for r in ex.get("responses", []))]
    assert len(without) < len(truth["operations"]) // 10, without


@pytest.mark.browser
def test_no_ui_text_and_quick(scraped):
    truth, manifest, reference, *_ = scraped
    assert not UI_TEXT.findall(reference) and ui_text(reference) == []
    assert manifest["stats"]["read_seconds"] < SECONDS_PER_OPERATION * len(truth["operations"])


@pytest.mark.browser
def test_audit_finds_everything_elements_shows(scraped, tmp_path):
    truth, _, _, out, site = scraped
    code, report = audit(out, site, tmp_path)
    assert (code, found(report)) == (0, expected(truth, "elements"))
    assert report["extra"] == []


def test_samples_rule_matches_truth():
    """`SAMPLES = "elements"` picks exactly the samples truth.json assigns to Elements (no browser needed)."""
    from apiref.scraper.sites.openapi import ADAPTERS
    from apiref.scraper.sites.openapi.reading import shown_samples

    site = build("2025-04-29")
    spec = json.loads(Path(site, "spec.json").read_text(encoding="utf-8"))
    truth = {(op["method"], op["path"]): op for op in load_truth(site)["operations"]}
    for path, item in spec["paths"].items():
        for method, op in item.items():
            if not isinstance(op, dict) or "x-codeSamples" not in op:
                continue
            xs = op["x-codeSamples"]
            picked = shown_samples(ADAPTERS["elements"].SAMPLES, [(x["lang"], x["label"]) for x in xs])
            want = sorted(s["source"].rstrip() for ss in truth[method.upper(), path]["samples"].values() for s in ss
                          if "elements" in s["renderers"])
            assert sorted(xs[i]["source"].rstrip() for i in picked) == want, op["operationId"]
