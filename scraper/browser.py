"""The renderer: find a Chromium, launch it headless, open the reference page, get past a bot check, wait for the
reference content, and run the in-page reveal script. The only module that imports Playwright.

The pipeline talks to the page through the small `Renderer` interface (`call` one function of reveal.js), so its
ordering and budgets can be tested with a fake.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import time
from collections.abc import Iterator
from importlib import resources
from pathlib import Path
from typing import Any, Protocol

from playwright.sync_api import (
    Error as PlaywrightError,
    Page,
    TimeoutError as PlaywrightTimeout,
    ViewportSize,
    sync_playwright,
)

from .errors import BrowserError, PageError
from .profile import Profile

SYSTEM_CHROMIUM = Path("/usr/bin/chromium")  # Debian's package, the documented install
LAUNCH_ARGS = ["--disable-background-networking", "--disable-component-update", "--disable-sync"]  # no stray traffic
VIEWPORT: ViewportSize = {"width": 1440, "height": 900}  # a desktop layout: the reference shows its two-column form
POLL_S = 0.025  # how often the page state is checked while waiting (one cheap evaluate)
HTTP_ERROR = 400  # a status from here up is an error page, unless it is a bot check
REVEAL_JS = "reveal.js"
CALL = "async ([fn, args]) => JSON.stringify(await window.__apiref[fn](...args))"  # a string crosses fast
STATE_JS = """m => {
  const q = s => s && document.querySelector(s);
  const err = q(m.error);
  return {title: document.title, ready: !!q(m.ready) && !q(m.loading), loading: !!q(m.loading),
          error: err ? err.textContent.replace(/\\s+/g, ' ').trim() : null,
          interstitial: m.interstitial_titles.includes(document.title) || m.interstitial_markers.some(s => q(s))};
}"""


class Renderer(Protocol):
    """What the pipeline needs from a page: call a reveal.js function and get its JSON result."""

    def call(self, fn: str, *args: Any) -> Any: ...


class BrowserPage:
    """A loaded reference page with reveal.js installed."""

    def __init__(self, page: Page) -> None:
        self.page = page

    def call(self, fn: str, *args: Any) -> Any:
        try:
            return json.loads(self.page.evaluate(CALL, [fn, list(args)]))
        except PlaywrightError as e:
            raise PageError(
                f"the page failed while revealing ({fn}: {first_line(e)}); try again or check the profile"
            ) from None


def first_line(e: BaseException) -> str:
    return (str(e).strip().splitlines() or [type(e).__name__])[0]


def find_browser(explicit: str | None, managed: str | None) -> str:
    """--browser / $APIREF_BROWSER, else a Playwright-managed Chromium, else Debian's; none -> BrowserError."""
    chosen = explicit or os.environ.get("APIREF_BROWSER")
    if chosen:
        if not (os.path.isfile(chosen) and os.access(chosen, os.X_OK)):
            raise BrowserError(f"browser {chosen} not found or not executable; pass --browser PATH to a Chromium")
        return chosen
    for candidate in (managed, str(SYSTEM_CHROMIUM)):
        if candidate and os.path.isfile(candidate) and os.access(candidate, os.X_OK):
            return candidate
    raise BrowserError("no Chromium found; install it with `apt-get install chromium` or pass --browser PATH")


def launch_args() -> list[str]:
    """Chromium's sandbox cannot run as root; keep it otherwise."""
    return LAUNCH_ARGS + (["--no-sandbox"] if os.geteuid() == 0 else [])


@contextlib.contextmanager
def open_page(
    url: str, profile: Profile, browser: str | None = None, timeout: float | None = None
) -> Iterator[BrowserPage]:
    """Launch Chromium, load url until it shows reference content, install reveal.js; yield the page."""
    timeout = timeout or profile.waits.page_timeout_s
    with sync_playwright() as pw:
        path = find_browser(browser, managed_chromium(pw))
        try:
            chromium = pw.chromium.launch(executable_path=path, headless=True, args=launch_args())
        except PlaywrightError as e:
            raise BrowserError(f"Chromium at {path} would not start ({first_line(e)}); pass --browser PATH") from None
        try:
            page = chromium.new_context(viewport=VIEWPORT).new_page()
            load(page, url, profile, timeout)
            page.evaluate(resources.files("apiref.scraper").joinpath(REVEAL_JS).read_text(encoding="utf-8"))
            yield BrowserPage(page)
        finally:
            chromium.close()


def managed_chromium(pw: Any) -> str | None:
    try:
        path: str | None = pw.chromium.executable_path
        return path
    except PlaywrightError:
        return None


def load(page: Page, url: str, profile: Profile, timeout: float) -> None:
    """Navigate, then wait (bounded) through a bot check and late data until the reference content shows."""
    try:
        response = page.goto(url, wait_until="domcontentloaded", timeout=timeout * 1000)
    except PlaywrightTimeout:
        raise PageError(f"{url} did not answer within {timeout:g}s; check the URL or raise --timeout") from None
    except PlaywrightError as e:
        m = re.search(r"net::ERR_[A-Z_]+", str(e))
        raise PageError(
            f"{url} is unreachable ({m.group(0) if m else first_line(e)}); check the URL and that the site is up"
        ) from None
    if response is not None and response.status >= HTTP_ERROR:
        state = page_state(page, profile.page.model_dump()) or {}
        if not (state.get("interstitial") or state.get("ready")):  # a bot check answers 403 and clears itself
            raise PageError(f"{url} answered HTTP {response.status} (title {state.get('title', '')!r}); check the URL")
    wait_ready(page, url, profile, timeout)


def wait_ready(page: Page, url: str, profile: Profile, timeout: float) -> None:
    """Poll the page state; a bot check gets its own budget, the page's own error message ends the wait."""
    markers = profile.page.model_dump()
    start = time.monotonic()
    deadline = start + timeout
    state: dict[str, Any] = {"title": ""}
    while True:
        state = page_state(page, markers) or state
        now = time.monotonic()
        if state.get("ready"):
            return
        if state.get("error"):
            raise PageError(f"{url} failed to load its reference ({state['error']}); try again later")
        if state.get("interstitial"):
            if now - start > profile.waits.interstitial_timeout_s:
                raise PageError(f"{url} stays behind a bot check ({state['title']!r}) after "
                                f"{profile.waits.interstitial_timeout_s:g}s; try again later or from another network")
            deadline = now + timeout
        elif now > deadline:
            raise PageError(
                f"{url} shows no API reference content after {timeout:g}s (title {state.get('title', '')!r}); "
                "check the URL or pass --profile"
            )
        time.sleep(POLL_S)


def page_state(page: Page, markers: dict[str, Any]) -> dict[str, Any] | None:
    """The page's state, or None while it is between documents (a bot check reloading)."""
    try:
        state: dict[str, Any] | None = page.evaluate(STATE_JS, markers)
        return state
    except PlaywrightError:
        return None
