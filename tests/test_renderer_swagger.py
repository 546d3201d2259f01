"""Swagger UI's page of each dev spec, scraped like any URL (the renderer recognized from the landing page), against
truth.json: every operation, every top-level parameter, every body property to truth's depth (also through
`apiref audit`), response samples, no x-codeSamples (Swagger UI shows none), no UI text. Each spec is scraped once
per session."""

from __future__ import annotations

import json
import re

import pytest

from renderer_site import load_truth
from renderer_truth import audit, expected, found

SPECS = ("2023-11-28", "2025-04-29")
UI_PHRASES = ("Try it out", "Example Value", "Expand all", "Collapse all", "Copy to clipboard", "Copy path",
              "No parameters", "No links", "Controls Accept header", "Default value :", "Available values :",
              "oneOf ->", "anyOf ->", "< * >", "spec.json#/", "\u200b")
UI_LINES = ("Schema", "Execute", "Cancel", "Clear", "Request body", "Links")  # words content also uses


@pytest.fixture(params=SPECS)
def scraped(request, renderer_scraped):
    """(truth, manifest dict, reference.md) of the spec's Swagger UI page (scraped once per session)."""
    snap, site = renderer_scraped("swagger", request.param)
    return (load_truth(site), json.loads((snap / "manifest.json").read_text(encoding="utf-8")),
            (snap / "reference.md").read_text(encoding="utf-8"))


@pytest.mark.browser
@pytest.mark.parametrize("spec", SPECS)
def test_audit_finds_everything_swagger_ui_shows(renderer_scraped, spec, tmp_path):
    snap, site = renderer_scraped("swagger", spec)
    code, report = audit(snap, site, tmp_path)
    assert (code, found(report)) == (0, expected(load_truth(site), "swagger"))
    assert report["extra"] == []
    assert len(report["not_shown"]) == load_truth(site)["counts"]["samples_total"]  # Swagger UI shows none


def endpoints(manifest: dict) -> dict[tuple[str, str], dict]:
    return {(s["method"], s["path"]): s for s in manifest["sections"] if s["kind"] == "endpoint"}


def rows(section: dict) -> list[dict]:
    return section.get("params", [])


@pytest.mark.browser
def test_every_operation_and_nothing_else(scraped):
    truth, manifest, _ = scraped
    assert set(endpoints(manifest)) == {(op["method"], op["path"]) for op in truth["operations"]}


@pytest.mark.browser
def test_top_level_parameters_per_group(scraped):
    truth, manifest, _ = scraped
    got = endpoints(manifest)
    missing = []
    for op in truth["operations"]:
        shown = {(p["group"], p["name"]) for p in rows(got[op["method"], op["path"]]) if p["depth"] == 0}
        missing += [(op["path"], group, name) for group, names in op["params"].items() for name in names
                    if (group, name) not in shown]
    assert not missing


@pytest.mark.browser
def test_body_properties_to_truth_depth(scraped):
    truth, manifest, _ = scraped
    got = endpoints(manifest)
    missing = []
    for op in truth["operations"]:
        ids = {p["id"] for p in rows(got[op["method"], op["path"]]) if p["group"] == "body"}
        missing += [(op["method"], op["path"], p["path"]) for p in op["body_props"]
                    if p["depth"] <= truth["depth_cap"] and f"body.{p['path']}" not in ids]
    assert not missing


@pytest.mark.browser
def test_response_samples_and_no_request_samples(scraped):
    truth, manifest, _ = scraped
    got = endpoints(manifest)
    assert all(not s["renderers"] or "swagger" not in s["renderers"]
               for op in truth["operations"] for samples in op["samples"].values() for s in samples)
    with_responses = 0
    for section in got.values():
        for ex in section.get("examples", []):
            assert not ex.get("request"), f"{section['id']}: Swagger UI shows no request samples"
            for r in ex.get("responses", []):
                assert re.fullmatch(r"\d{3}|default|\d{3} [\w.+-]+/[\w.+-]+|default [\w.+-]+/[\w.+-]+", r["label"])
                assert r["code"].strip()
            with_responses += bool(ex.get("responses"))
    assert with_responses >= 0.9 * len(truth["operations"])
    chat = got["POST", "/chat/completions"]["examples"][0]["responses"][0]
    assert chat["label"] == "200 application/json" and json.loads(chat["code"])["object"] == "chat.completion"


@pytest.mark.browser
def test_no_ui_text(scraped):
    _, _, reference = scraped
    found = [t for t in UI_PHRASES if t in reference]
    found += [line for line in reference.splitlines() if line.strip(" *#`-:") in UI_LINES]
    assert not found, found[:20]


def test_a_cdn_swagger_ui_page_is_recognized():
    from apiref.scraper.sites.openapi import recognize

    cdn = b'<script src="https://unpkg.com/swagger-ui-dist@5/swagger-ui-bundle.js"></script>'
    assert recognize(b"<html><body><div id=swagger-ui></div>" + cdn + b"</body></html>") == "swagger"
