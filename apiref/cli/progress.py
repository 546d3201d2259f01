"""The progress bar the CLI shows on stderr while the library works (the library only calls a Progress callback)."""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Iterator
from typing import Any

from apiref.scraper.scrape import Progress, no_progress


@contextlib.contextmanager
def rich_progress() -> Iterator[Progress]:
    """A rich progress bar on stderr (a terminal only), one task per phase; it is gone once the work is done.
    Without a terminal (logs, pipes, tests) there is no bar, and rich is not even loaded."""
    if not sys.stderr.isatty():
        yield no_progress
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress as Bar, TextColumn, TimeElapsedColumn

    console = Console(stderr=True)
    bar = Bar(TextColumn("{task.description:<8}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
              console=console, transient=True, disable=not console.is_terminal,
              auto_refresh=False)  # redrawn on each report: no refresh thread (the scrape forks a worker process)
    tasks: dict[str, Any] = {}

    def report(phase: str, done: int, total: int) -> None:
        if phase not in tasks:
            tasks[phase] = bar.add_task(phase, total=total)
        bar.update(tasks[phase], completed=done, total=total, refresh=True)

    with bar:
        yield report
