"""Benchmark: apiref's converter against plain markdownify and html2text on the same revealed HTML.

The HTML is the section markup of a real scrape of the 2023-11-28 refsite page (built, served on 127.0.0.1 and
scraped in Chromium once, cached under .work/bench-convert/). Every converter runs on the same section HTML,
interleaved, several rounds; the best round counts. Prints seconds per MB of revealed HTML, the ratio to plain
markdownify, and the sizes: HTML bytes, Markdown characters, o200k_base tokens.

usage: python3 scripts/bench_convert.py [--spec 2023-11-28] [--rounds 7] [--rescrape]
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

import html2text  # noqa: E402
import markdownify  # noqa: E402

from apiref.scraper import store  # noqa: E402
from apiref.scraper.convert import convert_snapshot  # noqa: E402
from apiref.scraper.snapshot import Manifest  # noqa: E402
from refsite import scraped_once  # noqa: E402

WORK = ROOT / ".work" / "bench-convert"
GOAL = 1.0  # apiref should be no slower per MB than plain markdownify


def snapshot(spec: str, rescrape: bool) -> Path:
    """A snapshot of the refsite page for spec, scraped once and cached (its HTML is what is converted)."""
    return scraped_once(spec, WORK, rescrape, markdown=False)


def best_seconds(runs: dict[str, Callable[[], object]], rounds: int) -> dict[str, float]:
    """Best wall time of each run over `rounds` interleaved rounds (interleaving spreads machine noise evenly)."""
    best = {name: float("inf") for name in runs}
    for _ in range(rounds):
        for name, run in runs.items():
            t0 = time.perf_counter()
            run()
            best[name] = min(best[name], time.perf_counter() - t0)
    return best


def token_counter() -> tuple[Callable[[str], int] | None, str]:
    try:
        from apiref.chunks.tokens import get_encoding
    except ImportError:
        return None, "chunks.tokens not available: tokens not counted"
    enc = get_encoding("o200k_base")
    return (lambda text: len(enc.encode(text, disallowed_special=()))), "o200k_base"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.strip().splitlines()[0])
    ap.add_argument("--spec", default="2023-11-28")
    ap.add_argument("--rounds", type=int, default=7)
    ap.add_argument("--rescrape", action="store_true", help="scrape again instead of using the cached snapshot")
    a = ap.parse_args()
    snap = snapshot(a.spec, a.rescrape)
    manifest: Manifest = store.read_manifest(snap)
    html = store.read_sections_html(snap, manifest)
    pages = list(html.values())
    mb = sum(len(h.encode()) for h in pages) / 1e6
    runs: dict[str, Callable[[], object]] = {
        "apiref": lambda: convert_snapshot(manifest, html),
        "markdownify": lambda: [markdownify.markdownify(h) for h in pages],
        "markdownify-lxml": lambda: [markdownify.markdownify(h, bs4_options="lxml") for h in pages],
        "html2text": lambda: [html2text.html2text(h) for h in pages],
    }
    best = best_seconds(runs, a.rounds)
    base = best["markdownify"] / mb
    print(f"revealed HTML ({a.spec}, {len(pages)} sections): {mb * 1e6:,.0f} bytes; best of {a.rounds} rounds")
    for name, secs in best.items():
        print(f"  {name:<17} {secs / mb:7.3f} s/MB  {secs / mb / base:5.2f}x markdownify")
    ratio = best["apiref"] / best["markdownify"]
    print(
        f"goal (apiref no slower than plain markdownify per MB): {'met' if ratio <= GOAL else 'NOT met'} ({ratio:.2f}x)"
    )
    per_section, reference = convert_snapshot(manifest, html)
    count, how = token_counter()
    section_chars = sum(len(md) for md in per_section.values())
    print(f"Markdown: reference.md {len(reference):,} chars; section files {section_chars:,} chars")
    if count is None:
        print(f"tokens: {how}")
    else:
        print(f"tokens ({how}): reference.md {count(reference):,}; revealed HTML {count(''.join(pages)):,}")


if __name__ == "__main__":
    main()
