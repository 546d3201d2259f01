"""Benchmark: a full scrape of a refsite page vs one plain load of the same page, measured in the same run.

The floor is Chromium rendering the page until reference content shows (navigation start -> first section
heading), with the browser already running. The scrape is everything `apiref scrape` does: launch, load, reveal,
extract, convert to Markdown, write the snapshot. Goal: scrape / floor <= 4. Also measured without the Markdown
step (`--no-markdown`: the browser stages alone), and the Python process's peak memory.

usage: python3 scripts/bench_scrape.py [SPEC] [--runs N]   (default 2025-04-29, best of 3)
"""

from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from apiref.scraper.browser import VIEWPORT, find_browser, launch_args  # noqa: E402
from apiref.scraper.profile import load_profile  # noqa: E402
from apiref.scraper.scrape import Budgets, scrape  # noqa: E402
from refsite import build, serve  # noqa: E402

GOAL = 4.0  # the target for scrape time / page-load time


def page_load(url: str, ready: str) -> float:
    """Seconds from navigation start until the ready selector shows, in an already running Chromium."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=find_browser(None, None), headless=True, args=launch_args())
        page = browser.new_context(viewport=VIEWPORT).new_page()
        t0 = time.perf_counter()
        page.goto(url, wait_until="commit")
        page.wait_for_selector(ready, timeout=120_000)
        took = time.perf_counter() - t0
        browser.close()
    return took


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.strip().splitlines()[0])
    ap.add_argument("spec", nargs="?", default="2025-04-29")
    ap.add_argument("--runs", type=int, default=3, help="take the best of this many of each measurement")
    a = ap.parse_args()
    profile = load_profile()
    with tempfile.TemporaryDirectory(prefix="bench-scrape-") as work:
        site, truth = build(a.spec, Path(work))
        with serve(site) as url:
            floor = min(page_load(url, profile.page.ready) for _ in range(a.runs))
            runs, bare = [], []
            for i in range(a.runs):
                for markdown, into in ((True, runs), (False, bare)):
                    t0 = time.perf_counter()
                    m = scrape(url, Path(work) / f"snap{i}{markdown}", profile, Budgets(), markdown=markdown)
                    into.append((time.perf_counter() - t0, m))
    took, m = min(runs, key=lambda r: r[0])
    took_bare = min(t for t, _ in bare)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"page {a.spec}: {len(m.sections)} sections, {int(m.stats['clicks'])} clicks, {int(m.stats['rows'])} rows, "
        f"{sum(len(e.request) for s in m.sections for e in s.examples)} request samples"
        f" in {len(m.languages)} languages, "
        f"DOM {m.stats['html_bytes'] / 1e6:.1f} MB"
    )
    print(f"plain page load (floor):  {floor:6.2f} s   (best of {a.runs})")
    print(f"full scrape:              {took:6.2f} s   (best of {a.runs}; launch+load {m.stats['load_seconds']:.2f} s, "
          f"reveal {m.stats['reveal_seconds']:.2f} s, Markdown {m.stats['markdown_seconds']:.2f} s)")
    print(
        f"ratio scrape / page load: {took / floor:6.2f}"
        f"     (goal <= {GOAL:g}: {'met' if took / floor <= GOAL else 'NOT met'})"
    )
    print(f"scrape --no-markdown:     {took_bare:6.2f} s   ratio {took_bare / floor:.2f} "
          f"({'met' if took_bare / floor <= GOAL else 'NOT met'})")
    print(f"peak memory (Python):     {peak_mb:6.0f} MB  (ru_maxrss of this process)")


if __name__ == "__main__":
    main()
