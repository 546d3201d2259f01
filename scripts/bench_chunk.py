"""Benchmark: apiref's chunker against the floor (one tiktoken encode of the whole Markdown), LangChain's
RecursiveCharacterTextSplitter.from_tiktoken_encoder and semchunk, at the same token limit.

The Markdown is every section of a real scrape of the 2025-04-29 refsite page (built, served on 127.0.0.1,
scraped in Chromium and converted once, cached under .work/bench-chunk/; or --snapshot DIR). Each splitter gets
the same section texts; runs are interleaved over several rounds and the best round counts. For each, prints
seconds, the ratio to the floor, the chunks made, how many are over the limit (tiktoken's own o200k_base count of
the chunk's text, breadcrumb included for apiref) and how many break a code fence (a fence left open).

usage: python3 scripts/bench_chunk.py [--tokens 1000 ...] [--rounds 5] [--snapshot DIR] [--rescrape]
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from apiref.chunks.blocks import parse_blocks  # noqa: E402
from apiref.chunks.snapshot_chunks import breadcrumb_roots, chunk_markdown  # noqa: E402
from apiref.chunks.split import Limits  # noqa: E402
from apiref.chunks.tokens import get_encoding, new_counter  # noqa: E402
from apiref.scraper import store  # noqa: E402
from refsite import scraped_once  # noqa: E402

WORK = ROOT / ".work" / "bench-chunk"
SPEC = "2025-04-29"
ENCODING = "o200k_base"
GOAL = 2.0  # apiref within 2x one plain encode of the same text, with zero violations
NO_CHAR_LIMIT = 10**9  # the others have no character limit: compare at the token limit only


def snapshot(rescrape: bool) -> Path:
    """A snapshot (with Markdown) of the refsite page for SPEC, scraped once and cached."""
    return scraped_once(SPEC, WORK, rescrape)


def broken_fences(text: str) -> bool:
    """Whether a chunk leaves a code fence open (or starts inside one, which then reads as an open fence)."""
    return any(b.fence is not None and not b.closed for b in parse_blocks(text))


def splitters(sections: list[tuple[str, str, tuple[str, ...]]], n: int) -> dict[str, Callable[[], list[str]]]:
    """name -> run (returns the chunk texts) for each contender at n tokens."""
    import semchunk
    from langchain_text_splitters import RecursiveCharacterTextSplitter

    enc = get_encoding(ENCODING)
    texts = [md for _, md, _ in sections]
    whole = "".join(texts)
    lc = RecursiveCharacterTextSplitter.from_tiktoken_encoder(
        encoding_name=ENCODING, chunk_size=n, chunk_overlap=0, disallowed_special=()
    )
    return {
        "tiktoken encode (floor)": lambda: [whole] if enc.encode(whole, disallowed_special=()) else [],
        "apiref": lambda: [
            c.text for c in chunk_markdown(sections, Limits(n, NO_CHAR_LIMIT), new_counter(ENCODING), ENCODING)
        ],
        "langchain RecursiveCharacter": lambda: [c for t in texts for c in lc.split_text(t)],
        "semchunk": lambda: [c for cs in semchunk.chunkerify(enc, n)(texts) for c in cs],  # (fresh: it memoises counts)
    }


def best(runs: dict[str, Callable[[], list[str]]], rounds: int) -> tuple[dict[str, float], dict[str, list[str]]]:
    """Best wall time of each run over interleaved rounds, and each run's output."""
    seconds = {name: float("inf") for name in runs}
    outputs: dict[str, list[str]] = {}
    for _ in range(rounds):
        for name, run in runs.items():
            start = time.perf_counter()
            outputs[name] = run()
            seconds[name] = min(seconds[name], time.perf_counter() - start)
    return seconds, outputs


def report(n: int, seconds: dict[str, float], outputs: dict[str, list[str]]) -> bool:
    enc = get_encoding(ENCODING)
    floor = seconds["tiktoken encode (floor)"]
    print(f"\nlimit {n} tokens")
    print(f"  {'':30} {'seconds':>8} {'x floor':>8} {'chunks':>7} {'over limit':>11} {'broken fences':>14}")
    ok = True
    for name, secs in seconds.items():
        if name.endswith("(floor)"):
            print(f"  {name:30} {secs:8.3f} {1:8.2f}")
            continue
        chunks = outputs[name]
        over = sum(len(enc.encode(c, disallowed_special=())) > n for c in chunks)
        broken = sum(broken_fences(c) for c in chunks)
        print(f"  {name:30} {secs:8.3f} {secs / floor:8.2f} {len(chunks):7} {over:11} {broken:14}")
        if name == "apiref":
            ok = secs / floor <= GOAL and over == 0 and broken == 0
    return ok


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--tokens", type=int, nargs="+", default=[200, 1000, 8000])
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--snapshot", type=Path)
    ap.add_argument("--rescrape", action="store_true")
    args = ap.parse_args()
    snap = args.snapshot or snapshot(args.rescrape)
    manifest = store.read_manifest(snap)
    roots = breadcrumb_roots(manifest)
    sections = [(s.id, store.read_section_markdown(snap, s), roots[s.id]) for s in manifest.sections]
    whole = "".join(md for _, md, _ in sections)
    tokens = len(get_encoding(ENCODING).encode(whole, disallowed_special=()))
    print(
        f"{SPEC} Markdown ({snap}): {len(sections)} sections, {len(whole):,} characters, {tokens:,} {ENCODING} tokens;"
        f" best of {args.rounds} interleaved rounds"
    )
    results = [report(n, *best(splitters(sections, n), args.rounds)) for n in args.tokens]
    verdict = "met" if all(results) else "NOT met"
    print(f"\ngoal (apiref <= {GOAL:.0f}x the floor, no chunk over the limit, no broken fence): {verdict}")


if __name__ == "__main__":
    main()
