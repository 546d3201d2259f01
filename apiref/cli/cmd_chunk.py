"""apiref chunk command."""

from __future__ import annotations

from pathlib import Path

import click

from apiref.chunks.snapshot_chunks import DEFAULT_MAX_CHARS, DEFAULT_MAX_TOKENS
from apiref.chunks.tokens import DEFAULT_ENCODING, ENCODINGS

from . import cli


@cli.command()
@click.argument("snapshot", type=click.Path(file_okay=False, path_type=Path))
@click.option("--max-tokens", type=int, default=DEFAULT_MAX_TOKENS, show_default=True,
              help="Most tokens in a chunk, breadcrumb included (exact tiktoken count).")
@click.option("--max-chars", type=int, default=DEFAULT_MAX_CHARS, show_default=True,
              help="Most characters in a chunk, breadcrumb included.")
@click.option("--encoding", type=click.Choice(ENCODINGS), default=DEFAULT_ENCODING, show_default=True,
              help="tiktoken encoding that counts the tokens.")
@click.option(
    "-o", "--output", metavar="FILE", help="Where to write the JSONL (default SNAPSHOT/chunks.jsonl; - for stdout)."
)
def chunk(snapshot: Path, max_tokens: int, max_chars: int, encoding: str, output: str | None) -> None:
    """Split a snapshot's Markdown into chunks within token and character limits, with stable IDs (JSONL).

    Usage:

        apiref chunk snap                                   # -> snap/chunks.jsonl, 1000 tokens, 32000 chars
        apiref chunk snap --max-tokens 200 --max-chars 2000 -o small.jsonl
        apiref chunk snap --encoding cl100k_base -o - | head -1
    """
    from apiref.chunks.snapshot_chunks import chunk_snapshot, chunks_jsonl, summary, write_chunks
    from apiref.chunks.split import Limits

    chunks = chunk_snapshot(snapshot, Limits(max_tokens, max_chars), encoding)
    target = snapshot / "chunks.jsonl" if output is None else Path(output)
    if output == "-":
        click.echo(chunks_jsonl(chunks), nl=False)
    else:
        write_chunks(chunks, target)
    click.echo(f"{summary(chunks)} -> {'stdout' if output == '-' else target}", err=True)
