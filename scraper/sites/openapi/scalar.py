"""The Scalar adapter (@scalar/api-reference): a Vue page that renders every operation as a section, but only the
first tag's sections until each other tag's "Show all <Tag> endpoints" is pressed, and that hides nested rows,
oneOf/anyOf branches, bodies' additional properties and code samples behind buttons and listboxes.

The reading happens in the page (`scalar.js`), one call per operation (on as many pages as the engine opens): it
opens every nested row to the depth cap, visits every branch of every composition (one is shown at a time; rows are
unioned by name), picks each spec sample in the client picker and clicks each response tab. Only the picker's "Code
Examples" group holds the spec's x-codeSamples (the rest are generated clients, not samples), and Scalar keys those
by lang, so only the first sample of each lang can be shown.
"""

from __future__ import annotations

import re
from typing import Any

from .reading import Raw, Reading

NAME = "scalar"
MARKERS = (b"@scalar/api-reference", b"createApiReference", b'id="api-reference"')
READY = '[id*="/GET/"], [id*="/POST/"], [id*="/PUT/"], [id*="/PATCH/"], [id*="/DELETE/"]'  # operation sections
SAMPLES = "first-per-lang"
SPEC_URLS = (r"""createApiReference\([^)]*?\burl\s*:\s*['"]([^'"]+)['"]""",
             r"""<script\b[^>]*\bid=['"]api-reference['"][^>]*\bdata-url=['"]([^'"]+)['"]""",
             r"""<script\b[^>]*\bdata-url=['"]([^'"]+)['"][^>]*\bid=['"]api-reference['"]""")
SPEC_EMBEDS = ((r"""<script\b(?=[^>]*\bid=['"]api-reference['"])(?=[^>]*\btype=['"]application/json['"])[^>]*>""",
                "element", ()),)  # the spec inside the configuration's script element
ANCHOR = "#tag/{tag_slug}/{METHOD}{path}"
PAGES = 2  # a read waits for each re-render (a click, a pick) as much as it computes: two pages keep two cores busy

SHOW_ALL_SETTLE_S = 1.0  # the sections "Show all" renders are in place once their count holds this long
MARGIN_S = 2.0  # the in-page wait gives up this much before the call's own timeout, so its error says what it saw
LABEL = re.compile(r"^(?P<lang>.+?)(?: \((?P<variant>[^()]+)\))?$")  # `Python (Streaming)` -> python, Streaming


def read(page: Any, ctx: Reading) -> list[Raw]:
    """Every operation of the page, in page order (an operation listed under several tags once, with all tags)."""
    ctx.install()
    ops = unique(ctx.prepare("showAll", SHOW_ALL_SETTLE_S * 1000, max(1.0, ctx.timeout - MARGIN_S) * 1000))
    got = ctx.each("readOperation", [(op["id"], ctx.max_depth) for op in ops], "read")
    return [record(op, g) for op, g in zip(ops, got, strict=True)]


def unique(listed: list[Raw]) -> list[Raw]:
    """The operations once each, in page order, with every tag they are listed under."""
    ops: dict[tuple[str, str], Raw] = {}
    for op in listed:
        seen = ops.setdefault((op["method"], op["path"]), dict(op, tags=[]))
        if op["tag"] and op["tag"] not in seen["tags"]:
            seen["tags"].append(op["tag"])
    return list(ops.values())


def record(op: Raw, got: Raw) -> Raw:
    return {"kind": "endpoint", "method": got["method"], "path": got["path"], "title": got["title"],
            "description": got["description"], "description_html": got["description_html"],
            "deprecated": got["deprecated"], "tags": op["tags"], "operation_id": None, "anchor": op["anchor"],
            "groups": got["groups"], "examples": examples(got["samples"], got["responses"])}


def examples(samples: list[Raw], responses: list[Raw]) -> list[Raw]:
    """The samples grouped by variant (`curl (Default)` and `Python (Default)` are one example); the response
    samples go on the first example."""
    by_variant: dict[str, Raw] = {}
    for s in samples:
        lang, variant = split_label(s["label"])
        ex = by_variant.setdefault(variant, {"variant": variant, "request": {}, "labels": {}})
        ex["request"][lang] = s["code"]
        ex["labels"][lang] = s["label"]
    out = list(by_variant.values())
    if responses:
        if not out:
            out.append({"variant": "", "request": {}, "labels": {}})
        out[0]["responses"] = responses
    return out


def split_label(label: str) -> tuple[str, str]:
    """A picker label's lang and variant: `Node.js (Default)` -> (`node.js`, `Default`), `curl` -> (`curl`, "")."""
    m = LABEL.match(label.strip())
    if not m:
        return label.strip().lower(), ""
    return m["lang"].lower(), m["variant"] or ""
