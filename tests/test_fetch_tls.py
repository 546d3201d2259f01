"""HTTPS on 127.0.0.1 with a certificate authority of the test's own (trustme). A certificate that no trusted
authority signed is a one-line error naming the page and the fix, at once (asking again gets the same certificate).
Trusted through SSL_CERT_FILE (a company's own authority), the same site is read. An unreadable SSL_CERT_FILE is a
one-line error too."""

from __future__ import annotations

import contextlib
import http.server
import ssl
from collections.abc import Iterator

import pytest
import trustme

from apiref.scraper.errors import PageError
from apiref.scraper.fetch import Fetcher
from loopback import serving

PAGE = b"<title>secure</title><p>over TLS</p>"


@contextlib.contextmanager
def https_site(authority: trustme.CA) -> Iterator[str]:
    class Handler(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args: object) -> None:
            pass

        def do_GET(self) -> None:  # noqa: N802 (http.server's name)
            self.send_response(200)
            self.send_header("Content-Length", str(len(PAGE)))
            self.end_headers()
            self.wfile.write(PAGE)

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    authority.issue_cert("127.0.0.1").configure_cert(context)
    httpd.socket = context.wrap_socket(httpd.socket, server_side=True)
    with serving(httpd) as port:
        yield f"https://127.0.0.1:{port}"


def test_https_is_verified_against_the_authorities_apiref_trusts(tmp_path, monkeypatch):
    authority = trustme.CA()
    monkeypatch.delenv("SSL_CERT_FILE", raising=False)
    monkeypatch.delenv("SSL_CERT_DIR", raising=False)
    with https_site(authority) as base:
        with Fetcher(base, robots=False) as f, pytest.raises(PageError) as refused:
            f.get(base + "/docs/")
        assert "\n" not in str(refused.value) and "CERTIFICATE_VERIFY_FAILED" in str(refused.value)
        assert str(refused.value).startswith(f"{base}/docs/ has a certificate apiref does not trust")
        assert str(refused.value).endswith("name its certificate in SSL_CERT_FILE")
        authority.cert_pem.write_to_path(str(tmp_path / "ca.pem"))
        monkeypatch.setenv("SSL_CERT_FILE", str(tmp_path / "ca.pem"))
        with Fetcher(base, robots=False) as f:
            assert f.get(base + "/docs/").body == PAGE
        monkeypatch.setenv("SSL_CERT_FILE", str(tmp_path / "missing.pem"))
        with pytest.raises(PageError, match="SSL_CERT_FILE / SSL_CERT_DIR name cannot be read"):
            Fetcher(base, robots=False)
