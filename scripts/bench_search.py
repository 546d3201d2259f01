"""Benchmark: `apiref search` on the 2025-04-29 refsite snapshot (built, served on 127.0.0.1, scraped once and
cached under .work/bench-search/; or --snapshot DIR).

Prints the index build time (fresh, from the snapshot's Markdown) against its floor measured in the same run (one
chunking of the snapshot, which the build includes), the time to load the cached index, recall@5 of the retrieval
evaluation (tests/search_eval.py), and the median and 95th-percentile query latency after the index is built,
over rounds of every task.

usage: python3 scripts/bench_search.py [--rounds 5] [--snapshot DIR] [--rescrape]
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from apiref.chunks.search import SEARCH_CHUNK_TOKENS, build_index  # noqa: E402
from apiref.chunks.search_cache import CACHE_DIR, load_index  # noqa: E402
from apiref.chunks.snapshot_chunks import chunk_snapshot  # noqa: E402
from apiref.chunks.split import Limits  # noqa: E402
from refsite import scraped_once  # noqa: E402
from search_eval import RECALL_GOAL, SPEC, TASKS, K, recall_at_k  # noqa: E402

WORK = ROOT / ".work" / "bench-search"
LATENCY_GOAL_MS = 20.0


def timed(fn):  # type: ignore[no-untyped-def]
    start = time.perf_counter()
    out = fn()
    return out, time.perf_counter() - start


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--snapshot", type=Path)
    ap.add_argument("--rescrape", action="store_true")
    args = ap.parse_args()
    snap = args.snapshot or scraped_once(SPEC, WORK, args.rescrape)
    _, floor = timed(lambda: chunk_snapshot(snap, Limits(SEARCH_CHUNK_TOKENS, 10**9)))
    index, build = timed(lambda: build_index(snap))
    shutil.rmtree(snap / CACHE_DIR, ignore_errors=True)
    _, first = timed(lambda: load_index(snap))  # build + write the cache
    _, cached = timed(lambda: load_index(snap))
    print(f"{SPEC} snapshot ({snap}): {len(index.sections)} sections, {len(index.chunks)} chunks")
    print(f"index build {build:.2f} s ({build / floor:.2f}x one chunking of the snapshot, {floor:.2f} s); "
          f"first load with cache write {first:.2f} s; cached load {cached * 1000:.0f} ms")
    recall, missed = recall_at_k(index.search)
    print(f"recall@{K} {recall:.3f} over {len(TASKS)} tasks (goal >= {RECALL_GOAL}); missed: {missed or 'none'}")
    latencies = []
    for _ in range(args.rounds):
        for query, _ in TASKS:
            latencies.append(timed(lambda q=query: index.search(q, K))[1] * 1000)
    median, p95 = statistics.median(latencies), statistics.quantiles(latencies, n=20)[-1]
    print(
        f"query latency over {len(latencies)} queries: median {median:.2f} ms, p95 {p95:.2f} ms "
        f"(goal: median < {LATENCY_GOAL_MS:.0f} ms)"
    )
    verdict = "met" if recall >= RECALL_GOAL and median < LATENCY_GOAL_MS else "NOT met"
    print(f"goal (recall@{K} >= {RECALL_GOAL}, median < {LATENCY_GOAL_MS:.0f} ms): {verdict}")


if __name__ == "__main__":
    main()
