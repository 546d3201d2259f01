"""The progress bar the CLI shows on stderr while the library works (the library only calls a Progress callback)."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import Any

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress as Bar, TextColumn, TimeElapsedColumn

from apiref.scraper.scrape import Progress


@contextlib.contextmanager
def rich_progress() -> Iterator[Progress]:
    """A rich progress bar on stderr (a terminal only), one task per phase; it is gone once the work is done."""
    console = Console(stderr=True)
    bar = Bar(TextColumn("{task.description:<8}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
              console=console, transient=True, disable=not console.is_terminal,  # no bar in logs and pipes
              auto_refresh=False)  # redrawn on each report: no refresh thread (the scrape forks a worker process)
    tasks: dict[str, Any] = {}

    def report(phase: str, done: int, total: int) -> None:
        if phase not in tasks:
            tasks[phase] = bar.add_task(phase, total=total)
        bar.update(tasks[phase], completed=done, total=total, refresh=True)

    with bar:
        yield report
