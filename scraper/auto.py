"""`apiref scrape` for any kind of site: tell the kind from the landing page, then run that kind's pipeline
(the multi-page crawl for Stainless sites, the in-browser reveal for the legacy single page)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from .crawl import CrawlOptions, Progress, crawl, landing_page, no_progress
from .errors import PageError
from .fetch import Fetcher
from .profile import load_profile
from .scrape import Budgets, scrape
from .sites import KINDS, detect, openapi
from .snapshot import Manifest

DEFAULT_URL = "https://developers.openai.com/api/reference"  # the OpenAI API reference since 2026 (Stainless)
DEFAULT_BUDGETS, DEFAULT_OPTIONS = Budgets(), CrawlOptions()  # frozen: one instance serves every call


def scrape_site(url: str | None, out: Path, kind: str | None = None, profile: str | None = None,
                budgets: Budgets = DEFAULT_BUDGETS, options: CrawlOptions = DEFAULT_OPTIONS, markdown: bool = True,
                progress: Progress = no_progress, said: Callable[[str], None] = lambda _: None) -> Manifest:
    """Scrape url (default: the live OpenAI reference) into a snapshot at out, whatever kind of site it is.
    `kind` forces one (stainless, legacy, redoc, ...); a `profile` means the legacy single-page pipeline."""
    url = url or DEFAULT_URL
    options.check()
    if kind is not None and kind not in KINDS:
        raise PageError(f"unknown site kind {kind!r}; use one of {', '.join(KINDS)}")
    if profile is not None or kind == "legacy":
        return legacy(url, out, profile, budgets, options, markdown, progress, said)
    if kind in openapi.NAMES:
        return rendered(url, out, kind, options, markdown, progress, said)
    with Fetcher(url, concurrency=options.concurrency, timeout=options.page_timeout,
                 max_bytes=options.max_page_mb * 2**20) as fetcher:
        landing = landing_page(fetcher, url, options)
        found = detect(fetcher, url, landing)
        if found.kind == "legacy":
            return legacy(url, out, profile, budgets, options, markdown, progress, said)
        if found.kind in openapi.NAMES:
            return rendered(url, out, found.kind, options, markdown, progress, said)
        said(f"{url}: a Stainless docs site; crawling every page of every language")
        return crawl(url, out, options, progress, fetcher, landing)


def legacy(url: str, out: Path, profile: str | None, budgets: Budgets, options: CrawlOptions, markdown: bool,
           progress: Progress, said: Callable[[str], None]) -> Manifest:
    loaded = load_profile(profile)
    said(f"{url}: a single-page reference (profile {loaded.name}); revealing it in Chromium")
    return scrape(url, out, loaded, budgets, browser=options.browser, timeout=options.timeout,
                  markdown=markdown, progress=progress)


def rendered(url: str, out: Path, kind: str, options: CrawlOptions, markdown: bool, progress: Progress,
             said: Callable[[str], None]) -> Manifest:
    from .rendered import scrape_rendered  # imports Playwright: only for the sites that need it

    said(f"{url}: an OpenAPI reference rendered by {kind}; revealing every operation in Chromium")
    return scrape_rendered(url, out, kind, options.timeout, options.max_depth, options.browser, markdown, progress)
