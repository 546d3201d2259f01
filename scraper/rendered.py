"""A reference rendered from an OpenAPI spec in the browser (Redoc, Scalar, Swagger UI, RapiDoc, Elements): load the
page in Chromium, wait until its operations show, let the renderer's adapter (`scraper.sites.openapi`) reveal and
read every operation, then merge, store and convert like any other kind of site.

    landing page ──Chromium──> rendered (the adapter's READY selector, then a DOM that stops growing)
        ──adapter.read──> endpoint records (every operation, row, sample and response the renderer can show)
        ──records──────> Section per endpoint (id `<path>/<method>`), one group section per tag
        ──store────────> manifest.json, sections/, markdown/, reference.md (atomically)

The browser is bounded: a page that never renders, or a read that does not finish in time, is a PageError naming
the renderer and the page. Requests other than GET and HEAD never leave the page: a renderer's "Try it" cannot
reach the documented API.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from datetime import datetime, timezone
from typing import Any
from urllib.parse import urldefrag

from apiref import __version__

from . import store
from .browser import VIEWPORT, browser_agent, first_line, goto, launched
from .convert import convert_snapshot
from .errors import PageError
from .markup import section_markup
from .merge import section
from .paths import unique_relpaths
from .sites.openapi import ADAPTERS
from .sites.openapi.reading import Reading
from .snapshot import Manifest, Section

Raw = dict[str, Any]
Progress = Callable[[str, int, int], None]
RENDER_TIMEOUT_S = 300.0  # a big spec can keep a renderer's main thread busy for a minute and more (RapiDoc)
STABLE_S = 1.5  # the page is rendered once its DOM size (shadow roots included) holds this long
POLL_S = 0.25
DEFAULT_LANGUAGE = "http"  # a renderer's page is one page: its records are all of one "language"
FENCE_TAGS = {"curl": "bash", "shell": "bash", "bash": "bash", "python": "python", "node.js": "javascript",
              "node": "javascript", "javascript": "javascript", "typescript": "typescript", "c#": "csharp",
              "csharp": "csharp", "go": "go", "java": "java", "ruby": "ruby", "php": "php", "kotlin": "kotlin",
              "swift": "swift", "rust": "rust", "powershell": "powershell", "json": "json"}
DOM_SIZE_JS = """() => {
  let n = 0;
  const walk = root => {
    for (const el of root.querySelectorAll('*')) { n++; if (el.shadowRoot) walk(el.shadowRoot); }
  };
  walk(document);
  return n;
}"""
SLUG = re.compile(r"[^a-z0-9]+")


def scrape_rendered(url: str, out: Any, renderer: str, timeout: float | None = None, max_depth: int = 12,
                    browser: str | None = None, markdown: bool = True, progress: Progress = lambda *_: None
                    ) -> Manifest:
    """Read the renderer's page at url into a snapshot at out (written only when everything was read)."""
    adapter = ADAPTERS[renderer]
    timeout = timeout or RENDER_TIMEOUT_S
    t0 = time.monotonic()
    with launched(browser) as chromium:
        context = chromium.new_context(viewport=VIEWPORT, user_agent=browser_agent(chromium))
        context.route("**/*", lambda route: route.abort() if route.request.method not in ("GET", "HEAD")
                      else route.continue_())
        page = context.new_page()
        progress("render", 0, 1)
        goto(page, url, timeout)
        wait_rendered(page, renderer, url, adapter.READY, timeout)
        t1 = time.monotonic()
        progress("render", 1, 1)
        reading = Reading(page, renderer, url, timeout, max_depth, progress)
        records = adapter.read(page, reading)
        title = page.title()
        context.close()
    t2 = time.monotonic()
    if not records:
        raise PageError(f"{renderer} page {url} shows no operations; check the URL (its spec may have none)")
    manifest, html = assemble(records, url, renderer, title, max_depth)
    per_section, reference = convert_snapshot(manifest, html) if markdown else (None, None)
    manifest.stats.update(render_seconds=round(t1 - t0, 3), read_seconds=round(t2 - t1, 3),
                          seconds=round(time.monotonic() - t0, 3), operations=float(len(records)))
    store.write_snapshot(out, manifest, html, per_section, reference)
    return manifest


def wait_rendered(page: Any, renderer: str, url: str, ready: str, timeout: float) -> None:
    """Until the adapter's READY selector shows and the DOM stops growing; a PageError naming the page when not."""
    from playwright.sync_api import Error as PlaywrightError, TimeoutError as PlaywrightTimeout

    deadline = time.monotonic() + timeout
    try:
        page.locator(ready).first.wait_for(state="attached", timeout=timeout * 1000)
        size, since = -1, time.monotonic()
        while time.monotonic() - since < STABLE_S:
            if time.monotonic() > deadline:
                raise PageError(f"{renderer} page {url} kept changing for {timeout:g}s; raise --timeout")
            now = page.evaluate(DOM_SIZE_JS)
            if now != size:
                size, since = now, time.monotonic()
            time.sleep(POLL_S)
    except PlaywrightTimeout:
        raise PageError(f"{renderer} page {url} never showed its operations within {timeout:g}s "
                        f"(waited for {ready!r}); raise --timeout, or check the URL in a browser") from None
    except PlaywrightError as e:
        raise PageError(f"{renderer} page {url} failed while rendering ({first_line(e)})") from None


# ---------------------------------------------------------------- records -> snapshot
def section_id(raw: Raw) -> str:
    """`/threads/{thread_id}/runs` POST -> `threads/{thread_id}/runs/post`: readable, the same on every renderer."""
    return f"{raw['path'].strip('/')}/{raw['method'].lower()}".lstrip("/")


def tag_id(tag: str) -> str:
    return "tags/" + (SLUG.sub("-", tag.lower()).strip("-") or "untagged")


def with_row_ids(raw: Raw) -> Raw:
    """Each row's id: its group and its dotted path (`body.messages.content`), from the depth-first order; a row
    that names no property (a possible type of a `One of`) adds its type in parentheses, and nothing below it."""
    for g in raw.get("groups", []):
        stack: list[str] = []
        for row in g["properties"]:
            del stack[row["depth"]:]
            stack += [""] * (row["depth"] - len(stack))
            name = str(row.get("name") or "")
            stack.append(name)
            path = ".".join(s for s in stack if s)
            row["id"] = f"{g['key']}.{path}" + ("" if name else f"({row.get('type') or ''})")
            row.setdefault("group", g["key"])
    return raw


def assemble(records: list[Raw], url: str, renderer: str, title: str, max_depth: int
             ) -> tuple[Manifest, dict[str, str]]:
    """Sections in page order: each tag's group section before its first operation, then the operations."""
    origin = urldefrag(url)[0]
    raws: list[Raw] = []
    groups: dict[str, Raw] = {}
    for rec in records:
        rec = with_row_ids(dict(rec, kind="endpoint", language=DEFAULT_LANGUAGE))
        rec["id"] = section_id(rec)
        rec["url"] = origin + rec["anchor"] if rec.get("anchor") else None
        for tag in rec.get("tags") or []:
            if tag not in groups:
                groups[tag] = {"kind": "group", "id": tag_id(tag), "title": tag, "language": DEFAULT_LANGUAGE,
                               "methods": []}
                raws.append(groups[tag])
            groups[tag]["methods"].append({"title": rec.get("title"), "href": rec["url"], "method": rec["method"],
                                           "path": rec["path"]})
        raws.append(rec)
    order = list(dict.fromkeys(r["id"] for r in raws))
    files = unique_relpaths(order)
    sections: list[Section] = []
    html: dict[str, str] = {}
    seen: set[str] = set()
    languages: dict[str, None] = {}
    for raw in raws:
        if raw["id"] in seen:  # the same operation twice (a renderer listing it under two tags): the first stays
            continue
        seen.add(raw["id"])
        by_lang = {DEFAULT_LANGUAGE: raw}
        sec = section(raw["id"], by_lang, DEFAULT_LANGUAGE, FENCE_TAGS)
        sec.file = files[sec.id]
        sec.group = tag_id(raw["tags"][0]) if raw.get("tags") else None
        if sec.kind == "group":
            sec.group = None
        for ex in sec.examples:
            languages.update(dict.fromkeys(ex.request))
        sections.append(sec)
        html[sec.id] = section_markup(sec, by_lang, DEFAULT_LANGUAGE, FENCE_TAGS)
    manifest = Manifest(
        apiref_version=__version__, source_url=url, scraped_at=datetime.now(timezone.utc).isoformat(timespec="seconds"),
        profile=renderer, title=title.strip() or "API reference", origin=origin, max_depth=max_depth,
        languages=list(languages), sections=sections, site_kind=renderer, default_language=DEFAULT_LANGUAGE)
    return manifest, html

