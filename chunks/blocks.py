"""Markdown -> blocks: headings, list items, paragraphs and fenced code, with their offsets in the source.

Pure and line-based (CommonMark-ish, not a full parser): the blocks cover the source exactly, in order, so
slicing the source by any run of blocks gives back that part of the Markdown. Each block also carries the rank
of the boundary before it (lower = a more meaningful place to split) and the heading path it sits under.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Ranks of the boundary before a block: a smaller rank is a more meaningful place to split.
RANK_END = -1  # the end of the section: always the best place to end a chunk
RANK_ITEM = 10  # a list item (a parameter); nested items add their depth
RANK_PARAGRAPH = 30  # a paragraph, fenced block or any other block
RANK_LINE = 50  # between two lines of one block (only when the block alone is too big)
RANK_AFTER_HEADING = 55  # right after a heading: a chunk of bare headings is worse than a paragraph cut at a line
RANK_CHAR = 60  # inside one line (only when the line alone is too big)

HEADING_RE = re.compile(r" {0,3}(#{1,6})(?:[ \t]+(.*?))?[ \t]*$")
CLOSING_HASHES_RE = re.compile(r"(?:^|[ \t]+)#+$")
FENCE_RE = re.compile(r"([ \t]*)(`{3,}|~{3,})(.*)$")
ITEM_RE = re.compile(r"([ \t]*)(?:[-*+]|\d{1,9}[.)])(?:[ \t]|$)")


@dataclass(frozen=True)
class Fence:
    """A fenced code block's delimiters: the opening line as written, and a closing line that matches it."""

    open_line: str  # e.g. "  ```python\n"
    close_line: str  # e.g. "  ```\n"


@dataclass(frozen=True)
class Block:
    start: int
    end: int
    kind: str  # heading | item | paragraph | fence
    rank: int  # rank of the boundary before this block
    path: tuple[str, ...]  # heading titles this block sits under (a heading includes itself)
    fence: Fence | None = None  # fenced blocks only
    closed: bool = True  # False for a fence the source never closes
    open_end: int = 0  # fenced blocks: where the opening line ends ...
    close_start: int = 0  # ... and where the closing line starts (end, if the source never closes it)


def source_lines(text: str) -> list[str]:
    """The lines of text, each with its '\\n' (only '\\n' ends a line, unlike str.splitlines)."""
    parts = text.split("\n")
    lines = [p + "\n" for p in parts[:-1]]
    if parts[-1]:
        lines.append(parts[-1])
    return lines


def _bare(line: str) -> str:
    return line.rstrip("\n").rstrip("\r")


def _indent(s: str) -> int:
    return len(s.expandtabs(4))


def fence_open(line: str) -> tuple[str, str, str] | None:
    """(indent, fence, info) if line opens a fenced block; backtick fences have no backtick in their info."""
    m = FENCE_RE.fullmatch(_bare(line))
    if not m or (m.group(2)[0] == "`" and "`" in m.group(3)):
        return None
    return m.group(1), m.group(2), m.group(3)


def fence_closes(line: str, indent: str, fence: str) -> bool:
    """True if line closes a fence opened with `fence` at `indent` (same character, at least as long)."""
    s = _bare(line)
    body = s.lstrip(" \t")
    if _indent(s[: len(s) - len(body)]) > _indent(indent) + 3:
        return False
    run = len(body) - len(body.lstrip(fence[0]))
    return run >= len(fence) and not body[run:].strip()


def heading_title(line: str) -> tuple[int, str] | None:
    """(level, title) if line is an ATX heading."""
    m = HEADING_RE.fullmatch(_bare(line))
    if not m:
        return None
    return len(m.group(1)), CLOSING_HASHES_RE.sub("", m.group(2) or "").strip()


def _is_block_start(line: str) -> bool:
    return bool(heading_title(line) or fence_open(line) or ITEM_RE.match(line))


class _Parser:
    """One pass over the lines; see parse_blocks."""

    def __init__(self, text: str) -> None:
        self.lines = source_lines(text)
        self.blocks: list[Block] = []
        self.heads: list[tuple[int, str]] = []  # the open headings: (level, title)
        self.items: list[int] = []  # indents of the open list items
        self.i = 0
        self.pos = 0

    def take(self) -> str:
        line = self.lines[self.i]
        self.i += 1
        self.pos += len(line)
        return line

    def peek(self) -> str | None:
        return self.lines[self.i] if self.i < len(self.lines) else None

    def add(self, start: int, kind: str, rank: int, fence: Fence | None = None, closed: bool = True,
            inner: tuple[int, int] = (0, 0)) -> None:
        while (line := self.peek()) is not None and not line.strip():  # trailing blank lines join the block
            self.take()
        if self.blocks and self.blocks[-1].kind == "heading":
            rank = max(rank, RANK_AFTER_HEADING)
        path = tuple(t for _, t in self.heads)
        close_start = inner[1] if closed else self.pos
        self.blocks.append(Block(start, self.pos, kind, rank, path, fence, closed, inner[0], close_start))

    def run(self) -> list[Block]:
        while (line := self.peek()) is not None:
            start = self.pos
            if not line.strip():
                self.take()  # leading blank lines: given to the first block below
                continue
            if h := heading_title(line):
                self.heading(start, *h)
            elif f := fence_open(line):
                self.fenced(start, *f)
            elif m := ITEM_RE.match(line):
                self.item(start, _indent(m.group(1)))
            else:
                self.paragraph(start, line)
        if self.blocks and self.blocks[0].start:
            b = self.blocks[0]
            self.blocks[0] = Block(0, b.end, b.kind, b.rank, b.path, b.fence, b.closed, b.open_end, b.close_start)
        return self.blocks

    def heading(self, start: int, level: int, title: str) -> None:
        self.take()
        self.items.clear()
        while self.heads and self.heads[-1][0] >= level:
            self.heads.pop()
        self.heads.append((level, title))
        self.add(start, "heading", level - 1)

    def fenced(self, start: int, indent: str, fence: str, info: str) -> None:
        opening = self.take()
        open_end, closed, close_start = self.pos, False, 0
        while (line := self.peek()) is not None:
            close_start = self.pos
            self.take()
            if fence_closes(line, indent, fence):
                closed = True
                break
        open_line = opening if opening.endswith("\n") else opening + "\n"
        self.add(start, "fence", RANK_PARAGRAPH, Fence(open_line, indent + fence + "\n"), closed, (open_end, close_start))

    def item(self, start: int, indent: int) -> None:
        self.take()
        while self.items and self.items[-1] >= indent:
            self.items.pop()
        depth = len(self.items)
        self.items.append(indent)
        self._continuation()
        self.add(start, "item", RANK_ITEM + depth)

    def paragraph(self, start: int, line: str) -> None:
        indent = _indent(line[: len(line) - len(line.lstrip(" \t"))])
        while self.items and self.items[-1] >= indent:  # a less indented paragraph ends the lists it is not in
            self.items.pop()
        self.take()
        self._continuation()
        self.add(start, "paragraph", RANK_PARAGRAPH)

    def _continuation(self) -> None:
        while (line := self.peek()) is not None and line.strip() and not _is_block_start(line):
            self.take()


def parse_blocks(markdown: str) -> list[Block]:
    """The blocks of markdown, covering it exactly (leading and trailing blank lines join the nearest block)."""
    return _Parser(markdown).run()
