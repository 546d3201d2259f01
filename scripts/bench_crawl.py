"""Benchmark: apiref's crawl of the real Stainless build of a spec, against baselines measured in the same run.

- floor: every page fetched once with the same client, concurrency and worker processes, parsed by lxml, nothing
  extracted (the faster of with and without gzip). Goal: crawl / floor <= 1.5.
- browser: Chromium loading every page (load event) and dumping page.content(), the usual "render every page"
  approach, measured on an evenly spaced sample of pages and scaled to all of them. Goal: apiref >= 10x faster.
- re-scrape of the unchanged site onto the first snapshot (conditional requests). Goal: <= 0.2x the first.
- peak memory of the crawl's process tree (apiref and its worker processes: proportional set size summed, each
  shared page counted once; the RSS sum is printed beside it). Goal: <= 500 MB. Measured on crawls of their own:
  reading every process's smaps_rollup 20 times a second takes CPU from the crawl (2-3 s of a 12 s crawl here),
  so the timed crawls run unwatched.

usage: python3 scripts/bench_crawl.py [SPEC] [--sample N] [--rounds R]
       (default 2025-04-29; sample 60 pages for the browser; 5 interleaved rounds of floor, crawl and re-scrape, the
       best of each kept)
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from apiref.scraper.crawl import CrawlOptions, discover, worker_pool  # noqa: E402
from apiref.scraper.fetch import Fetcher  # noqa: E402
from apiref.scraper.sites import stainless  # noqa: E402
from stainless_site import build, serve_stainless  # noqa: E402

GOALS = {"floor": 1.5, "browser": 10.0, "rescrape": 0.2, "memory_mb": 500}


def parse_only(body: bytes) -> int:
    from lxml import html

    return len(html.fromstring(body))


def floor(url: str, gzip: bool) -> tuple[float, int]:
    """Seconds to fetch every page once and parse it with lxml (same client, concurrency, worker processes)."""
    options = CrawlOptions()
    workers = worker_pool(options.workers)
    try:
        with Fetcher(url, concurrency=options.concurrency) as fetcher:
            fetcher.headers["Accept-Encoding"] = "gzip" if gzip else "identity"
            landing = fetcher.get(url)
            site = stainless.site_of(landing.url, landing.body)
            pages, _ = discover(fetcher, site, landing)
            t0 = time.perf_counter()
            with ThreadPoolExecutor(options.concurrency) as pool:
                futures = pool.map(lambda p: workers.submit(parse_only, fetcher.get(p.url).body), pages)
                for f in list(futures):
                    f.result()
            return time.perf_counter() - t0, len(pages)
    finally:
        workers.shutdown()


def tree_memory_mb(pid: int) -> tuple[float, float, float]:
    """Memory of a process and all its descendants, in MB: (proportional set size summed, resident set size summed,
    the process's own resident set). PSS splits each page among the processes sharing it: the reader processes are
    forked from apiref and share its pages copy-on-write, which a sum of RSS counts once per process."""
    pss, rss, todo, own = 0, 0, [pid], 0
    while todo:
        p = todo.pop()
        try:
            with open(f"/proc/{p}/smaps_rollup") as f:
                wanted = (line.split() for line in f if line.startswith(("Rss:", "Pss:")))
                fields = {name.rstrip(":"): int(kb) for name, kb, *_ in wanted}
            pss, rss = pss + fields["Pss"], rss + fields["Rss"]
            own = own or fields["Rss"]
            for task in os.listdir(f"/proc/{p}/task"):
                with open(f"/proc/{p}/task/{task}/children") as f:
                    todo += [int(c) for c in f.read().split()]
        except (OSError, KeyError):
            continue
    return pss / 1024, rss / 1024, own / 1024


def crawl(url: str, out: Path) -> float:
    """Seconds of `apiref scrape url -o out`."""
    t0 = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "apiref", "scrape", url, "-o", str(out)],
                          stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    if proc.returncode:
        sys.exit(f"bench_crawl: the crawl failed: {proc.stderr}")
    return time.perf_counter() - t0


def crawl_memory(url: str, out: Path) -> tuple[float, float, float]:
    """(peak MB of the process tree (PSS), the same as a sum of RSS, peak MB of the apiref process alone) of
    `apiref scrape url -o out`, sampled every 50 ms."""
    proc = subprocess.Popen([sys.executable, "-m", "apiref", "scrape", url, "-o", str(out)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    peak, peak_rss, main = 0.0, 0.0, 0.0
    while proc.poll() is None:
        tree, tree_rss, alone = tree_memory_mb(proc.pid)
        peak, peak_rss, main = max(peak, tree), max(peak_rss, tree_rss), max(main, alone)
        time.sleep(0.05)
    if proc.returncode:
        sys.exit(f"bench_crawl: the crawl failed: {proc.stderr.read()}")
    return peak, peak_rss, main


def browser(url: str, sample: int) -> tuple[float, int]:
    """Seconds per page for Chromium to load a page and dump its HTML (a running browser, one tab), from a sample."""
    from playwright.sync_api import sync_playwright

    from apiref.scraper.browser import VIEWPORT, find_browser, launch_args

    with Fetcher(url) as fetcher:
        landing = fetcher.get(url)
        site = stainless.site_of(landing.url, landing.body)
        pages, _ = discover(fetcher, site, landing)
    step = max(1, len(pages) // sample)
    chosen = pages[::step][:sample]
    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=find_browser(None, None), headless=True, args=launch_args())
        page = chromium.new_context(viewport=VIEWPORT).new_page()
        t0 = time.perf_counter()
        for p in chosen:
            page.goto(p.url, wait_until="load", timeout=120_000)
            page.content()
        took = time.perf_counter() - t0
        chromium.close()
    return took / len(chosen), len(pages)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.strip().splitlines()[0])
    ap.add_argument("spec", nargs="?", default="2025-04-29")
    ap.add_argument("--sample", type=int, default=60)
    ap.add_argument("--rounds", type=int, default=5)  # a shared machine drifts: 3 rounds were not enough
    args = ap.parse_args()
    site, _ = build(args.spec)
    gzs, plains, firsts, agains = [], [], [], []
    with serve_stainless(site) as url, tempfile.TemporaryDirectory() as tmp:
        for r in range(args.rounds):  # interleaved, the best of each kept: a shared machine's speed drifts
            took, n = floor(url, gzip=True)
            gzs.append(took)
            plains.append(floor(url, gzip=False)[0])
            firsts.append(crawl(url, Path(tmp) / f"snap{r}"))
            agains.append(crawl(url, Path(tmp) / f"snap{r}"))
        gz, plain, first, again = min(gzs), min(plains), min(firsts), min(agains)
        peak, rss, main = crawl_memory(url, Path(tmp) / "watched")
        peak2, rss2, main2 = crawl_memory(url, Path(tmp) / "watched")
        per_page, pages = browser(url, args.sample)
    best = min(gz, plain)
    rendered = per_page * pages
    print(f"Stainless build of {args.spec}: {n} pages, {os.cpu_count()} cores; best of {args.rounds} interleaved "
          f"rounds (crawls {' '.join(f'{t:.1f}' for t in firsts)} s, floors "
          f"{' '.join(f'{min(a, b):.1f}' for a, b in zip(gzs, plains, strict=True))} s)")
    print(f"  floor (fetch + lxml parse)   {best:8.2f} s   (gzip {gz:.2f} s, identity {plain:.2f} s)")
    paired = " ".join(f"{c / min(a, b):.2f}" for c, a, b in zip(firsts, gzs, plains, strict=True))
    print(f"  apiref crawl                 {first:8.2f} s   {first / best:5.2f}x floor      (goal <= {GOALS['floor']}; "
          f"each round's crawl over that round's floor: {paired})")
    print(f"  browser renders every page   {rendered:8.2f} s   apiref {rendered / first:5.1f}x faster  "
          f"(goal >= {GOALS['browser']}; {per_page * 1000:.0f} ms/page over {min(args.sample, pages)} pages, scaled)")
    print(f"  re-scrape, unchanged site    {again:8.2f} s   {again / first:5.2f}x first      "
          f"(goal <= {GOALS['rescrape']})")
    print(f"  peak memory (process tree)   {max(peak, peak2):8.0f} MB  PSS; first {peak:.0f} MB, "
          f"re-scrape {peak2:.0f} MB "
          f"(goal <= {GOALS['memory_mb']}); RSS summed {max(rss, rss2):.0f} MB (counts the pages apiref's "
          f"{CrawlOptions().workers} forked reader processes share with it once per process); the apiref process "
          f"alone {max(main, main2):.0f} MB")


if __name__ == "__main__":
    main()
