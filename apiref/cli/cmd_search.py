"""apiref search: ranked sections of a snapshot for a task in plain words."""

from __future__ import annotations

import json
from pathlib import Path

import click

from . import cli


@cli.command()
@click.argument("snapshot", type=click.Path(path_type=Path))
@click.argument("query")
@click.option("-k", "k", type=int, default=5, show_default=True, help="How many sections to return.")
@click.option("--lang", help="Prefer chunks with examples in this language (one the snapshot has).")
@click.option("--json", "as_json", is_flag=True, help="Print the results as a JSON array.")
def search(snapshot: Path, query: str, k: int, lang: str | None, as_json: bool) -> None:
    """Find the sections that do a task, best first.

    BM25 over each section's title, method and path, summary and parameter names (weighted up) and its chunks.
    The index is built on first use and cached in SNAPSHOT/.search-index (rebuilt when the snapshot changes).

    Usage:

    \b
        apiref search snap "transcribe an mp3"
        apiref search snap "upload a large file in parts" -k 3 --lang python --json
    """
    from apiref.chunks.search import hit_dict, render_hits
    from apiref.chunks.search_cache import load_index

    hits = load_index(snapshot).search(query, k, lang)
    if as_json:
        click.echo(json.dumps([hit_dict(h) for h in hits], ensure_ascii=False, indent=2))
    else:
        for piece in render_hits(hits):
            click.echo(piece, nl=False)
