"""The scrape pipeline: render -> reveal -> extract -> Markdown -> snapshot, written atomically.

`reveal` drives reveal.js through the Renderer interface in a few calls per phase (lazy sections, one call per
expand level, language discovery, one sweep per language, extraction in batches), reporting progress between
calls. A failure anywhere raises before the snapshot is written, so a previous snapshot stays as it was.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import signal
import sys
import time
from collections.abc import Callable, Iterator
from concurrent.futures import Executor, ProcessPoolExecutor
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from apiref import __version__

from . import store
from .errors import LimitError, PageError
from .extract import build_sections
from .profile import Profile
from .snapshot import Cut, Manifest

EXTRACT_BATCH = 40  # sections per extraction call: progress stays live and no single result gets huge
LAZY_STEPS = 25  # lazy sections scrolled into view per call: progress stays live
MAX_CUT_IDS = 300  # row ids kept per cut reason in the manifest

Progress = Callable[[str, int, int], None]  # (phase, done, total)


@dataclass(frozen=True)
class Budgets:
    """How far to reveal. The defaults reveal a complete page of today's size (~10,000 clicks) without a cut."""

    max_depth: int = 6  # nested parameter levels, as the page's own reference shows them
    max_clicks: int = 50_000  # five times the largest page seen
    time_budget: float = 600.0  # seconds for expanding; a 10,000-click page takes well under a minute

    def check(self) -> None:
        if self.max_depth < 0 or self.max_clicks < 0 or self.time_budget <= 0:
            raise LimitError("--max-depth and --max-clicks must be >= 0 and --time-budget > 0")


def no_progress(phase: str, done: int, total: int) -> None:
    """The default progress reporter: silent."""


def reveal(page: Any, profile: Profile, budgets: Budgets, progress: Progress = no_progress) -> dict[str, Any]:
    """Run every reveal phase in the page; return {sections, languages, cuts, stats}."""
    t0 = time.monotonic()
    total = page.call("init", profile.model_dump())["sections"]
    if not total:
        raise PageError("the page shows reference content but no sections matched the profile; check --profile")
    render_lazy(page, profile, progress)
    page.call("hide")
    try:
        expanded = expand(page, budgets, progress)
        languages = sweep_samples(page, progress)
        sections = []
        for start in range(0, total, EXTRACT_BATCH):
            sections += page.call("extract", start, EXTRACT_BATCH)
            progress("extract", min(total, start + EXTRACT_BATCH), total)
        html_bytes = page.call("pageBytes")  # while hidden: showing the page again means laying it all out
    finally:
        page.call("show")
    stats = {**expanded["stats"], "sections": float(total), "html_bytes": float(html_bytes),
             "reveal_seconds": round(time.monotonic() - t0, 3)}
    return {"sections": sections, "languages": languages, "cuts": expanded["cuts"], "stats": stats}


def render_lazy(page: Any, profile: Profile, progress: Progress) -> None:
    """Render every lazily rendered section, LAZY_STEPS sections per call, within waits.lazy_timeout_s."""
    deadline = (time.time() + profile.waits.lazy_timeout_s) * 1000
    while True:
        r = page.call("renderLazy", deadline, LAZY_STEPS)
        progress("render", r["total"] - len(r["pending"]), r["total"])
        if not r["pending"]:
            return
        if time.time() * 1000 >= deadline:
            raise PageError(
                f"{len(r['pending'])} sections never rendered their content within "
                f"{profile.waits.lazy_timeout_s:g}s (first: {r['pending'][0]});"
                " raise waits.lazy_timeout_s in the profile"
            )


def expand(page: Any, budgets: Budgets, progress: Progress) -> dict[str, Any]:
    """Expand level by level; collect clicks, rows and cuts."""
    deadline = (time.time() + budgets.time_budget) * 1000
    clicks, rows = 0, 0
    cuts: dict[str, dict[str, Any]] = {}
    for depth in range(budgets.max_depth + 1):
        r = page.call("expandLevel", depth, budgets.max_depth, budgets.max_clicks - clicks, deadline)
        clicks, rows = clicks + r["clicks"], rows + r["rows"]
        for c in r["cuts"]:
            old = cuts.setdefault(c["reason"], {"count": 0, "where": []})
            old["count"] += c["count"]
            old["where"] = (old["where"] + c["where"])[:MAX_CUT_IDS]
        progress("expand", depth + 1, budgets.max_depth + 1)
        if not r["next"]:
            break
    out = [Cut(reason=k, count=v["count"], where=v["where"]) for k, v in sorted(cuts.items())]
    return {"cuts": out, "stats": {"clicks": float(clicks), "rows": float(rows)}}


def sweep_samples(page: Any, progress: Progress) -> list[str]:
    """Discover every language, then read every sample once per language."""
    languages: list[str] = page.call("discover")["languages"]
    for i, lang in enumerate(languages):
        progress("samples", i, len(languages))
        if not page.call("sweep", lang)["chosen"]:
            raise PageError(
                f"the page's language picker would not switch to {lang!r}; check the profile's samples selectors"
            )
    progress("samples", len(languages), len(languages))
    return languages


def page_base(url: str) -> str:
    """A page URL without query, fragment or trailing slash: the base for links and section URLs."""
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, parts.path.rstrip("/"), "", ""))


def build_manifest(
    revealed: dict[str, Any], profile: Profile, url: str, budgets: Budgets
) -> tuple[Manifest, dict[str, str]]:
    """Manifest and section markup from reveal output (pure)."""
    sections, html = build_sections(revealed["sections"], profile.samples.fence_tags)
    stats = {**revealed["stats"], "section_html_bytes": float(sum(len(h.encode()) for h in html.values()))}
    manifest = Manifest(
        apiref_version=__version__,
        source_url=url,
        scraped_at=datetime.now(timezone.utc).isoformat(timespec="seconds"),
        profile=profile.name,
        title=profile.title,
        origin=page_base(profile.canonical_url or url),
        max_depth=budgets.max_depth,
        languages=revealed["languages"],
        sections=sections,
        cuts=revealed["cuts"],
        stats=stats,
    )
    return manifest, html


@contextlib.contextmanager
def conversion_helper(wanted: bool) -> Iterator[Executor | None]:
    """A worker process for half of the Markdown conversion, forked now: before the browser starts any thread, and
    with the converter already imported. None where it would not pay (one core, no Markdown) or fork is not the
    platform's safe default (only Linux forks here)."""
    if not wanted or (os.cpu_count() or 1) < 2 or sys.platform != "linux":
        yield None
        return
    pool = ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("fork"),
                               initializer=signal.signal, initargs=(signal.SIGINT, signal.SIG_IGN))  # Ctrl-C is ours
    try:
        pool.submit(int).result()  # forks the worker here and now
        yield pool
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def scrape(url: str, out: Path, profile: Profile, budgets: Budgets = Budgets(), browser: str | None = None,
           timeout: float | None = None, markdown: bool = True, progress: Progress = no_progress) -> Manifest:
    """Scrape url into a snapshot at out; return its manifest. Nothing is written unless everything worked."""
    from .browser import open_page  # the only Playwright import, kept out of pure callers' way

    budgets.check()
    t0 = time.monotonic()
    progress("load", 0, 1)
    with conversion_helper(markdown) as helper:
        with open_page(url, profile, browser, timeout) as page:
            loaded = time.monotonic() - t0
            progress("load", 1, 1)
            revealed = reveal(page, profile, budgets, progress)
        manifest, html = build_manifest(revealed, profile, url, budgets)
        t1 = time.monotonic()
        from .convert import convert_snapshot  # (bs4: imported when a page is converted, not by every command)

        md = convert_snapshot(manifest, html, helper) if markdown else None
    manifest.stats.update(load_seconds=round(loaded, 3), markdown_seconds=round(time.monotonic() - t1, 3),
                          seconds=round(time.monotonic() - t0, 3))
    store.write_snapshot(Path(out), manifest, html, *(md or (None, None)))
    return manifest
