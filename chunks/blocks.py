"""Markdown -> blocks: headings, list items, paragraphs and fenced code, with their offsets in the source.

Pure and line-based (CommonMark-ish, not a full parser): the blocks cover the source exactly, in order, so
slicing the source by any run of blocks gives back that part of the Markdown. Each block also carries the rank
of the boundary before it (lower = a more meaningful place to split) and the heading path it sits under.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import NamedTuple

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


class Block(NamedTuple):
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


_EVENT = re.compile(  # the line starts that matter, searched in "\n" + text: headings, fences, items, each after
    # the run of blank lines before it if any, and a line of text after blank lines (a paragraph starts there)
    r"\n(?=[^\S\n]*(?:\n|\Z|[#`~*+\-\d]))"  # (a quick look at the line's first character, before the details)
    r"(?P<gap>(?:[^\S\n]*\n)+)?"
    r"(?:(?P<eof>[^\S\n]*\Z)"
    r"|(?P<head> {0,3}#{1,6})(?=[ \t]|\r?(?:\n|\Z))"
    r"|(?P<fence>[ \t]*(?:`{3,}|~{3,}))"
    r"|(?P<item>[ \t]*)(?:[-*+]|\d{1,9}[.)])(?=[ \t]|\n|\Z)"
    r"|(?(gap)(?P<text>)|(?!)))"
)
_LEAD = re.compile(r"[ \t]*")
_CLOSERS: dict[str, re.Pattern[str]] = {}
LABEL_RE = re.compile(r"(?s).*:|\*\*[^*\n]+\*\*:?|__[^_\n]+__:?")  # "... the following command:", "**curl**"


def is_label(paragraph: str) -> bool:
    """Whether a paragraph introduces the code block right after it (ends with a colon, or is one bold phrase)."""
    return bool(LABEL_RE.fullmatch(paragraph.strip()))


def _closer(fence: str) -> re.Pattern[str]:
    if fence not in _CLOSERS:
        _CLOSERS[fence] = re.compile(r"\n([ \t]*)" + re.escape(fence[0]) + f"{{{len(fence)},}}" + r"[^\S\n]*(?=\n|\Z)")
    return _CLOSERS[fence]


def _fence_span(md: str, t: str, q: int, end: int, opened: tuple[str, str, str]) -> tuple[Fence, int, int | None]:
    """For a fence opened by the line md[q:end]: (its Fence, where its closing line starts, where that line
    ends); the source never closes it: (Fence, len(md), None). t is "\n" + md."""
    indent, fence, _ = opened
    closer, search, n = _closer(fence), end, len(md)
    while (c := closer.search(t, search)) and _indent(c.group(1)) > _indent(indent) + 3:
        search = c.end()
    opening = md[q:end] if md[q:end].endswith("\n") else md[q:end] + "\n"
    spec = Fence(opening, indent + fence + "\n")
    if c is None or c.start() >= n:
        return spec, n, None
    return spec, c.start(), c.end()


class FenceSpan(NamedTuple):
    """Where a fenced block's delimiter lines are (the fence fields of its Block)."""

    fence: Fence
    closed: bool  # False for a fence the source never closes
    open_end: int  # where the opening line ends ...
    close_start: int  # ... and where the closing line starts (the block's end, if the source never closes it)


@dataclass(slots=True)
class BlockTable:
    """The blocks of a Markdown as columns: block k is md[start[k]:end[k]], of kind kind[k], and so on (see
    Block). The splitter's hot loops read one field of many blocks (the ranks, to find runs of blocks): a few
    lists, made from one tuple per block in one transposing step, cost less than an object per block."""

    start: list[int]
    end: list[int]
    kind: list[str]  # heading | item | paragraph | fence
    rank: list[int]  # rank of the boundary before the block
    path: list[tuple[str, ...]]  # the heading titles the block sits under (blocks under one heading share one)
    fences: dict[int, FenceSpan]  # block index -> where its fence's lines are, for fenced blocks

    def __len__(self) -> int:
        return len(self.start)

    def block(self, k: int) -> Block:
        """Block k as a record."""
        span = self.fences.get(k)
        fence = (span.fence, span.closed, span.open_end, span.close_start) if span else ()
        return Block(self.start[k], self.end[k], self.kind[k], self.rank[k], self.path[k], *fence)


def block_table(md: str) -> BlockTable:
    """The blocks of md (see parse_blocks), as columns.

    Jumps from one line start that matters to the next with one regex (lines of text and code are skipped in
    C). The hot loop of the parser, kept flat (no call per block); tests/md_oracle.py is the same parser
    written line by line. A block right after a heading, a fence right after its label paragraph and an item's
    first child (the item is its header) get at least RANK_AFTER_HEADING."""
    t, n, search, lead = "\n" + md, len(md), _EVENT.search, _LEAD.match  # in t, t[x] is the "\n" before md[x]
    rows: list[tuple[int, str, int, tuple[str, ...]]] = []  # (start, kind, rank, path) of each block
    fences: dict[int, FenceSpan] = {}
    heads: list[tuple[int, str]] = []
    items: list[int] = []  # the indents of the open list items
    path: tuple[str, ...] = ()
    pos, cont = 0, False  # cont: a text line at pos continues the last block
    prev, prev_start, prev_depth = "", 0, -1  # the last block's kind, start, depth (items; -1 otherwise)
    while pos < n:
        m = search(t, pos)
        q = m.start() if m else n
        if q > pos and not cont:  # a paragraph: a less indented one ends the lists it is not in
            if items:
                indent = _indent(lead(md, pos).group())  # type: ignore[union-attr]
                while items and items[-1] >= indent:
                    items.pop()
            rows.append((pos, "paragraph", RANK_AFTER_HEADING if prev == "heading" else RANK_PARAGRAPH, path))
            prev, prev_start, prev_depth = "paragraph", pos, -1
        cont = cont or q > pos
        if m is None or q >= n:
            break
        kind = m.lastgroup
        if m.start("gap") >= 0:  # blank lines first: the line after them starts a block
            cont, q = False, m.end("gap") - 1
        if kind == "eof":
            break
        if kind == "text":  # (a paragraph, as above)
            if items:
                indent = _indent(lead(md, q).group())  # type: ignore[union-attr]
                while items and items[-1] >= indent:
                    items.pop()
            rows.append((q, "paragraph", RANK_AFTER_HEADING if prev == "heading" else RANK_PARAGRAPH, path))
            prev, prev_start, prev_depth = "paragraph", q, -1
            pos, cont = q + 1, True
            continue
        end = md.find("\n", q) + 1 or n
        if kind == "item":
            lead_ws = m.group("item")
            indent = len(lead_ws) if "\t" not in lead_ws else _indent(lead_ws)
            while items and items[-1] >= indent:
                items.pop()
            depth = len(items)
            rank = (
                RANK_AFTER_HEADING if prev == "heading" or prev == "item" and depth > prev_depth else RANK_ITEM + depth
            )
            rows.append((q, "item", rank, path))
            prev, prev_start, prev_depth = "item", q, depth
            items.append(indent)
            pos, cont = end, True
        elif kind == "head":
            level, title = heading_title(md[q:end])  # type: ignore[misc]
            items.clear()
            while heads and heads[-1][0] >= level:
                heads.pop()
            heads.append((level, title))
            path = tuple(h for _, h in heads)
            rows.append((q, "heading", max(level - 1, RANK_AFTER_HEADING) if prev == "heading" else level - 1, path))
            prev, prev_start, prev_depth = "heading", q, -1
            pos, cont = end, False
        elif (opened := fence_open(md[q:end])) is None:  # a backtick fence whose info has a backtick: text
            if not cont:  # (a paragraph, as above)
                if items:
                    indent = _indent(lead(md, q).group())  # type: ignore[union-attr]
                    while items and items[-1] >= indent:
                        items.pop()
                rows.append((q, "paragraph", RANK_AFTER_HEADING if prev == "heading" else RANK_PARAGRAPH, path))
                prev, prev_start, prev_depth = "paragraph", q, -1
            pos, cont = end, True
        else:
            spec, close_start, after = _fence_span(md, t, q, end, opened)
            label = prev == "heading" or prev == "paragraph" and is_label(md[prev_start:q])
            fences[len(rows)] = FenceSpan(spec, after is not None, end, close_start)
            rows.append((q, "fence", RANK_AFTER_HEADING if label else RANK_PARAGRAPH, path))
            prev, prev_start, prev_depth = "fence", q, -1
            pos, cont = (n if after is None else after), False
    if not rows:
        return BlockTable([], [], [], [], [], fences)
    starts, kinds, ranks, paths = zip(*rows, strict=True)
    ends = [*starts[1:], n]  # a block ends where the next one starts
    return BlockTable([0, *starts[1:]], ends, list(kinds), list(ranks), list(paths), fences)  # (0: see parse_blocks)


_OUTLINE = re.compile(
    r"\n(?=[ \t]*[#`~])(?:(?P<head> {0,3}#{1,6})(?=[ \t]|\r?(?:\n|\Z))|(?P<fence>[ \t]*(?:`{3,}|~{3,})))"
)
_BLANK_LINES = re.compile(r"(?:[^\S\n]*\n)*(?:[^\S\n]+\Z)?")


class Outline(NamedTuple):
    """What the limits must hold, found without parsing every block: see outline()."""

    paths: list[tuple[str, ...]]  # the heading path of every heading, in order
    fences: list[Block]  # every fenced block, as parse_blocks gives it (but path () and rank 0)
    first_level: int  # the level of the heading that is the first block (0: the first block is no heading)


def outline(markdown: str) -> Outline:
    """The headings and fenced blocks of markdown, exactly as parse_blocks finds them, at a fraction of the cost
    (headings and fences are the only lines that matter to the smallest limits a split needs)."""
    md, t, n = markdown, "\n" + markdown, len(markdown)
    heads: list[tuple[int, str]] = []
    paths: list[tuple[str, ...]] = []
    fences: list[Block] = []
    lead = _BLANK_LINES.match(md).end()  # type: ignore[union-attr]  # (the first block starts at 0 anyway)
    pos = 0
    while pos < n and (m := _OUTLINE.search(t, pos)) and m.start() < n:
        q = m.start()
        end = md.find("\n", q) + 1 or n
        if m.lastgroup == "head":
            level, title = heading_title(md[q:end])  # type: ignore[misc]
            while heads and heads[-1][0] >= level:
                heads.pop()
            heads.append((level, title))
            paths.append(tuple(h for _, h in heads))
            pos = end
        elif (opened := fence_open(md[q:end])) is None:
            pos = end
        else:
            spec, close_start, after = _fence_span(md, t, q, end, opened)
            stop = n if after is None else _BLANK_LINES.match(md, after).end()  # type: ignore[union-attr]
            fences.append(Block(0 if q == lead else q, stop, "fence", 0, (), spec, after is not None, end, close_start))
            pos = stop
    first = heading_title(md[lead : md.find("\n", lead) + 1 or n]) if lead < n else None
    return Outline(paths, fences, first[0] if first else 0)


def outline_of(markdown: str, table: BlockTable) -> Outline:
    """outline(markdown) read from its blocks (block_table(markdown)): the same headings and fences, for a
    Markdown that is parsed anyway."""
    n = len(markdown)
    paths = [path for kind, path in zip(table.kind, table.path, strict=True) if kind == "heading"]
    fences = [Block(table.start[k], table.end[k], "fence", 0, (), *span) for k, span in table.fences.items()]
    lead = _BLANK_LINES.match(markdown).end()  # type: ignore[union-attr]
    first = heading_title(markdown[lead : markdown.find("\n", lead) + 1 or n]) if lead < n else None
    return Outline(paths, fences, first[0] if first else 0)


def parse_blocks(markdown: str) -> list[Block]:
    """The blocks of markdown, covering it exactly (leading and trailing blank lines join the nearest block)."""
    table = block_table(markdown)
    return [table.block(k) for k in range(len(table))]
