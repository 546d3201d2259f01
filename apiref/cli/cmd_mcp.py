"""apiref mcp: serve snapshots to code-writing models over the Model Context Protocol."""

from __future__ import annotations

from pathlib import Path

import click

from apiref.scraper.errors import LimitError

from . import cli

DEFAULT_HOST = "127.0.0.1"  # only this machine, unless asked


def parse_address(value: str) -> tuple[str, int]:
    """HOST:PORT, :PORT or PORT -> (host, port); [::1]:PORT for IPv6."""
    host, _, port = value.rpartition(":")
    host = host.strip("[]") or DEFAULT_HOST
    if not port.isdigit() or int(port) > 65535:
        raise LimitError(f"--http {value!r} is not HOST:PORT; give one like 127.0.0.1:8765 (port 0: any free port)")
    return host, int(port)


@cli.command()
@click.argument("snapshots", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--name", "names", multiple=True, help="Label of each snapshot, in order (default: its directory name).")
@click.option("--http", "address", metavar="HOST:PORT",
              help="Serve streamable HTTP at http://HOST:PORT/mcp instead of stdio (HOST defaults to 127.0.0.1).")
def mcp(snapshots: tuple[Path, ...], names: tuple[str, ...], address: str | None) -> None:
    """Serve snapshots to code-writing models as an MCP server.

    Tools: search_reference(query, k, language), get_endpoint(id, language, max_tokens) and
    list_sections(pattern); each section is also a resource, apiref://section/<id>. Over stdio by default (what
    a client launches from its mcpServers config); --http for streamable HTTP.

    Usage:

    \b
        apiref mcp snap
        apiref mcp snap-2024 snap-2025 --name v2024 --name v2025
        apiref mcp snap --http 127.0.0.1:8765
    """
    from apiref.chunks.mcp_server import serve_http, serve_stdio
    from apiref.chunks.reference_tools import Reference

    ref = Reference(list(snapshots), list(names) or None)
    if address is None:
        serve_stdio(ref)
    else:
        serve_http(ref, *parse_address(address))
