"""The Redoc adapter (npm `redoc`, 2.x): every operation is rendered, collapsed parts are opened in the page.

Redoc renders each operation as `[data-section-id="operation/<operationId>"]` with its parameter tables (nested
rows behind expand buttons, `One of` branches one at a time), "Request samples" tabs (one per x-codeSample, after
a generated "Payload" tab) and "Response samples" tabs (one per status). `redoc.js` opens and reads them in the page,
a few operations per call.
"""

from __future__ import annotations

from typing import Any

from .reading import Raw, Reading

NAME = "redoc"
MARKERS = (b"redoc.standalone.js", b"Redoc.init", b"<redoc ", b"<redoc>")
READY = '[data-section-id^="operation/"]'
SAMPLES = "all"
SPEC_URLS = (r"""Redoc\.init\(\s*['"]([^'"]+)['"]""", r"""<redoc\b[^>]*\bspec-url=['"]([^'"]+)['"]""")
SPEC_EMBEDS = ((r"__redoc_state\s*=\s*", "json", ("spec", "data")),)  # a page built by redoc-cli / redocly build-docs
ANCHOR = "#tag/{tag_dashed}/operation/{operation_id}"
BATCH = 8  # operations read per call: progress and the time bound are checked between calls


def read(page: Any, ctx: Reading) -> list[Raw]:
    ctx.install()
    total = int(ctx.prepare("count"))
    starts = range(0, total, BATCH)
    got = ctx.each("read", [(start, start + BATCH, ctx.max_depth) for start in starts], "operations",
                   [min(BATCH, total - start) for start in starts])
    return [r for batch in got for r in batch if r["path"].startswith("/")]
