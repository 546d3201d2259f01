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
    Browser,
    Error as PlaywrightError,
    Page,
    TimeoutError as PlaywrightTimeout,
    ViewportSize,
    sync_playwright,
)

from .errors import BrowserError, PageError, first_line
from .fetch import USER_AGENT_TOKEN
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
            raise PageError(f"the page failed while revealing ({fn}: {first_line(e)}); "
                            "try again or check the profile") from None


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
def launched(browser: str | None = None) -> Iterator[Browser]:
    """A headless Chromium (found as find_browser says), closed afterwards."""
    with sync_playwright() as pw:
        path = find_browser(browser, managed_chromium(pw))
        try:
            chromium = pw.chromium.launch(executable_path=path, headless=True, args=launch_args())
        except PlaywrightError as e:
            raise BrowserError(f"Chromium at {path} would not start ({first_line(e)}); pass --browser PATH") from None
        try:
            yield chromium
        finally:
            with contextlib.suppress(PlaywrightError):  # (its driver gone already, with Ctrl-C: nothing to close)
                chromium.close()


@contextlib.contextmanager
def open_page(url: str, profile: Profile, browser: str | None = None,
              timeout: float | None = None) -> Iterator[BrowserPage]:
    """Launch Chromium, load url until it shows reference content, install reveal.js; yield the page."""
    timeout = timeout or profile.waits.page_timeout_s
    with launched(browser) as chromium:
        page = chromium.new_context(viewport=VIEWPORT).new_page()
        load(page, url, profile, timeout)
        page.evaluate(resources.files("apiref.scraper").joinpath(REVEAL_JS).read_text(encoding="utf-8"))
        yield BrowserPage(page)


# ---------------------------------------------------------------- multi-page sites: bot checks, client rendering
INTERSTITIAL_JS = """() => ["Just a moment...", "Attention Required!"].includes(document.title)
  || !!document.querySelector("#challenge-running, #challenge-stage, #cf-challenge-running, #challenge-form")"""
CLICK_ALL_JS = "sel => { const els = [...document.querySelectorAll(sel)]; els.forEach(e => e.click()); " \
    "return els.length; }"
COUNT_JS = "sel => document.querySelectorAll(sel).length"
SETTLE_S = 0.05  # between reveal rounds: one React render


def browser_agent(chromium: Browser) -> str:
    """Chromium's own User-Agent with apiref's name added: a bot check sees a browser, a log sees who it was."""
    page = chromium.new_page()
    try:
        return f"{page.evaluate('navigator.userAgent')} {USER_AGENT_TOKEN}"
    finally:
        page.close()


def clear_challenge(url: str, browser: str | None, timeout: float) -> tuple[dict[str, str], str]:
    """Load url in Chromium until its bot check clears; (the cookies it set, the User-Agent it used)."""
    with launched(browser) as chromium:
        agent = browser_agent(chromium)
        context = chromium.new_context(viewport=VIEWPORT, user_agent=agent)
        page = context.new_page()
        goto(page, url, timeout)
        deadline = time.monotonic() + timeout
        while interstitial(page):
            if time.monotonic() > deadline:
                raise PageError(f"{url} stays behind a bot check after {timeout:g}s in Chromium; "
                                "try again later or from another network")
            time.sleep(POLL_S * 4)
        return {c["name"]: c["value"] for c in context.cookies() if "name" in c and "value" in c}, agent


def interstitial(page: Page) -> bool:
    try:
        return bool(page.evaluate(INTERSTITIAL_JS))
    except PlaywrightError:
        return True  # between documents: the check is reloading


def goto(page: Page, url: str, timeout: float) -> None:
    try:
        page.goto(url, wait_until="domcontentloaded", timeout=timeout * 1000)
    except PlaywrightTimeout:
        raise PageError(f"{url} did not answer within {timeout:g}s in Chromium; raise --timeout") from None
    except PlaywrightError as e:
        m = re.search(r"net::ERR_[A-Z_]+", str(e))
        raise PageError(f"{url} is unreachable ({m.group(0) if m else first_line(e)}); check the URL") from None


def render_pages(urls: list[str], ready: str, closed: str, max_depth: int, cookies: dict[str, str], agent: str,
                 browser: str | None, timeout: float) -> dict[str, bytes]:
    """Each page's HTML after Chromium opened every client-rendered expander (selector `closed`) level by level,
    to max_depth levels; a page that never renders or keeps growing past its time is a PageError naming it."""
    out = {}
    with launched(browser) as chromium:
        context = chromium.new_context(viewport=VIEWPORT, user_agent=agent)
        context.add_cookies([{"name": k, "value": v, "url": u} for u in urls[:1] for k, v in cookies.items()])
        page = context.new_page()
        for url in urls:
            goto(page, url, timeout)
            reveal_expanders(page, url, ready, closed, max_depth, timeout)
            out[url] = page.content().encode("utf-8")
    return out


def reveal_expanders(page: Page, url: str, ready: str, closed: str, max_depth: int, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    try:
        page.wait_for_selector(ready, timeout=timeout * 1000, state="attached")
    except PlaywrightTimeout:
        raise PageError(f"{url} never showed its reference content in Chromium within {timeout:g}s; "
                        "raise --timeout") from None
    level, opened = 0, set()
    while level < max_depth:  # one level a round: opening a row renders its children's own closed expanders
        if not page.evaluate(COUNT_JS, closed):
            return
        before = page.evaluate(CLICK_ALL_JS, closed)
        time.sleep(SETTLE_S)
        after = page.evaluate(COUNT_JS, closed)
        if after == before and (after, level) in opened:  # nothing opened: the page's script is not running yet
            if time.monotonic() > deadline:
                raise PageError(f"{url} would not open its client-rendered content within {timeout:g}s in Chromium; "
                                "raise --timeout")
            continue
        opened.add((after, level))
        level += 1 if after != before or not after else 0


def managed_chromium(pw: Any) -> str | None:
    try:
        return str(pw.chromium.executable_path)
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
        why = m.group(0) if m else first_line(e)
        raise PageError(f"{url} is unreachable ({why}); check the URL and that the site is up") from None
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
            raise PageError(f"{url} shows no API reference content after {timeout:g}s "
                            f"(title {state.get('title', '')!r}); check the URL or pass --profile")
        time.sleep(POLL_S)


def page_state(page: Page, markers: dict[str, Any]) -> dict[str, Any] | None:
    """The page's state, or None while it is between documents (a bot check reloading)."""
    try:
        state: dict[str, Any] = page.evaluate(STATE_JS, markers)
        return state
    except PlaywrightError:
        return None
