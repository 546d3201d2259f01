"""The multi-page crawl: discover a site's pages, fetch each by plain HTTP (Chromium only for pages that need it),
read each page with the site's adapter, merge one section per id across languages, write the snapshot atomically.

    landing page ──adapter.site_of──> root, languages
        ──discover──> llms.txt, else sitemap.xml, else the navigation; every language tree
        ──fetch─────> HTTP with manners (scraper.fetch); a bot check: Chromium clears it once, HTTP goes on with
                      its cookie; client-rendered pages: Chromium reveals them
        ──read──────> records per page (in worker processes; an unchanged page's records come from the previous
                      snapshot, not parsed again)
        ──merge─────> Section records + section markup, a path's pages (every language) as soon as they are read,
                      while the next are fetched (scraper.crawl_snapshot)
        ──store─────> manifest.json, sections/, markdown/, reference.md, pages.json.gz

A re-scrape onto an existing snapshot of the same site sends conditional requests; what answers 304 (or the same
bytes) is not parsed again, and a section whose markup did not change keeps its Markdown.
"""

from __future__ import annotations

import hashlib
import multiprocessing
import os
import resource
import signal
import threading
import time
from collections.abc import Callable
from concurrent.futures import Executor, Future, ProcessPoolExecutor, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from apiref import __version__

from . import store
from .collector import cycle_collection_paused
from .crawl_snapshot import (
    PAGES_CACHE,
    Assembly,
    Markdown,
    PageCache,
    load_reused,
    now,
    previous_markdown,
    records_json,
)
from .errors import LimitError, PageError, SnapshotError
from .fetch import CONCURRENCY, TIMEOUT_S, ChallengeError, Fetched, Fetcher, OffsiteError, RobotsError
from .markup import SDK_KINDS
from .merge import section_id
from .sdk_markdown import SdkBlock, sdk_block_of
from .sites import stainless
from .snapshot import Manifest, MissingPage, PageRecord
from .table_markdown import tables_markdown

READ_QUEUE = 3  # pages waiting per reader process: enough to keep it busy, few enough to hold little memory
MAX_NAV_PAGES = 50_000  # navigation discovery stops here (a loop of generated links, not a reference)
Progress = Callable[[str, int, int], None]


def no_progress(phase: str, done: int, total: int) -> None:
    """The default progress reporter: silent."""


READ_MODES = ("auto", "spec", "page")  # how a renderer's page is read (CrawlOptions.read)


@dataclass(frozen=True)
class CrawlOptions:
    concurrency: int = CONCURRENCY
    timeout: float | None = None  # seconds per page (None: scraper.fetch.TIMEOUT_S; legacy: the profile's wait)
    allow_partial: bool = False
    browser: str | None = None  # Chromium for bot checks and client-rendered pages
    max_depth: int = 12  # client-rendered expanders opened to this depth
    workers: int = min(2, os.cpu_count() or 1)  # processes reading pages
    max_page_mb: int = 64
    read: str = "auto"  # a renderer's page: from its spec where it can be had (`auto`), only so (`spec`), or `page`

    def check(self) -> None:
        if self.concurrency < 1 or self.page_timeout <= 0 or self.workers < 1 or self.max_page_mb < 1:
            raise LimitError("--concurrency, --timeout and --max-page-mb must be positive")
        if self.read not in READ_MODES:
            raise LimitError(f"--read {self.read!r} is not one of {', '.join(READ_MODES)}")

    @property
    def page_timeout(self) -> float:
        return self.timeout if self.timeout is not None else TIMEOUT_S


@dataclass
class Page:
    """One page to crawl and what became of it."""

    lang: str
    rel: str
    url: str
    record: PageRecord | None = None
    records: bytes = b"[]"  # the records read from it, as JSON (a tenth of the memory of the dicts, no pickling)
    ids: list[str] = field(default_factory=list)  # the sections its records are of
    sdk_blocks: dict[str, SdkBlock] = field(default_factory=dict)  # by section id, where its records make one
    tables: dict[str, str] = field(default_factory=dict)  # by section id: its tables' Markdown, where written
    kind: str = ""
    error: str | None = None  # could not be fetched: fatal unless allow_partial
    skipped: str | None = None  # not part of what may be crawled (robots.txt, a redirect out of the site): a note
    reused: bool = False  # unchanged since the previous snapshot: its records come from there


# ---------------------------------------------------------------- discovery
def discover(fetcher: Fetcher, site: stainless.Site, landing: Fetched) -> tuple[list[Page], str]:
    """Every page of every language tree, and how the list was found (llms.txt, sitemap, navigation)."""
    rels, how = from_llms(fetcher, site), "llms.txt"
    if not rels:
        rels, how = from_sitemap(fetcher, site), "sitemap"
    if not rels:
        rels, how = from_navigation(fetcher, site, landing), "navigation"
    rels = list(dict.fromkeys([""] + rels + stainless.links_of(site, landing.body)))
    rels += [rel for rel in stainless.UNLINKED if rel not in rels and exists(fetcher, site.page_url(site.default, rel))]
    return [Page(lang, rel, site.page_url(lang, rel)) for lang in site.languages for rel in rels], how


def exists(fetcher: Fetcher, url: str) -> bool:
    try:
        return fetcher.get(url).status == 200
    except PageError:
        return False


def try_text(fetcher: Fetcher, url: str) -> str:
    try:
        r = fetcher.get(url)
    except PageError:
        return ""
    return r.body.decode("utf-8", "replace") if r.status == 200 else ""


def from_llms(fetcher: Fetcher, site: stainless.Site) -> list[str]:
    for where in (f"{site.origin}{site.root}/llms.txt", f"{site.origin}/llms.txt"):
        rels = stainless.pages_from_llms(site, try_text(fetcher, where))
        if rels:
            return rels
    return []


def from_sitemap(fetcher: Fetcher, site: stainless.Site) -> list[str]:
    out: list[str] = []
    for where in (f"{site.origin}/sitemap-index.xml", f"{site.origin}/sitemap.xml"):
        text = try_text(fetcher, where)
        nested = [loc for loc in stainless.SITEMAP_LOC.findall(text) if loc.endswith(".xml")]
        for loc in nested[:100]:
            text += try_text(fetcher, loc)
        out += stainless.pages_from_sitemap(site, text)
        if out:
            return out
    return out


def from_navigation(fetcher: Fetcher, site: stainless.Site, landing: Fetched) -> list[str]:
    """Breadth-first over the default language's links below the root."""
    seen: dict[str, None] = {}
    queue = [rel for rel in stainless.links_of(site, landing.body)]
    while queue and len(seen) < MAX_NAV_PAGES:
        rel = queue.pop(0)
        if rel in seen:
            continue
        seen[rel] = None
        try:
            body = fetcher.get(site.page_url(site.default, rel)).body
        except PageError:
            continue
        queue += [r for r in stainless.links_of(site, body) if r not in seen]
    return list(seen)


# ---------------------------------------------------------------- fetch and read
@dataclass(frozen=True)
class Read:
    """What the adapter read from one page: its kind, its section ids, its records as canonical JSON, the SDK
    block each of its records makes (another language's endpoints and objects: `sdk_markdown`), and the Markdown
    of each of its records' own tables (the default language's: `table_markdown`; links absolute against the
    origin)."""

    kind: str
    ids: list[str]
    records: bytes
    sdk_blocks: dict[str, SdkBlock]
    tables: dict[str, str]

    def into(self, page: Page) -> None:
        page.kind, page.ids, page.records = self.kind, self.ids, self.records
        page.sdk_blocks, page.tables = self.sdk_blocks, self.tables


def read_page(body: bytes, url_path: str, rel: str, lang: str, default: str, origin: str) -> Read:
    """Run in a worker process: the adapter reads one page."""
    kind, records = stainless.read(body, url_path, rel, lang)
    ids = [section_id(r, default) for r in records]
    blocks = {sid: sdk_block_of(lang, r, stainless.FENCE_TAGS) for sid, r in zip(ids, records, strict=True)
              if lang != default and r["kind"] in SDK_KINDS}
    tables = {sid: md for sid, r in zip(ids, records, strict=True)
              if lang == default and (md := tables_markdown(r, origin)) is not None}
    return Read(kind, ids, records_json(records), blocks, tables)


def page_path(url: str, origin: str) -> str:
    return url[len(origin):] if url.startswith(origin) else url


class Crawl:
    """One crawl of one site into records per page."""

    def __init__(self, fetcher: Fetcher, site: stainless.Site, pages: list[Page], previous: dict[str, PageRecord],
                 options: CrawlOptions, progress: Progress) -> None:
        self.fetcher, self.site, self.pages, self.previous = fetcher, site, pages, previous
        self.origin = site.origin + site.root  # what the Markdown's links are absolute against
        self.options, self.progress = options, progress
        self.totals = {lang: sum(p.lang == lang for p in pages) for lang in site.languages}
        self.done = dict.fromkeys(site.languages, 0)
        self.reused = 0
        self.browser_pages: list[Page] = []
        self.failed = False
        self.reading = threading.BoundedSemaphore(options.workers * READ_QUEUE)

    def run(self, readers: Executor, page_done: Callable[[Page, bool], None],
            group_read: Callable[[list[Page]], None]) -> list[list[Page]]:
        """Fetch and read every page, a path's pages in every language together. page_done(page, in_later) gets
        each page as it is done, in fetch order (in_later: its records are not read yet), group_read(pages) each
        path's pages once all are read; the groups returned wait for records read later (a page unchanged since
        the previous snapshot, or left to Chromium)."""
        for lang in self.site.languages:
            self.progress(f"pages {lang}", 0, self.totals[lang])
        groups: dict[str, list[Page]] = {}
        for p in self.pages:
            groups.setdefault(p.rel, []).append(p)  # (each group in the site's language order)
        order = [p for group in groups.values() for p in group]
        left = {rel: len(group) for rel, group in groups.items()}
        waiting: list[list[Page]] = []
        with ThreadPoolExecutor(self.options.concurrency) as fetchers:
            futures = [fetchers.submit(self.fetch, p, readers) for p in order]
            try:
                for page, fut in zip(order, futures, strict=True):
                    parsed = fut.result()
                    if parsed is not None:
                        parsed.result().into(page)
                    self.tick(page)
                    page_done(page, self.in_later(page))
                    left[page.rel] -= 1
                    if not left[page.rel]:
                        group = groups[page.rel]
                        if any(self.in_later(p) for p in group):
                            waiting.append(group)
                        else:
                            group_read(group)
            except BaseException:  # a page failed, or Ctrl-C: the pages not asked for yet are not asked for (the
                self.failed = True  # requests in flight end within their timeout)
                fetchers.shutdown(wait=False, cancel_futures=True)
                raise
        if self.browser_pages:
            self.render(self.browser_pages)
        return waiting

    @staticmethod
    def in_later(page: Page) -> bool:
        """Whether the page's records come after the fetching: from the previous snapshot, or from Chromium."""
        return page.reused or page.record is not None and page.record.via == "browser"

    def tick(self, page: Page) -> None:
        self.done[page.lang] += 1
        self.progress(f"pages {page.lang}", self.done[page.lang], self.totals[page.lang])

    def fetch(self, page: Page, readers: Executor) -> Future[Any] | None:
        """Fetch one page (conditionally, when the previous snapshot has it); hand a changed body to a reader."""
        if self.failed:
            return None  # another page failed: the crawl stops, nothing is written
        old = self.previous.get(page.url)
        try:
            r = self.fetcher.get(page.url, etag=old.etag if old else None,
                                 last_modified=old.last_modified if old else None)
        except (RobotsError, OffsiteError) as e:
            page.skipped = str(e).split(";")[0]
            return None
        except PageError as e:
            if not self.options.allow_partial:
                self.failed = True
                raise PageError(f"{e}, or pass --allow-partial to write the snapshot without this page") from None
            page.error = str(e).split(";")[0]
            return None
        main = stainless.main_part(r.body)  # what is read (the rest is navigation): hashed, searched, sent to a reader
        sha = old.sha256 if r.status == 304 and old else hashlib.sha256(main).hexdigest()
        page.record = PageRecord(url=page.url, language=page.lang, kind="", etag=r.etag or (old.etag if old else None),
                                 last_modified=r.last_modified or (old.last_modified if old else None), sha256=sha)
        if old is not None and old.sha256 == sha:
            self.reused += 1
            page.reused, page.kind = True, old.kind
            return None
        if stainless.needs_browser(main):
            page.record.via = "browser"
            self.browser_pages.append(page)
            return None
        self.reading.acquire()  # back-pressure: pages wait here, not queued in memory, while the readers are busy
        job = readers.submit(read_page, main, page_path(page.url, self.site.origin), page.rel, page.lang,
                             self.site.default, self.origin)
        job.add_done_callback(lambda _: self.reading.release())
        return job

    def render(self, pages: list[Page]) -> None:
        """Pages whose content the HTML does not hold: revealed in Chromium, then read alike."""
        from .browser import render_pages

        bodies = render_pages([p.url for p in pages], stainless.BROWSER_WAIT, stainless.REVEAL_SELECTOR,
                              self.options.max_depth, self.fetcher.cookies.values(), self.fetcher.user_agent,
                              self.options.browser, self.options.page_timeout)
        for p in pages:
            read_page(bodies[p.url], page_path(p.url, self.site.origin), p.rel, p.lang, self.site.default,
                      self.origin).into(p)


# ---------------------------------------------------------------- the whole job
def landing_page(fetcher: Fetcher, url: str, options: CrawlOptions) -> Fetched:
    """The landing page by HTTP; behind a bot check, Chromium clears it once and HTTP goes on with its cookie."""
    try:
        return fetcher.get(url)
    except ChallengeError:
        from .browser import clear_challenge

        cookies, agent = clear_challenge(url, options.browser, options.page_timeout)
        fetcher.adopt(cookies, agent)
        try:
            return fetcher.get(url)
        except ChallengeError:
            raise PageError(f"{url} stays behind a bot check even with the cookie Chromium got; "
                            "try again later or from another network") from None


def crawl(url: str, out: Path, options: CrawlOptions = CrawlOptions(), progress: Progress = no_progress,
          fetcher: Fetcher | None = None, landing: Fetched | None = None) -> Manifest:
    """Crawl the multi-page site at url into a snapshot at out; return its manifest, its sections without their rows
    (`params`, and each language's: the snapshot's own manifest has them, `store.read_manifest`; a site's rows are
    most of its manifest, and the crawl writes them as it goes instead of holding them). Nothing is written unless
    everything worked (or, with allow_partial, the manifest lists what is missing).

    The cyclic garbage collector is off meanwhile, in the readers too (forked with it off): records, sections
    and parsed pages form no cycles, and its passes over a heap that grows with every section took 15% of the
    crawl's time."""
    options.check()
    with cycle_collection_paused():
        return _crawl(url, out, options, progress, fetcher, landing)


def _crawl(url: str, out: Path, options: CrawlOptions, progress: Progress, fetcher: Fetcher | None,
           landing: Fetched | None) -> Manifest:
    t0 = time.monotonic()
    workers = worker_pool(options.workers)  # before any thread starts: the workers are forked
    own = fetcher is None
    fetcher = fetcher or Fetcher(url, concurrency=options.concurrency, timeout=options.page_timeout,
                                 max_bytes=options.max_page_mb * 2**20)
    try:
        landing = landing or landing_page(fetcher, url, options)
        site = stainless.site_of(landing.url, landing.body)
        pages, how = discover(fetcher, site, landing)
        before, same, validators = previous_pages(out, site)
        origin = site.origin + site.root
        t1 = time.monotonic()
        with store.replacing_dir(out) as tmp:
            cache = PageCache(tmp / PAGES_CACHE)
            markdown = Markdown(lambda: previous_markdown(out, before, origin), origin, workers)
            assembly = Assembly(tmp, site, markdown)
            job = Crawl(fetcher, site, pages, validators, options, progress)
            waiting = job.run(workers, cache.add, assembly.add)
            t2 = time.monotonic()
            stats = {"rss_mb_after_fetch": peak_rss_mb(), "pages": float(len(pages)),
                     "reused_pages": float(job.reused), "requests": float(fetcher.requests),
                     "browser_pages": float(len(job.browser_pages)), "discover_seconds": round(t1 - t0, 3),
                     "fetch_read_seconds": round(t2 - t1, 3)}
            if before is not None and unchanged(pages, before):
                cache.close()
                raise Unchanged(stats)  # (the new directory is dropped: the previous snapshot stays)
            load_reused(out, pages, site.default)
            cache.finish()
            for group in waiting:
                assembly.add(group)
            missing = [MissingPage(url=p.url, reason=p.error or p.skipped or "") for p in pages
                       if p.error or p.skipped]
            manifest = assembly.finish(pages, url, how, missing, options.max_depth)
            t3 = time.monotonic()
            stats.update(rss_mb_after_merge=peak_rss_mb(), params=float(assembly.rows))  # (the sections hold none)
            per_section, reference = markdown.finish(manifest)
            t4 = time.monotonic()
            manifest.stats.update(stats, merge_seconds=round(t3 - t2, 3), markdown_seconds=round(t4 - t3, 3),
                                  seconds=round(t4 - t0, 3))
            store.fill_snapshot(tmp, manifest, None, per_section, reference, assembly.manifest_sections())
            assembly.close()
    except Unchanged as same_site:
        assert before is not None
        return keep_previous(out, before, same, url, same_site.stats, t0)
    finally:
        workers.shutdown(wait=True, cancel_futures=True)
        if own:
            fetcher.close()
    return manifest


def peak_rss_mb() -> float:
    """This process's peak resident memory so far, in MB (Linux reports KB)."""
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def unchanged(pages: list[Page], before: Manifest) -> bool:
    """Every page answered as before (304 or the same bytes) and the site has the same pages."""
    return all(p.reused for p in pages) and [p.url for p in pages] == [r.url for r in before.pages] \
        and not before.missing


class Unchanged(Exception):
    """Every page is as the previous snapshot has it: the crawl's new directory is dropped (stats: the crawl's)."""

    def __init__(self, stats: dict[str, float]) -> None:
        self.stats = stats


def keep_previous(out: Path, before: Manifest, same: store.SectionList, url: str, stats: dict[str, float],
                  t0: float) -> Manifest:
    """An unchanged site: the previous snapshot's files stay as they are, its manifest is replaced (atomically, as
    any file apiref writes) by one with the same sections (`same`: the section list as the previous manifest has it;
    `before` holds the rest) saying when and how it was checked. The manifest returned holds no sections (stat
    `unchanged`: the snapshot's own manifest has them)."""
    manifest = before.model_copy(update={"source_url": url, "scraped_at": now(), "stats": {
        **{k: v for k, v in before.stats.items() if k.startswith("discovered_by_")}, **stats,
        "unchanged": 1.0, "seconds": round(time.monotonic() - t0, 3)}})
    store.replace_manifest(out, manifest, same)
    return manifest


def previous_pages(out: Path, site: stainless.Site
                   ) -> tuple[Manifest | None, store.SectionList, dict[str, PageRecord]]:
    """The previous snapshot's manifest without its sections, the section list as it has it, and its pages'
    validators by URL, when it is of the same site and apiref version (records read by another version are read
    again)."""
    try:
        manifest, sections = store.read_manifest_head(out)
    except SnapshotError:
        return None, store.SectionList(), {}
    if not manifest.source_url.startswith(site.origin) or manifest.apiref_version != __version__ \
            or not (Path(out) / PAGES_CACHE).is_file():
        return None, store.SectionList(), {}
    return manifest, sections, {p.url: p for p in manifest.pages}


def worker_pool(n: int) -> ProcessPoolExecutor:
    """n worker processes, forked now (before the crawl's threads exist), leaving Ctrl-C to the main process."""
    pool = ProcessPoolExecutor(n, mp_context=multiprocessing.get_context("fork"),
                               initializer=signal.signal, initargs=(signal.SIGINT, signal.SIG_IGN))
    pool.submit(int).result()  # with fork, the first task starts every worker
    return pool
