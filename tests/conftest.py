"""Shared fixtures: refsite builds (one per spec, per session) and servers on 127.0.0.1."""

from __future__ import annotations

from pathlib import Path

import pytest

from refsite import REFSITE, SPEC_NAMES, build, serve  # noqa: F401  (tests/ is on sys.path under pytest)


def pytest_configure(config):
    if not REFSITE.is_dir():
        raise pytest.UsageError(f"{REFSITE} not found: the tests need ../shared/refsite (or set APIREF_SHARED)")


@pytest.fixture(scope="session")
def refsite_work(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("refsite")


@pytest.fixture(scope="session")
def refsite_build(refsite_work):
    """build(name) -> (site dir, truth dict), built once per session."""
    cache: dict = {}

    def get(name: str):
        if name not in cache:
            cache[name] = build(name, refsite_work)
        return cache[name]

    return get


SCRAPE_MODES = {  # refsite serve.py flags per mode: plain, a bot check, late data, lazily rendered sections
    "plain": (),
    "challenge": ("--challenge", "2"),
    "slow": ("--slow-ms", "1500"),
    "lazy": ("--lazy",),
}


@pytest.fixture(scope="session")
def scraped(refsite_build, tmp_path_factory):
    """scraped(name, mode="plain") -> snapshot dir made by really scraping the served refsite page (cached per
    session). Modes: plain, challenge (--challenge 2), slow (--slow-ms 1500), lazy (--lazy)."""
    from apiref.scraper.profile import load_profile
    from apiref.scraper.scrape import scrape

    root = tmp_path_factory.mktemp("scraped")
    cache: dict = {}

    def get(name: str, mode: str = "plain") -> Path:
        if (name, mode) not in cache:
            site, _ = refsite_build(name)
            out = root / f"{name}-{mode}"
            with serve(site, *SCRAPE_MODES[mode]) as url:
                scrape(url, out, load_profile())
            cache[name, mode] = out
        return cache[name, mode]

    return get


STAINLESS_MODES = {  # stainless serve.py flags per mode: plain, a bot check, a rate limit, slow answers
    "plain": (),
    "challenge": ("--challenge", "2"),
    "rate-limit": ("--rate-limit", "20"),
    "slow": ("--slow-ms", "300"),
}


@pytest.fixture(scope="session")
def stainless_crawled(tmp_path_factory):
    """stainless_crawled(spec, mode="plain", langs=None) -> (snapshot dir, truth file): the real Stainless build of a
    spec (the SDK languages langs, "http,node,..."; None: the renderer's default six), served in a mode and really
    crawled by `apiref.scraper.auto.scrape_site` (cached per session)."""
    from apiref.scraper.auto import scrape_site
    from stainless_site import build, serve_stainless

    root = tmp_path_factory.mktemp("stainless")
    cache: dict = {}

    def get(name: str, mode: str = "plain", langs: str | None = None):
        if (name, mode, langs) not in cache:
            site, truth = build(name, langs)
            out = root / f"{name}-{mode}-{(langs or 'default').replace(',', '-')}"
            with serve_stainless(site, *STAINLESS_MODES[mode]) as url:
                scrape_site(url, out)
            cache[name, mode, langs] = (out, truth)
        return cache[name, mode, langs]

    return get


@pytest.fixture(scope="session")
def renderer_scraped(tmp_path_factory):
    """renderer_scraped(renderer, spec) -> (snapshot dir, built pages dir): a real renderer's page of a spec, served
    on 127.0.0.1 and scraped by `apiref.scraper.auto.scrape_site` with no kind given, the page itself revealed in
    Chromium (`--read page`; cached per session)."""
    from apiref.scraper.auto import scrape_site
    from apiref.scraper.crawl import CrawlOptions
    from renderer_site import build, serving

    root = tmp_path_factory.mktemp("renderers")
    cache: dict = {}

    def get(renderer: str, spec: str):
        if (renderer, spec) not in cache:
            site = build(spec)
            out = root / f"{renderer}-{spec}"
            with serving(site) as urls:
                scrape_site(urls[renderer], out, options=CrawlOptions(read="page"))
            cache[renderer, spec] = (out, site)
        return cache[renderer, spec]

    return get
