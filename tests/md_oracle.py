"""A slow, obvious line-by-line block parser: the oracle the fast parser (chunks.blocks.parse_blocks) is tested
against. Same rules, one line at a time."""

from __future__ import annotations

from apiref.chunks.blocks import (
    ITEM_RE,
    RANK_AFTER_HEADING,
    RANK_ITEM,
    RANK_PARAGRAPH,
    Block,
    Fence,
    _indent,
    fence_closes,
    fence_open,
    heading_title,
    is_label,
    source_lines,
)


def _is_block_start(line: str) -> bool:
    return bool(heading_title(line) or fence_open(line) or ITEM_RE.match(line))


class _Parser:
    """One pass over the lines; see parse_blocks."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.prev_depth = -1
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
        prev = self.blocks[-1] if self.blocks else None
        depth = rank - RANK_ITEM if kind == "item" else -1
        if prev and (
            prev.kind == "heading"
            or kind == "fence"
            and prev.kind == "paragraph"
            and is_label(self.text[prev.start : start])
            or prev.kind == "item"
            and depth > self.prev_depth
        ):
            rank = max(rank, RANK_AFTER_HEADING)
        self.prev_depth = depth
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
            self.blocks[0] = b._replace(start=0)
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
        self.add(
            start, "fence", RANK_PARAGRAPH, Fence(open_line, indent + fence + "\n"), closed, (open_end, close_start)
        )

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



def parse_blocks_slowly(markdown: str) -> list[Block]:
    return _Parser(markdown).run()
