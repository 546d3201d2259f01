"""An MCP server (the official `mcp` SDK) over one or more snapshots, for code-writing models.

Tools: search_reference(query, k, language, snapshot), get_endpoint(id, language, max_tokens, snapshot),
list_sections(pattern, snapshot). Resources: each section's Markdown, `apiref://section/<id>` (with several
snapshots, `apiref://section/<label>/<id>`). A bad call (unknown id, language or snapshot, a budget too small) is a
tool error whose text says what to change; the server keeps running. Over stdio nothing but protocol goes to
stdout: the SDK logs to stderr.
"""

from __future__ import annotations

import functools
import socket
import sys
from collections.abc import Callable
from typing import Any, Final
from urllib.parse import quote

import anyio
from mcp.server import MCPServer
from mcp.server.mcpserver.exceptions import ToolError
from mcp.server.mcpserver.resources import FunctionResource

from apiref import __version__
from apiref.scraper.errors import ApirefError

from .reference_tools import Reference

SERVER_NAME = "apiref"
HTTP_PATH = "/mcp"
LOG_LEVEL: Final = "WARNING"  # the SDK logs every request at INFO: stderr would fill up for nothing


def tool_errors(fn: Callable[..., Any]) -> Callable[..., Any]:
    """The tool, with apiref's errors turned into tool errors (the message as the result's text)."""
    @functools.wraps(fn)  # (the SDK reads the tool's name, doc and parameters through __wrapped__)
    def call(*args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except ApirefError as e:
            raise ToolError(str(e)) from None

    return call


def build_server(ref: Reference) -> MCPServer:
    """The MCP server for these snapshots: three tools and one resource per section."""
    labels = ", ".join(ref.served)
    server: MCPServer = MCPServer(SERVER_NAME, version=__version__, log_level=LOG_LEVEL, instructions=(
        f"API reference ({labels}). Call search_reference with the task in plain words to find endpoints, then "
        "get_endpoint with a hit's id for its parameters and an example in your language, within max_tokens."))

    def search_reference(query: str, k: int = 5, language: str | None = None,
                         snapshot: str | None = None) -> list[dict[str, Any]]:
        """Find the reference sections (endpoints, objects) for a task described in plain words, best first.

        Each hit has the section id (for get_endpoint), title, HTTP method and path, its snapshot, and its best
        matching chunk of Markdown. language prefers chunks with examples in that language."""
        return ref.search(query, k, language, snapshot)

    def get_endpoint(id: str, language: str | None = None, max_tokens: int = 4000,
                     snapshot: str | None = None) -> dict[str, Any]:
        """One section (an endpoint's method, URL, parameters, an example in one language) as compact Markdown
        within max_tokens tokens (exact o200k_base count; less important details left out first, and named)."""
        return ref.endpoint(id, language, max_tokens, snapshot)

    def list_sections(pattern: str = "*", snapshot: str | None = None) -> list[dict[str, Any]]:
        """Sections whose id or title matches a glob ('chat/*') or contains a word, with method and path."""
        return ref.sections(pattern, snapshot)

    for fn in (search_reference, get_endpoint, list_sections):
        server.add_tool(tool_errors(fn))
    for label, served in ref.served.items():
        for sec in served.manifest.sections:
            where = quote(sec.id, safe="/") if len(ref.served) == 1 else f"{label}/{quote(sec.id, safe='/')}"
            server.add_resource(FunctionResource(
                uri=f"apiref://section/{where}", name=f"{label}:{sec.id}", title=sec.title, mime_type="text/markdown",
                description=" ".join(x for x in (sec.kind, (sec.method or "").upper(), sec.path or "") if x),
                fn=lambda label=label, sid=sec.id: ref.markdown(label, sid)))
    return server


def serve_stdio(ref: Reference) -> None:
    """Answer MCP over stdin/stdout until the client closes stdin."""
    build_server(ref).run("stdio")


def serve_http(ref: Reference, host: str, port: int) -> None:
    """Answer MCP over streamable HTTP at http://HOST:PORT/mcp until interrupted (port 0: a free one). The
    address is printed to stderr once the socket listens."""
    import uvicorn

    app = build_server(ref).streamable_http_app(streamable_http_path=HTTP_PATH, host=host)
    sock = socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((host, port))
    sock.listen(128)
    shown = f"[{host}]" if ":" in host else host
    print(f"apiref mcp: serving {', '.join(ref.served)} on http://{shown}:{sock.getsockname()[1]}{HTTP_PATH}",
          file=sys.stderr, flush=True)
    server = uvicorn.Server(uvicorn.Config(app, log_level=LOG_LEVEL.lower()))
    anyio.run(lambda: server.serve(sockets=[sock]))
