"""What every renderer adapter gets while it reads a loaded page: its in-page script, the time left, the depth cap,
a progress reporter, one way to fail (a PageError naming the renderer and the page), and more pages of the same
URL to read on at once.

A renderer re-renders its page for every choice a read makes (a tab, a picker entry, a route), and that work is
the page's own main thread: one page keeps one core busy. An adapter that reads operation by operation asks
`prepare()` to ready the page (and opens the others meanwhile) and `each()` to spread its calls over them all:
each call runs in its page as a job, which reports its outcome through a binding the moment it is done, so one
thread waiting for every page never waits on a page's busy main thread to ask it (a route that re-renders the
whole app holds it for half a second)."""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from importlib import resources
from typing import TYPE_CHECKING, Any

from ...errors import PageError, first_line

if TYPE_CHECKING:  # Playwright is imported where a page is read, not by every `apiref` command that lists kinds
    from playwright.sync_api import Page

Raw = dict[str, Any]
CALL = "async ([fn, args]) => JSON.stringify(await window.__apiref_renderer[fn](...args))"
DONE = "__apiref_done"  # the binding a job calls with its outcome: (error, JSON result)
# the same call as a job of the page: started at once, its outcome handed to DONE
START = """([fn, args]) => {
  Promise.resolve().then(() => window.__apiref_renderer[fn](...args)).then(
    r => window.__apiref_done(null, JSON.stringify(r === undefined ? null : r)),
    e => window.__apiref_done(String((e && e.message) || e), null));
}"""
JOB_POLL_S = 0.02  # how often the outcomes are looked at (Playwright delivers them meanwhile)


def script(name: str) -> str:
    """The in-page script beside the adapter (`redoc.js`); it defines window.__apiref_renderer."""
    return resources.files(__package__).joinpath(f"{name}.js").read_text(encoding="utf-8")


@dataclass
class Reading:
    """One read of one loaded page."""

    page: Page
    renderer: str
    url: str
    timeout: float  # seconds each step of the read may take (one in-page call): a read as long as the spec is big,
    #                 but never stuck
    max_depth: int = 12  # nested rows are revealed to this depth (0 = top level)
    progress: Callable[[str, int, int], None] = lambda phase, done, total: None
    pages: int = 1  # pages prepare() readies to read on at once (page and pages - 1 more)
    open_page: Callable[[], Page] | None = None  # opens one more page of url, rendered (what prepare() calls)
    others: list[Page] = field(default_factory=list)  # the pages prepare() opened besides page
    outcomes: dict[Page, tuple[str | None, str | None]] = field(default_factory=dict)  # a page -> its job's outcome
    bound: list[Page] = field(default_factory=list)  # the pages that have the DONE binding

    def error(self, what: str, fix: str = "check the page in a browser, or report it with the page's URL") -> PageError:
        return PageError(f"{self.renderer} page {self.url} {what}; {fix}")

    def install(self, page: Page | None = None) -> None:
        """Install the adapter's in-page script (again after a navigation)."""
        from playwright.sync_api import Error as PlaywrightError

        try:
            (page or self.page).evaluate(script(self.renderer))
        except PlaywrightError as e:
            raise self.error(f"would not run apiref's reader ({first_line(e)})") from None

    def call(self, fn: str, *args: Any) -> Any:
        """Call one function of the in-page script, bounded by the timeout; its JSON result."""
        from playwright.sync_api import Error as PlaywrightError, TimeoutError as PlaywrightTimeout

        try:
            self.page.set_default_timeout(max(1.0, self.timeout * 1000))  # (Playwright takes 0 as no limit)
            return json.loads(self.page.evaluate(CALL, [fn, list(args)]))
        except PlaywrightTimeout:
            raise self.error(f"did not finish {fn} within {self.timeout:g}s", "raise --timeout") from None
        except PlaywrightError as e:
            raise self.error(f"failed in {fn} ({first_line(e)})") from None

    def prepare(self, fn: str, *args: Any) -> Any:
        """Call fn (what readies a page to be read: show every operation, list them) on the page, and open the
        other pages while it runs, each rendered, then given the same call; the page's result."""
        jobs = [(self.page, self.start(self.page, fn, args))]  # (page, when its call started)
        while self.open_page is not None and len(self.others) < self.pages - 1:
            other = self.open_page()
            self.install(other)
            jobs.append((other, self.start(other, fn, args)))
            self.others.append(other)
        return [self.finish(page, fn, started) for page, started in jobs][0]

    def wait(self) -> None:
        """A moment in which Playwright delivers what the pages report (not a call into any page)."""
        self.page.wait_for_timeout(JOB_POLL_S * 1000)

    def each(self, fn: str, calls: Sequence[Sequence[Any]], phase: str, sizes: Sequence[int] = ()) -> list[Any]:
        """fn called with each of calls' arguments, spread over the pages prepare() readied, at most one call
        in each page at a time; the results in the calls' order. Reports progress as `phase`, counting each call
        as its size (1 unless given: the operations a call reads)."""
        results: list[Any] = [None] * len(calls)
        sizes = sizes or [1] * len(calls)
        free, busy = [self.page, *self.others], {}  # busy: call index -> (its page, when it started)
        queue, done, left, total = iter(range(len(calls))), 0, len(calls), sum(sizes)
        self.progress(phase, 0, total)
        while left:
            while free and (i := next(queue, None)) is not None:
                page = free.pop()
                busy[i] = (page, self.start(page, fn, calls[i]))
            finished = [(i, r) for i, (page, t0) in busy.items() if (r := self.outcome(page, fn, t0)) is not PENDING]
            for i, result in finished:
                results[i] = result
                free.append(busy.pop(i)[0])
                done, left = done + sizes[i], left - 1
                self.progress(phase, done, total)
            if not finished:
                self.wait()
        return results

    def start(self, page: Page, fn: str, args: Sequence[Any]) -> float:
        """Start fn(*args) as the page's job; when it started."""
        from playwright.sync_api import Error as PlaywrightError

        try:
            page.set_default_timeout(max(1.0, self.timeout * 1000))  # (Playwright takes 0 as no limit)
            if page not in self.bound:
                page.expose_binding(DONE, lambda source, error, result: self.outcomes.__setitem__(
                    source["page"], (error, result)))
                self.bound.append(page)
            self.outcomes.pop(page, None)
            page.evaluate(START, [fn, list(args)])
        except PlaywrightError as e:
            raise self.error(f"failed in {fn} ({first_line(e)})") from None
        return time.monotonic()

    def finish(self, page: Page, fn: str, started: float) -> Any:
        """The result of the page's job, once it is done."""
        while (result := self.outcome(page, fn, started)) is PENDING:
            self.wait()
        return result

    def outcome(self, page: Page, fn: str, started: float) -> Any:
        """The result of the page's job (fn, started then), or PENDING; a PageError if it failed or overran."""
        got = self.outcomes.pop(page, None)
        if got is None:
            if page.is_closed():
                raise self.error(f"failed in {fn} (the page closed or crashed)")
            if time.monotonic() - started > self.timeout:
                raise self.error(f"did not finish {fn} within {self.timeout:g}s", "raise --timeout")
            return PENDING
        error, result = got
        if error is not None:
            raise self.error(f"failed in {fn} ({first_line(error)})")
        return json.loads(result or "null")


PENDING = object()  # a job not done yet (Reading.outcome)


def shown_samples(rule: str, samples: list[tuple[str, str]]) -> list[int]:
    """Which of an operation's x-codeSamples (lang, label) in spec order a renderer can show, by its rule:
    `all`; `none`; `first-per-lang` (one per lang: the first); `elements` (a lang that is one of Elements'
    built-in languages: the last; any other lang: the first)."""
    if rule == "all":
        return list(range(len(samples)))
    if rule == "none":
        return []
    chosen: dict[str, int] = {}
    for i, (lang, _) in enumerate(samples):
        key = lang.lower()
        if rule == "elements" and key in ELEMENTS_BUILT_IN:
            chosen[key] = i
        else:
            chosen.setdefault(key, i)
    return sorted(chosen.values())


# Stoplight Elements' built-in request-sample languages (httpsnippet targets), by the x-codeSamples `lang` that
# replaces them: a sample in one of these replaces the generated code and the last one wins.
ELEMENTS_BUILT_IN = frozenset({"shell", "javascript", "node", "python", "go", "java", "ruby", "php", "c", "clojure",
                               "csharp", "http", "kotlin", "objc", "ocaml", "powershell", "r", "swift"})
