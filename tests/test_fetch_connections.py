"""The HTTP client keeps its connections: a revalidation (304), a redirect or a page, each read to its end, leaves
the connection open for the next request (a server makes a thread or a process per connection, a CDN a TLS
handshake: a re-scrape of an unchanged site is mostly 304s)."""

from __future__ import annotations

import gzip

import pytest

from apiref.scraper.errors import PageError
from apiref.scraper.fetch import Fetcher
from faulty_site import faulty_site, status


def test_one_connection_serves_pages_304s_and_redirects(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "index.html").write_text("<title>a</title><p>page a</p>")
    peers: list[int] = []
    with faulty_site(tmp_path, {}, peers=peers) as (base, seen), Fetcher(base, concurrency=1, robots=False) as f:
        page = f.get(base + "/a/")
        assert page.status == 200 and page.etag
        answers = [f.get(base + "/a/", etag=page.etag).status for _ in range(5)]
        moved = f.get(base + "/a")  # 301 -> /a/
    assert answers == [304] * 5 and moved.status == 200 and moved.url == base + "/a/"
    assert seen == ["/a/"] * 6 + ["/a", "/a/"]
    assert len(set(peers)) == 1, f"{len(set(peers))} connections for {len(peers)} requests"


def test_a_redirect_with_a_big_body_is_followed_without_reading_it_all(tmp_path):
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "index.html").write_text("<title>b</title><p>page b</p>")
    moved = status(301, {"Location": "/b/"}, b"x" * 2**22)
    with faulty_site(tmp_path, {"/old": moved}) as (base, seen), Fetcher(base, concurrency=1, robots=False) as f:
        page = f.get(base + "/old")
    assert page.status == 200 and page.url == base + "/b/" and b"page b" in page.body
    assert seen == ["/old", "/b/"]


def gzipped(body: bytes):
    def answer(h) -> None:
        asked = h.headers.get("Accept-Encoding", "")
        packed = gzip.compress(body) if "gzip" in asked else body
        extra = {"Content-Encoding": "gzip"} if "gzip" in asked else {}
        status(200, {"Content-Type": "text/html", **extra}, packed)(h)
    return answer


def test_a_gzipped_page_arrives_decoded_and_is_measured_decoded(tmp_path):
    page = b"<title>z</title>" + b"<p>word</p>" * 50_000  # 550 KB, a few KB gzipped
    faults = {"/z": gzipped(page), "/bomb": gzipped(b"\0" * 3 * 2**20)}
    with faulty_site(tmp_path, faults) as (base, _), Fetcher(base, robots=False, max_bytes=2**20) as f:
        f.headers["Accept-Encoding"] = "gzip"  # (a remote site's default; loopback asks for identity)
        assert f.get(base + "/z").body == page
        with pytest.raises(PageError, match="larger than 1 MB"):
            f.get(base + "/bomb")  # 3 MB of zeros in 3 KB: the limit holds for what the page unpacks to
