"""Forum excerpts: one endpoint's Markdown as posts for a Discourse forum, each within its raw-character limit.

A post is a header line (`**Title** (i/n) URL`), the chunker's breadcrumb line when the post starts below the
title, and one chunk of the section's Markdown. Chunks come from the chunker (`chunks.split`), which ends them at
section, heading, list item, paragraph, then line boundaries and never breaks a fence without closing and
reopening it. Nested properties sit in Discourse `[details="Show properties"]` blocks; a post that starts or ends
inside one reopens or closes it, so every post's BBCode is balanced. The characters of all that are reserved
before splitting, so every post is within the limit.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Mapping
from dataclasses import dataclass

from apiref.scraper.convert import RenderOptions, convert_section
from apiref.scraper.errors import LimitError
from apiref.scraper.snapshot import Manifest, Section

from .blocks import parse_blocks
from .selection import section_url, select
from .split import BREADCRUMB_SEP, Limits, split

FORUM_MAX_CHARS = 32_000  # Discourse's default max_post_length, in raw characters, markup included
DETAILS_OPEN = re.compile(r'^([ \t]*)\[details="[^"\n]*"\][ \t]*$')
DETAILS_CLOSE = re.compile(r"^([ \t]*)\[/details\][ \t]*$")
NUMBER_WIDTH_SLACK = 2  # header reserve: room for "(n/n)" with up to this many more digits than one post


@dataclass(frozen=True)
class Post:
    """One post: its text, and the part of the section's Markdown it carries (markdown[start:end])."""

    section_id: str
    number: int
    total: int
    text: str
    start: int
    end: int


def excerpt(manifest: Manifest, html_by_id: Mapping[str, str], patterns: list[str], max_chars: int = FORUM_MAX_CHARS,
            details: bool = True) -> list[Post]:
    """The posts of every selected section (ids or globs), section after section."""
    options = RenderOptions(details=details)
    posts: list[Post] = []
    for sec in select(manifest, patterns):
        markdown = convert_section(html_by_id[sec.id], sec, manifest.origin, options)
        posts += section_posts(sec, markdown, section_url(manifest, sec.id), max_chars)
    return posts


def section_posts(section: Section, markdown: str, url: str, max_chars: int = FORUM_MAX_CHARS) -> list[Post]:
    """Split one section's Markdown into numbered posts of at most max_chars characters each."""
    opens = _open_details(markdown)
    reserve = max((len(_balanced("", stack, stack)) + 1 for stack in opens.values()), default=0)
    head_room = len(_header(section.title, url, 10 ** NUMBER_WIDTH_SLACK, 10 ** NUMBER_WIDTH_SLACK))
    budget = max_chars - head_room - reserve
    if budget <= 0:
        raise LimitError(f"--max-chars {max_chars} cannot hold the header of {section.id!r} ({head_room} characters) "
                         f"and nested [details] tags ({reserve}); raise --max-chars")
    pieces = split(markdown, Limits(max_tokens=budget, max_chars=budget), len)
    total = len(pieces)
    posts = []
    for i, piece in enumerate(pieces, 1):
        crumb = f"{piece.breadcrumb}\n\n" if piece.breadcrumb else ""
        body = _balanced(piece.text[len(crumb):], _state_at(opens, piece.start), _state_at(opens, piece.end))
        shown = crumb if BREADCRUMB_SEP in piece.breadcrumb else ""  # below the title: say where the post starts
        text = _header(section.title, url, i, total) + shown + body
        if len(text) > max_chars:  # the reserves above make this impossible; never hand out an over-long post
            raise LimitError(
                f"post {i}/{total} of {section.id!r} has {len(text)} characters, over --max-chars {max_chars}"
            )
        posts.append(Post(section.id, i, total, text, piece.start, piece.end))
    return posts


def _header(title: str, url: str, number: int, total: int) -> str:
    return f"**{title}** ({number}/{total}) {url}\n\n"


def _open_details(markdown: str) -> dict[int, tuple[str, ...]]:
    """For each line start offset (and the end): the [details] opening lines still open there, outermost first.
    Lines inside fenced code are code, not tags."""
    code = [(b.start, b.end) for b in parse_blocks(markdown) if b.kind == "fence"]
    stack: list[str] = []
    out: dict[int, tuple[str, ...]] = {}
    pos = 0
    for line in markdown.splitlines(keepends=True):
        out[pos] = tuple(stack)
        bare = line.rstrip("\n")
        if not any(a <= pos < b for a, b in code):
            if DETAILS_OPEN.match(bare):
                stack.append(bare + "\n")
            elif DETAILS_CLOSE.match(bare) and stack:
                stack.pop()
        pos += len(line)
    out[pos] = tuple(stack)
    return out


def _state_at(opens: dict[int, tuple[str, ...]], pos: int) -> tuple[str, ...]:
    """The [details] blocks open at an offset: those open at the start of its line."""
    starts = sorted(opens)
    return opens[starts[bisect.bisect_right(starts, pos) - 1]]


def _close_for(open_line: str) -> str:
    indent = DETAILS_OPEN.match(open_line.rstrip("\n"))
    return f"{indent.group(1) if indent else ''}[/details]\n"


def _balanced(body: str, open_at_start: tuple[str, ...], open_at_end: tuple[str, ...]) -> str:
    """Reopen the [details] blocks a post starts inside, close those it ends inside."""
    head = "".join(line + "\n" for line in open_at_start)
    tail = "".join("\n" + _close_for(line) for line in reversed(open_at_end))
    if tail and not body.endswith("\n"):
        body += "\n"
    return head + body + tail
