"""The breadcrumb line every chunk starts with: `root › heading path`, made once and counted once per path."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from .blocks import fence_open, heading_title

BREADCRUMB_SEP = " › "
FENCE_OR_HEADING_STARTS = " \t`~#"  # a line opening a code fence or a heading starts with one of these


def breadcrumb(root: Sequence[str], path: Sequence[str]) -> str:
    """`root › path`, e.g. `OpenAI API reference › Chat › Create chat completion › Request body`: one line that
    does not open a code fence or a heading (a leading ``` or # is backslash-escaped)."""
    crumb = " ".join(BREADCRUMB_SEP.join([*root, *path]).split("\n"))
    if crumb[:1] not in FENCE_OR_HEADING_STARTS:  # (most crumbs: no need to parse the line)
        return crumb
    return "\\" + crumb if fence_open(crumb) or heading_title(crumb) else crumb


def header_text(crumb: str) -> str:
    """What a chunk starts with: its breadcrumb and a blank line (nothing without a breadcrumb)."""
    return crumb + "\n\n" if crumb else ""


class Headers:
    """One section's breadcrumbs by heading path, each made and counted once.

    title: the section's title if a level-1 heading opening the section repeats the end of root; paths under
    it drop it (path())."""

    def __init__(self, root: tuple[str, ...], title: str | None, count: Callable[[str], int]) -> None:
        self.root, self.title, self.count = root, title, count
        self.counted: dict[tuple[str, ...], tuple[str, str, int]] = {}
        self.made: dict[tuple[str, ...], tuple[str, str]] = {}

    def path(self, path: tuple[str, ...]) -> tuple[str, ...]:
        """A heading path as its breadcrumb shows it (without the title)."""
        return path[1:] if self.title is not None and path[:1] == (self.title,) else path

    def header(self, path: tuple[str, ...]) -> tuple[str, str, int]:
        """(breadcrumb, header text, header tokens) for a heading path (as path() gives it)."""
        if path not in self.counted:
            crumb, head = self.crumb(path)
            self.counted[path] = (crumb, head, self.count(head))
        return self.counted[path]

    def crumb(self, path: tuple[str, ...]) -> tuple[str, str]:
        """(breadcrumb, header text) for a heading path, uncounted."""
        if path not in self.made:
            crumb = breadcrumb(self.root, path)
            self.made[path] = (crumb, header_text(crumb))
        return self.made[path]
