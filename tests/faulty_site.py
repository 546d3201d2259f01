"""A static host for a built site (like ../shared/stainless/serve.py: `/x/` -> x/index.html, `/x` -> 301 `/x/`,
ETag and 304s) whose answers for chosen paths are faults: 429 forever, 500s, redirect loops, redirects out of the
site, huge pages, robots.txt rules. In-process, on a free port of 127.0.0.1, for the crawler's fault tests."""

from __future__ import annotations

import contextlib
import hashlib
import http.server
from collections.abc import Callable, Iterator
from pathlib import Path

from loopback import serving

Fault = Callable[[http.server.BaseHTTPRequestHandler], None]
CONTENT_TYPES = {".html": "text/html; charset=utf-8", ".js": "text/javascript; charset=utf-8",  # (a module script
                 ".css": "text/css; charset=utf-8", ".json": "application/json"}  # needs a JavaScript type)


def status(code: int, headers: dict[str, str] | None = None, body: bytes = b"") -> Fault:
    def answer(h: http.server.BaseHTTPRequestHandler) -> None:
        h.send_response(code)
        for k, v in (headers or {}).items():
            h.send_header(k, v)
        h.send_header("Content-Length", str(len(body)))
        h.end_headers()
        h.wfile.write(body)
    return answer


def redirect(location: str) -> Fault:
    return status(301, {"Location": location})


@contextlib.contextmanager
def faulty_site(root: Path, faults: dict[str, Fault], port: int = 0,
                peers: list[int] | None = None) -> Iterator[tuple[str, list[str]]]:
    """Serve root (on port, default a free one); yield (base URL, the list of request paths seen so far).
    peers: if given, gets the client's port of every request (one port per connection)."""
    seen: list[str] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args: object) -> None:
            pass

        def do_GET(self) -> None:  # noqa: N802 (http.server's name)
            path = self.path.split("?")[0]
            seen.append(path)
            if peers is not None:
                peers.append(self.client_address[1])
            if path in faults:
                return faults[path](self)
            full = root / path.lstrip("/")
            if full.is_dir() and not path.endswith("/"):
                return redirect(path + "/")(self)
            if path.endswith("/"):
                full = full / "index.html"
            if not full.is_file():
                return status(404, body=b"not found")(self)
            body = full.read_bytes()
            etag = '"' + hashlib.sha1(body).hexdigest() + '"'
            if self.headers.get("If-None-Match") == etag:
                return status(304, {"ETag": etag})(self)
            kind = CONTENT_TYPES.get(full.suffix, "text/plain; charset=utf-8")
            status(200, {"ETag": etag, "Content-Type": kind}, body)(self)

    http.server.ThreadingHTTPServer.allow_reuse_address = True
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), Handler)
    server.daemon_threads = True
    with serving(server) as port:
        yield f"http://127.0.0.1:{port}", seen
