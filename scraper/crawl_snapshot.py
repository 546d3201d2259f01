"""A crawl's snapshot, made while the crawl goes on: the pages of one path in every language hold that path's sections
whole, so each such group of pages is merged as soon as it is read (while later pages are still being fetched), its
section markup written, its Markdown sent to the worker processes, and each page's records cached.

    group of pages ──Assembly.add──> Section records, section markup (in the new snapshot), Markdown jobs
    every page ─────PageCache.add──> pages.json.gz, in fetch order
    Assembly.finish ───────────────> sections in site order, their files named, the manifest

A page whose records are not read in this run (unchanged since the previous snapshot, or left to Chromium) holds
its group back: such groups are added once their records are in (`load_reused`, the browser).
"""

from __future__ import annotations

import gzip
import hashlib
import shutil
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import Executor, Future
from datetime import datetime, timezone
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, TypeVar

import orjson

from apiref import __version__

from . import store
from .errors import SnapshotError
from .markdown_text import reference_of
from .markup import main_language, markup_of, own_parts, sdk_records
from .merge import param_entry, section_and_rows, section_id, site_order
from .paths import safe_relpath, unique_relpaths
from .sdk_markdown import sdk_block_of, sdk_markdown
from .sites import stainless
from .snapshot import Manifest, MissingPage, Section

if TYPE_CHECKING:  # (crawl imports this module)
    from .crawl import Page

PAGES_CACHE = "pages.json.gz"  # per page: its records as read, so an unchanged page is not parsed again
CACHE_LEVEL = 3  # gzip level of the page cache: a quarter of level 9's time for 1.25x its size (an internal file)
MARKDOWN_BATCH = 4  # sections sent to a worker at a time: small enough to spread, large enough to be worth a send
PENDING = ".pending"  # section markup made before its file is named (the names need every section id)
T = TypeVar("T")


class PageCache:
    """pages.json.gz, written a page at a time in fetch order (gzip, no timestamp: the same pages, the same bytes).
    A page whose records are not in yet holds back the pages after it (their entries are kept) until finish()."""

    def __init__(self, path: Path) -> None:
        self.raw: IO[bytes] = open(path, "wb")
        self.gz = gzip.GzipFile(fileobj=self.raw, mode="wb", mtime=0, compresslevel=CACHE_LEVEL)
        self.queue: deque[tuple[Page, tuple[str, bytes] | None]] = deque()

    def add(self, page: Page, in_later: bool) -> None:
        """A page as it is done; in_later: its records come in later (finish() takes them from the page then)."""
        if page.record is None:
            return  # not fetched: nothing to cache
        self.queue.append((page, None if in_later else (page.kind, page.records)))
        while self.queue and self.queue[0][1] is not None:
            self.write(*self.queue.popleft())

    def write(self, page: Page, entry: tuple[str, bytes] | None) -> None:
        kind, records = entry or (page.kind, page.records)
        # what records_json writes of the entry {kind, records, url}, the records not decoded
        self.gz.write(b'{"kind":%b,"records":%b,"url":%b}\n' % (orjson.dumps(kind), records, orjson.dumps(page.url)))

    def finish(self) -> None:
        while self.queue:
            self.write(*self.queue.popleft())
        self.close()

    def close(self) -> None:
        self.gz.close()
        self.raw.close()


def records_json(records: list[dict[str, Any]]) -> bytes:
    """A page's records as canonical JSON (sorted keys: the same records, the same bytes), by orjson: a sixth of
    the time of json.dumps."""
    return orjson.dumps(records, option=orjson.OPT_SORT_KEYS)


def load_reused(out: Path, pages: list[Page], default: str) -> None:
    """The records of the pages that did not change, from the previous snapshot's page cache."""
    wanted = {p.url: p for p in pages if p.reused}
    if not wanted:
        return
    with gzip.open(Path(out) / PAGES_CACHE, "rb") as f:
        for line in f:
            entry = orjson.loads(line)
            page = wanted.pop(entry["url"], None)
            if page is not None:
                page.kind, page.records = entry["kind"], records_json(entry["records"])
                page.ids = [section_id(r, default) for r in entry["records"]]
    if wanted:
        raise SnapshotError(f"{out}/{PAGES_CACHE} lacks {next(iter(wanted))}; delete {out} and scrape again")


class Assembly:
    """The sections of a crawl, made a group of pages at a time (add), then ordered and named (finish). Each
    section's markup and its manifest entry are written as it is made (PENDING/<n>.html, PENDING/sections.json),
    under the file name its id gives it; finish() moves them into place, and writes the few entries whose file
    name another section's id took first again. The sections are kept without their rows: only their entries hold
    them (most of a site's records; as models, most of the crawl's merging time and memory)."""

    def __init__(self, tmp: Path, site: stainless.Site, markdown: Markdown) -> None:
        self.tmp, self.site, self.markdown = tmp, site, markdown
        self.made: dict[str, Section] = {}
        self.entries: dict[str, tuple[int, int]] = {}  # by section id: where its manifest entry is in the spill
        self.renamed: set[str] = set()  # sections whose file name another section's id took first
        self.rows = 0  # in every section's entry
        (tmp / PENDING).mkdir()
        self.spill = open(tmp / PENDING / "sections.json", "w+b")
        self.order: list[str] = []

    def add(self, group: list[Page]) -> None:
        """Merge the sections of a group of pages (one path, every language, in the site's language order); the
        pages' records are let go (the page cache has them)."""
        default, origin = self.site.default, self.site.origin
        where: dict[str, dict[str, dict[str, Any]]] = {}
        for page in group:
            for sid, raw in zip(page.ids, orjson.loads(page.records), strict=True):
                where.setdefault(sid, {})[page.lang] = raw
        blocks_of = {page.lang: page.sdk_blocks for page in group}
        tables_of = {page.lang: page.tables for page in group}
        for sid, by_lang in where.items():
            sec, rows = section_and_rows(sid, by_lang, default, stainless.FENCE_TAGS, param_entry)
            sec.url = origin + sec.url if sec.url and sec.url.startswith("/") else sec.url
            for view in sec.languages.values():
                view.url = origin + view.url if view.url and view.url.startswith("/") else view.url
            own = own_parts(sec, by_lang, default, stainless.FENCE_TAGS)
            blocks = [held(blocks_of[lang], sid) or sdk_block_of(lang, raw, stainless.FENCE_TAGS)
                      for lang, raw in sdk_records(sec, by_lang, default)]
            tables = held(tables_of[main_language(by_lang, default)], sid)
            sec.file = safe_relpath(sid)  # (its file, unless an earlier section's id takes the name)
            markup = markup_of(own.all() + [b.markup for b in blocks])
            store.write_new(self.pending(len(self.made)), markup)
            light = markup_of(own.all() if tables is None else own.untabled())
            self.markdown.add(sec, markup, light, tables or "", sdk_markdown(blocks))
            self.made[sid] = sec
            entry = store.section_entry(sec, rows)
            self.rows += sum(map(len, rows.values()))
            self.entries[sid] = (self.spill.tell(), len(entry))
            self.spill.write(entry)
        for page in group:
            page.records, page.sdk_blocks, page.tables = b"", {}, {}

    def pending(self, n: int) -> Path:
        return self.tmp / PENDING / f"{n}.html"

    def finish(self, pages: list[Page], url: str, how: str, missing: list[MissingPage], max_depth: int) -> Manifest:
        """The manifest: sections in site order, each section's markup moved to its file."""
        ids: dict[str, list[str]] = {lang: [] for lang in self.site.languages}
        for p in pages:
            ids[p.lang] += p.ids
        self.order = order = site_order(ids, self.site.default)
        files = unique_relpaths(order)
        made_as = {sid: n for n, sid in enumerate(self.made)}
        for sid in order:
            sec = self.made[sid]
            if sec.file != files[sid]:
                sec.file = files[sid]
                self.renamed.add(sid)
            store.move_into(self.pending(made_as[sid]), store.section_html_path(self.tmp, sec))
        sections = [self.made[sid] for sid in order]
        site = self.site
        return Manifest(
            apiref_version=__version__, source_url=url, scraped_at=now(), profile=stainless.NAME,
            title=title_of(sections), origin=site.origin + site.root, max_depth=max_depth,
            languages=[lang for lang in site.languages if ids[lang]], sections=sections,
            stats={"discovered_by_" + how: 1.0}, site_kind=stainless.NAME, default_language=site.default,
            pages=[p.record.model_copy(update={"kind": p.kind}) for p in pages if p.record is not None],
            missing=missing)

    def manifest_sections(self) -> Iterator[bytes]:
        """The manifest's section entries in site order, as written when the sections were made."""
        return map(self.entry, self.order)

    def entry(self, sid: str) -> bytes:
        at, size = self.entries[sid]
        self.spill.seek(at)
        entry = self.spill.read(size)
        return store.with_file(entry, self.made[sid].file) if sid in self.renamed else entry

    def close(self) -> None:
        """Remove what was pending (the sections are in place and the manifest written)."""
        self.spill.close()
        shutil.rmtree(self.tmp / PENDING)


def now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def held(made: dict[str, T], sid: str) -> T | None:
    """What the page's reader made for a section (its SDK block, its tables' Markdown), taken: let go once used.
    None where the reader made none: for a page reused from the previous snapshot, its SDK blocks are made now;
    tables the reader could not write (or a section of a language other than the default) are converted from
    their markup."""
    return made.pop(sid, None)


def title_of(sections: list[Section]) -> str:
    static = next((s for s in sections if s.kind == "static"), None)
    return static.title if static is not None else "API reference"


class Markdown:
    """Each section's Markdown, converted in the worker processes while the crawl goes on (or kept from the
    previous snapshot where its markup is the same: `old` gives that Markdown by the markup's hash, asked once,
    when first needed), then reference.md."""

    def __init__(self, old: Callable[[], dict[str, str]], origin: str, workers: Executor) -> None:
        self.old_of, self.origin, self.workers = old, origin, workers
        self.old: dict[str, str] | None = None
        self.kept: dict[str, tuple[str, str]] = {}  # by section id: (Markdown, its part of reference.md)
        self.batch: list[tuple[Section, str, str, str]] = []
        self.jobs: list[tuple[list[str], Future[list[tuple[str, str]]]]] = []

    def add(self, sec: Section, markup: str, light: str, tables: str, sdks: str) -> None:
        """A section, its markup, and what its Markdown is made from: the markup without what comes as Markdown
        (light), and that Markdown, written from the records: its own tables' (tables: "" where light has them)
        and its SDK blocks' (sdks: most of the markup, and simple Markdown)."""
        if self.old is None:
            self.old = self.old_of()
        known = self.old.get(hashlib.sha256(markup.encode()).hexdigest()) if self.old else None
        if known is not None:
            from .convert import reference_part  # (bs4: only a re-scrape that keeps some Markdown imports it here)

            self.kept[sec.id] = (known, reference_part(known, sec))
            return
        self.batch.append((bare(sec), light, tables, sdks))
        if len(self.batch) >= MARKDOWN_BATCH:
            self.send()

    def send(self) -> None:
        if self.batch:
            job = self.workers.submit(convert_in_worker, self.batch, self.origin)
            self.jobs.append(([s.id for s, *_ in self.batch], job))
            self.batch = []

    def finish(self, manifest: Manifest) -> tuple[dict[str, str], str]:
        """(Markdown of each section by id, reference.md)."""
        self.send()
        done = dict(self.kept)
        for ids, job in self.jobs:
            done.update(zip(ids, job.result(), strict=True))
        per_section = {s.id: done[s.id][0] for s in manifest.sections}
        return per_section, reference_of(manifest.title, [done[s.id][1] for s in manifest.sections])


def convert_in_worker(jobs: list[tuple[Section, str, str, str]], origin: str) -> list[tuple[str, str]]:
    """convert.convert_parted, run in a worker: the converter (and bs4 with it) is imported there, never by the
    crawl's own process (a tenth of a second of its start)."""
    from .convert import convert_parted

    return convert_parted(jobs, origin)


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
    for sec in store.read_manifest(out, rows=False).sections:  # (rows: most of a large manifest, not needed)
        try:
            key = hashlib.sha256(store.read_section_html(out, sec).encode()).hexdigest()
            found[key] = store.read_section_markdown(out, sec)
        except SnapshotError:
            continue
    return found
