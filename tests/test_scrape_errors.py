"""Failures of `apiref scrape` through the CLI: one line `apiref: error: ...`, a non-zero exit, no snapshot left
behind, a previous snapshot untouched; hostile anchors stay inside the snapshot; bad profiles name the field."""

from __future__ import annotations

import contextlib
import http.server
import json
import shutil
import socket
from pathlib import Path

import pytest
from click.testing import CliRunner

from apiref.cli import cli, cmd_scrape  # noqa: F401  (cmd_scrape adds `scrape` to the group)
from apiref.scraper.browser import find_browser
from apiref.scraper.errors import BrowserError
from apiref.scraper.store import read_manifest
from loopback import serving
from refsite import serve

pytestmark = pytest.mark.browser

BLANK = b"<!DOCTYPE html><title>Hello</title><p>Nothing to see here.</p>"
HOSTILE = b"""<!DOCTYPE html><title>Hostile</title><body><div class="api-ref">
<div class="section md"><h2 class="anchor-heading" data-name="../../evil"><a>Evil</a></h2><p>one</p></div>
<div class="section md"><h2 class="anchor-heading" data-name="/etc/passwd"><a>Abs</a></h2><p>two</p></div>
<div class="section md"><h2 class="anchor-heading" data-name="ok/..%2F.."><a>Odd</a></h2><p>three</p></div>
</div></body>"""


@contextlib.contextmanager
def static_page(body: bytes):
    """Serve one HTML page on a free port of 127.0.0.1; yield its URL."""

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    with serving(httpd) as port:
        yield f"http://127.0.0.1:{port}/docs/api-reference"


def run(*args: str):
    result = CliRunner().invoke(cli, ["scrape", *args])
    return result.exit_code, result.stderr


def assert_one_line_error(code: int, err: str, *needles: str) -> None:
    lines = [line for line in err.splitlines() if line.startswith("apiref: error: ")]
    assert code != 0
    assert len(lines) == 1, err
    for needle in needles:
        assert needle in lines[0]


def assert_nothing_left(out: Path) -> None:
    assert not out.exists()
    assert not [p for p in out.parent.iterdir() if p.name.startswith("." + out.name)]


def test_page_without_reference_markup(tmp_path):
    out = tmp_path / "snap"
    with static_page(BLANK) as url:
        code, err = run(url, "-o", str(out), "--timeout", "2")  # recognized as no kind of reference: at once
        assert_one_line_error(code, err, url, "not a reference site apiref knows", "'Hello'", "--profile")
        code, err = run(url, "-o", str(out), "--timeout", "2", "--site-kind", "legacy")  # forced: the page's wait
    assert_one_line_error(code, err, url, "shows no API reference content after 2s", "'Hello'", "--profile")
    assert_nothing_left(out)


def test_closed_port(tmp_path):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    out = tmp_path / "snap"
    code, err = run(f"http://127.0.0.1:{port}/docs/api-reference", "-o", str(out))
    assert_one_line_error(code, err, "is unreachable", "Connection refused", "check the URL")
    code, err = run(f"http://127.0.0.1:{port}/docs/api-reference", "-o", str(out), "--site-kind", "legacy")
    assert_one_line_error(code, err, "is unreachable", "ERR_CONNECTION_REFUSED")
    assert_nothing_left(out)


def test_unknown_host(tmp_path):
    out = tmp_path / "snap"
    code, err = run("http://no-such-host.invalid/docs/api-reference", "-o", str(out), "--timeout", "5")
    assert_one_line_error(code, err, "no-such-host.invalid", "is unreachable", "check the URL")
    assert err.strip().count("\n") == 0  # the progress bar leaves nothing behind: the error is all there is
    code, err = run("http://no-such-host.invalid/docs/api-reference", "-o", str(out), "--timeout", "5",
                    "--site-kind", "legacy")
    assert_one_line_error(code, err, "is unreachable", "ERR_NAME_NOT_RESOLVED")
    assert_nothing_left(out)


def test_socket_that_never_answers(tmp_path):
    out = tmp_path / "snap"
    with socket.socket() as s:  # accepts connections (the kernel completes them) and never answers
        s.bind(("127.0.0.1", 0))
        s.listen(8)
        url = f"http://127.0.0.1:{s.getsockname()[1]}/docs/api-reference"
        code, err = run(url, "-o", str(out), "--timeout", "2")
        assert_one_line_error(code, err, "did not answer within 2s", "--timeout")
        code, err = run(url, "-o", str(out), "--timeout", "2", "--site-kind", "legacy")
    assert_one_line_error(code, err, "did not answer within 2s", "--timeout")
    assert_nothing_left(out)


def test_missing_browser(tmp_path):
    out = tmp_path / "snap"
    code, err = run("http://127.0.0.1:9/docs/api-reference", "-o", str(out), "--browser", "/nonexistent",
                    "--site-kind", "legacy")
    assert_one_line_error(code, err, "/nonexistent", "--browser")
    assert_nothing_left(out)


def test_no_browser_anywhere(monkeypatch):
    monkeypatch.delenv("APIREF_BROWSER", raising=False)
    monkeypatch.setattr("apiref.scraper.browser.SYSTEM_CHROMIUM", Path("/nonexistent/chromium"))
    with pytest.raises(BrowserError, match=r"no Chromium found; install it with `apt-get install chromium`"):
        find_browser(None, None)


def test_error_status_fails_fast(refsite_build, tmp_path):
    site, _ = refsite_build("2023-11-28")
    out = tmp_path / "snap"
    with serve(site) as url:
        wrong = url.replace("/docs/api-reference", "/docs/nothing-here")
        code, err = run(wrong, "-o", str(out))  # the default 30 s wait would make this test slow: it must not wait
    assert_one_line_error(code, err, wrong, "answered HTTP 404 (title '404 - OpenAI API')", "check the URL")
    assert_nothing_left(out)


def test_page_that_fails_to_load_its_data(refsite_build, tmp_path):
    site, _ = refsite_build("2023-11-28")
    broken = tmp_path / "site"
    shutil.copytree(site, broken)
    (broken / "data.json").unlink()
    out = tmp_path / "snap"
    with serve(broken) as url:
        code, err = run(url, "-o", str(out), "--timeout", "5")
    assert_one_line_error(code, err, "failed to load its reference", "HTTP 404")
    assert_nothing_left(out)


def test_previous_snapshot_survives_a_failed_run(scraped, tmp_path):
    out = tmp_path / "snap"
    shutil.copytree(scraped("2023-11-28"), out)
    before = {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    with static_page(BLANK) as url:
        code, err = run(url, "-o", str(out), "--timeout", "1")
    assert_one_line_error(code, err, "not a reference site apiref knows")
    assert {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()} == before
    assert [p.name for p in tmp_path.iterdir()] == ["snap"]


def test_hostile_anchors_stay_inside_the_snapshot(tmp_path):
    out = tmp_path / "deep" / "snap"
    with static_page(HOSTILE) as url:
        code, err = run(url, "-o", str(out), "--no-markdown")
    assert code == 0, err
    m = read_manifest(out)
    assert [s.id for s in m.sections] == ["../../evil", "/etc/passwd", "ok/..%2F.."]
    files = sorted(p for p in tmp_path.rglob("*") if p.is_file())
    assert files and all(out in p.parents for p in files)
    for s in m.sections:
        path = (out / "sections" / (s.file + ".html")).resolve()
        assert (out / "sections").resolve() in path.parents and path.is_file()


def test_bad_profile_names_the_field(tmp_path):
    bad = json.loads((Path(__file__).parent.parent / "scraper" / "profiles" / "openai.json").read_text())
    bad["page"]["ready"] = 5
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(bad))
    code, err = run("-o", str(tmp_path / "snap"), "--profile", str(path))
    assert_one_line_error(code, err, "page.ready", str(path))
    assert_nothing_left(tmp_path / "snap")


def test_bot_check_that_never_clears(tmp_path):
    profile = json.loads((Path(__file__).parent.parent / "scraper" / "profiles" / "openai.json").read_text())
    profile["waits"]["interstitial_timeout_s"] = 2
    path = tmp_path / "patient.json"
    path.write_text(json.dumps(profile))
    page = b'<!DOCTYPE html><title>Just a moment...</title><h2 id="challenge-running">Checking</h2>'
    out = tmp_path / "snap"
    with static_page(page) as url:
        code, err = run(url, "-o", str(out), "--profile", str(path), "--timeout", "1")
    assert_one_line_error(code, err, url, "stays behind a bot check ('Just a moment...') after 2s")
    assert_nothing_left(out)


def test_browser_that_will_not_start(tmp_path):
    out = tmp_path / "snap"
    code, err = run("http://127.0.0.1:9/docs/api-reference", "-o", str(out), "--browser", "/bin/true",
                    "--site-kind", "legacy")
    assert_one_line_error(code, err, "Chromium at /bin/true would not start", "--browser")
    assert_nothing_left(out)


def test_browser_from_environment(monkeypatch):
    monkeypatch.setenv("APIREF_BROWSER", "/nonexistent/chrome")
    with pytest.raises(BrowserError, match="/nonexistent/chrome not found"):
        find_browser(None, "/usr/bin/chromium")
    monkeypatch.setenv("APIREF_BROWSER", "/usr/bin/chromium")
    assert find_browser(None, None) == "/usr/bin/chromium"
    assert find_browser("/usr/bin/chromium", None) == "/usr/bin/chromium"


def test_interrupted_run_keeps_the_previous_snapshot(scraped, refsite_build, tmp_path):
    """Ctrl-C in the middle of a scrape: one line, exit 130, the previous snapshot as it was, nothing left over."""
    import os
    import signal
    import subprocess
    import sys
    import time

    out = tmp_path / "snap"
    shutil.copytree(scraped("2023-11-28"), out)
    before = {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    site, _ = refsite_build("2023-11-28")
    with serve(site, "--slow-ms", "20000") as url:
        proc = subprocess.Popen(
            [sys.executable, "-m", "apiref", "scrape", url, "-o", str(out)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env={**os.environ, "PYTHONUNBUFFERED": "1"},
            start_new_session=True,
            # Ctrl-C as in a terminal, whatever started the tests: a shell ignores SIGINT for its background jobs,
            # and an ignored SIGINT is inherited (and obeyed by Python)
            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
        )
        time.sleep(4)  # browser up, the page waiting for its data
        os.killpg(proc.pid, signal.SIGINT)  # as Ctrl-C does: the whole process group (worker, driver, browser)
        _, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, err
    assert err.strip().splitlines() == [f"{url}: a single-page reference (profile openai); revealing it in Chromium",
                                        "apiref: interrupted; nothing was written"]
    assert {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()} == before
    assert [p.name for p in tmp_path.iterdir()] == ["snap"]
