"""Benchmark: apiref on the five real OpenAPI renderers' pages of a spec, against the usual approach measured in the
same run: Playwright loads the page (until the network is idle), dumps `page.content()` and converts it with
markdownify.

For each renderer: operations, top-level parameters, nested body properties and code samples found (apiref: by
`apiref audit` against the spec; the dump: an operation counts when its path is in the Markdown, a parameter or a
property when its name is, a sample when its code is, whitespace folded: generous to the dump), apiref's time and
the dump's time with their ratio (goal: apiref finds 100% and is no more than 3x slower). apiref is run three ways:

- `apiref`: `apiref scrape URL` as a user runs it: the page's HTML names its spec, which is read by HTTP.
- `caught`: the page loaded in Chromium until the spec it fetches arrives (a page whose HTML does not name it).
- `page`: `--read page`, every operation revealed in the rendered page, with the time the page took to render
  before apiref could read it (RapiDoc blocks its main thread there on big specs).

`dump+` is the same dump taken once the page has rendered its operations (apiref's own wait): what "load and dump"
costs when it waits long enough to dump anything on Scalar and Elements, which render after the network is idle.

usage: python3 scripts/bench_renderers.py [SPEC] [--renderers redoc,scalar,...] [--no-page]
       (default 2025-04-29, all five)
"""

from __future__ import annotations

import argparse
import re
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from apiref.chunks.audit import audit_snapshot  # noqa: E402
from apiref.scraper.auto import scrape_site  # noqa: E402
from apiref.scraper.crawl import CrawlOptions  # noqa: E402
from apiref.scraper.openapi_spec import Spec, load_spec  # noqa: E402
from apiref.scraper.rendered import scrape_rendered  # noqa: E402
from apiref.scraper.sites.openapi import ADAPTERS  # noqa: E402
from apiref.scraper.sites.openapi.reading import shown_samples  # noqa: E402
from apiref.scraper.store import read_manifest  # noqa: E402
from renderer_site import NAMES, build, serving  # noqa: E402

GOAL_RATIO = 3.0
CATEGORIES = ("operations", "params", "nested", "samples")
SPACE = re.compile(r"\s+")


def fold(text: str) -> str:
    return SPACE.sub(" ", text.replace("\\", "")).strip()


def apiref_run(url: str, spec: Spec, work: Path, renderer: str, how: str
               ) -> tuple[dict[str, tuple[int, int]], float, float]:
    """(found/expected per category, seconds, seconds until the page rendered)."""
    out = work / how
    t0 = time.perf_counter()
    if how == "caught":
        scrape_rendered(url, out, renderer, read="spec")
    else:
        scrape_site(url, out, options=CrawlOptions(read="page" if how == "page" else "auto"))
    seconds = time.perf_counter() - t0
    report = audit_snapshot(out, spec.source, spec.max_depth)
    cov = {c.category: (c.found, c.expected) for c in report.coverage}
    params = [v for k, v in cov.items() if k in ("path", "query", "header", "cookie", "body")]
    counts = {"operations": cov["operations"], "params": (sum(f for f, _ in params), sum(e for _, e in params)),
              "nested": cov.get("properties", (0, 0)), "samples": cov.get("samples", (0, 0))}
    return counts, seconds, read_manifest(out).stats.get("render_seconds", 0.0)


def dump_run(url: str, spec: Spec, renderer: str, rendered: bool) -> tuple[dict[str, tuple[int, int]], float]:
    """The usual approach: load until the network is idle (rendered: until the page shows its operations and its
    DOM stops growing, as apiref waits), dump, convert; what the Markdown holds."""
    from markdownify import markdownify
    from playwright.sync_api import sync_playwright

    from apiref.scraper.browser import find_browser, launch_args
    from apiref.scraper.rendered import wait_rendered

    t0 = time.perf_counter()
    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=find_browser(None, None), args=launch_args())
        page = chromium.new_page()
        page.goto(url, wait_until="networkidle", timeout=600_000)
        if rendered:
            wait_rendered(page, renderer, url, ADAPTERS[renderer].READY, 600)
        html = page.content()
        chromium.close()
    text = fold(markdownify(html))
    seconds = time.perf_counter() - t0
    found = dict.fromkeys(CATEGORIES, 0)
    expected = dict.fromkeys(CATEGORIES, 0)
    for op in spec.operations:
        expected["operations"] += 1
        found["operations"] += op.path in text
        top = [n for names in op.params.values() for n in names]
        nested = [p for p, depth in op.body.items() if depth > 0]
        expected["params"] += len(top)
        found["params"] += sum(n in text for n in top)
        expected["nested"] += len(nested)
        found["nested"] += sum(p.rsplit(".", 1)[-1] in text for p in nested)
        rule = ADAPTERS[renderer].SAMPLES
        shown = [op.samples[i] for i in shown_samples(rule, [(s.spec_lang, s.label) for s in op.samples])]
        expected["samples"] += len(shown)
        found["samples"] += sum(fold(s.source) in text for s in shown)
    return {c: (found[c], expected[c]) for c in CATEGORIES}, seconds


def pct(pair: tuple[int, int]) -> str:
    found, expected = pair
    return f"{found}/{expected}" + (f" ({100 * found / expected:.0f}%)" if expected else "")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.strip().splitlines()[0])
    ap.add_argument("spec", nargs="?", default="2025-04-29")
    ap.add_argument("--renderers", default=",".join(NAMES))
    ap.add_argument("--no-page", action="store_true", help="leave out `--read page` (minutes on Scalar, Elements)")
    args = ap.parse_args()
    site = build(args.spec)
    spec = load_spec(str(site / "spec.json"))
    print(f"renderers' pages of {args.spec}: {len(spec.operations)} operations (2 cores)")
    header = f"{'renderer':9} {'who':7} " + " ".join(f"{c:>18}" for c in CATEGORIES) + f" {'seconds':>8} {'render':>7}"
    print(header)
    with serving(site) as urls:
        for name in args.renderers.split(","):
            runs = {}
            with tempfile.TemporaryDirectory() as work:
                for how in ("apiref", "caught") + (() if args.no_page else ("page",)):
                    runs[how] = apiref_run(urls[name], spec, Path(work), name, how)
            theirs, theirs_s = dump_run(urls[name], spec, name, rendered=False)
            later, later_s = dump_run(urls[name], spec, name, rendered=True)
            rows = [(who, counts, secs, f"{render_s:7.1f}" if who == "page" else "")
                    for who, (counts, secs, render_s) in runs.items()]
            for who, counts, secs, extra in rows + [("dump", theirs, theirs_s, ""), ("dump+", later, later_s, "")]:
                print(f"{name:9} {who:7} " + " ".join(f"{pct(counts[c]):>18}" for c in CATEGORIES)
                      + f" {secs:8.1f} {extra:>7}")
            for who, (counts, secs, _) in runs.items():
                ratio = secs / theirs_s
                complete = all(f == e for f, e in counts.values())
                verdict = "met" if ratio <= GOAL_RATIO and complete else "not met"
                print(f"{name:9} {who}/dump time {ratio:.2f}x, /dump+ {secs / later_s:.2f}x; complete: "
                      f"{'yes' if complete else 'no'} (goal <= {GOAL_RATIO:g}x and complete: {verdict})")


if __name__ == "__main__":
    main()
