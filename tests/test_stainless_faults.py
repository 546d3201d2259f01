"""The crawler as a guest on a faulty host: every fault the issue names is retried, skipped with a note, or one
line naming the page and the fix; a failed crawl leaves the previous snapshot as it was. The host serves the real
Stainless build of 2023-11-28 (tests/faulty_site.py) with faults on chosen paths."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from apiref.scraper.auto import scrape_site
from apiref.scraper.crawl import CrawlOptions
from apiref.scraper.store import read_manifest, sections_span
from faulty_site import faulty_site, redirect, status
from stainless_site import build, load_truth, serve_stainless
from stainless_truth import truth_view

SPEC = "2023-11-28"
PAGE = "/api/resources/embeddings/methods/create/"  # the page each fault hits
FAST = CrawlOptions(concurrency=8)


@pytest.fixture(scope="module")
def site() -> Path:
    return build(SPEC)[0]


def apiref(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "apiref", *args], capture_output=True, text=True, timeout=300)


def previous(tmp_path: Path) -> tuple[Path, dict[str, bytes]]:
    """A snapshot directory holding an earlier snapshot's files (to check it is left as it was)."""
    out = tmp_path / "snap"
    (out / "sections").mkdir(parents=True)
    (out / "manifest.json").write_text('{"old": true}\n')
    (out / "sections" / "x.html").write_text("<p>old</p>\n")
    return out, {str(p.relative_to(out)): p.read_bytes() for p in out.rglob("*") if p.is_file()}


def unchanged(out: Path, before: dict[str, bytes]) -> bool:
    now = {str(p.relative_to(out)): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    return now == before and [p.name for p in out.parent.iterdir()] == [out.name]


def one_line_error(r: subprocess.CompletedProcess, *words: str) -> None:
    assert r.returncode != 0
    lines = [line for line in r.stderr.strip().splitlines() if line.startswith("apiref: error: ")]
    assert len(lines) == 1 and r.stderr.strip().endswith(lines[0]), r.stderr
    assert all(w in lines[0] for w in words), lines[0]


def test_unreachable_host(tmp_path):
    out, before = previous(tmp_path)
    r = apiref("scrape", "http://127.0.0.1:1/api", "-o", str(out))
    one_line_error(r, "127.0.0.1:1/api", "unreachable", "check the URL")
    assert unchanged(out, before)


@pytest.mark.parametrize("url", ["not-a-url", "ftp://example.com/api", "http:///api"])
def test_a_url_apiref_cannot_fetch_is_named_at_once(tmp_path, url):
    r = apiref("scrape", url, "-o", str(tmp_path / "snap"))
    one_line_error(r, f"{url} is not a URL apiref can fetch (it needs http:// or https:// and a host)", "check the URL")
    assert not (tmp_path / "snap").exists()


def test_ctrl_c_stops_a_crawl_at_once_and_keeps_the_previous_snapshot(site, tmp_path):
    """The pages not asked for yet are not asked for: the crawl (some 20 s of pages at 300 ms each) stops within
    the requests in flight, not after every page."""
    out, before = previous(tmp_path)
    with serve_stainless(site, "--slow-ms", "300") as url:
        proc = subprocess.Popen(  # Ctrl-C at its default however the tests were started (see test_scrape_errors)
            [sys.executable, "-m", "apiref", "scrape", url, "-o", str(out)], stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE, text=True, start_new_session=True,
            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
        time.sleep(3)  # the crawl under way
        os.killpg(proc.pid, signal.SIGINT)
        stopped = time.monotonic()
        _, err = proc.communicate(timeout=60)
        waited = time.monotonic() - stopped
    assert proc.returncode == 130 and err.strip().endswith("apiref: interrupted; nothing was written"), err
    assert waited < 8, f"{waited:.1f}s to stop"  # (8 requests in flight of 300 ms; the rest of the crawl: 15 s+)
    assert unchanged(out, before)


def test_unknown_kind_of_site_is_named_at_once(tmp_path):
    other = tmp_path / "other"
    other.mkdir()
    (other / "index.html").write_text('<html><head><title>Some blog</title><meta name="generator" content="Hugo 0.1">'
                                      "</head><body><p>hello</p></body></html>")
    with faulty_site(other, {}) as (base, seen):
        r = apiref("scrape", base + "/", "-o", str(tmp_path / "snap"))
    one_line_error(r, "not a reference site apiref knows", "'Some blog'", "'Hugo 0.1'")
    assert seen == ["/robots.txt", "/"]  # one look, no browser, no waiting
    assert not (tmp_path / "snap").exists()


def test_404_landing_page(site, tmp_path):
    with faulty_site(site, {}) as (base, _):
        r = apiref("scrape", base + "/api/no-such-page/", "-o", str(tmp_path / "snap"))
    one_line_error(r, "/api/no-such-page/", "HTTP 404", "check the URL")


def test_a_reference_that_moved_to_another_site_is_followed_there_once(site, tmp_path):
    """platform.openai.com/docs/api-reference now redirects to developers.openai.com/api/reference."""
    old = tmp_path / "old"
    old.mkdir()
    with faulty_site(site, {}) as (new, _), faulty_site(old, {"/docs/api-reference": redirect(new + "/api")}) as (
            base, asked), faulty_site(old, {"/docs": redirect(base + "/docs/api-reference")}) as (twice, _):
        r = apiref("scrape", base + "/docs/api-reference", "-o", str(tmp_path / "snap"))
        assert asked == ["/robots.txt", "/docs/api-reference"]  # the old site: asked once
        again = apiref("scrape", twice + "/docs", "-o", str(tmp_path / "snap2"))
    assert r.returncode == 0, r.stderr
    assert r.stderr.splitlines()[0] == f"{base}/docs/api-reference redirects to {new}/api, another site: reading that"
    assert read_manifest(tmp_path / "snap").source_url == new + "/api"
    one_line_error(again, f"{base}/docs/api-reference redirects out of the site to {new}/api",  # (once, not twice)
                   "scrape " + new + "/api itself")
    assert not (tmp_path / "snap2").exists()


@pytest.mark.parametrize("fault, words", [
    (status(429, {"Retry-After": "1"}), ["failed 5 times", "HTTP 429", "--concurrency"]),
    (status(500), ["failed 5 times", "HTTP 500"]),
    (redirect(PAGE), ["redirects in a loop"]),
], ids=["429-forever", "500", "redirect-loop"])
def test_failing_page_is_named_and_nothing_is_written(site, tmp_path, fault, words):
    out, before = previous(tmp_path)
    with faulty_site(site, {PAGE: fault}) as (base, seen):
        r = apiref("scrape", base + "/api", "-o", str(out))
    one_line_error(r, PAGE, "--allow-partial", *words)
    assert unchanged(out, before)
    if "HTTP 429" in words:
        assert seen.count(PAGE) == 5  # retried with backoff, then given up


def test_allow_partial_lists_what_is_missing(site, tmp_path):
    with faulty_site(site, {PAGE: status(500)}) as (base, _):
        m = scrape_site(base + "/api", tmp_path / "snap", options=CrawlOptions(allow_partial=True))
    missing = [(p.url.removeprefix(base), p.reason.split(" failed")[0].removeprefix(base)) for p in m.missing]
    assert missing == [(PAGE, PAGE)]
    http = next(s for s in m.sections if s.id == "embeddings/create")
    assert "http" not in http.languages and "python" in http.languages


def test_link_out_of_the_site_and_robots_are_notes(site, tmp_path):
    robots = b"User-agent: *\nDisallow: /api/python/resources/files/\n"
    faults = {PAGE: redirect("http://elsewhere.invalid/x"),
              "/robots.txt": status(200, {"Content-Type": "text/plain"}, robots)}
    with faulty_site(site, faults) as (base, seen):
        m = scrape_site(base + "/api", tmp_path / "snap", options=FAST)
    notes = {p.url.removeprefix(base): p.reason for p in m.missing}
    assert "redirects out of the site" in notes[PAGE]
    assert all("robots.txt" in notes[u] for u in notes if u.startswith("/api/python/resources/files/"))
    assert not any(p.startswith("/api/python/resources/files/") for p in seen)  # never asked for
    assert len(notes) == 1 + sum(u.startswith("/api/python/resources/files/") for u in notes) > 2


def test_20_mb_page_is_read(site, tmp_path):
    body = (site / PAGE.lstrip("/") / "index.html").read_bytes()
    padded = body.replace(b"</body>", b"<!--" + b" " * 20_000_000 + b"-->" + b"</body>")

    def huge(h):
        status(200, {"Content-Type": "text/html; charset=utf-8"}, padded)(h)

    with faulty_site(site, {PAGE: huge}) as (base, _):
        m = scrape_site(base + "/api", tmp_path / "snap", options=FAST)
    truth = {(s["language"], s["id"]): s for s in load_truth(build(SPEC)[1])["sections"]}
    written = read_manifest(tmp_path / "snap")  # (the rows: the snapshot's manifest has them, the one returned none)
    assert truth_view(written)["http", "embeddings/create"] == truth["http", "embeddings/create"]
    assert not m.missing and not any(s.params or any(v.params for v in s.languages.values()) for s in m.sections)
    assert m.stats["params"] == sum(len(s.params) + sum(len(v.params) for v in s.languages.values())
                                    for s in written.sections) > 10_000
    assert [s.id for s in m.sections] == [s.id for s in written.sections]


def snapshot_files(out: Path) -> dict[str, bytes]:
    """A snapshot's files by path, manifest.json as its section list (the rest says when and how fast)."""
    files = {str(p.relative_to(out)): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    manifest = files.pop("manifest.json")
    start, end = sections_span(manifest)
    return {**files, "manifest.json sections": manifest[start:end]}


def test_rescrape_revalidates(site, tmp_path):
    out = tmp_path / "snap"
    with faulty_site(site, {}) as (base, seen):
        first = scrape_site(base + "/api", out, options=FAST)
        files = {str(p.relative_to(out)): p.read_bytes() for p in out.rglob("*") if p.is_file()}
        assert apiref("chunk", str(out), "-o", str(tmp_path / "c1.jsonl")).returncode == 0
        asked = len(seen)
        second = scrape_site(base + "/api", out, options=FAST)
    assert second.stats["reused_pages"] == second.stats["pages"] == first.stats["pages"]
    assert len(seen) - asked == first.stats["requests"]  # the same requests, answered 304
    now = {str(p.relative_to(out)): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    assert ({k: v for k, v in now.items() if k != "manifest.json"}
            == {k: v for k, v in files.items() if k != "manifest.json"})
    assert apiref("chunk", str(out), "-o", str(tmp_path / "c2.jsonl")).returncode == 0
    ids = [[json.loads(line)["id"] for line in (tmp_path / f).read_text().splitlines()]
           for f in ("c1.jsonl", "c2.jsonl")]
    assert ids[0] == ids[1] and len(ids[0]) > 100


def test_llms_txt_missing_falls_back_to_navigation(site, tmp_path):
    with faulty_site(site, {"/llms.txt": status(404), "/api/llms.txt": status(404)}) as (base, _):
        m = scrape_site(base + "/api", tmp_path / "snap", options=FAST)
    assert m.stats.get("discovered_by_navigation") == 1.0
    assert len(m.pages) == 504 and not m.missing


def test_bad_option_is_one_line(tmp_path):
    r = apiref("scrape", "http://127.0.0.1:1/api", "-o", str(tmp_path / "s"), "--concurrency", "0")
    one_line_error(r, "--concurrency")


def test_rescrape_reads_only_what_changed(site, tmp_path):
    out = tmp_path / "snap"
    body = (site / PAGE.lstrip("/") / "index.html").read_bytes()
    edited = body.replace(b"Creates an embedding vector representing the input text.",
                          b"Creates an embedding vector for the input text.")
    assert edited != body

    def changed(h):
        status(200, {"Content-Type": "text/html; charset=utf-8", "ETag": '"edited"'}, edited)(h)

    with faulty_site(site, {}) as (base, _):
        scrape_site(base + "/api", out, options=FAST)
        before = {str(p.relative_to(out)): p.read_bytes() for p in (out / "sections").rglob("*.html")}
    # the same host and port again, now with the page edited
    port = base.rsplit(":", 1)[1]
    with faulty_site(site, {PAGE: changed}, port=int(port)) as (base, _):
        m = scrape_site(base + "/api", out, options=FAST)
        scrape_site(base + "/api", tmp_path / "fresh", options=FAST)
    assert m.stats["reused_pages"] == m.stats["pages"] - 1
    # what the re-scrape made of the pages it kept and the one it read is what a first crawl of the site makes
    assert snapshot_files(out) == snapshot_files(tmp_path / "fresh")
    after = {str(p.relative_to(out)): p.read_bytes() for p in (out / "sections").rglob("*.html")}
    assert [k for k in after if after[k] != before.get(k)] == ["sections/embeddings/create.html"]
    sec = next(s for s in m.sections if s.id == "embeddings/create")
    assert sec.description == "Creates an embedding vector for the input text."
    assert sec.languages["python"].description == "Creates an embedding vector representing the input text."
