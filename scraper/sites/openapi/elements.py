"""Stoplight Elements (`<elements-api router="hash">`): one operation per hash route, tags as collapsed sidebar
groups, nested rows behind chevrons and "Pick a type" pickers, one request sample per language behind a menu.

The in-page reader (`elements.js`) opens every sidebar group once, then per operation routes to it and reads it
whole in one call: it reveals every row to the depth cap through every oneOf/anyOf branch, reads each response
tab's example, and picks through the Request Sample menu to keep only the spec's samples (see `samples` there).
Here the branches' rows become one tree and each operation one endpoint record.
"""

from __future__ import annotations

import re
from typing import Any

from .reading import Raw, Reading

NAME = "elements"
MARKERS = (b"<elements-api", b"@stoplight/elements")
READY = ".ElementsTableOfContentsItem"  # the sidebar, drawn once the spec is parsed (operations sit in groups)
SAMPLES = "elements"
SPEC_URLS = (r"""<elements-api\b[^>]*\bapiDescriptionUrl=['"]([^'"]+)['"]""",)
SPEC_EMBEDS = ((r"<elements-api\b[^>]*\bapiDescriptionDocument=(['\"])", "attribute", ()),)
ANCHOR = "#/operations/{operation_id}"
PAGES = 1  # one page: a sample the page has not shown within SETTLE_MS (elements.js) is read as it is, and a second
#           page's work on the other core made that happen (3 of 298 samples, once in four runs)
VARIANT = re.compile(r"^(?P<lang>.+?) \((?P<variant>[^()]+)\)$")  # `C# (Streaming)`: a custom entry's label


def read(page: Any, ctx: Reading) -> list[Raw]:
    ctx.install()
    items = ctx.prepare("toc")
    got = ctx.each("operation", [(item["href"], item["title"], ctx.max_depth) for item in items], "operations")
    return [record(item, op) for item, op in zip(items, got, strict=True)]


def record(item: Raw, op: Raw) -> Raw:
    """One endpoint record from the sidebar item and what its route showed."""
    href = item["href"]
    return {"method": op["method"], "path": op["path"], "title": op["title"] or item["title"],
            "description": op["description"], "description_html": op["description_html"],
            "deprecated": op["deprecated"], "tags": [item["tag"]] if item["tag"] else [],
            "operation_id": href.removeprefix("#/operations/"), "anchor": href,
            "groups": [dict(g, properties=union_rows(g["properties"])) for g in op["groups"]],
            "examples": examples(op["samples"], op["responses"])}


def union_rows(rows: list[Raw]) -> list[Raw]:
    """Rows read branch after branch (every oneOf/anyOf choice) as one depth-first tree: a name seen again under
    the same parent is the first row of that name, and the later branch's children join its children."""
    root: Raw = {"children": {}}
    stack = [root]
    for row in rows:
        del stack[row["depth"] + 1:]
        node = stack[-1]["children"].setdefault(row["name"] or "", {"row": row, "children": {}})
        stack.append(node)
    out: list[Raw] = []

    def walk(node: Raw) -> None:
        for child in node["children"].values():
            out.append(child["row"])
            walk(child)

    walk(root)
    return out


def examples(samples: list[Raw], responses: list[Raw]) -> list[Raw]:
    """Samples grouped by variant: built-in languages show no label of their own (variant ""), custom entries
    carry the x-codeSample label (`C# (Streaming)`). Response examples go on the first example."""
    by_variant: dict[str, Raw] = {}
    for s in samples:
        m = VARIANT.match(s["label"]) if s["custom"] else None
        lang, variant = (m["lang"], m["variant"]) if m else (s["label"], "")
        ex = by_variant.setdefault(variant, {"variant": variant, "request": {}, "labels": {}})
        ex["request"][lang.lower()] = s["code"]
        ex["labels"][lang.lower()] = s["label"]
    out = sorted(by_variant.values(), key=lambda ex: ex["variant"] != "")
    if responses:
        if not out:
            out.append({"variant": "", "request": {}, "labels": {}})
        out[0]["responses"] = responses
    return out
