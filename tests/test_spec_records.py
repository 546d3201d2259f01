"""An OpenAPI document as endpoint records (scraper.spec_records): the schema rules a renderer's page follows,
each on a small document that isolates it (the five renderers' pages of real specs are in test_renderer_spec.py)."""

from __future__ import annotations

from typing import Any

import pytest

from apiref.scraper.errors import SpecError
from apiref.scraper.spec_records import endpoint_records


def records(paths: dict[str, Any], schemas: dict[str, Any] | None = None, version: str = "3.1.0",
            **extra: Any) -> list[dict[str, Any]]:
    doc = {"openapi": version, "info": {"title": "t", "version": "1"}, "paths": paths,
           "components": {"schemas": schemas or {}}, **extra}
    return [r for r in endpoint_records(doc, "spec.json", "https://example.test/spec.json", 6)
            if r["kind"] == "endpoint"]


def post(body: dict[str, Any], **op: Any) -> dict[str, Any]:
    return {"post": {"requestBody": {"content": {"application/json": {"schema": body}}},
                     "responses": {"200": {"description": "ok"}}, **op}}


def rows(rec: dict[str, Any], key: str = "body") -> list[tuple[int, str, str]]:
    group = next(g for g in rec["groups"] if g["key"] == key)
    return [(r["depth"], r["name"], r["type"]) for r in group["properties"]]


def test_all_of_merges_properties_and_required_and_ref_siblings_win() -> None:
    schemas = {"Base": {"type": "object", "required": ["id"], "properties": {"id": {"type": "string"}}}}
    body = {"allOf": [{"$ref": "#/components/schemas/Base"},
                      {"properties": {"n": {"type": ["integer", "null"], "default": 2, "minimum": 1}}}]}
    rec = records({"/x": post(body)}, schemas)[0]
    group = rec["groups"][0]["properties"]
    assert rows(rec) == [(0, "id", "string"), (0, "n", "integer or null")]
    assert [r["optional"] for r in group] == [False, True]
    assert (group[1]["default"], group[1]["constraints"]) == ("2", ">= 1")


def test_one_of_shapes_are_possible_type_rows_and_depth_counts_properties() -> None:
    schemas = {"Text": {"title": "Text part", "type": "object", "properties": {"text": {"type": "string"}}},
               "Image": {"type": "object", "properties": {"url": {"type": "string", "format": "uri"}}}}
    body = {"type": "object", "properties": {"parts": {"type": "array", "items": {
        "oneOf": [{"$ref": "#/components/schemas/Text"}, {"$ref": "#/components/schemas/Image"}]}}}}
    rec = records({"/x": post(body)}, schemas)[0]
    assert rows(rec) == [(0, "parts", "array of (object (Text part) or object (Image))"),
                         (1, "", "Text part"), (2, "text", "string"), (1, "", "Image"), (2, "url", "string")]
    group = rec["groups"][0]["properties"]
    assert group[0]["annotation"] == "One of" and group[4]["constraints"] == "format: uri"


def test_a_recursive_schema_ends_at_the_depth_cap_and_a_recursive_choice_at_itself() -> None:
    schemas = {"Node": {"type": "object", "properties": {"child": {"$ref": "#/components/schemas/Node"},
                                                         "v": {"$ref": "#/components/schemas/V"}}},
               "V": {"oneOf": [{"type": "string"}, {"type": "array", "items": {"$ref": "#/components/schemas/V"}}]}}
    rec = records({"/x": post({"$ref": "#/components/schemas/Node"})}, schemas)[0]
    names = [(d, n) for d, n, _ in rows(rec) if n]
    assert max(d for d, n in names if n == "child") == 6 and len(rows(rec)) < 200


def test_parameters_operation_overrides_path_item_and_groups_keep_their_order() -> None:
    item = {"parameters": [{"name": "id", "in": "path", "required": True, "schema": {"type": "string"},
                            "description": "old"}],
            "get": {"parameters": [{"name": "id", "in": "path", "required": True, "schema": {"type": "string"},
                                    "description": "The *id*."},
                                   {"name": "limit", "in": "query", "schema": {"type": "integer", "enum": [10]}},
                                   {"name": "filter", "in": "query", "content": {"application/json": {"schema": {
                                       "type": "object", "properties": {"a": {"type": "boolean"}}}}}}],
                    "responses": {"200": {"description": "ok"}}}}
    rec = records({"/x/{id}": item})[0]
    assert [(g["key"], g["title"]) for g in rec["groups"]] == [("path", "Path parameters"),
                                                               ("query", "Query parameters")]
    path_row, query_row = rec["groups"][0]["properties"][0], rec["groups"][1]["properties"][0]
    assert rows(rec, "query") == [(0, "limit", "integer"), (0, "filter", "object"), (1, "a", "boolean")]
    assert (path_row["description"], path_row["description_html"]) == ("The id.", "<p>The <em>id</em>.</p>\n")
    assert (query_row["optional"], query_row["constraints"]) == (True, "value: 10")


def test_samples_become_variants_and_responses_get_an_example() -> None:
    op = post({"type": "object", "properties": {"q": {"type": "string"}}},
              **{"x-codeSamples": [{"lang": "Shell", "label": "curl", "source": "curl x\n"},
                                   {"lang": "Python", "label": "Python (Streaming)", "source": "stream()\n"}],
                 "responses": {"200": {"description": "ok", "content": {"application/json": {"schema": {
                     "type": "object", "properties": {"id": {"type": "string", "example": "r_1"},
                                                      "n": {"type": "integer"}}}}}}}})
    rec = records({"/x": op})[0]
    assert [(e["variant"], e["request"]) for e in rec["examples"]] == [("", {"curl": "curl x\n"}),
                                                                       ("Streaming", {"python": "stream()\n"})]
    assert rec["examples"][0]["responses"] == [{"label": "200 application/json",
                                                "code": '{\n  "id": "r_1",\n  "n": 0\n}'}]
    assert rows(rec, "returns") == [(0, "id", "string"), (0, "n", "integer")]


def test_operations_follow_the_documents_tag_order() -> None:
    paths = {"/b": {"get": {"tags": ["B"], "responses": {}}}, "/a": {"get": {"tags": ["A"], "responses": {}}},
             "/c": {"get": {"tags": ["C"], "responses": {}}}}
    out = records(paths, tags=[{"name": "A"}, {"name": "B"}])
    assert [r["path"] for r in out] == ["/a", "/b", "/c"]


def test_swagger_1_is_refused_with_the_fix() -> None:
    with pytest.raises(SpecError, match=r"is Swagger 1.2; convert it to OpenAPI 3 first"):
        endpoint_records({"swaggerVersion": "1.2", "apis": []}, "spec.json", "https://example.test/spec.json", 6)


def test_a_long_summary_opens_the_description_and_the_title_comes_from_the_operation_id() -> None:
    paths = {"/a": {"get": {"operationId": "listHTTPThings", "summary": "**New?** Try [B](/b).\nLists things.",
                            "description": "More.", "responses": {}}},
             "/b": {"get": {"operationId": "getB", "summary": "Get a *B*.", "responses": {}}}}
    a, b = records(paths)
    assert (a["title"], a["description"]) == ("List HTTP things", "New? Try B. Lists things. More.")
    assert (b["title"], b["description"]) == ("Get a B.", None)


def test_the_overview_says_version_servers_and_authentication_and_tags_keep_their_descriptions() -> None:
    doc = {"openapi": "3.0.3", "info": {"title": "Pets", "version": "2.1", "description": "All *pets*."},
           "servers": [{"url": "https://api.pets.test/v1", "description": "Production"}],
           "tags": [{"name": "Dogs", "description": "Woof."}, {"name": "Cats"}],
           "components": {"securitySchemes": {"Key": {"type": "apiKey", "in": "header", "name": "X-Key"},
                                              "Bearer": {"type": "http", "scheme": "bearer", "bearerFormat": "JWT"}}},
           "paths": {"/dogs": {"get": {"tags": ["Dogs"], "responses": {}}}}}
    overview, dogs, endpoint = endpoint_records(doc, "spec.json", "https://example.test/spec.json", 6)
    assert (overview["kind"], overview["id"], overview["title"]) == ("static", "overview", "Pets")
    assert overview["body_html"] == (
        "<p>Version 2.1</p><p>All <em>pets</em>.</p>\n<h2>Servers</h2><ul><li><code>https://api.pets.test/v1</code>"
        " — Production</li></ul><h2>Authentication</h2><ul><li><strong>Key</strong>: API key in header X-Key</li>"
        "<li><strong>Bearer</strong>: HTTP bearer (JWT)</li></ul>")
    assert (dogs["kind"], dogs["title"], dogs["description"]) == ("group", "Dogs", "Woof.")
    assert (endpoint["kind"], endpoint["path"]) == ("endpoint", "/dogs")
