"""Scalar (@scalar/api-reference) pages of two real specs, scraped as a user would (`scrape_site`: the renderer is
recognized from the landing page) and compared with truth.json: every operation, every top-level parameter, every
body property to depth 6 (through every oneOf/anyOf branch, past "Show additional properties"), every sample truth
says Scalar can show (the first per lang) with its exact code, response samples, and no UI text."""

from __future__ import annotations

import json
import re

import pytest

from apiref.scraper.openapi_snapshot import section_id
from renderer_site import load_truth
from renderer_truth import audit, expected, found, missing

SPECS = ("2023-11-28", "2025-04-29")
DEPTH_CAP = 6
PARAM_GROUPS = ("path", "query", "header")
UI_TEXT = ("Copy link", "Copy to clipboard", "Show Child Attributes", "Hide Child Attributes",
           "Show additional properties", "Test Request", "Ask AI", "Show Schema", "Code Examples", "Type:",
           "Show all", "Show More", "propertyName")


@pytest.fixture(params=SPECS)
def scraped(request, renderer_scraped):
    """(truth, manifest as JSON, reference.md, spec) of one spec's Scalar page (scraped once per session)."""
    snap, site = renderer_scraped("scalar", request.param)
    return (load_truth(site), json.loads((snap / "manifest.json").read_text(encoding="utf-8")),
            (snap / "reference.md").read_text(encoding="utf-8"), json.loads((site / "spec.json").read_text("utf-8")))


@pytest.mark.browser
@pytest.mark.parametrize("spec", SPECS)
def test_audit_finds_everything_scalar_shows(renderer_scraped, spec, tmp_path):
    """Through `apiref audit`: all that truth counts, but where the spec contradicts itself (2025-04-29: three
    operations on `{certificate_id}` and `{project_id}` paths declare no such path parameter, one declares
    `cert_id`): Scalar shows the path template's names, which the audit reports (not a loss)."""
    snap, site = renderer_scraped("scalar", spec)
    code, report = audit(snap, site, tmp_path)
    want, got = expected(load_truth(site), "scalar"), found(report)
    assert len(report["not_shown"]) == load_truth(site)["counts"]["samples_total"] - want["samples"]
    if spec == "2023-11-28":
        assert (code, got, report["extra"]) == (0, want, [])
        return
    assert missing(report, "path") == ["GET /organization/certificates/{certificate_id} cert_id"]
    assert {(f["category"], f["name"]) for f in report["extra"]} == {("path", "certificate_id"), ("path", "project_id")}
    assert {k: v for k, v in got.items() if k != "path"} == {k: v for k, v in want.items() if k != "path"}


def endpoints(manifest: dict) -> dict[str, dict]:
    return {s["id"]: s for s in manifest["sections"] if s["kind"] == "endpoint"}


def tab_lang(label: str) -> str:
    """A sample's lang as its tab label names it (`C# (Default)` -> `c#`; truth keys it `csharp`)."""
    return re.sub(r" \([^()]*\)$", "", label).lower()


def examples(section: dict) -> list[dict]:
    return section.get("examples", [])


def truth_ops(truth: dict) -> dict[str, dict]:
    return {section_id({"method": o["method"], "path": o["path"]}): o for o in truth["operations"]}


@pytest.mark.browser
def test_every_operation_once(scraped):
    truth, manifest, _, _ = scraped
    assert sorted(endpoints(manifest)) == sorted(truth_ops(truth))


def shown_params(op: dict, group: str) -> list[str]:
    """Truth's parameters of a group as Scalar shows them: a path parameter whose name is not in the path template
    (2025-04-29: `cert_id` of `/organization/certificates/{certificate_id}`) is shown as the template's name."""
    if group != "path":
        return op["params"][group]
    return re.findall(r"\{([^}]+)\}", op["path"])


@pytest.mark.browser
def test_every_parameter_and_body_property(scraped):
    truth, manifest, _, _ = scraped
    got = endpoints(manifest)
    missing = []
    for sid, op in truth_ops(truth).items():
        ids = {p["id"] for p in got[sid].get("params", [])}
        for group in PARAM_GROUPS:
            missing += [f"{sid} {group}.{n}" for n in shown_params(op, group) if f"{group}.{n}" not in ids]
        missing += [f"{sid} body.{b['path']}" for b in op["body_props"]
                    if b["depth"] <= DEPTH_CAP and f"body.{b['path']}" not in ids]
    assert missing == []


@pytest.mark.browser
def test_samples_exact_and_nothing_extra(scraped):
    truth, manifest, _, _ = scraped
    got = endpoints(manifest)
    missing, extra = [], []
    for sid, op in truth_ops(truth).items():
        shown = {(lang, code.rstrip()) for ex in examples(got[sid]) for lang, code in ex.get("request", {}).items()}
        want = {(tab_lang(s["label"]), s["source"].rstrip()) for samples in op["samples"].values() for s in samples
                if "scalar" in s["renderers"]}
        missing += [f"{sid} {lang}" for lang, _ in sorted(want - shown)]
        extra += [f"{sid} {lang}" for lang, _ in sorted(shown - want)]
    assert (missing, extra) == ([], [])


def json_responses(spec: dict, op: dict) -> list[str]:
    """The labels (`200 application/json`) of an operation's JSON responses Scalar makes an example of: those whose
    schema is not deprecated (Scalar shows "No Body" for a deprecated one)."""
    schemas = spec["components"]["schemas"]
    out = []
    for status, resp in spec["paths"][op["path"]][op["method"].lower()]["responses"].items():
        schema = resp.get("content", {}).get("application/json", {}).get("schema")
        if schema is not None:
            target = schemas[schema["$ref"].split("/")[-1]] if "$ref" in schema else schema
            if not target.get("deprecated"):
                out.append(f"{status} application/json")
    return out


@pytest.mark.browser
def test_response_samples(scraped):
    truth, manifest, _, spec = scraped
    got = endpoints(manifest)
    missing, ui = [], []
    for sid, op in truth_ops(truth).items():
        shown = {r["label"]: r.get("code") or "" for ex in examples(got[sid]) for r in ex.get("responses", [])}
        missing += [f"{sid} {label}" for label in json_responses(spec, op) if not shown.get(label)]
        ui += [f"{sid} {label}" for label, code in shown.items() if any(t in code for t in UI_TEXT + ("Copy",))]
    assert (missing, ui) == ([], [])


@pytest.mark.browser
def test_no_ui_text(scraped):
    _, _, reference, _ = scraped
    prose = re.sub(r"^```.*?^```", "", reference, flags=re.S | re.M)  # code is compared exactly above
    assert [t for t in UI_TEXT if t in prose] == []
