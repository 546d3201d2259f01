"""The error tree of apiref. Every failure a user can cause or meet is one of these; the CLI turns them into a
one-line message and a non-zero exit.

    ApirefError
    ├── BrowserError          no Chromium found, or it failed to start
    ├── PageError             the page is unreachable, blocked by a bot check, or shows no reference content
    ├── ProfileError          a site profile file is missing or invalid
    ├── SnapshotError         a snapshot directory is missing, incomplete or invalid
    ├── SpecError             an OpenAPI document is missing, unreadable, not OpenAPI 3, or has a $ref to nowhere
    ├── LimitError            an impossible limit or budget (too small to hold anything, negative, ...)
    ├── EncodingError         an unknown token encoding, or a vocabulary that cannot be had offline
    └── SelectionError        a section id or glob names nothing in the snapshot
"""

from __future__ import annotations


class ApirefError(Exception):
    """Base of every error apiref raises on purpose. The message is one line: the problem, then the fix."""

    exit_code = 1


class BrowserError(ApirefError):
    """No usable Chromium: not found, or it would not start."""


class PageError(ApirefError):
    """The page could not be loaded, or never showed reference content."""


class ProfileError(ApirefError):
    """A site profile is missing or invalid."""


class SnapshotError(ApirefError):
    """A snapshot directory is missing, incomplete or invalid."""


class SpecError(ApirefError):
    """An OpenAPI document that cannot be had or read (apiref audit)."""


class LimitError(ApirefError):
    """A limit or budget that cannot work (for example too small to hold a breadcrumb and one line)."""

    exit_code = 2


class EncodingError(ApirefError):
    """An unknown encoding, or a vocabulary file that cannot be found or does not pass tiktoken's hash check."""

    exit_code = 2


class SelectionError(ApirefError):
    """A section id or glob selects nothing."""

    exit_code = 2


def first_line(e: BaseException | str) -> str:
    """The first line of an error's message (a browser's run on with stack traces), for a one-line error; the
    error's type where it has no message."""
    text = str(e).strip()
    if text:
        return text.splitlines()[0]
    return type(e).__name__ if isinstance(e, BaseException) else "an error"
