"""OpenAPI reference renderers: one small adapter per renderer (Redoc, Scalar, Swagger UI, RapiDoc, Stoplight
Elements), each a module here with its in-page script beside it (`<name>.js`).

A renderer's page is one HTML shell that loads an OpenAPI spec and renders it in the browser, hiding most of it
(collapsed operations, tabs, pickers, one route at a time, shadow DOM). Each adapter reveals what its renderer
hides and reads the operations into endpoint records; the engine (`scraper.rendered`) loads the page, bounds the
time, merges and stores the records like any other kind of site.

An adapter module defines:

    NAME: str                 the kind of site (`redoc`)
    MARKERS: tuple[bytes,...]  any one in the landing HTML names the renderer (its bundle, its element)
    READY: str                what shows once the page rendered its operations (a CSS selector Playwright
                              understands: it pierces open shadow roots)
    SAMPLES: str              which x-codeSamples of an operation the renderer can show: `all`, `first-per-lang`,
                              `elements` (see `shown_samples`) or `none` (apiref audit uses this)
    SPEC_URLS: tuple[str,...]  regular expressions whose first group is the spec's URL where the landing HTML names it
                              (the renderer's configuration); relative URLs are read against the page
    SPEC_EMBEDS: tuple[...]   where a bundled page carries the spec itself: (regular expression that ends where the
                              document starts, form, keys): form `json` (a JSON value there, the document under
                              `keys`), `element` (the text up to `</script>`), `attribute` (the quoted value whose
                              opening quote the expression's first group matched, HTML-escaped)
    ANCHOR: str               the page's own link to an operation, from `{tag}`, `{tag_dashed}`, `{tag_slug}`,
                              `{tag_underscored}`, `{operation_id}`, `{method}`, `{METHOD}`, `{path}`,
                              `{path_dashed}` (braces as dashes)
    read(page, ctx) -> list[Raw]   reveal and read every operation of the loaded page (see `Reading`)
    PAGES: int                (optional, 1 if absent) pages read at once, up to the machine's cores: more than 1
                              where a read of one page waits on the renderer more than it computes

Endpoint records (plain dicts, the shape `scraper.merge` takes):

    {"kind": "endpoint", "method": "POST", "path": "/chat/completions", "title": summary,
     "description": plain text | None, "description_html": HTML | None, "deprecated": bool,
     "tags": [tag, ...], "operation_id": str | None, "anchor": the page's own link to it (hash) | None,
     "groups": [{"key": "path" | "query" | "header" | "cookie" | "body", "title": "Query parameters",
                 "encoding": "application/json" | None,
                 "properties": [{"name", "depth" (0 = top level), "type", "optional": bool,
                                 "description", "description_html", "deprecated": bool,
                                 "default": str | None, "constraints": str | None,
                                 "annotation": str | None (`One of`), "expandable": bool}, ...]}],
     "examples": [{"variant": "" | "Streaming", "request": {lang: exact code}, "labels": {lang: tab label},
                   "responses": [{"label": "200", "code": "..."}]}]}

`lang` is the sample's language as the page names it, lower-cased, without the variant: the tab `Python
(Streaming)` is lang `python`, variant `Streaming`. Ids (sections and rows) are made by the engine.
"""

from __future__ import annotations

import json
import re
from html import unescape
from types import ModuleType
from typing import Any
from urllib.parse import urljoin

from . import elements, rapidoc, redoc, scalar, swagger

ADAPTERS: dict[str, ModuleType] = {m.NAME: m for m in (redoc, scalar, swagger, rapidoc, elements)}
NAMES = tuple(ADAPTERS)


def recognize(body: bytes) -> str | None:
    """The renderer whose markers the landing page holds, or None."""
    for name, adapter in ADAPTERS.items():
        if any(m in body for m in adapter.MARKERS):
            return name
    return None


def spec_url(name: str, body: bytes, page_url: str) -> str | None:
    """The URL of the OpenAPI document the renderer's page loads, where its HTML names it; else None."""
    text = body.decode("utf-8", "replace")
    for pattern in ADAPTERS[name].SPEC_URLS:
        found = re.search(pattern, text, re.S)
        if found and found.group(1).strip():
            return str(urljoin(page_url, found.group(1).strip()))
    return None


def embedded_spec(name: str, body: bytes) -> Any:
    """The OpenAPI document a bundled page carries in its HTML (parsed, or its JSON or YAML text); else None."""
    text = body.decode("utf-8", "replace")
    for pattern, form, keys in ADAPTERS[name].SPEC_EMBEDS:
        found = re.search(pattern, text, re.S)
        if found is None:
            continue
        start = found.end()
        if form == "json":
            try:
                value: Any = json.JSONDecoder().raw_decode(text, start)[0]
            except ValueError:
                continue
            for key in keys:
                value = value.get(key) if isinstance(value, dict) else None
            if isinstance(value, dict):
                return value
        elif form == "element":
            value = text[start:text.find("</script", start)].strip()
        else:
            value = unescape(text[start:text.find(found.group(1), start)]).strip()
        if isinstance(value, str) and value:
            return value
    return None


def anchor(name: str, record: dict[str, Any]) -> str | None:
    """The renderer's own link to an operation record (None where its template needs what the record lacks)."""
    tag = (record.get("tags") or [""])[0]
    fields = {"tag": tag, "tag_dashed": re.sub(r"\s+", "-", tag), "tag_underscored": re.sub(r"\s+", "_", tag),
              "tag_slug": re.sub(r"[^a-z0-9]+", "-", tag.lower()).strip("-"),
              "operation_id": record.get("operation_id"),
              "method": record["method"].lower(), "METHOD": record["method"].upper(), "path": record["path"],
              "path_dashed": re.sub(r"[{}]", "-", record["path"])}
    template: str = ADAPTERS[name].ANCHOR
    needed = re.findall(r"\{(\w+)\}", template)
    if any(not fields.get(key) for key in needed):
        return None
    return template.format(**fields)


__all__ = ["ADAPTERS", "NAMES", "anchor", "embedded_spec", "recognize", "spec_url"]
