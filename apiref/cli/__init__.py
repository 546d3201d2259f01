"""The `apiref` command: a thin layer over the scraper and chunks libraries.

Each command parses options, calls one library function, and turns the library's typed errors into a one-line
message on stderr and a non-zero exit. Data goes to stdout or files; logs and progress go to stderr.
"""

from __future__ import annotations

import gc
import importlib
import logging
import sys

import click

from apiref import __version__
from apiref.scraper.errors import ApirefError

# Each command's module, imported when the command runs (or its help is asked for): a scrape does not load the
# search index's, the MCP server's or the chunker's libraries. Each module adds its commands to `cli`.
COMMANDS = {"scrape": "cmd_scrape", "convert": "cmd_convert", "chunk": "cmd_chunk", "audit": "cmd_audit",
            "diff": "cmd_uses", "llms": "cmd_uses", "prompt": "cmd_uses", "excerpt": "cmd_uses",
            "history": "cmd_history", "changelog": "cmd_history", "search": "cmd_search", "mcp": "cmd_mcp"}


class Group(click.Group):
    """A click group that reports apiref's errors as `apiref: error: ...` on one line and exits non-zero, and
    loads a command's module only when the command is asked for."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(set(COMMANDS) | set(self.commands))

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in self.commands and cmd_name in COMMANDS:
            importlib.import_module(f"{__name__}.{COMMANDS[cmd_name]}")
        return super().get_command(ctx, cmd_name)

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except ApirefError as e:
            click.echo(f"apiref: error: {e}", err=True)
            sys.exit(e.exit_code)
        except KeyboardInterrupt:
            # Ctrl-C reaches the browser's driver too; what asyncio would say about the closed connection at exit
            # is noise after this line.
            logging.getLogger("asyncio").disabled = True
            click.echo("apiref: interrupted; nothing was written", err=True)
            sys.exit(130)


@click.group(cls=Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="apiref")
def cli() -> None:
    """Turn a script-driven API reference page into clean, complete, chunked Markdown.

    Usage:

        apiref scrape -o snap                  # the live OpenAI reference page
        apiref scrape http://127.0.0.1:8000/docs/api-reference -o snap
        apiref chunk snap --max-tokens 1000 -o snap/chunks.jsonl
    """


def main() -> None:
    try:
        cli(prog_name="apiref")
    finally:
        # What the command leaves is freed as the process exits; frozen, it is not first walked by the collector's
        # last pass (a tenth of a second or more after a crawl). Every file apiref writes is closed by then.
        gc.freeze()
