"""apiref scrape: render a reference page, reveal everything it hides, save a snapshot."""

from __future__ import annotations

from pathlib import Path

import click

from apiref.scraper.profile import load_profile
from apiref.scraper.scrape import Budgets, scrape as run_scrape

from . import cli
from .progress import rich_progress


@cli.command()
@click.argument("url", required=False)
@click.option("-o", "--out", "out", type=click.Path(path_type=Path), required=True, help="Snapshot directory to write.")
@click.option(
    "--profile", "profile_name", default=None, help="Built-in profile name or a profile JSON file (default: openai)."
)
@click.option(
    "--max-depth", type=int, default=Budgets.max_depth, show_default=True, help="Nested parameter levels to expand."
)
@click.option(
    "--max-clicks", type=int, default=Budgets.max_clicks, show_default=True, help="Expand-button click budget."
)
@click.option(
    "--time-budget",
    type=float,
    default=Budgets.time_budget,
    show_default=True,
    help="Seconds allowed for expanding parameters.",
)
@click.option(
    "--browser", default=None, help="Chromium executable (default: $APIREF_BROWSER, Playwright's, /usr/bin/chromium)."
)
@click.option(
    "--timeout",
    type=float,
    default=None,
    help="Seconds to wait for the page to answer and show content (default: profile's, 30).",
)
@click.option("--no-markdown", is_flag=True, help="Skip writing Markdown (sections/*.html and manifest.json only).")
def scrape(url, out, profile_name, max_depth, max_clicks, time_budget, browser, timeout, no_markdown) -> None:
    """Scrape an API reference page into a snapshot directory.

    Usage:

    \b
        apiref scrape -o snap                      # the live OpenAI reference page
        apiref scrape http://127.0.0.1:8000/docs/api-reference -o snap
        apiref scrape URL -o snap --max-depth 3 --profile my-site.json
    """
    profile = load_profile(profile_name)
    url = url or profile.url
    budgets = Budgets(max_depth=max_depth, max_clicks=max_clicks, time_budget=time_budget)
    with rich_progress() as progress:
        m = run_scrape(url, out, profile, budgets, browser=browser, timeout=timeout, markdown=not no_markdown,
                       progress=progress)
    for line in summary(m, out):
        click.echo(line, err=True)


RAISE = {"depth": "--max-depth", "clicks": "--max-clicks", "time": "--time-budget"}  # the option behind each cut


def summary(m, out: Path):
    """What was written, one fact a line."""
    kinds = {k: sum(1 for s in m.sections if s.kind == k) for k in ("endpoint", "object", "group", "static")}
    yield (
        f"scraped {m.source_url}: {len(m.sections)} sections "
        f"({kinds['endpoint']} endpoints, {kinds['object']} objects, "
        f"{kinds['group']} groups, {kinds['static']} static)"
    )
    examples = [e for s in m.sections for e in s.examples]
    requests = sum(len(e.request) for e in examples)
    others = sum(e.response is not None for e in examples) + sum(s.example is not None for s in m.sections)
    yield (
        f"revealed {sum(len(s.params) for s in m.sections)} params to depth {m.max_depth} "
        f"with {int(m.stats.get('clicks', 0))} clicks; "
        f"{len(examples)} examples: {requests} requests in {len(m.languages)} languages ({', '.join(m.languages)}), "
        f"{others} responses and object samples; in {m.stats.get('seconds', 0):.1f}s"
    )
    for c in m.cuts:
        yield (f"cut by {c.reason}: {c.count} expand buttons left closed (raise {RAISE[c.reason]} to reveal them); "
               f"first: {c.where[0] if c.where else '-'}")
    yield f"snapshot written to {out}"
