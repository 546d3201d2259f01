"""The engine's reading on several pages at once (`Reading.prepare` / `Reading.each`), in a real Chromium on a page
served on 127.0.0.1: calls are spread over the pages and come back in their order, the other pages are readied with
the same call, and a call that fails or never finishes is one PageError naming the call, within the time given.

The adapter's script is Redoc's; the calls these tests make are added to it by an init script (a stand-in for a
renderer's reader: waits, page identity, a failure, a hang)."""

from __future__ import annotations

import re
import time
from collections.abc import Iterator

import pytest

from apiref.scraper.browser import goto, launched
from apiref.scraper.errors import PageError
from apiref.scraper.sites.openapi.reading import Reading
from faulty_site import faulty_site

pytestmark = pytest.mark.browser

# every page gets the test calls merged into whatever reader the engine installs
TEST_CALLS = """
(() => {
  const sleep = ms => new Promise(r => setTimeout(r, ms));
  const calls = {
    ready: async () => { window.__readied = (window.__readied || 0) + 1; return document.title; },
    echo: async (i, ms) => { await sleep(ms); return [i, performance.timeOrigin, window.__readied || 0]; },
    fail: async (message) => { throw new Error(message); },
    hang: () => new Promise(() => {}),
  };
  let reader;
  Object.defineProperty(window, '__apiref_renderer', {
    configurable: true,
    get: () => reader,
    set: value => { reader = Object.assign(value, calls); },
  });
})();
"""


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    root = tmp_path_factory.mktemp("pages")
    (root / "index.html").write_text("<!doctype html><title>Some renderer</title><p>operations</p>", encoding="utf-8")
    with faulty_site(root, {}) as (base, _):
        yield f"{base}/"


@pytest.fixture
def seen() -> list[tuple[str, int, int]]:
    """The progress a reading reports: (phase, done, total) each time."""
    return []


@pytest.fixture
def reading(site: str, seen: list[tuple[str, int, int]]) -> Iterator[Reading]:
    """A Reading of two pages (the second opened by prepare), with a 3 s bound on each call."""
    with launched() as chromium:
        context = chromium.new_context()
        context.add_init_script(TEST_CALLS)

        def open_page():  # noqa: ANN202
            page = context.new_page()
            goto(page, site, 10)
            return page

        ctx = Reading(open_page(), "redoc", site, 3.0, progress=lambda *p: seen.append(p), pages=2,
                      open_page=open_page)
        ctx.install()
        yield ctx


def test_calls_are_spread_over_the_pages_and_return_in_order(reading: Reading, seen: list) -> None:
    assert reading.prepare("ready") == "Some renderer"
    assert len(reading.others) == 1
    got = reading.each("echo", [(i, 40 if i % 3 else 120) for i in range(12)], "operations")
    assert [g[0] for g in got] == list(range(12))
    pages = {g[1] for g in got}
    assert len(pages) == 2  # both pages read
    assert {g[2] for g in got} == {1}  # each readied once, by prepare's call
    assert seen[0] == ("operations", 0, 12) and seen[-1] == ("operations", 12, 12)
    assert [p[1] for p in seen] == list(range(13))


def test_without_prepare_every_call_runs_on_the_one_page(reading: Reading) -> None:
    got = reading.each("echo", [(i, 5) for i in range(4)], "operations")
    assert [g[0] for g in got] == [0, 1, 2, 3] and len({g[1] for g in got}) == 1
    assert reading.others == []


def test_a_failing_call_is_one_line_naming_the_call(reading: Reading) -> None:
    reading.prepare("ready")
    with pytest.raises(PageError) as e:
        reading.each("fail", [("the picker did not open\n    at readSamples (<anonymous>:3:5)",)], "operations")
    assert re.fullmatch(r"redoc page http://127\.0\.0\.1:\d+/ failed in fail \(the picker did not open\); .+",
                        str(e.value))
    assert "\n" not in str(e.value)


def test_a_call_that_never_finishes_is_an_error_within_the_bound(reading: Reading) -> None:
    reading.prepare("ready")
    assert len(reading.each("echo", [(i, 10) for i in range(3)], "operations")) == 3
    t0 = time.monotonic()
    with pytest.raises(PageError) as e:
        reading.each("hang", [(), ()], "operations")
    took = time.monotonic() - t0
    assert re.fullmatch(r"redoc page \S+ did not finish hang within 3s; raise --timeout", str(e.value))
    assert 3 <= took < 3 + 5


def test_prepare_bounds_the_readying_call_too(reading: Reading) -> None:
    with pytest.raises(PageError, match=r"did not finish hang within 3s; raise --timeout$"):
        reading.prepare("hang")


def test_a_page_that_cannot_run_the_call_says_so(reading: Reading) -> None:
    with pytest.raises(PageError, match=r"failed in nothing_here \(.*\)"):
        reading.each("nothing_here", [()], "operations")


def test_progress_counts_each_call_as_its_size(reading: Reading, seen: list) -> None:
    reading.each("echo", [(0, 5), (1, 5), (2, 5)], "operations", [8, 8, 3])
    assert seen[0] == ("operations", 0, 19) and seen[-1] == ("operations", 19, 19)
    assert sorted(p[1] for p in seen[1:]) == [8, 16, 19]
