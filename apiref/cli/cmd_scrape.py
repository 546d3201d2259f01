"""apiref scrape: tell what kind of reference site a URL is, read all of it, save a snapshot."""

from __future__ import annotations

from pathlib import Path

import click

from apiref.scraper.auto import DEFAULT_URL, scrape_site
from apiref.scraper.crawl import READ_MODES, CrawlOptions
from apiref.scraper.fetch import CONCURRENCY
from apiref.scraper.scrape import Budgets
from apiref.scraper.sites import KINDS
from apiref.scraper.snapshot import SPEC_KIND

from . import cli
from .progress import rich_progress


@cli.command()
@click.argument("url", required=False)
@click.option("-o", "--out", "out", type=click.Path(path_type=Path), required=True, help="Snapshot directory to write.")
@click.option(
    "--site-kind",
    type=click.Choice(KINDS),
    default=None,
    help="Force the kind of site (default: recognized from the page).",
)
@click.option(
    "--profile",
    "profile_name",
    default=None,
    help="Single-page sites: built-in profile name or a profile JSON file (default: openai).",
)
@click.option(
    "--max-depth", type=int, default=Budgets.max_depth, show_default=True, help="Nested parameter levels to expand."
)
@click.option(
    "--max-clicks",
    type=int,
    default=Budgets.max_clicks,
    show_default=True,
    help="Single-page sites: expand-button click budget.",
)
@click.option(
    "--time-budget",
    type=float,
    default=Budgets.time_budget,
    show_default=True,
    help="Single-page sites: seconds allowed for expanding parameters.",
)
@click.option(
    "--concurrency",
    type=int,
    default=CONCURRENCY,
    show_default=True,
    help="Multi-page sites: requests in flight at once.",
)
@click.option(
    "--allow-partial",
    is_flag=True,
    help="Multi-page sites: write the snapshot even if some pages fail (the manifest lists them).",
)
@click.option(
    "--max-page-mb",
    type=int,
    default=CrawlOptions.max_page_mb,
    show_default=True,
    help="Multi-page sites: largest page accepted.",
)
@click.option(
    "--browser", default=None, help="Chromium executable (default: $APIREF_BROWSER, Playwright's, /usr/bin/chromium)."
)
@click.option("--timeout", type=float, default=None, help="Seconds to wait for a page (default: 30).")
@click.option(
    "--read",
    type=click.Choice(READ_MODES),
    default="auto",
    show_default=True,
    help="OpenAPI renderers' pages: read the spec the page renders (`spec`), reveal the page in Chromium (`page`), "
    "or the spec where it can be had and the page otherwise (`auto`).",
)
@click.option("--no-markdown", is_flag=True, help="Single-page sites: skip writing Markdown.")
@click.option("--into-history", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Also add the snapshot to this history folder (see `apiref history`).")
def scrape(url, out, site_kind, profile_name, max_depth, max_clicks, time_budget, concurrency, allow_partial,
           max_page_mb, browser, timeout, read, no_markdown, into_history) -> None:
    """Scrape an API reference site into a snapshot directory.

    The kind of site is recognized from its first page: a Stainless docs site (one page per method and language,
    read by plain HTTP), a single-page reference (revealed in Chromium), or an OpenAPI spec rendered by Redoc,
    Scalar, Swagger UI, RapiDoc or Stoplight Elements (read from the spec the page renders; `--read page` reveals
    the page itself in Chromium). Scraping onto an existing snapshot of the same multi-page site revalidates it
    (conditional requests) instead of fetching it all again.

    Usage:

    \b
        apiref scrape -o snap                      # the live OpenAI reference (developers.openai.com)
        apiref scrape http://127.0.0.1:4321/api -o snap --concurrency 4
        apiref scrape URL -o snap --max-depth 3 --profile my-site.json
        apiref scrape https://example.com/redoc/ -o snap --read page
        apiref scrape -o snap --into-history hist      # daily: then `apiref changelog hist`
    """
    budgets = Budgets(max_depth=max_depth, max_clicks=max_clicks, time_budget=time_budget)
    options = CrawlOptions(concurrency=concurrency, timeout=timeout, allow_partial=allow_partial, browser=browser,
                           max_page_mb=max_page_mb, max_depth=max_depth, read=read)
    with rich_progress() as progress:
        m = scrape_site(url or DEFAULT_URL, out, site_kind, profile_name, budgets, options, markdown=not no_markdown,
                        progress=progress, said=lambda line: click.echo(line, err=True))
    for line in summary(m, out):
        click.echo(line, err=True)
    if into_history is not None:
        from apiref.chunks.history import append_snapshot

        entry = append_snapshot(into_history, out)
        click.echo(f"added to history {into_history} as {entry.id}", err=True)


RAISE = {"depth": "--max-depth", "clicks": "--max-clicks", "time": "--time-budget"}  # the option behind each cut


def summary(m, out: Path):
    """What was written, one fact a line."""
    if m.stats.get("unchanged"):
        what = (f"{int(m.stats.get('pages', 0))} pages" if "pages" in m.stats else
                next((f"the spec {p.url}" for p in m.pages if p.kind == SPEC_KIND), "its pages"))
        asked = int(m.stats.get("requests", 0)) or len(m.pages)
        yield (f"scraped {m.source_url}: unchanged since the previous snapshot ({what} revalidated, {asked} "
               f"request{'' if asked == 1 else 's'}); its files kept; in {m.stats.get('seconds', 0):.1f}s")
        yield f"snapshot written to {out}"
        return
    kinds = {k: sum(1 for s in m.sections if s.kind == k) for k in ("endpoint", "object", "group", "static")}
    yield (
        f"scraped {m.source_url}: {len(m.sections)} sections ({kinds['endpoint']} endpoints, "
        f"{kinds['object']} objects, {kinds['group']} groups, {kinds['static']} static)"
    )
    examples = [e for s in m.sections for e in s.examples]
    requests = sum(len(e.request) for e in examples)
    others = sum(len(e.responses) or e.response is not None for e in examples) \
        + sum(s.example is not None for s in m.sections)
    params = int(m.stats["params"]) if "params" in m.stats else \
        sum(len(s.params) + sum(len(v.params) for v in s.languages.values()) for s in m.sections)  # (a crawl's: stat)
    spec = next((p.url for p in m.pages if p.kind == SPEC_KIND), None)
    how = (f"to depth {m.max_depth} with {int(m.stats.get('clicks', 0))} clicks" if m.site_kind == "legacy" else
           f"from {int(m.stats.get('operations', 0))} operations of the spec {spec} (rendered by {m.site_kind})"
           if spec else
           f"from {int(m.stats.get('operations', 0))} operations of one {m.site_kind} page in Chromium"
           if "operations" in m.stats else
           f"from {int(m.stats.get('pages', 0))} pages ({int(m.stats.get('reused_pages', 0))} unchanged, "
           f"{int(m.stats.get('browser_pages', 0))} in Chromium, {int(m.stats.get('requests', 0))} requests)")
    yield (f"revealed {params} params {how}; "
           f"{len(examples)} examples: {requests} requests in {len(m.languages)} languages ({', '.join(m.languages)}), "
           f"{others} responses and object samples; in {m.stats.get('seconds', 0):.1f}s")
    for c in m.cuts:
        yield (f"cut by {c.reason}: {c.count} expand buttons left closed (raise {RAISE[c.reason]} to reveal them); "
               f"first: {c.where[0] if c.where else '-'}")
    for p in m.missing:
        yield f"missing: {p.url} ({p.reason})"
    yield f"snapshot written to {out}"
