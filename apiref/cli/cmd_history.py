"""apiref history / changelog: keep dated snapshots in one folder and list what changed between them."""

from __future__ import annotations

from pathlib import Path

import click

from . import cli
from .cmd_uses import _emit


@cli.command()
@click.argument("folder", type=click.Path(file_okay=False, path_type=Path))
@click.option("--add", "snapshot", type=click.Path(path_type=Path), help="Add this snapshot directory to the history.")
@click.option(
    "--date", default=None, help="Date of the added snapshot (YYYY-MM-DD or ISO 8601; default: its scrape time)."
)
def history(folder: Path, snapshot: Path | None, date: str | None) -> None:
    """List the snapshots of a history folder, or add one.

    Each section is stored once by content hash, so a daily scrape of an unchanged site adds a few hundred bytes.
    `apiref scrape URL -o snap --into-history FOLDER` adds each scrape as it is made.

    Usage:

    \b
        apiref history hist                                  # list the entries
        apiref history hist --add snap                       # add a snapshot, dated by its scrape time
        apiref history hist --add snap-2023-11-28 --date 2023-11-28
    """
    from apiref.chunks.history import append_snapshot, folder_bytes, read_history

    if snapshot is not None:
        entry = append_snapshot(folder, snapshot, date)
        click.echo(
            f"added {snapshot} to {folder} as {entry.id} ({entry.sections} sections); "
            f"history is {folder_bytes(folder):,} bytes",
            err=True,
        )
        return
    entries = read_history(folder).entries
    for e in entries:
        click.echo(f"{e.id}\t{e.sections} sections\t{e.source_url}\ttree {e.tree[:12]}")
    click.echo(f"{len(entries)} snapshots, {folder_bytes(folder):,} bytes", err=True)


@cli.command()
@click.argument("folder", type=click.Path(file_okay=False, path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["md", "json", "atom"]), default="md", show_default=True)
@click.option("--since", default=None, help="Only the changes into snapshots dated on or after this (YYYY-MM-DD).")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="Write here instead of stdout.")
def changelog(folder: Path, fmt: str, since: str | None, output: Path | None) -> None:
    """Every change between consecutive snapshots of a history, newest first, with levels.

    Levels: breaking, non-breaking, docs-only (as `apiref diff`). The Atom feed has one entry per changed section
    and snapshot, linking the section's URL.

    Usage:

    \b
        apiref changelog hist
        apiref changelog hist --since 2024-01-01 --format json
        apiref changelog hist --format atom -o changes.atom
    """
    from apiref.chunks.changelog import changelog as make_log, render

    _emit(render(make_log(folder, since), fmt), output)
