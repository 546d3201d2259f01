"""apiref audit: the spec side against the renderers' truth.json, the comparison on real snapshots of the legacy
refsite page (built from the same specs in ../shared/specs), on renderer-shaped snapshots made from truth.json,
on damaged copies, and bad input."""

from __future__ import annotations

import contextlib
import functools
import http.server
import json
import shutil
from collections import Counter
from pathlib import Path

import pytest
from click.testing import CliRunner

from apiref.chunks.audit import audit, audit_snapshot
from apiref.cli import cli, cmd_audit  # noqa: F401  (registers the command)
from apiref.scraper.errors import SpecError
from apiref.scraper.openapi_spec import load_spec, parse_document, parse_spec
from apiref.scraper.sites.openapi import ADAPTERS
from apiref.scraper.snapshot import Example, Manifest, Param, Section
from apiref.scraper.store import MANIFEST, dump_json, read_manifest
from loopback import serving
from refsite import spec_path
from renderer_site import build, load_truth

SPECS = ("2023-11-28", "2025-04-29")
TRUTH_LANGS = {"csharp": "c#"}  # truth keys samples by x-oaiMeta's key; a page's tab (label `C#`) says `c#`
RULES = {"redoc": "all", "rapidoc": "all", "scalar": "first-per-lang", "elements": "elements", "swagger": "none"}


def run(*args: str):
    result = CliRunner().invoke(cli, ["audit", *args])
    return result.exit_code, result.stdout, result.stderr


# ---------------------------------------------------------------------------------------------------- spec side

@pytest.mark.parametrize("name", SPECS)
def test_spec_counts_equal_the_truth(name):
    site = build(name)
    truth = load_truth(site)
    spec = load_spec(str(site / "spec.json"))
    counts = truth["counts"]
    assert len(spec.operations) == counts["operations"]
    for group, n in counts["params"].items():
        assert sum(len(op.params[group]) for op in spec.operations) == n, group
    depths = Counter(str(d) for op in spec.operations for d in op.body.values())
    assert dict(sorted(depths.items())) == counts["body_props_by_depth"]
    langs = Counter(s.lang for op in spec.operations for s in op.samples)
    assert dict(langs) == {TRUTH_LANGS.get(k, k): n for k, n in counts["samples"].items()}


@pytest.mark.parametrize("name", SPECS)
def test_spec_operations_equal_the_truth_one_by_one(name):
    site = build(name)
    spec = load_spec(str(site / "spec.json"))
    for op, want in zip(spec.operations, load_truth(site)["operations"], strict=True):
        assert (op.method, op.path) == (want["method"], want["path"])
        assert {g: list(op.params[g]) for g in want["params"]} == want["params"], op.key
        assert list(op.body.items()) == [(r["path"], r["depth"]) for r in want["body_props"]], op.key
        sources = sorted(s["source"].rstrip() for ss in want["samples"].values() for s in ss)
        assert sorted(s.source.rstrip() for s in op.samples) == sources, op.key


def test_yaml_spec_with_a_reused_anchor_loads():
    spec = load_spec(str(spec_path("2024-06-17")))  # PyYAML alone refuses it: an anchor name is defined twice
    assert len(spec.operations) == 64 and not spec.has_samples


SPEC_31 = """
openapi: 3.1.0
info: {title: t, version: "1"}
paths:
  /pets/{pet_id}:
    $ref: "#/components/pathItems/Pet"
  /things:
    get:
      parameters:
        - {name: session, in: cookie, schema: {type: string}}
        - {name: X-Trace, in: header}
        - {$ref: "#/components/parameters/Limit"}
        - {$ref: "#/components/parameters/Limit"}
      x-codeSamples:
        - {lang: Shell, label: "curl (Filtered)", source: "curl /things\\n\\n"}
        - {lang: Python, source: "things()"}
webhooks:
  newPet:
    post:
      requestBody: {content: {application/json: {schema: {$ref: "#/components/schemas/Pet"}}}}
components:
  parameters:
    Limit: {name: limit, in: query, schema: {type: [integer, "null"]}}
  pathItems:
    Pet:
      parameters: [{name: pet_id, in: path, required: true}]
      put:
        parameters: [{name: pet_id, in: path, required: true}, {name: dry_run, in: query}]
        requestBody:
          content:
            application/json: {schema: {$ref: "#/components/schemas/Pet"}}
            multipart/form-data:
              schema: {type: object, properties: {photo: {type: string, format: binary}}}
  schemas:
    Pet:
      allOf:
        - {$ref: "#/components/schemas/Named"}
        - type: object
          properties:
            tags: {type: array, items: {type: array, items: {$ref: "#/components/schemas/Tag"}}}
            owner:
              oneOf:
                - {type: object, properties: {person: {type: string}}}
                - {type: object, properties: {company: {type: string}}}
            labels: {type: object, additionalProperties: {type: object, properties: {hidden: {type: string}}}}
            parent: {$ref: "#/components/schemas/Pet", description: recursion, bounded by the depth cap}
            extended: {$ref: "#/components/schemas/Named", properties: {extra: {type: string}}}
    Named:
      type: object
      properties: {name: {type: string}}
    Tag:
      type: object
      properties: {label: {type: string}}
"""


def test_a_byte_order_mark_is_not_part_of_the_document():
    """A spec some server or editor starts with a byte order mark is still read as JSON: read as YAML, JSON's
    escaped surrogate pairs (what json.dumps writes for an emoji) are refused."""
    doc = {"openapi": "3.0.0", "info": {"title": "Pets \U0001f436"}, "paths": {"/a": {"get": {}}}}
    for text in (json.dumps(doc), "openapi: 3.0.0\ninfo: {title: Pets \U0001f436}\npaths: {/a: {get: {}}}\n"):
        assert parse_document("\ufeff" + text, "t") == parse_document(text, "t") == doc


def test_openapi_31_walk_rules():
    spec = parse_spec(parse_document(SPEC_31, "t.yaml"), "t.yaml", "file:///t.yaml", max_depth=2)
    assert [op.key for op in spec.operations] == ["PUT /pets/{pet_id}", "GET /things"]  # webhooks are not
    put, get = spec.operations
    assert put.params["path"] == ("pet_id",) and put.params["query"] == ("dry_run",)
    assert put.params["body"] == ("name", "tags", "owner", "labels", "parent", "extended", "photo")
    assert [p for p, d in put.body.items() if d == 1] == [
        "tags.label", "owner.person", "owner.company", "parent.name", "parent.tags", "parent.owner",
        "parent.labels", "parent.parent", "parent.extended", "extended.extra", "extended.name"]
    assert "parent.parent.parent" in put.body and not any(d > 2 for d in put.body.values())
    assert get.params == {"path": (), "query": ("limit",), "header": ("X-Trace",), "cookie": ("session",), "body": ()}
    assert [(s.lang, s.variant, s.spec_lang) for s in get.samples] == [("curl", "Filtered", "Shell"),
                                                                        ("python", "", "Python")]


# ---------------------------------------------------------------------------------------------------- real snapshots

def test_legacy_page_holds_everything_its_spec_has(scraped):
    """The refsite page of 2023-11-28 (the spec in ../shared/specs) shows every operation, parameter and nested
    body property to depth 6; the YAML has no x-codeSamples, so samples are not compared."""
    snap = scraped("2023-11-28")
    code, out, err = run(str(snap), "--spec", str(spec_path("2023-11-28")))
    assert code == 0, out + err
    report = audit_snapshot(snap, str(spec_path("2023-11-28")))
    counts = {c.category: (c.found, c.expected, c.extra) for c in report.coverage}
    assert counts == {"operations": (57, 57, 0), "path": (49, 49, 0), "query": (30, 30, 0), "header": (0, 0, 0),
                      "cookie": (0, 0, 0), "body": (140, 140, 0), "properties": (67, 67, 0), "samples": (0, 0, 0)}
    assert not report.missing and not report.extra and not report.spec_has_samples
    assert "nested body props │    67 │       67 │ 100" in out and "code samples" in out and "n/a" in out


def test_legacy_page_samples_against_the_spec_with_code_samples(scraped):
    """The same page against the spec the renderers were built from (x-codeSamples made from the same examples):
    the page replaces model placeholders (`VAR_chat_model_id`), so exactly those samples differ."""
    site = build("2023-11-28")
    spec = load_spec(str(site / "spec.json"))
    report = audit_snapshot(scraped("2023-11-28"), spec.source)
    samples = next(c for c in report.coverage if c.category == "samples")
    assert (samples.found, samples.expected) == (177, 195) and report.samples_rule == "all"
    source = {(op.key, s.label): s.source for op in spec.operations for s in op.samples}
    assert report.missing and all(f.category == "samples" and "VAR_" in source[f.operation, f.name]
                                  for f in report.missing)
    assert {f.operation for f in report.extra} == {f.operation for f in report.missing}


def test_legacy_page_of_2025_misses_only_rows_past_its_own_depth(scraped):
    """The 2025-04-29 page counts its "possible types" rows as levels, so its depth cap (6) closes some properties
    that the spec has at depth 6 or less; it also opens the spec's `$recursiveRef` filters, which the truth (and so
    the audit) does not follow: those are extra."""
    snap = scraped("2025-04-29")
    report = audit_snapshot(snap, str(spec_path("2025-04-29")))
    assert {f.category for f in report.missing} == {"properties"} and len(report.missing) == 18
    assert sum(cut.count for cut in read_manifest(snap).cuts if cut.reason == "depth") >= len(report.missing)
    assert {f.category for f in report.extra} == {"properties"}
    assert all(".filters.filters" in "." + f.name for f in report.extra)
    counts = {c.category: (c.found, c.expected) for c in report.coverage}
    assert counts["operations"] == (148, 148) and counts["query"] == (197, 197) and counts["body"] == (286, 286)


def test_stainless_site_holds_every_operation_and_parameter(stainless_crawled):
    """The Stainless build of the same spec, crawled: its rows carry their groups (no table titles to read)."""
    snap, _ = stainless_crawled("2023-11-28")
    report = audit_snapshot(snap, str(spec_path("2023-11-28")))
    assert report.complete and not report.extra and report.site_kind == "stainless"
    assert sum(c.found for c in report.coverage) == 57 + 49 + 30 + 140 + 67


# ---------------------------------------------------------------------------------------------------- damage

def damaged(snap: Path, tmp_path: Path, change) -> Path:
    copy = tmp_path / "damaged"
    shutil.copytree(snap, copy)
    manifest = json.loads((copy / MANIFEST).read_text(encoding="utf-8"))
    change({s["id"]: s for s in manifest["sections"]}, manifest)
    (copy / MANIFEST).write_text(json.dumps(manifest), encoding="utf-8")
    return copy


def test_audit_names_exactly_what_a_damaged_snapshot_lost(scraped, tmp_path):
    snap = scraped("2023-11-28")
    spec = str(build("2023-11-28") / "spec.json")
    before = audit_snapshot(snap, spec)

    def change(sections, manifest):
        chat = sections["chat/create"]
        chat["params"] = [p for p in chat["params"] if p["id"] not in ("chat-create-response_format-type",
                                                                     "chat-create-seed")]
        sections["files/list"]["examples"][0]["request"].pop("python")
        manifest["sections"].remove(sections["files/delete"])

    report = audit_snapshot(damaged(snap, tmp_path, change), spec)
    lost = {(f.category, f.operation, f.name) for f in report.missing} - {
        (f.category, f.operation, f.name) for f in before.missing}
    assert lost == {("properties", "POST /chat/completions", "response_format.type"),
                    ("body", "POST /chat/completions", "seed"),
                    ("samples", "GET /files", "Python"),
                    ("operations", "DELETE /files/{file_id}", "")}
    assert report.extra == before.extra

    code, out, _ = run(str(tmp_path / "damaged"), "--spec", str(spec_path("2023-11-28")), "--json",
                       str(tmp_path / "a.json"))
    assert code == 1
    assert out.splitlines()[:3] == ["missing: operations: DELETE /files/{file_id}",
                                    "missing: body params: POST /chat/completions seed",
                                    "missing: nested body props: POST /chat/completions response_format.type"]
    saved = json.loads((tmp_path / "a.json").read_text(encoding="utf-8"))
    assert saved["complete"] is False and len(saved["missing"]) == 3
    assert {c["category"]: c["percent"] for c in saved["coverage"]}["operations"] == round(100 * 56 / 57, 1)


# ---------------------------------------------------------------------------------------------------- renderer-shaped

def renderer_snapshot(truth: dict, renderer: str) -> Manifest:
    """A snapshot as a renderer adapter that meets its contract writes it: rows `<group>.<dotted path>` with their
    group, and exactly the samples truth.json says that renderer can show."""
    sections = []
    for i, op in enumerate(truth["operations"]):
        params = [Param(id=f"{g}.{n}", name=n, depth=0, type="string", required=False, group=g)
                  for g in ("path", "query", "header") for n in op["params"][g]]
        params += [Param(id=f"body.{r['path']}", name=r["name"], depth=r["depth"], type="object", required=False,
                         group="body") for r in op["body_props"]]
        examples: dict[str, Example] = {}
        for lang, samples in op["samples"].items():
            for s in samples:
                if renderer in s["renderers"]:
                    ex = examples.setdefault(s["title"] or "", Example(variant=s["title"] or ""))
                    ex.request[lang] = s["source"].rstrip("\n") + "\n"
        sections.append(Section(id=f"{op['path']}/{op['method']}", kind="endpoint", title=op["summary"] or "",
                                method=op["method"], path=op["path"], file=f"s{i}", params=params,
                                examples=list(examples.values())))
    return Manifest(apiref_version="0", source_url="http://127.0.0.1/", scraped_at="2025-01-01T00:00:00+00:00",
                    profile=renderer, origin="http://127.0.0.1/", max_depth=6, sections=sections, site_kind=renderer)


@pytest.mark.parametrize("name", SPECS)
@pytest.mark.parametrize("renderer", sorted(RULES))
def test_renderer_snapshot_meeting_the_truth_is_complete(name, renderer, monkeypatch):
    """The renderers' sample rules as README documents them; samples outside the rule are `not shown`, and they
    are exactly the ones truth.json does not give that renderer."""
    monkeypatch.setattr(ADAPTERS[renderer], "SAMPLES", RULES[renderer])
    site = build(name)
    truth = load_truth(site)
    report = audit(renderer_snapshot(truth, renderer), {}, load_spec(str(site / "spec.json")))
    assert not report.missing and not report.extra
    samples = next(c for c in report.coverage if c.category == "samples")
    assert samples.found == truth["counts"]["samples_shown_by"][renderer]
    assert samples.found + len(report.not_shown) == truth["counts"]["samples_total"]


# ---------------------------------------------------------------------------------------------------- input

@contextlib.contextmanager
def serving_dir(root: Path):
    handler = functools.partial(QuietHandler, directory=str(root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    with serving(server) as port:
        yield f"http://127.0.0.1:{port}"


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002  (the base class's name)
        pass


def test_spec_from_a_url(scraped, tmp_path):
    shutil.copy(spec_path("2023-11-28"), tmp_path / "openapi.yaml")
    with serving_dir(tmp_path) as base:
        report = audit_snapshot(scraped("2023-11-28"), f"{base}/openapi.yaml")
        assert report.complete and report.spec == f"{base}/openapi.yaml"
        assert sum(c.expected for c in report.coverage) == 57 + 49 + 30 + 140 + 67
        code, _, err = run(str(scraped("2023-11-28")), "--spec", f"{base}/nothing.yaml")
    assert code == 2 and err.startswith("apiref: error: spec ") and "404" in err and err.count("\n") == 1


def test_bad_input_is_one_line_and_exit_2(scraped, tmp_path):
    snap = str(scraped("2023-11-28"))
    (tmp_path / "not.yaml").write_text("title: a list of things\nitems: [1, 2]\n", encoding="utf-8")
    (tmp_path / "swagger.json").write_text('{"swaggerVersion": "1.2", "apis": []}', encoding="utf-8")
    (tmp_path / "broken.yaml").write_text("openapi: 3.0.0\npaths: {a: [\n", encoding="utf-8")
    (tmp_path / "dangling.yaml").write_text(
        'openapi: 3.0.0\npaths: {/a: {get: {parameters: [{$ref: "#/components/parameters/Nope"}]}}}\n',
        encoding="utf-8")
    cases = {
        (snap, str(tmp_path / "missing.yaml")): "not found",
        (snap, str(tmp_path / "not.yaml")): "is not an OpenAPI 3 document",
        (snap, str(tmp_path / "swagger.json")): "is Swagger 1.2; convert it to OpenAPI 3",
        (snap, str(tmp_path / "broken.yaml")): "neither JSON nor valid YAML",
        (snap, str(tmp_path / "dangling.yaml")): "'#/components/parameters/Nope' points to nothing",
        (str(tmp_path / "no-snapshot"), str(spec_path("2023-11-28"))): "is not a snapshot",
    }
    for (snapshot, spec), message in cases.items():
        code, out, err = run(snapshot, "--spec", spec)
        assert code == 2 and out == "", (spec, out)
        assert err.startswith("apiref: error: ") and message in err and err.count("\n") == 1, err


def test_spec_errors_are_spec_errors():
    with pytest.raises(SpecError, match="not a mapping"):
        parse_spec(["a"], "x.json", "file:///x.json")


def test_report_json_is_canonical(scraped, tmp_path):
    code, _, _ = run(str(scraped("2023-11-28")), "--spec", str(spec_path("2023-11-28")), "--json",
                     str(tmp_path / "r.json"))
    text = (tmp_path / "r.json").read_text(encoding="utf-8")
    assert code == 0 and text == dump_json(json.loads(text))
