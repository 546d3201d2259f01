"""The multi-page crawl: discover a site's pages, fetch each by plain HTTP (Chromium only for pages that need it),
read each page with the site's adapter, merge one section per id across languages, write the snapshot atomically.

    landing page ──adapter.site_of──> root, languages
        ──discover──> llms.txt, else sitemap.xml, else the navigation; every language tree
        ──fetch─────> HTTP with manners (scraper.fetch); a bot check: Chromium clears it once, HTTP goes on with
                      its cookie; client-rendered pages: Chromium reveals them
        ──read──────> records per page (in worker processes; an unchanged page's records come from the previous
                      snapshot, not parsed again)
        ──merge─────> Section records + section markup
        ──store─────> manifest.json, sections/, markdown/, reference.md, pages.json.gz

A re-scrape onto an existing snapshot of the same site sends conditional requests; what answers 304 (or the same
bytes) is not parsed again, and a section whose markup did not change keeps its Markdown.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import multiprocessing
import os
import resource
import signal
import threading
import time
from collections.abc import Callable
from concurrent.futures import Executor, Future, ProcessPoolExecutor, ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from apiref import __version__

from . import store
from .convert import convert_parted, whole_reference
from .errors import LimitError, PageError, SnapshotError
from .fetch import CONCURRENCY, TIMEOUT_S, ChallengeError, Fetched, Fetcher, OffsiteError, RobotsError
from .markup import SDK_KINDS, markup_of, own_parts, sdk_records
from .merge import section, section_id, site_order
from .paths import unique_relpaths
from .sdk_markdown import SdkBlock, sdk_block_of, sdk_markdown
from .sites import stainless
from .snapshot import Manifest, MissingPage, PageRecord, Section

PAGES_CACHE = "pages.json.gz"  # per page: its records as read, so an unchanged page is not parsed again
READ_QUEUE = 3  # pages waiting per reader process: enough to keep it busy, few enough to hold little memory
MARKDOWN_BATCH = 4  # sections sent to a worker at a time: small enough to spread, large enough to be worth a send
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
    records: str = "[]"  # the records read from it, as JSON text (a tenth of the memory of the dicts, no pickling)
    ids: list[str] = field(default_factory=list)  # the sections its records are of
    sdk_blocks: dict[str, SdkBlock] = field(default_factory=dict)  # by section id, where its records make one
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
    """What the adapter read from one page: its kind, its section ids, its records as canonical JSON text, and the
    SDK block each of its records makes (another language's endpoints and objects: `sdk_markdown`)."""

    kind: str
    ids: list[str]
    records: str
    sdk_blocks: dict[str, SdkBlock]

    def into(self, page: Page) -> None:
        page.kind, page.ids, page.records, page.sdk_blocks = self.kind, self.ids, self.records, self.sdk_blocks


def read_page(body: bytes, url_path: str, rel: str, lang: str, default: str) -> Read:
    """Run in a worker process: the adapter reads one page."""
    kind, records = stainless.read(body, url_path, rel, lang)
    ids = [section_id(r, default) for r in records]
    blocks = {sid: sdk_block_of(lang, r, stainless.FENCE_TAGS) for sid, r in zip(ids, records, strict=True)
              if lang != default and r["kind"] in SDK_KINDS}
    return Read(kind, ids, json.dumps(records, sort_keys=True), blocks)


def page_path(url: str, origin: str) -> str:
    return url[len(origin):] if url.startswith(origin) else url


class Crawl:
    """One crawl of one site into records per page."""

    def __init__(self, fetcher: Fetcher, site: stainless.Site, pages: list[Page], previous: dict[str, PageRecord],
                 options: CrawlOptions, progress: Progress) -> None:
        self.fetcher, self.site, self.pages, self.previous = fetcher, site, pages, previous
        self.options, self.progress = options, progress
        self.totals = {lang: sum(p.lang == lang for p in pages) for lang in site.languages}
        self.done = dict.fromkeys(site.languages, 0)
        self.reused = 0
        self.browser_pages: list[Page] = []
        self.failed = False
        self.reading = threading.BoundedSemaphore(options.workers * READ_QUEUE)

    def run(self, readers: Executor) -> None:
        for lang in self.site.languages:
            self.progress(f"pages {lang}", 0, self.totals[lang])
        with ThreadPoolExecutor(self.options.concurrency) as fetchers:
            futures = [fetchers.submit(self.fetch, p, readers) for p in self.pages]
            for page, fut in zip(self.pages, futures, strict=True):
                parsed = fut.result()
                if parsed is not None:
                    parsed.result().into(page)
                self.tick(page)
        if self.browser_pages:
            self.render(self.browser_pages)

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
        sha = old.sha256 if r.status == 304 and old else hashlib.sha256(r.body).hexdigest()
        page.record = PageRecord(url=page.url, language=page.lang, kind="", etag=r.etag or (old.etag if old else None),
                                 last_modified=r.last_modified or (old.last_modified if old else None), sha256=sha)
        if old is not None and old.sha256 == sha:
            self.reused += 1
            page.reused, page.kind = True, old.kind
            return None
        if stainless.needs_browser(r.body):
            page.record.via = "browser"
            self.browser_pages.append(page)
            return None
        main = stainless.main_part(r.body)  # the rest is navigation: not worth sending to a worker
        self.reading.acquire()  # back-pressure: pages wait here, not queued in memory, while the readers are busy
        job = readers.submit(read_page, main, page_path(page.url, self.site.origin), page.rel, page.lang,
                             self.site.default)
        job.add_done_callback(lambda _: self.reading.release())
        return job

    def render(self, pages: list[Page]) -> None:
        """Pages whose content the HTML does not hold: revealed in Chromium, then read alike."""
        from .browser import render_pages

        bodies = render_pages([p.url for p in pages], stainless.BROWSER_WAIT, stainless.REVEAL_SELECTOR,
                              self.options.max_depth, dict(self.fetcher.client.cookies), self.fetcher.user_agent,
                              self.options.browser, self.options.page_timeout)
        for p in pages:
            read_page(bodies[p.url], page_path(p.url, self.site.origin), p.rel, p.lang, self.site.default).into(p)


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
    """Crawl the multi-page site at url into a snapshot at out; return its manifest. Nothing is written unless
    everything worked (or, with allow_partial, the manifest lists what is missing)."""
    options.check()
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
        t1 = time.monotonic()
        job = Crawl(fetcher, site, pages, validators, options, progress)
        job.run(workers)
        t2 = time.monotonic()
        stats = {"rss_mb_after_fetch": peak_rss_mb(), "pages": float(len(pages)), "reused_pages": float(job.reused),
                 "requests": float(fetcher.requests), "browser_pages": float(len(job.browser_pages)),
                 "discover_seconds": round(t1 - t0, 3), "fetch_read_seconds": round(t2 - t1, 3)}
        if before is not None and unchanged(pages, before):
            return keep_previous(out, before, same, url, stats, t0)
        load_reused(out, pages, site.default)
        missing = [MissingPage(url=p.url, reason=p.error or p.skipped or "") for p in pages if p.error or p.skipped]
        with store.replacing_dir(out) as tmp, ThreadPoolExecutor(1) as background:
            # the page cache is compressed while the sections are merged (zlib lets go of the GIL)
            cached = background.submit(write_page_cache, tmp / PAGES_CACHE, cache_entries(pages))
            markdown = Markdown(previous_markdown(out, before, site.origin + site.root), site.origin + site.root,
                                workers)
            def made(sec: Section, markup: str, light: str, sdks: str) -> None:  # its file now: not held
                store.write_section_html(tmp, sec, markup)
                markdown.add(sec, markup, light, sdks)

            manifest = assemble(site, pages, url, how, missing, options.max_depth, made)
            for p in pages:
                p.records, p.sdk_blocks = "", {}  # cached and merged: what is left to hold is the manifest
            t3 = time.monotonic()
            stats["rss_mb_after_merge"] = peak_rss_mb()
            per_section, reference = markdown.finish(manifest)
            t4 = time.monotonic()
            manifest.stats.update(stats, merge_seconds=round(t3 - t2, 3), markdown_seconds=round(t4 - t3, 3),
                                  seconds=round(t4 - t0, 3))
            store.fill_snapshot(tmp, manifest, None, per_section, reference)  # (the section files are written)
            cached.result()
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


def keep_previous(out: Path, before: Manifest, same: str, url: str, stats: dict[str, float], t0: float) -> Manifest:
    """An unchanged site: the previous snapshot's files as they are (linked, not rewritten), a new manifest with
    the same sections (`same`: their text as the previous manifest has it; `before` holds the rest). The manifest
    returned holds no sections (stat `unchanged`: the snapshot's own manifest has them)."""
    manifest = before.model_copy(update={"source_url": url, "scraped_at": now(), "stats": {
        **{k: v for k, v in before.stats.items() if k.startswith("discovered_by_")}, **stats,
        "unchanged": 1.0, "seconds": round(time.monotonic() - t0, 3)}})
    with store.replacing_dir(out) as tmp:
        store.link_files(out, tmp, skip=frozenset({store.MANIFEST}))
        store.write_text(tmp / store.MANIFEST, store.manifest_json(manifest, same))
    return manifest


def now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def previous_pages(out: Path, site: stainless.Site) -> tuple[Manifest | None, str, dict[str, PageRecord]]:
    """The previous snapshot's manifest without its sections, their text, and its pages' validators by URL, when
    it is of the same site and apiref version (records read by another version are read again)."""
    try:
        manifest, sections = store.read_manifest_head(out)
    except SnapshotError:
        return None, "", {}
    if not manifest.source_url.startswith(site.origin) or manifest.apiref_version != __version__ \
            or not (Path(out) / PAGES_CACHE).is_file():
        return None, "", {}
    return manifest, sections, {p.url: p for p in manifest.pages}


def cache_entries(pages: list[Page]) -> list[tuple[str, str, str]]:
    """(kind, records as JSON text, URL) of each fetched page: what the page cache holds, taken before the records
    are let go."""
    return [(p.kind, p.records, p.url) for p in pages if p.record is not None]


def write_page_cache(path: Path, entries: list[tuple[str, str, str]]) -> None:
    """Each page's records as read, one JSON line a page (gzip, no timestamp: the same pages, the same bytes)."""
    with open(path, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0) as f:
        for kind, records, url in entries:
            line = f'{{"kind": {json.dumps(kind)}, "records": {records}, "url": {json.dumps(url)}}}\n'
            f.write(line.encode())  # what json.dumps(..., sort_keys=True) writes, the records not decoded


def load_reused(out: Path, pages: list[Page], default: str) -> None:
    """The records of the pages that did not change, from the previous snapshot's page cache."""
    wanted = {p.url: p for p in pages if p.reused}
    if not wanted:
        return
    with gzip.open(Path(out) / PAGES_CACHE, "rb") as f:
        for line in f:
            entry = json.loads(line)
            page = wanted.pop(entry["url"], None)
            if page is not None:
                page.kind, page.records = entry["kind"], json.dumps(entry["records"], sort_keys=True)
                page.ids = [section_id(r, default) for r in entry["records"]]
    if wanted:
        raise SnapshotError(f"{out}/{PAGES_CACHE} lacks {next(iter(wanted))}; delete {out} and scrape again")


def assemble(site: stainless.Site, pages: list[Page], url: str, how: str, missing: list[MissingPage],
             max_depth: int, made: Callable[[Section, str, str, str], None]) -> Manifest:
    """Merge the pages' records into the manifest; `made(section, markup, light, sdks)` gets each section as it is
    made, with its markup and what its Markdown is made from: the markup without its SDK blocks, and their Markdown
    (written from the records: most of the markup, and simple Markdown)."""
    ids: dict[str, list[str]] = {lang: [] for lang in site.languages}
    where: dict[str, dict[str, Page]] = {}
    for p in pages:
        ids[p.lang] += p.ids
        for sid in p.ids:
            where.setdefault(sid, {})[p.lang] = p
    order = site_order(ids, site.default)
    files = unique_relpaths(order)
    records = PageRecords(site.default)
    sections: list[Section] = []
    for sid in order:  # one section at a time: only the pages it is made of are decoded
        by_lang = {lang: records.of(page, sid) for lang, page in where[sid].items()}
        sec = section(sid, by_lang, site.default, stainless.FENCE_TAGS)
        sec.file = files[sec.id]
        sec.url = site.origin + sec.url if sec.url and sec.url.startswith("/") else sec.url
        for view in sec.languages.values():
            view.url = site.origin + view.url if view.url and view.url.startswith("/") else view.url
        sections.append(sec)
        own = own_parts(sec, by_lang, site.default, stainless.FENCE_TAGS)
        blocks = sdk_blocks(sec, by_lang, where[sid], site.default)
        made(sec, markup_of(own + [b.markup for b in blocks]), markup_of(own), sdk_markdown(blocks))
    fetched = [p.record.model_copy(update={"kind": p.kind}) for p in pages if p.record is not None]
    languages = [lang for lang in site.languages if ids[lang]]
    manifest = Manifest(
        apiref_version=__version__, source_url=url, scraped_at=now(),
        profile=stainless.NAME, title=title_of(sections), origin=site.origin + site.root, max_depth=max_depth,
        languages=languages, sections=sections, stats={"discovered_by_" + how: 1.0}, site_kind=stainless.NAME,
        default_language=site.default, pages=fetched, missing=missing)
    return manifest


def sdk_blocks(sec: Section, by_lang: dict[str, dict[str, Any]], pages: dict[str, Page],
               default: str) -> list[SdkBlock]:
    """The section's SDK blocks: made with each page as it was read (taken from it: let go once used), or now for a
    page reused from the previous snapshot."""
    blocks = []
    for lang, raw in sdk_records(sec, by_lang, default):
        held = pages[lang].sdk_blocks
        blocks.append(held.pop(sec.id) if sec.id in held else sdk_block_of(lang, raw, stainless.FENCE_TAGS))
    return blocks


class PageRecords:
    """Records of pages decoded on demand, the last page of each language kept: a site's sections come in page
    order, so each page is decoded about once and only a few are held at a time."""

    def __init__(self, default: str) -> None:
        self.default = default
        self.last: dict[str, tuple[Page, dict[str, dict[str, Any]]]] = {}

    def of(self, page: Page, sid: str) -> dict[str, Any]:
        held = self.last.get(page.lang)
        if held is None or held[0] is not page:
            held = (page, {section_id(r, self.default): r for r in json.loads(page.records)})
            self.last[page.lang] = held
        return held[1][sid]


def title_of(sections: list[Section]) -> str:
    static = next((s for s in sections if s.kind == "static"), None)
    return static.title if static is not None else "API reference"


def worker_pool(n: int) -> ProcessPoolExecutor:
    """n worker processes, forked now (before the crawl's threads exist), leaving Ctrl-C to the main process."""
    pool = ProcessPoolExecutor(n, mp_context=multiprocessing.get_context("fork"),
                               initializer=signal.signal, initargs=(signal.SIGINT, signal.SIG_IGN))
    pool.submit(int).result()  # with fork, the first task starts every worker
    return pool


class Markdown:
    """Each section's Markdown, converted in the worker processes while the next sections are merged (or kept from
    the previous snapshot where its markup is the same), then reference.md."""

    def __init__(self, old: dict[str, str], origin: str, workers: Executor) -> None:
        self.old, self.origin, self.workers = old, origin, workers
        self.kept: dict[str, str] = {}
        self.batch: list[tuple[Section, str, str]] = []
        self.jobs: list[tuple[list[str], Future[list[str]]]] = []

    def add(self, sec: Section, markup: str, light: str, sdks: str) -> None:
        known = self.old.get(hashlib.sha256(markup.encode()).hexdigest())
        if known is not None:
            self.kept[sec.id] = known
            return
        self.batch.append((bare(sec), light, sdks))
        if len(self.batch) >= MARKDOWN_BATCH:
            self.send()

    def send(self) -> None:
        if self.batch:
            job = self.workers.submit(convert_parted, self.batch, self.origin)
            self.jobs.append(([s.id for s, _, _ in self.batch], job))
            self.batch = []

    def finish(self, manifest: Manifest) -> tuple[dict[str, str], str]:
        """(Markdown of each section by id, reference.md)."""
        self.send()
        done = dict(self.kept)
        for ids, job in self.jobs:
            done.update(zip(ids, job.result(), strict=True))
        per_section = {s.id: done[s.id] for s in manifest.sections}
        return per_section, whole_reference(manifest, per_section)


def bare(sec: Section) -> Section:
    """What a worker needs to convert a section's markup: the section without its rows and languages (not sent)."""
    return sec.model_copy(update={"params": [], "languages": {}, "examples": []})


def previous_markdown(out: Path, head: Manifest | None, origin: str) -> dict[str, str]:
    """Markdown of the previous snapshot (its manifest as previous_pages read it, without sections, or None) by
    the hash of its section markup (links are absolute against the origin: only a snapshot of the same origin has
    the same Markdown)."""
    if head is None or head.origin != origin or head.apiref_version != __version__:
        return {}
    found = {}
    for sec in store.read_manifest(out).sections:
        try:
            key = hashlib.sha256(store.read_section_html(out, sec).encode()).hexdigest()
            found[key] = store.read_section_markdown(out, sec)
        except SnapshotError:
            continue
    return found


