"""Benchmark: how much of its budget a prompt pack uses, for every endpoint of the 2025-04-29 refsite snapshot
(scraped once and cached under .work/bench-search/; or --snapshot DIR), one endpoint per pack, at each budget.

For each budget: how many endpoints' full text is larger (those must be trimmed), the fill (tokens / budget) of
those packs, minimum and median, the endpoint with the lowest fill, how many did not fit at all (their shortest
pack is over the budget), and the seconds per pack. Baseline, measured in the same run: the fill of the pack
made of whole trim levels only (the last whole level that fits, no item given back), as packs were made before.

usage: python3 scripts/bench_prompt.py [--budgets 1000 2000 4000 8000] [--lang python] [--snapshot DIR]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from apiref.chunks import prompt  # noqa: E402
from apiref.chunks.prompt import prompt_pack  # noqa: E402
from apiref.chunks.selection import read_html  # noqa: E402
from apiref.chunks.tokens import count_tokens  # noqa: E402
from apiref.scraper.errors import LimitError  # noqa: E402
from refsite import scraped_once  # noqa: E402

WORK = ROOT / ".work" / "bench-search"
SPEC = "2025-04-29"
GOAL = 0.9
UNLIMITED = 10**7


def whole_levels_only(packer, vector, i, budget):  # type: ignore[no-untyped-def]
    """The baseline: no item of a level given back."""
    return vector


def fills(manifest, html, ids, lang, budget, count, full):  # type: ignore[no-untyped-def]
    """(fill per endpoint whose full text is over the budget, endpoints that do not fit, seconds)."""
    out: dict[str, float] = {}
    failed, start = 0, time.perf_counter()
    for sid in ids:
        if full[sid] <= budget:
            continue
        try:
            out[sid] = prompt_pack(manifest, html, [sid], lang, budget, count).tokens / budget
        except LimitError:
            failed += 1
    return out, failed, time.perf_counter() - start


def report(name: str, budget: int, result: tuple[dict[str, float], int, float]) -> bool:
    fill, failed, secs = result
    if not fill:
        print(f"  {name:18} no endpoint over {budget}")
        return True
    low = min(fill, key=fill.__getitem__)
    print(f"  {name:18} {len(fill):4} over budget: fill min {fill[low]:6.1%} ({low}), median "
          f"{statistics.median(fill.values()):6.1%}; {failed} too big to fit; {secs / max(1, len(fill)):.2f} s/pack")
    return fill[low] >= GOAL


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--budgets", type=int, nargs="+", default=[1000, 2000, 4000, 8000])
    ap.add_argument("--lang", default="python")
    ap.add_argument("--snapshot", type=Path)
    args = ap.parse_args()
    snap = args.snapshot or scraped_once(SPEC, WORK)
    manifest, html = read_html(snap)
    count = count_tokens("o200k_base")
    ids = [s.id for s in manifest.sections if s.kind == "endpoint"]
    full = {sid: prompt_pack(manifest, html, [sid], args.lang, UNLIMITED, count).tokens for sid in ids}
    print(f"{SPEC} ({snap}): {len(ids)} endpoints, one per pack, --lang {args.lang}; full text "
          f"{min(full.values())}-{max(full.values())} tokens (median {statistics.median(full.values()):.0f})")
    ok = True
    for budget in args.budgets:
        print(f"\nbudget {budget}")
        filled = fills(manifest, html, ids, args.lang, budget, count, full)
        fill_items = prompt._Packer.fill
        prompt._Packer.fill = whole_levels_only  # type: ignore[method-assign]
        try:
            baseline = fills(manifest, html, ids, args.lang, budget, count, full)
        finally:
            prompt._Packer.fill = fill_items  # type: ignore[method-assign]
        report("whole levels only", budget, baseline)
        ok &= report("apiref", budget, filled)
    print(f"\ngoal (fill >= {GOAL:.0%} wherever the full text is over the budget): {'met' if ok else 'NOT met'}")


if __name__ == "__main__":
    main()
