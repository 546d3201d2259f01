"""apiref convert command."""

from __future__ import annotations

from pathlib import Path

import click

from . import cli


@cli.command()
@click.argument("snapshot", type=click.Path(file_okay=False, path_type=Path))
def convert(snapshot: Path) -> None:
    """Rewrite a snapshot's markdown/ and reference.md from its saved HTML (no browser).

    Usage:

        apiref convert snap
    """
    from apiref.scraper.convert import convert_dir

    done = convert_dir(snapshot)
    click.echo(f"converted {done.sections} sections, {done.chars} characters -> {snapshot / 'reference.md'}", err=True)
