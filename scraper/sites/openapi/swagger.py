"""Swagger UI 5 (swagger-ui-dist): every operation is a collapsed row; opening one shows its parameters, its
request body (Example Value | Schema tabs, the Schema's nested models collapsed) and each response's example.

From 150 tag and operation rows the list is virtualized: only the rows in the viewport are in the DOM. The
viewport is made as tall as the whole list, so every row renders; rows are then opened, revealed, read and
closed in batches inside the page (swagger.js), a few calls for the whole list. Swagger UI shows no
x-codeSamples (its curl snippet appears only after "Try it out" and "Execute", which sends a real request:
never clicked); the responses' example values are read as response samples.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .reading import Raw, Reading

if TYPE_CHECKING:
    from playwright.sync_api import Page

NAME = "swagger"
MARKERS = (b"swagger-ui-bundle.js", b"SwaggerUIBundle", b"swagger-ui-dist", b"swagger-ui.css")
READY = ".opblock"
SAMPLES = "none"
SPEC_URLS = (r"""SwaggerUIBundle\(\s*\{[^}]*?\burls?\s*:\s*\[?\s*(?:\{[^}]*?\burl\s*:\s*)?['"]([^'"]+)['"]""",)
SPEC_EMBEDS: tuple[tuple[str, str, tuple[str, ...]], ...] = ()  # `spec: {...}` is JavaScript: caught or revealed
ANCHOR = "#/{tag_underscored}/{operation_id}"
BATCH = 32  # rows opened at once: their $refs resolve together, and each level of their schemas is one round
HEIGHT_SLACK = 2000  # px under the list: the virtualizer renders rows a little past the viewport's bottom
LAYOUT_ROUNDS = 4  # a taller viewport renders more rows, whose measured heights lengthen the list again


def read(page: Page, ctx: Reading) -> list[Raw]:
    ctx.install()
    ops = every_row(page, ctx)
    if not ops:
        raise ctx.error("lists no operations under paths")
    done: dict[str, Raw] = {}
    queue = [op["id"] for op in ops]
    meta = {op["id"]: op for op in ops}
    size = BATCH
    while queue:
        batch, queue = queue[:size], queue[size:]
        got = ctx.call("readBatch", [meta[i] for i in batch], ctx.max_depth)
        done.update(got["records"])
        if got["missing"] and len(got["missing"]) == len(batch):
            if size == 1:
                raise ctx.error(f"would not show the operation {meta[batch[0]]['anchor'] or batch[0]}")
            size = 1
        queue = got["missing"] + queue
        ctx.progress("operations", len(done), len(ops))
    return merged([done[op["id"]] for op in ops])


def every_row(page: Page, ctx: Reading) -> list[Raw]:
    """Grow the viewport until the whole (possibly virtualized) list is rendered; the operations in order."""
    from ...browser import VIEWPORT

    ops: list[Raw] = []
    for _ in range(LAYOUT_ROUNDS):
        height = int(ctx.call("height")) + HEIGHT_SLACK
        if height > (page.viewport_size or VIEWPORT)["height"]:
            page.set_viewport_size({"width": VIEWPORT["width"], "height": height})
            ctx.call("settled")
        now: list[Raw] = ctx.call("list")
        if len(now) == len(ops):
            break
        ops = now
    return ops


def merged(records: list[Raw]) -> list[Raw]:
    """One record per operation: an operation listed under several tags is one record with all its tags."""
    by_key: dict[tuple[str, str], Raw] = {}
    for rec in records:
        key = (rec["method"], rec["path"])
        if key in by_key:
            by_key[key]["tags"] += [t for t in rec["tags"] if t not in by_key[key]["tags"]]
        else:
            by_key[key] = rec
    return list(by_key.values())


__all__ = ["MARKERS", "NAME", "READY", "SAMPLES", "read"]
