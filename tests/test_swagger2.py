"""A Swagger 2.0 spec (`tests/data/petstore-swagger2.yaml`: the Swagger Petstore, form and file uploads, a shared
body parameter, an array query parameter, response headers and examples, OAuth2) behind the five real renderers'
pages, served on 127.0.0.1: read from its spec like an OpenAPI 3 one (`scraper/swagger2.py`), the same on every
renderer, and holding what Redoc shows when its page is revealed in Chromium (Redoc reads Swagger 2 with its own
code, so the page is a check the converter does not take part in)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from apiref.chunks.audit import load_markups, page_operations
from apiref.scraper.auto import scrape_site
from apiref.scraper.crawl import CrawlOptions
from apiref.scraper.store import read_manifest
from apiref.scraper.swagger2 import to_openapi3
from faulty_site import faulty_site
from renderer_site import NAMES, build
from renderer_truth import found

PETSTORE = Path(__file__).parent / "data" / "petstore-swagger2.yaml"
FOUND = {"operations": 15, "path": 8, "query": 3, "header": 1, "body": 32, "properties": 8, "samples": 3}


def petstore() -> dict[str, Any]:
    return yaml.safe_load(PETSTORE.read_text(encoding="utf-8"))


def test_a_swagger2_document_becomes_the_openapi3_document_that_says_the_same() -> None:
    doc = to_openapi3(petstore())
    assert doc["openapi"] == "3.0.3" and "swagger" not in doc and doc["info"]["title"] == "Swagger Petstore"
    assert doc["servers"] == [{"url": "https://petstore.swagger.io/v2"}, {"url": "http://petstore.swagger.io/v2"}]
    pet = doc["paths"]["/pet"]["post"]
    assert pet["requestBody"] == {"description": "Pet object that needs to be added to the store", "required": True,
                                  "content": {m: {"schema": {"$ref": "#/components/schemas/Pet"}}
                                              for m in ("application/json", "application/xml")}}
    assert "parameters" not in pet and pet["x-codeSamples"][1]["lang"] == "Python"
    upload = doc["paths"]["/pet/{petId}/uploadImage"]["post"]["requestBody"]["content"]
    assert upload == {"multipart/form-data": {"schema": {"type": "object", "properties": {
        "additionalMetadata": {"type": "string", "description": "Additional data to pass to server"},
        "file": {"type": "string", "format": "binary", "description": "file to upload"}}}}}
    form = doc["paths"]["/pet/{petId}"]["post"]["requestBody"]["content"]
    assert list(form) == ["application/x-www-form-urlencoded"]
    status = doc["paths"]["/pet/findByStatus"]["get"]["parameters"][0]
    assert status == {"name": "status", "in": "query", "description": "Status values that need to be considered for "
                      "filter", "required": True, "style": "form", "explode": True, "schema": {
                          "type": "array", "items": {"type": "string", "enum": ["available", "pending", "sold"],
                                                     "default": "available"}}}
    assert doc["paths"]["/pet/{petId}"]["parameters"][0]["schema"] == {"type": "integer", "format": "int64"}
    got = doc["paths"]["/pet/{petId}"]["get"]["responses"]["200"]["content"]
    assert got["application/json"]["example"]["name"] == "doggie" and "example" not in got["application/xml"]
    login = doc["paths"]["/user/login"]["get"]["responses"]["200"]
    assert login["headers"]["X-Rate-Limit"] == {"description": "calls per hour allowed by the user",
                                                "schema": {"type": "integer", "format": "int32"}}
    schemas = doc["components"]["schemas"]
    assert schemas["Pet"]["properties"]["category"] == {"$ref": "#/components/schemas/Category"}
    assert schemas["Pet"]["properties"]["nickname"]["nullable"] is True
    assert doc["components"]["securitySchemes"]["petstore_auth"]["flows"] == {"implicit": {
        "scopes": {"read:pets": "read your pets", "write:pets": "modify pets in your account"},
        "authorizationUrl": "https://petstore.swagger.io/oauth/authorize"}}
    assert "parameters" not in doc["components"]  # (the shared body parameter was inlined where it is used)
    assert petstore()["definitions"]["Pet"]["properties"]["category"] == {"$ref": "#/definitions/Category"}


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The five renderers' pages (as built for a real spec) with the Petstore's swagger.json as their spec.json."""
    built = build("2023-11-28")
    root = tmp_path_factory.mktemp("swagger2")
    for renderer in NAMES:
        (root / renderer).symlink_to(built / renderer, target_is_directory=True)
    (root / "spec.json").write_text(json.dumps(petstore()), encoding="utf-8")
    return root


def audited(snapshot: Path, spec: Path, tmp: Path) -> tuple[int, dict[str, int]]:
    report = tmp / "audit.json"
    result = subprocess.run([sys.executable, "-m", "apiref", "audit", str(snapshot), "--spec", str(spec), "--json",
                             str(report)], capture_output=True, text=True)
    assert result.returncode in (0, 1), result.stderr
    return result.returncode, found(json.loads(report.read_text(encoding="utf-8")))


def test_a_swagger2_site_is_read_from_its_spec_on_every_renderer(site: Path, tmp_path: Path) -> None:
    texts = {}
    with faulty_site(site, {}) as (base, _):
        for renderer in NAMES:
            said: list[str] = []
            manifest = scrape_site(f"{base}/{renderer}/", tmp_path / renderer, said=said.append)
            assert said == [f"{base}/{renderer}/: an OpenAPI reference rendered by {renderer}; reading the spec it "
                            f"renders, {base}/spec.json"]
            assert [(p.kind, p.via) for p in manifest.pages] == [("spec", "http")]
            assert audited(tmp_path / renderer, PETSTORE, tmp_path) == (0, FOUND)
            text = (tmp_path / renderer / "reference.md").read_text(encoding="utf-8")
            texts[renderer] = "\n".join(line for line in text.splitlines()[1:] if base not in line)
    assert len(set(texts.values())) == 1
    md = texts["redoc"]
    assert "* `https://petstore.swagger.io/v2`" in md and "#### Request body (multipart/form-data)" in md
    assert "- `file` (string, Optional)\n\n  file to upload\n\n  Constraints: format: binary" in md
    assert 'requests.post("https://petstore.swagger.io/v2/pet"' in md


@pytest.mark.browser
@pytest.mark.parametrize("renderer", NAMES)
def test_the_swagger2_spec_read_holds_what_the_page_shows(site: Path, renderer: str, tmp_path: Path) -> None:
    """Each renderer reads Swagger 2.0 with its own code (Swagger UI shows the body as a parameter with a Model tab,
    and form fields as parameters): revealed in Chromium, the page holds what the spec read holds. Scalar 1.46
    shows no request body for a body parameter given by $ref (`#/parameters/PetBody`: POST and PUT /pet): the
    test pins exactly that gap (7 body parameters and 4 nested properties each)."""
    with faulty_site(site, {}) as (base, _):
        scrape_site(f"{base}/{renderer}/", tmp_path / "spec")
        scrape_site(f"{base}/{renderer}/", tmp_path / "page", options=CrawlOptions(read="page"))
    unshown = {"POST /pet", "PUT /pet"} if renderer == "scalar" else set()
    shown = dict(FOUND, samples=0) if renderer == "swagger" else FOUND  # (Swagger UI shows no request sample)
    shown = dict(shown, body=32 - 14, properties=0) if unshown else shown
    assert audited(tmp_path / "page", PETSTORE, tmp_path) == (1 if unshown else 0, shown)
    ops = [page_operations(read_manifest(s), load_markups(s, read_manifest(s))) for s in (tmp_path / "page",
                                                                                         tmp_path / "spec")]
    page, read = ops
    assert page.keys() == read.keys() and len(page) == 15
    for key, op in page.items():
        assert op.params == {g: n for g, n in read[key].params.items() if (g in op.params or n)
                             and (g != "body" or key not in unshown)}, key
        assert op.body == ({} if key in unshown else read[key].body), key
        codes = {code for _, code in read[key].samples}  # (Elements names a sample by its lang: `shell`, not `curl`)
        assert {code for _, code in op.samples} == (set() if renderer == "swagger" else codes), key
    if renderer == "swagger":  # (Swagger 2.0 rows keep their texts in .markdown, not .renderedMarkdown)
        md = (tmp_path / "page" / "reference.md").read_text(encoding="utf-8")
        assert "- `status` (array\\<string>, Required)\n\n  Status values that need to be considered for filter\n\n" \
               "  Constraints: enum: available, pending, sold" in md
