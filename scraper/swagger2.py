"""A Swagger 2.0 document as the OpenAPI 3.0 document that says the same, so a reference built from a
`swagger.json` (still what many Swagger UI and Redoc sites serve) is read from its spec like any other.

The mapping is the one the OpenAPI 3.0 specification's changes describe: `host`/`basePath`/`schemes` become
`servers`; `definitions`, `parameters`, `responses` and `securityDefinitions` move under `components` (and every
`$ref` with them); a `body` parameter becomes the `requestBody`, and `formData` parameters one object schema of a
form or multipart body, under each media type the operation `consumes`; a parameter's own type keywords move
into its `schema`, `collectionFormat` into `style`/`explode`; a response's `schema` and `examples` go under each
media type it `produces`; `type: file` is a binary string, `x-nullable` is `nullable`, a discriminator's property
name is an object. Extensions (`x-codeSamples`, `x-tagGroups`) stay where they are.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

OPENAPI = "3.0.3"
HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch")  # (Swagger 2 has no trace)
REFS = {"#/definitions/": "#/components/schemas/", "#/parameters/": "#/components/parameters/",
        "#/responses/": "#/components/responses/"}
# the keywords a non-body parameter (or its items) shares with a schema: its type, as a schema
TYPE_KEYS = ("type", "format", "items", "enum", "default", "maximum", "exclusiveMaximum", "minimum",
             "exclusiveMinimum", "maxLength", "minLength", "pattern", "maxItems", "minItems", "uniqueItems",
             "multipleOf")
PARAM_KEYS = ("name", "in", "description", "required", "deprecated", "allowEmptyValue")
FORMS = ("application/x-www-form-urlencoded", "multipart/form-data")
STYLES = {"csv": ("form", False), "ssv": ("spaceDelimited", False), "pipes": ("pipeDelimited", False),
          "multi": ("form", True)}  # collectionFormat of a query parameter -> (style, explode)
FLOWS = {"implicit": "implicit", "password": "password", "application": "clientCredentials",
         "accessCode": "authorizationCode"}

Raw = dict[str, Any]


def is_swagger2(document: Any) -> bool:
    return isinstance(document, Mapping) and str(document.get("swagger", "")).startswith("2") and \
        "openapi" not in document


def to_openapi3(document: Mapping[str, Any]) -> Raw:
    """The OpenAPI 3.0 document equivalent to a Swagger 2.0 one (the input is left as it is)."""
    doc = _refs(document)
    out: Raw = {"openapi": OPENAPI}
    for key, value in doc.items():
        if key in ("info", "tags", "externalDocs", "security") or key.startswith("x-"):
            out[key] = value
    out["servers"] = servers(doc)
    produces, consumes = doc.get("produces") or ["application/json"], doc.get("consumes") or ["application/json"]
    shared = doc.get("parameters") or {}
    out["paths"] = {path: path_item(item, shared, produces, consumes) if isinstance(item, Mapping) else item
                    for path, item in (doc.get("paths") or {}).items()}
    components: Raw = {}
    if doc.get("definitions"):
        components["schemas"] = {k: schema(v) for k, v in doc["definitions"].items()}
    kept = {k: parameter(p) for k, p in shared.items() if isinstance(p, Mapping) and p.get("in") not in
            ("body", "formData")}  # (body and form parameters are inlined where they are used)
    if kept:
        components["parameters"] = kept
    if doc.get("responses"):
        components["responses"] = {k: response(r, produces) for k, r in doc["responses"].items()}
    if doc.get("securityDefinitions"):
        components["securitySchemes"] = {k: security(s) for k, s in doc["securityDefinitions"].items()}
    if components:
        out["components"] = components
    return out


def _refs(value: Any) -> Any:
    """value with every local $ref moved to where its target moves (a copy)."""
    if isinstance(value, Mapping):
        out = {}
        for k, v in value.items():
            if k == "$ref" and isinstance(v, str):
                for old, new in REFS.items():
                    if v.startswith(old):
                        v = new + v[len(old):]
                        break
                out[k] = v
            else:
                out[k] = _refs(v)
        return out
    if isinstance(value, list):
        return [_refs(v) for v in value]
    return value


def servers(doc: Mapping[str, Any]) -> list[Raw]:
    base = str(doc.get("basePath") or "")
    host = doc.get("host")
    if not host:
        return [{"url": base or "/"}]
    return [{"url": f"{scheme}://{host}{base}"} for scheme in doc.get("schemes") or ["https"]]


def schema(value: Any) -> Any:
    """A Swagger 2 schema in OpenAPI 3.0's words (recursively)."""
    if isinstance(value, list):
        return [schema(v) for v in value]
    if not isinstance(value, Mapping):
        return value
    out: Raw = {}
    for k, v in value.items():
        if k == "x-nullable":
            out["nullable"] = v
        elif k == "discriminator" and isinstance(v, str):
            out[k] = {"propertyName": v}
        elif k == "type" and v == "file":
            out.update(type="string", format="binary")
        elif k in ("properties", "definitions", "patternProperties"):
            out[k] = {name: schema(s) for name, s in v.items()} if isinstance(v, Mapping) else v
        elif k in ("items", "additionalProperties", "not", "allOf", "anyOf", "oneOf"):
            out[k] = schema(v)
        else:
            out[k] = v
    return out


def type_schema(p: Mapping[str, Any]) -> Raw:
    """The schema a non-body parameter's (or its items') own type keywords make."""
    out: Raw = {}
    for k in TYPE_KEYS:
        if k in p:
            out[k] = type_schema(p[k]) if k == "items" and isinstance(p[k], Mapping) else p[k]
    if out.get("type") == "file":
        out.update(type="string", format="binary")
    return out


def parameter(p: Mapping[str, Any]) -> Raw:
    """A path, query, header or cookie parameter."""
    if "$ref" in p:
        return dict(p)
    out: Raw = {k: p[k] for k in PARAM_KEYS if k in p}
    out.update({k: v for k, v in p.items() if k.startswith("x-")})
    if p.get("in") == "path":
        out["required"] = True
    out["schema"] = type_schema(p)
    fmt = p.get("collectionFormat")
    if p.get("type") == "array" and fmt in STYLES:
        style, explode = STYLES[fmt] if p.get("in") == "query" else ("simple", False)
        out.update(style=style, explode=explode)
    return out


def path_item(item: Mapping[str, Any], shared: Mapping[str, Any], produces: list[str], consumes: list[str]) -> Raw:
    out: Raw = {}
    common = [_inline(p, shared) for p in item.get("parameters") or []]
    for key, value in item.items():
        if key in HTTP_METHODS and isinstance(value, Mapping):
            out[key] = operation(value, common, shared, produces, consumes)
        elif key != "parameters":
            out[key] = value
    plain = [parameter(p) for p in common if p.get("in") not in ("body", "formData")]
    if plain:
        out["parameters"] = plain
    return out


def _inline(p: Any, shared: Mapping[str, Any]) -> Raw:
    """A parameter, a $ref to a shared one read in place (body and form parameters cannot stay references)."""
    if isinstance(p, Mapping) and isinstance(p.get("$ref"), str) and p["$ref"].startswith(REFS["#/parameters/"]):
        target = shared.get(p["$ref"][len(REFS["#/parameters/"]):])
        if isinstance(target, Mapping) and target.get("in") in ("body", "formData"):
            return dict(target)
    return dict(p) if isinstance(p, Mapping) else {}


def operation(op: Mapping[str, Any], common: list[Raw], shared: Mapping[str, Any], produces: list[str],
              consumes: list[str]) -> Raw:
    own = [_inline(p, shared) for p in op.get("parameters") or []]
    mine = {(p.get("in"), p.get("name")) for p in own}
    params = own + [p for p in common if (p.get("in"), p.get("name")) not in mine]  # (the operation's win)
    media = op.get("consumes") or consumes
    out: Raw = {k: v for k, v in op.items() if k not in ("parameters", "responses", "consumes", "produces", "schemes")}
    plain = [parameter(p) for p in own if p.get("in") not in ("body", "formData")]
    if plain:
        out["parameters"] = plain
    body = request_body(params, media)
    if body is not None:
        out["requestBody"] = body
    out["responses"] = {str(code): response(r, op.get("produces") or produces)
                        for code, r in (op.get("responses") or {}).items()}
    return out


def request_body(params: list[Raw], media: list[str]) -> Raw | None:
    """The body parameter's schema, or the form parameters as one object, under each media type consumed."""
    body = next((p for p in params if p.get("in") == "body"), None)
    if body is not None:
        out: Raw = {"content": {m: {"schema": schema(body.get("schema") or {})} for m in media}}
        out.update({k: body[k] for k in ("description", "required") if k in body})
        return out
    form = [p for p in params if p.get("in") == "formData"]
    if not form:
        return None
    properties = {}
    for p in form:
        prop = type_schema(p)
        if "description" in p:
            prop["description"] = p["description"]
        properties[p.get("name", "")] = prop
    obj: Raw = {"type": "object", "properties": properties}
    required = [p.get("name", "") for p in form if p.get("required")]
    if required:
        obj["required"] = required
    forms = [m for m in media if m in FORMS] or \
        [FORMS[1] if any(p.get("type") == "file" for p in form) else FORMS[0]]
    return {"content": {m: {"schema": obj} for m in forms}, **({"required": True} if required else {})}


def response(r: Any, produces: list[str]) -> Any:
    if not isinstance(r, Mapping) or "$ref" in r:
        return r
    out: Raw = {"description": r.get("description", "")}
    out.update({k: v for k, v in r.items() if k.startswith("x-")})
    if r.get("headers"):
        out["headers"] = {name: {"description": h.get("description", ""), "schema": type_schema(h)}
                          for name, h in r["headers"].items() if isinstance(h, Mapping)}
    examples = r.get("examples")
    examples = examples if isinstance(examples, Mapping) else {}
    content: Raw = {}
    if "schema" in r:
        content = {m: {"schema": schema(r["schema"])} for m in produces}
    for m, example in examples.items():
        content.setdefault(m, {})["example"] = example
    if content:
        out["content"] = content
    return out


def security(s: Any) -> Any:
    if not isinstance(s, Mapping):
        return s
    kind = s.get("type")
    extra = {k: s[k] for k in ("description",) if k in s}
    if kind == "basic":
        return {"type": "http", "scheme": "basic", **extra}
    if kind == "oauth2":
        flow: Raw = {"scopes": s.get("scopes") or {}}
        for key in ("authorizationUrl", "tokenUrl"):
            if key in s:
                flow[key] = s[key]
        return {"type": "oauth2", "flows": {FLOWS.get(s.get("flow", ""), "implicit"): flow}, **extra}
    return dict(s)


__all__ = ["is_swagger2", "to_openapi3"]
