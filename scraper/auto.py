"""`apiref scrape` for any kind of site: tell the kind from the landing page, then run that kind's pipeline
(the multi-page crawl for Stainless sites, the in-browser reveal for the legacy single page)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from .crawl import CrawlOptions, Progress, crawl, landing_page, no_progress
from .errors import PageError
from .fetch import Fetched, Fetcher, OffsiteError
from .profile import load_profile
from .scrape import Budgets, scrape
from .sites import KINDS, detect, openapi
from .snapshot import Manifest

DEFAULT_URL = "https://developers.openai.com/api/reference"  # the OpenAI API reference since 2026 (Stainless)
DEFAULT_BUDGETS, DEFAULT_OPTIONS = Budgets(), CrawlOptions()  # frozen: one instance serves every call


def scrape_site(url: str | None, out: Path, kind: str | None = None, profile: str | None = None,
                budgets: Budgets = DEFAULT_BUDGETS, options: CrawlOptions = DEFAULT_OPTIONS, markdown: bool = True,
                progress: Progress = no_progress, said: Callable[[str], None] = lambda _: None,
                follow: bool = True) -> Manifest:
    """Scrape url (default: the live OpenAI reference) into a snapshot at out, whatever kind of site it is.
    `kind` forces one (stainless, legacy, redoc, ...); a `profile` means the legacy single-page pipeline. A
    landing page that redirects to another site (a reference that moved) is followed there once, if `follow`."""
    url = url or DEFAULT_URL
    options.check()
    if kind is not None and kind not in KINDS:
        raise PageError(f"unknown site kind {kind!r}; use one of {', '.join(KINDS)}")
    if profile is not None or kind == "legacy":
        return legacy(url, out, profile, budgets, options, markdown, progress, said)
    if kind in openapi.NAMES and options.read == "page":
        return rendered(url, out, kind, options, markdown, progress, said)
    with Fetcher(url, concurrency=options.concurrency, timeout=options.page_timeout,
                 max_bytes=options.max_page_mb * 2**20) as fetcher:
        try:
            landing = landing_page(fetcher, url, options)
        except OffsiteError as moved:
            if not follow:
                raise
            moved_to = moved.target
        else:
            return from_landing(url, out, kind, profile, budgets, options, markdown, progress, said, fetcher, landing)
    said(f"{url} redirects to {moved_to}, another site: reading that")  # (a reference that moved, such as OpenAI's)
    return scrape_site(moved_to, out, kind, profile, budgets, options, markdown, progress, said, follow=False)


def from_landing(url: str, out: Path, kind: str | None, profile: str | None, budgets: Budgets, options: CrawlOptions,
                 markdown: bool, progress: Progress, said: Callable[[str], None], fetcher: Fetcher,
                 landing: Fetched) -> Manifest:
    """The pipeline for the kind of site whose landing page this is."""
    found = detect(fetcher, url, landing) if kind is None else None
    if found is not None and found.kind == "legacy":
        return legacy(url, out, profile, budgets, options, markdown, progress, said)
    renderer = kind if kind in openapi.NAMES else found.kind if found is not None else None
    if renderer in openapi.NAMES:
        return rendered(url, out, str(renderer), options, markdown, progress, said, (fetcher, landing))
    said(f"{url}: a Stainless docs site; crawling every page of every language")
    return crawl(url, out, options, progress, fetcher, landing)


def legacy(url: str, out: Path, profile: str | None, budgets: Budgets, options: CrawlOptions, markdown: bool,
           progress: Progress, said: Callable[[str], None]) -> Manifest:
    loaded = load_profile(profile)
    said(f"{url}: a single-page reference (profile {loaded.name}); revealing it in Chromium")
    return scrape(url, out, loaded, budgets, browser=options.browser, timeout=options.timeout,
                  markdown=markdown, progress=progress)


def rendered(url: str, out: Path, kind: str, options: CrawlOptions, markdown: bool, progress: Progress,
             said: Callable[[str], None], fetched: tuple[Fetcher, Fetched] | None = None) -> Manifest:
    """A renderer's page: from the spec its HTML names (plain HTTP), else in Chromium (which catches the spec as
    the page loads it, unless `--read page`)."""
    if fetched is not None and options.read != "page":
        from .spec_site import from_spec  # (OpenAPI parsing: only for the sites that need it)

        fetcher, landing = fetched
        done = from_spec(url, out, kind, fetcher, landing, options.max_depth, markdown, said,
                         strict=options.read == "spec")
        if done is not None:
            return done
    from .rendered import scrape_rendered  # imports Playwright: only for the sites that need it

    said(f"{url}: an OpenAPI reference rendered by {kind}; "
         + ("revealing every operation in Chromium" if options.read == "page" else "loading it in Chromium"))
    return scrape_rendered(url, out, kind, options.timeout, options.max_depth, options.browser, markdown, progress,
                           options.read)
