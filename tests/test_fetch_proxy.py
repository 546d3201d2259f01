"""The HTTP client goes through the proxy the environment names (HTTP_PROXY, as curl and browsers read it), and
around it for the hosts NO_PROXY names; it sends the cookies a site sets back to it, as a browser would, and those
a browser got past a bot check with."""

from __future__ import annotations

import contextlib
import http.server
import urllib.request
from collections.abc import Iterator

from apiref.scraper.fetch import Fetcher
from faulty_site import faulty_site, status
from loopback import serving


@contextlib.contextmanager
def forward_proxy() -> Iterator[tuple[str, list[str]]]:
    """A plain HTTP proxy on 127.0.0.1 that fetches what it is asked for (no proxy of its own); yield (its URL,
    the absolute URLs it was asked for)."""
    asked: list[str] = []
    direct = urllib.request.build_opener(urllib.request.ProxyHandler({}))

    class Handler(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args: object) -> None:
            pass

        def do_GET(self) -> None:  # noqa: N802 (http.server's name)
            asked.append(self.path)
            with direct.open(self.path) as got:
                body = got.read()
                self.send_response(got.status)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    with serving(httpd) as port:
        yield f"http://127.0.0.1:{port}", asked


def test_requests_go_through_the_environments_proxy_unless_no_proxy_names_the_host(tmp_path, monkeypatch):
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "index.html").write_text("<title>a</title><p>page a</p>")
    with faulty_site(tmp_path, {}) as (base, seen), forward_proxy() as (proxy, asked):
        monkeypatch.setenv("HTTP_PROXY", proxy)
        monkeypatch.delenv("NO_PROXY", raising=False)
        monkeypatch.delenv("no_proxy", raising=False)
        with Fetcher(base, robots=False) as f:
            assert b"page a" in f.get(base + "/a/").body
        assert asked == [base + "/a/"] and seen == ["/a/"]
        monkeypatch.setenv("NO_PROXY", "127.0.0.1")
        with Fetcher(base, robots=False) as f:
            assert b"page a" in f.get(base + "/a/").body
        assert asked == [base + "/a/"] and seen == ["/a/", "/a/"]


def test_a_cookie_the_site_sets_is_sent_back_within_its_path(tmp_path):
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "index.html").write_text("<title>docs</title>")
    (tmp_path / "other").mkdir()
    (tmp_path / "other" / "index.html").write_text("<title>other</title>")
    sent: list[str | None] = []

    def remember(h: http.server.BaseHTTPRequestHandler) -> None:
        sent.append(h.headers.get("Cookie"))
        status(200, {"Set-Cookie": "visit=1; Path=/docs"}, b"<title>set</title>")(h)

    with faulty_site(tmp_path, {"/docs/set": remember}) as (base, _), Fetcher(base, robots=False) as f:
        f.get(base + "/docs/set")
        f.get(base + "/docs/set")
        assert f.cookies.header(base + "/docs/") == "visit=1"
        assert f.cookies.header(base + "/other/") is None
    assert sent == [None, "visit=1"]


def test_the_cookies_a_browser_got_past_a_bot_check_are_sent_on_every_path(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "index.html").write_text("<title>a</title>")
    sent: list[str | None] = []

    def remember(h: http.server.BaseHTTPRequestHandler) -> None:
        sent.append(h.headers.get("Cookie"))
        status(200, {}, b"<title>b</title>")(h)

    with faulty_site(tmp_path, {"/b/deep/": remember}) as (base, _):
        for host in ("127.0.0.1", "localhost"):  # (http.cookiejar names a host without a dot apart)
            named = base.replace("127.0.0.1", host)
            with Fetcher(named, robots=False) as f:
                f.adopt({"cf_clearance": "token"}, "Mozilla/5.0 apiref")
                f.get(named + "/b/deep/")
                assert f.cookies.values() == {"cf_clearance": "token"}
    assert sent == ["cf_clearance=token", "cf_clearance=token"]
