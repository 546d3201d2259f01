"""Split one section's Markdown into chunks under a token limit and a character limit. Pure: the token counter
is passed in (`len` in fast tests, real tiktoken otherwise).

A section that fits is one chunk, counted once, without parsing. Otherwise its blocks (chunks.blocks) are each
counted once; a chunk is the longest run of blocks that fits, ended at the most meaningful boundary inside that
run (end of section, heading, list item, nested item, paragraph, line, character). Token counts do not always add
up across joins, so a chunk's count is the sum of its parts' counts only where the counter vouches that they add
up (chunks.tokens.additive_before); anywhere else the chunk's text is counted, and a chunk over the limit backs
off to the next-best boundary. A block too big for any chunk is split into lines, and a line too big into pieces;
a fenced block is split only then, each part closing its fence and the next reopening it with the same opening
line (fence and info string). Every chunk starts with its breadcrumb, counted inside the limits.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from apiref.scraper.errors import LimitError

from .blocks import Block, BlockTable, block_table, outline, outline_of
from .emit import Emitter, Piece, fits
from .headers import BREADCRUMB_SEP, Headers, breadcrumb
from .limits import Counter, Limits
from .pack import Packer, closing
from .units import Units

__all__ = ["BREADCRUMB_SEP", "Counter", "Limits", "Piece", "SectionSplitter", "breadcrumb", "check_limits",
           "check_splitters", "minimum_limits", "split"]

# room after the breadcrumb for some of a line: under 16 characters of whitespace (at most 15 tokens) and a
# character (at most 4), with the piece slack; a longer run of whitespace is added to it where there is one
LINE_RESERVE_TOKENS = 24
LINE_RESERVE_CHARS = 16  # the same, in characters: a chunk must carry some content besides its breadcrumb
# runs of whitespace too long for the reserve: blank lines and indentation, or spaces within a line (two
# patterns with a literal start are much faster to search than one)
LONG_WHITESPACE = [re.compile(r"\n[ \t\r\n]{15,}"), re.compile(r"  [ \t]{14,}")]


class SectionSplitter:
    """One section's Markdown: ask its minimum() limits, then split() it (once).

    split() goes in three steps: parse (the blocks as units, chunks.units), pack (the ends each chunk can have by
    the units' counts, chunks.pack), emit (the chunks themselves, counted and checked, chunks.emit)."""

    def __init__(self, markdown: str, count: Counter, root: Sequence[str] = (), limits: Limits | None = None) -> None:
        """limits: those split() will be given, if known. A section too big to fit them whole is then parsed at
        once, and its outline read from its blocks instead of scanned for (results are the same either way)."""
        self.md, self.count = markdown, count
        self.table: BlockTable | None = None
        if limits is not None and not _may_fit_whole(markdown, limits):
            self.table = block_table(markdown)
            self.outline = outline_of(markdown, self.table)
        else:
            self.outline = outline(markdown)
        # a level-1 heading opening the section is its title, already the end of the root: not repeated under it
        title = self.outline.paths[0][0] if root and self.outline.first_level == 1 else None
        self.headers = Headers(tuple(root), title, count)

    def split(self, limits: Limits) -> list[Piece]:
        """The chunks of this Markdown within limits (check them against minimum() first)."""
        if not self.md.strip():
            return []
        if whole := self.whole(limits):
            return [whole]
        lines_first = limits.max_tokens * LINES_FIRST_CHARS_PER_TOKEN
        return Emitter(Packer(self.units(limits), self.headers, self.count, limits, lines_first)).pieces()

    def whole(self, limits: Limits) -> Piece | None:
        """The section as one chunk, if it fits, found with one count and no parse; tried only when it may fit."""
        ol = self.outline
        crumb, head, _ = self.headers.header(self.headers.path(ol.paths[0]) if ol.first_level else ())
        last = ol.fences[-1] if ol.fences else None
        close = closing(self.md, last.fence) if last and last.fence and not last.closed else ""
        text = head + self.md + close
        if not _may_fit_whole(text, limits):
            return None
        piece = Piece(crumb, text, self.count(text), 0, len(self.md), len(head))
        return piece if fits(piece, limits) else None

    def units(self, limits: Limits) -> Units:
        """The blocks (their paths as the breadcrumbs show them), as units: runs that likely fit are one."""
        table = self.table or block_table(self.md)
        shown: list[tuple[str, ...]] = []
        heads: tuple[str, ...] | None = None
        path: tuple[str, ...] = ()
        for p in table.path:  # (blocks under one heading share its path tuple: shortened once)
            if p is not heads:
                heads, path = p, self.headers.path(p)
            shown.append(path)
        table.path = shown
        return Units(self.md, table, limits.max_tokens * RUN_CHARS_PER_TOKEN)

    # what the limits must hold

    def minimum(self) -> tuple[int, int]:
        """The smallest (tokens, chars) limits that can hold any breadcrumb here, any fence's lines, and a line."""
        heads, wraps, run = self._needs(self.count)
        wrap_tok, wrap_chr = max(wraps, default=(0, 0))
        return (max(map(self.count, heads)) + wrap_tok + LINE_RESERVE_TOKENS + (self.count(run) if run else 0),
                max(map(len, heads)) + wrap_chr + LINE_RESERVE_CHARS + len(run))

    def minimum_within(self) -> tuple[int, int]:
        """Upper bounds of minimum() found without counting tokens, when the counter never counts more tokens
        than a text has UTF-8 bytes (tiktoken's: every token is at least one byte); else minimum() itself.
        (Most sections need far less than the limits: then their exact needs are not worth counting.)"""
        if not getattr(self.count, "at_most_utf8_bytes", False):
            return self.minimum()
        heads, wraps, run = self._needs(_utf8_bytes)
        wrap_tok, wrap_chr = max((w[0] for w in wraps), default=0), max((w[1] for w in wraps), default=0)
        return (max(map(_utf8_bytes, heads)) + wrap_tok + LINE_RESERVE_TOKENS + _utf8_bytes(run),
                max(map(len, heads)) + wrap_chr + LINE_RESERVE_CHARS + len(run))

    def _needs(self, count: Counter) -> tuple[list[str], list[tuple[int, int]], str]:
        """What the limits must hold: every header, every fence's (tokens, chars) wrap by count, and the
        longest run of whitespace (a line may come with one, indentation or blank lines, that a piece cannot
        leave alone)."""
        crumb, path = self.headers.crumb, self.headers.path
        heads = [crumb(())[1], *(crumb(path(p))[1] for p in set(self.outline.paths))]
        return heads, [self._wrap(b, count) for b in self.outline.fences], _longest_whitespace(self.md)

    def _wrap(self, b: Block, count: Counter) -> tuple[int, int]:
        """(tokens, chars) a part of fenced block b adds around its code, at most: opening and closing lines."""
        assert b.fence is not None
        opening = self.md[b.start : b.open_end]
        closing = self.md[b.close_start : b.end] if b.closed else ""
        close_tok = max(count(closing) if closing else 0, count(b.fence.close_line) + 1)
        return count(opening) + close_tok, len(opening) + max(len(closing), len(b.fence.close_line) + 1)


def _may_fit_whole(text: str, limits: Limits) -> bool:
    """Whether text is short enough to try counting it whole (most text has over 4 characters a token)."""
    return len(text) <= limits.max_chars and len(text) <= limits.max_tokens * WHOLE_TRY_CHARS_PER_TOKEN


def _longest_whitespace(text: str) -> str:
    """The longest run of whitespace in text if it is 16 characters or more (shorter ones fit in the reserve)."""
    runs = LONG_WHITESPACE[0].findall(text)
    if "\t" in text or " " * 16 in text:  # (without either, the second pattern cannot match: skip its slow search)
        runs += LONG_WHITESPACE[1].findall(text)
    return max(runs, key=len, default="")


RUN_CHARS_PER_TOKEN = 3  # a run of blocks is one unit if under 3 characters per token allowed (it likely fits)
LINES_FIRST_CHARS_PER_TOKEN = 4  # a block over 2 characters per token allowed is counted by its lines (speed only)
WHOLE_TRY_CHARS_PER_TOKEN = 4  # count a section whole first when it may fit (most text has ~4 characters a token)


def minimum_limits(markdown: str, count_tokens: Counter, breadcrumb_root: Sequence[str] = ()) -> tuple[int, int]:
    """The smallest (max_tokens, max_chars) that can hold any breadcrumb of markdown plus one line."""
    return SectionSplitter(markdown, count_tokens, breadcrumb_root).minimum()


def check_splitters(limits: Limits, splitters: Sequence[SectionSplitter]) -> None:
    """check_limits against the largest minimum() of the splitters, with the same outcome and message, counting
    only the sections whose upper bounds (minimum_within) are over a limit. If any limit is refused, the most
    any section needs is needed by one of those: every other one needs at most the limits."""
    over = [s.minimum() for s in splitters if not _within(s.minimum_within(), limits)]
    check_limits(limits, (max((n[0] for n in over), default=0), max((n[1] for n in over), default=0)))


def _within(need: tuple[int, int], limits: Limits) -> bool:
    return need[0] <= limits.max_tokens and need[1] <= limits.max_chars


def _utf8_bytes(text: str) -> int:
    return len(text.encode("utf-8", "surrogatepass"))  # (tiktoken reads a lone surrogate as U+FFFD: 3 bytes too)


def check_limits(limits: Limits, need: tuple[int, int]) -> None:
    """LimitError naming the option, if limits cannot hold a breadcrumb and one line (need: minimum_limits)."""
    for option, value, least in (
        ("--max-tokens", limits.max_tokens, need[0]),
        ("--max-chars", limits.max_chars, need[1]),
    ):
        if value < least:
            raise LimitError(
                f"{option} {value} cannot hold a breadcrumb and one line (needs at least {least}); raise {option}"
            )


def split(markdown: str, limits: Limits, count_tokens: Counter, breadcrumb_root: Sequence[str] = ()) -> list[Piece]:
    """Split markdown into chunks within limits; joining the chunks' bodies gives markdown back exactly.

    breadcrumb_root: the titles above this Markdown (site, group, section); the headings inside it follow.
    A Markdown that is only whitespace has no chunks.
    """
    splitter = SectionSplitter(markdown, count_tokens, breadcrumb_root, limits)
    check_splitters(limits, [splitter])
    return splitter.split(limits)
