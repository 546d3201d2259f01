"""Serving an in-process HTTP server on 127.0.0.1 from a thread, for as long as a test needs it."""

from __future__ import annotations

import contextlib
import http.server
import threading
from collections.abc import Iterator


@contextlib.contextmanager
def serving(server: http.server.HTTPServer) -> Iterator[int]:
    """Serve server from a daemon thread until the block ends (then shut it down and close it); yield its port."""
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server.server_address[1]
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)
