"""RapiDoc 9 (`<rapi-doc>`): the whole reference lives in open shadow roots, and the default render style
("focused") shows one operation at a time, chosen in the sidebar.

Each operation is focused through its own sidebar link and read whole in one call (rapidoc.js): its parameter
tables, its body's schema tree (rendered fully expanded, every oneOf/anyOf branch at once), every CODE SAMPLES
panel (all are in the DOM, hidden ones included) and the response examples of every status. The other render
styles ("read", "view") show the same components on one long page; the page's configuration decides, and the
pages this reads use the default. On a big spec RapiDoc keeps its main thread busy for a minute and more before
the sidebar shows: the engine's wait covers that, and every call here is bounded by the read's time left.
"""

from __future__ import annotations

from playwright.sync_api import Page

from .reading import Raw, Reading

NAME = "rapidoc"
MARKERS = (b"<rapi-doc", b"rapidoc-min.js")
READY = "rapi-doc .nav-bar-path[data-content-id]"  # the sidebar's operation links: the spec is parsed and rendered
SAMPLES = "all"


def read(page: Page, ctx: Reading) -> list[Raw]:
    ctx.install()
    ops: list[Raw] = ctx.call("operations")
    if not ops:
        raise ctx.error("lists no operations under paths")
    records: list[Raw] = []
    for i, op in enumerate(ops):
        ctx.check_time(f"reading {len(ops)} operations ({i} read)")
        records.append(ctx.call("read", op["id"], op["tags"], ctx.max_depth, ctx.left_ms))
        ctx.progress("operations", i + 1, len(ops))
    return records


__all__ = ["MARKERS", "NAME", "READY", "SAMPLES", "read"]
