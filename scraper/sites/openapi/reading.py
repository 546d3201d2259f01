"""What every renderer adapter gets while it reads a loaded page: its in-page script, the time left, the depth cap,
a progress reporter, and one way to fail (a PageError naming the renderer and the page)."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from importlib import resources
from typing import TYPE_CHECKING, Any

from ...errors import PageError

if TYPE_CHECKING:  # Playwright is imported where a page is read, not by every `apiref` command that lists kinds
    from playwright.sync_api import Page

Raw = dict[str, Any]
CALL = "async ([fn, args]) => JSON.stringify(await window.__apiref_renderer[fn](...args))"


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

    def error(self, what: str, fix: str = "check the page in a browser, or report it with the page's URL") -> PageError:
        return PageError(f"{self.renderer} page {self.url} {what}; {fix}")

    def install(self) -> None:
        """Install the adapter's in-page script (again after a navigation)."""
        from playwright.sync_api import Error as PlaywrightError

        try:
            self.page.evaluate(script(self.renderer))
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


def first_line(e: BaseException) -> str:
    return (str(e).strip().splitlines() or [type(e).__name__])[0]


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
