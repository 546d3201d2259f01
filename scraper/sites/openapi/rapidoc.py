"""RapiDoc 9 (`<rapi-doc>`): the whole reference lives in open shadow roots, and the default render style
("focused") shows one operation at a time, chosen in the sidebar.

Each operation is focused through its own sidebar link and read whole in one call (rapidoc.js): its parameter
tables, its body's schema tree (rendered fully expanded, every oneOf/anyOf branch at once), every CODE SAMPLES
panel (all are in the DOM, hidden ones included) and the response examples of every status. The page's configuration
decides the style: "read" renders every operation the same way on one long page (its sidebar links scroll, and
the operation is already there); "view" lists collapsed rows without a sidebar and is refused with a clear error.
On a big spec RapiDoc keeps its main thread busy for a minute and more before the sidebar shows: the engine's
wait covers that, and every call here is bounded by the read's time left.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .reading import Raw, Reading

if TYPE_CHECKING:
    from playwright.sync_api import Page

NAME = "rapidoc"
MARKERS = (b"<rapi-doc", b"rapidoc-min.js")
# The sidebar's operation links ("focused" and "read" styles), or the operations' collapsed rows ("view", no sidebar):
# the spec is parsed and rendered.
READY = "rapi-doc .nav-bar-path[data-content-id], rapi-doc section.m-endpoint"
STYLES = ("focused", "read")  # render styles with a sidebar whose links show each operation whole
SAMPLES = "all"
SPEC_URLS = (r"""<rapi-doc\b[^>]*\bspec-url=['"]([^'"]+)['"]""",)
SPEC_EMBEDS: tuple[tuple[str, str, tuple[str, ...]], ...] = ()  # `loadSpec(...)` is JavaScript: revealed
ANCHOR = "#{method}-{path_dashed}"
MARGIN_MS = 2000  # the in-page wait gives up this much before the call's own timeout, so its error names the operation


def read(page: Page, ctx: Reading) -> list[Raw]:
    ctx.install()
    listed: Raw = ctx.call("operations")
    if listed["style"] not in STYLES:
        raise ctx.error(f"uses RapiDoc's render-style {listed['style']!r}, which apiref does not read",
                        f"apiref reads render-style {' or '.join(STYLES)}")
    ops: list[Raw] = listed["ops"]
    if not ops:
        raise ctx.error("lists no operations under paths")
    records: list[Raw] = []
    for i, op in enumerate(ops):
        records.append(ctx.call("read", op["id"], op["tags"], ctx.max_depth, max(1.0, ctx.timeout * 1000 - MARGIN_MS)))
        ctx.progress("operations", i + 1, len(ops))
    return records


__all__ = ["MARKERS", "NAME", "READY", "SAMPLES", "read"]
