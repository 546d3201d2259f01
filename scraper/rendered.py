"""A reference rendered from an OpenAPI spec in the browser (Redoc, Scalar, Swagger UI, RapiDoc, Elements): load the
page in Chromium, wait until its operations show, let the renderer's adapter (`scraper.sites.openapi`) reveal and
read every operation, then merge, store and convert like any other kind of site. Unless told to read the page
(`--read page`), the OpenAPI document the page fetches is caught on its way in and read instead
(`scraper.spec_site`): a page whose HTML does not name its spec (a configuration in a script) gets here.

    landing page ──Chromium──> rendered (the adapter's READY selector, then a DOM that stops growing)
        ──adapter.read──> endpoint records (every operation, row, sample and response the renderer can show)
        ──records──────> Section per endpoint (id `<path>/<method>`), one group section per tag
        ──store────────> manifest.json, sections/, markdown/, reference.md (atomically)

The browser is bounded: a page that never renders, or a read that does not finish in time, is a PageError naming
the renderer and the page. Requests other than GET and HEAD never leave the page: a renderer's "Try it" cannot
reach the documented API.
"""

from __future__ import annotations

import os
import re
import time
from collections.abc import Callable
from typing import Any

from .browser import VIEWPORT, browser_agent, goto, launched
from .errors import PageError, SpecError, first_line
from .openapi_snapshot import write_records
from .sites.openapi import ADAPTERS
from .sites.openapi.reading import Reading
from .snapshot import Manifest, PageRecord
from .spec_site import spec_page, web_records, write_spec_snapshot

Raw = dict[str, Any]
Progress = Callable[[str, int, int], None]
RENDER_TIMEOUT_S = 300.0  # a big spec can keep a renderer's main thread busy for a minute and more (RapiDoc)
STABLE_S = 1.5  # the page is rendered once its DOM size (shadow roots included) holds this long
POLL_S = 0.25
SPEC_SIGN = re.compile(rb"[\"']?(openapi|swagger)[\"']?\s*:")  # near the top of an OpenAPI document, JSON or YAML
DOM_SIZE_JS = """() => {
  let n = 0;
  const walk = root => {
    for (const el of root.querySelectorAll('*')) { n++; if (el.shadowRoot) walk(el.shadowRoot); }
  };
  walk(document);
  return n;
}"""


def scrape_rendered(url: str, out: Any, renderer: str, timeout: float | None = None, max_depth: int = 12,
                    browser: str | None = None, markdown: bool = True, progress: Progress = lambda *_: None,
                    read: str = "page") -> Manifest:
    """Read the renderer's page at url into a snapshot at out (written only when everything was read). Unless
    `read` is `page`, the OpenAPI document the page loads is read instead of the page, once it arrived."""
    adapter = ADAPTERS[renderer]
    timeout = timeout or RENDER_TIMEOUT_S
    t0 = time.monotonic()
    with launched(browser) as chromium:
        context = chromium.new_context(viewport=VIEWPORT, user_agent=browser_agent(chromium))
        context.route("**/*", lambda route: route.abort() if route.request.method not in ("GET", "HEAD")
                      else route.continue_())
        page = context.new_page()
        catcher = SpecCatcher(renderer, max_depth)
        if read != "page":
            page.on("response", catcher.seen)
        progress("render", 0, 1)
        goto(page, url, timeout)
        found = catcher.wait(page, url, adapter.READY, timeout) if read != "page" else None
        if found is None and read == "spec":
            raise PageError(f"{renderer} page {url} loads no OpenAPI 3 document apiref can read; "
                            "use --read page to reveal the page itself")
        if found is None:
            wait_rendered(page, renderer, url, adapter.READY, timeout)
            found = catcher.found()  # a spec that came late
        if found is not None:
            title = page.title()
            context.close()
            records, specs = found
            return write_spec_snapshot(records, url, out, renderer, title, max_depth, specs, markdown, t0)
        t1 = time.monotonic()
        progress("render", 1, 1)
        pages = max(1, min(getattr(adapter, "PAGES", 1), os.cpu_count() or 1))
        reading = Reading(page, renderer, url, timeout, max_depth, progress, pages,
                          lambda: rendered_page(context, renderer, url, adapter.READY, timeout))
        records = adapter.read(page, reading)
        title = page.title()
        context.close()
    t2 = time.monotonic()
    if not records:
        raise PageError(f"{renderer} page {url} shows no operations; check the URL (its spec may have none)")
    return write_records(records, url, out, renderer, title, max_depth, markdown, t0, {
        "render_seconds": round(t1 - t0, 3), "read_seconds": round(t2 - t1, 3), "operations": float(len(records))})


class SpecCatcher:
    """The OpenAPI document among what a page fetches (its renderer's configuration may live in a script)."""

    def __init__(self, renderer: str, max_depth: int) -> None:
        self.renderer, self.max_depth = renderer, max_depth
        self.responses: list[Any] = []

    def seen(self, response: Any) -> None:
        request = response.request
        if request.method == "GET" and response.status == 200 and request.resource_type in ("fetch", "xhr"):
            self.responses.append(response)

    def wait(self, page: Any, url: str, ready: str, timeout: float) -> tuple[list[Raw], list[PageRecord]] | None:
        """The spec's records once the page fetched it; None once the page shows operations without having
        fetched one (its spec is built in, say); a PageError when it does neither in time."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            shows = page.locator(ready).count()  # (first: the responses the page rendered from are seen by then)
            found = self.found()
            if found is not None or shows:
                return found
            page.wait_for_timeout(POLL_S * 1000)
        raise never_showed(self.renderer, url, timeout, ready)

    def found(self) -> tuple[list[Raw], list[PageRecord]] | None:
        """The records of the first response that is an OpenAPI 3 document apiref can read, and its page record."""
        from playwright.sync_api import Error as PlaywrightError

        while self.responses:
            response = self.responses.pop(0)
            try:
                body = response.body()
                if SPEC_SIGN.search(body[:65536]) is None:
                    continue
                records, others = web_records(None, body, response.url, self.renderer, self.max_depth)
            except (SpecError, PageError, PlaywrightError):
                continue
            headers = response.headers
            return records, [spec_page(response.url, body, headers.get("etag"), headers.get("last-modified"),
                                       "browser"), *others]
        return None


def rendered_page(context: Any, renderer: str, url: str, ready: str, timeout: float) -> Any:
    """One more page of url in context, rendered."""
    page = context.new_page()
    goto(page, url, timeout)
    wait_rendered(page, renderer, url, ready, timeout)
    return page


def never_showed(renderer: str, url: str, timeout: float, ready: str) -> PageError:
    return PageError(f"{renderer} page {url} never showed its operations within {timeout:g}s "
                     f"(waited for {ready!r}); raise --timeout, or check the URL in a browser")


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
        raise never_showed(renderer, url, timeout, ready) from None
    except PlaywrightError as e:
        raise PageError(f"{renderer} page {url} failed while rendering ({first_line(e)})") from None
