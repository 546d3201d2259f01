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
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from apiref.scraper.errors import LimitError

from .blocks import (
    RANK_CHAR,
    RANK_END,
    RANK_ITEM,
    RANK_LINE,
    Block,
    Fence,
    block_rows,
    fence_open,
    heading_title,
    outline,
    outline_of,
)

Counter = Callable[[str], int]

BREADCRUMB_SEP = " › "
FENCE_OR_HEADING_STARTS = " \t`~#"  # a line opening a code fence or a heading starts with one of these
# room after the breadcrumb for some of a line: under 16 characters of whitespace (at most 15 tokens) and a
# character (at most 4), with the piece slack; a longer run of whitespace is added to it where there is one
LINE_RESERVE_TOKENS = 24
LINE_RESERVE_CHARS = 16  # the same, in characters: a chunk must carry some content besides its breadcrumb
# runs of whitespace too long for the reserve: blank lines and indentation, or spaces within a line (two
# patterns with a literal start are much faster to search than one)
LONG_WHITESPACE = [re.compile(r"\n[ \t\r\n]{15,}"), re.compile(r"  [ \t]{14,}")]
PIECE_SLACK_TOKENS = 2  # a line piece leaves this many tokens spare, for joins that count one or two more
RANK_CODE_GAP = RANK_LINE - 5  # in code, a line after a blank line: a better place to split than any other line
_TEXT_LINE = re.compile(r"(?m)^(?=[^\S\n]*\S)")  # the start of a line that is not blank (str.strip's whitespace)


@dataclass(frozen=True)
class Limits:
    """Both limits a chunk's text must stay within."""

    max_tokens: int
    max_chars: int

    def __post_init__(self) -> None:
        for option, value in (("--max-tokens", self.max_tokens), ("--max-chars", self.max_chars)):
            if not isinstance(value, int) or value <= 0:
                raise LimitError(f"{option} {value} is not a positive number of {option[6:]}; give a positive integer")


@dataclass(frozen=True)
class Piece:
    """One chunk of a section: text = breadcrumb line + body (+ fence lines added around a split fence)."""

    breadcrumb: str
    text: str
    tokens: int
    start: int  # the body is markdown[start:end] ...
    end: int
    body_offset: int  # ... and text[body_offset:body_offset + end - start]


@dataclass(slots=True)
class _Unit:
    """A run of source text the packer never splits: a block, or a line or piece of one when the block is too big."""

    start: int
    end: int
    rank: int  # rank of the boundary before this unit
    path: tuple[str, ...]
    level: int  # -1 run of blocks, 0 block, 1 line, 2 piece of a line
    kind: str = "paragraph"  # the block's kind (chunks.blocks.Block.kind)
    glued: bool = False  # no chunk may start here (fence opening line | first line, last line | closing line)
    fence_before: Fence | None = None  # the fence open where this unit starts (a chunk starting here reopens it)
    fence_after: Fence | None = None  # the fence still open where it ends (a chunk ending here closes it)
    splittable: bool = True  # False for a fence's opening and closing lines
    tokens: int = field(default=-1)
    parts: list[_Unit] | None = None  # a big block's lines, when they were counted to count it
    rows: range | None = None  # a run's blocks: their rows in SectionSplitter.rows (made units if it is expanded)


def breadcrumb(root: Sequence[str], path: Sequence[str]) -> str:
    """`root › path`, e.g. `OpenAI API reference › Chat › Create chat completion › Request body`: one line that
    does not open a code fence or a heading (a leading ``` or # is backslash-escaped)."""
    crumb = " ".join(BREADCRUMB_SEP.join([*root, *path]).split("\n"))
    if crumb[:1] not in FENCE_OR_HEADING_STARTS:  # (most crumbs: no need to parse the line)
        return crumb
    return "\\" + crumb if fence_open(crumb) or heading_title(crumb) else crumb


def _header(crumb: str) -> str:
    return crumb + "\n\n" if crumb else ""


def _closing(body: str, fence: Fence) -> str:
    return fence.close_line if body.endswith("\n") else "\n" + fence.close_line


class SectionSplitter:
    """One section's Markdown, parsed into blocks: ask its minimum() limits, then split() it (once)."""

    limits: Limits

    def __init__(self, markdown: str, count: Counter, root: Sequence[str] = (), limits: Limits | None = None) -> None:
        """limits: those split() will be given, if known. A section too big to fit them whole is then parsed at
        once, and its outline read from its blocks instead of scanned for (results are the same either way)."""
        self.md, self.count, self.root = markdown, count, tuple(root)
        self.additive: Callable[[str, int], bool] | None = getattr(count, "additive_before", None)
        self.rows: list[list] = []  # the blocks, as chunks.blocks.block_rows gives them (paths shortened by parse)
        if limits is not None and not _may_fit_whole(markdown, limits):
            self.rows = block_rows(markdown)
            self.outline = outline_of(markdown, self.rows)
        else:
            self.outline = outline(markdown)
        # a level-1 heading opening the section is its title, already the end of the root: not repeated under it
        self.title = self.outline.paths[0][0] if root and self.outline.first_level == 1 else None
        self.headers: dict[tuple[str, ...], tuple[str, str, int]] = {}
        self.crumbs: dict[tuple[str, ...], tuple[str, str]] = {}
        self.units: list[_Unit] = []
        self.blocks: dict[int, Block] = {}

    def path(self, path: tuple[str, ...]) -> tuple[str, ...]:
        return path[1:] if self.title is not None and path[:1] == (self.title,) else path

    def parse(self) -> None:
        """The blocks, as units (only sections that do not fit whole get this far); see collapse."""
        rows, blocks, heads, path = self.rows or block_rows(self.md), {}, None, ()
        for r in rows:
            if r[5] is not None:
                blocks[r[0]] = Block(*r)
            if r[4] is not heads:  # (rows under one heading share its path tuple: shortened once)
                heads, path = r[4], self.path(r[4])
            r[4] = path
        self.rows, self.blocks = rows, blocks
        self.units = self.collapse(0, len(rows), RANK_ITEM)

    def unit(self, k: int) -> _Unit:
        """Block k (a row) as a unit."""
        r = self.rows[k]
        return _Unit(r[0], r[1], r[3], r[4], 0, r[2], False, None, None if r[6] else r[5])

    def collapse(self, lo: int, hi: int, rank: int) -> list[_Unit]:
        """Blocks lo:hi as units, where each run between boundaries of this rank or better that likely fits is
        one unit (a top-level parameter with all that is nested in it; a heading with its text), and a run too
        big is collapsed the same way at the best rank inside it. The packer never cuts inside a run: the
        boundary where it starts is better than any inside it, and so is the one where it ends. If it does not
        fit, it is expanded into its blocks. (Works on the rows: only units the packer sees are made.)"""
        rows, out, i, most = self.rows, [], lo, self.limits.max_tokens * RUN_CHARS_PER_TOKEN
        while i < hi:
            j = i + 1
            while j < hi and rows[j][3] > rank:
                j += 1
            if j - i == 1:
                out.append(self.unit(i))
            elif rows[j - 1][1] - rows[i][0] <= most:
                first, last = rows[i], rows[j - 1]
                kind = "heading" if first[2] == last[2] == "heading" and all(rows[k][2] == "heading" for k in range(i, j)) else "run"
                out.append(_Unit(first[0], last[1], first[3], first[4], -1, kind,
                                 fence_after=None if last[6] else last[5], rows=range(i, j)))
            else:
                out += self.collapse(i, j, min([r[3] for r in rows[i + 1 : j]]))
            i = j
        return out

    # costs

    def header(self, path: tuple[str, ...]) -> tuple[str, str, int]:
        """(breadcrumb, header text, header tokens) for a heading path."""
        if path not in self.headers:
            crumb, head = self.crumb(path)
            self.headers[path] = (crumb, head, self.count(head))
        return self.headers[path]

    def crumb(self, path: tuple[str, ...]) -> tuple[str, str]:
        """(breadcrumb, header text) for a heading path, uncounted."""
        if path not in self.crumbs:
            crumb = breadcrumb(self.root, path)
            self.crumbs[path] = (crumb, _header(crumb))
        return self.crumbs[path]

    def tokens(self, u: _Unit) -> int:
        """The unit's count, counted once. A block big enough that it will likely be split is counted by its
        lines, which the split then reuses (when the lines' counts add up to the block's: see summed)."""
        if u.tokens < 0:
            if u.level == 0 and u.end - u.start > self.limits.max_tokens * LINES_FIRST_CHARS_PER_TOKEN:
                parts = self.lines(u)
                total = sum(self.tokens(v) for v in parts)
                if all(self.md[v.start - 1] == "\n" and self.additive and self.additive(self.md, v.start) for v in parts[1:]):
                    u.tokens, u.parts = total, parts
                    return total
            u.tokens = self.count(self.md[u.start : u.end])
        return u.tokens

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
        return (max(map(_utf8_bytes, heads)) + max((w[0] for w in wraps), default=0) + LINE_RESERVE_TOKENS + _utf8_bytes(run),
                max(map(len, heads)) + max((w[1] for w in wraps), default=0) + LINE_RESERVE_CHARS + len(run))

    def _needs(self, count: Counter) -> tuple[list[str], list[tuple[int, int]], str]:
        """What the limits must hold: every header, every fence's (tokens, chars) wrap by count, and the
        longest run of whitespace (a line may come with one, indentation or blank lines, that a piece cannot
        leave alone)."""
        heads = [self.crumb(())[1], *(self.crumb(self.path(p))[1] for p in set(self.outline.paths))]
        return heads, [self._wrap(b, count) for b in self.outline.fences], _longest_whitespace(self.md)

    def _wrap(self, b: Block, count: Counter) -> tuple[int, int]:
        """(tokens, chars) a part of fenced block b adds around its code, at most: opening and closing lines."""
        assert b.fence is not None
        opening = self.md[b.start : b.open_end]
        closing = self.md[b.close_start : b.end] if b.closed else ""
        close_tok = max(count(closing) if closing else 0, count(b.fence.close_line) + 1)
        return count(opening) + close_tok, len(opening) + max(len(closing), len(b.fence.close_line) + 1)

    # packing

    def candidates(self, p: int) -> list[int]:
        """Ends e of the chunks starting at unit p that fit by the blocks' counts, best boundary first.

        A unit that could not fit even in a chunk of its own is split into lines (or pieces) on the way, so that
        its first lines can join the chunk being filled. (The hot loop of the splitter: kept flat.)"""
        units, max_tokens, max_chars = self.units, self.limits.max_tokens, self.limits.max_chars
        u0 = units[p]
        _, head, tok = self.header(u0.path)
        chars = len(head)
        if u0.fence_before:
            tok, chars = tok + self.count(u0.fence_before.open_line), chars + len(u0.fence_before.open_line)
        found: list[tuple[int, int]] = []
        e, n = p, len(units)
        while e < n:
            u = units[e]
            t = u.tokens if u.tokens >= 0 else self.tokens(u)
            next_tok, next_chars = tok + t, chars + u.end - u.start
            fits = next_tok <= max_tokens and next_chars <= max_chars if u.fence_after is None else self.ends_within(u, next_tok, next_chars)
            if not fits:
                if e > p and self.expandable(u) and (not self.alone_fits(u) or self.only_headings(p, e) and u.kind != "fence"):
                    self.expand(e)
                    n = len(units)
                    continue
                break
            tok, chars, e = next_tok, next_chars, e + 1
            if e == n:
                found.append((RANK_END, -e))
            elif not units[e].glued:
                found.append((units[e].rank, -e))
        found.sort()
        return [-e for _, e in found]

    def ends_within(self, u: _Unit, tok: int, chars: int) -> bool:
        """Whether a chunk ending with unit u, at these counts so far, stays within the limits (fence closed)."""
        close = _closing(self.md[u.end - 1], u.fence_after) if u.fence_after else ""
        return tok + (self.count(close) if close else 0) <= self.limits.max_tokens and chars + len(close) <= self.limits.max_chars

    def only_headings(self, p: int, e: int) -> bool:
        return all(self.units[k].kind == "heading" for k in range(p, e))

    @staticmethod
    def expandable(u: _Unit) -> bool:
        return u.splittable and u.level < 2

    def alone_fits(self, u: _Unit) -> bool:
        """Whether unit u fits in a chunk of its own, by the counts (breadcrumb and fence lines included)."""
        _, head, tok = self.header(u.path)
        reopen = u.fence_before.open_line if u.fence_before else ""
        tok += self.tokens(u) + (self.count(reopen) if reopen else 0)
        return self.ends_within(u, tok, len(head) + len(reopen) + u.end - u.start)

    def assemble(self, p: int, e: int) -> Piece:
        u0, last = self.units[p], self.units[e - 1]
        crumb, head, head_tokens = self.header(u0.path)
        reopen = u0.fence_before.open_line if u0.fence_before else ""
        body = self.md[u0.start : last.end]
        close = _closing(body, last.fence_after) if last.fence_after else ""
        text = head + reopen + body + close
        tokens = self.summed(p, e, head_tokens, reopen, close)
        return Piece(crumb, text, self.count(text) if tokens is None else tokens, u0.start, last.end, len(head) + len(reopen))

    def summed(self, p: int, e: int, head_tokens: int, reopen: str, close: str) -> int | None:
        """The chunk's exact count as the sum of its parts' counts, when the counter says every join adds up
        (see chunks.tokens.additive_before); None when it cannot say (then the whole text is counted)."""
        adds, md = self.additive, self.md
        if adds is None:
            return None
        start, end = self.units[p].start, self.units[e - 1].end
        if head_tokens and not (adds(reopen, 0) if reopen else adds(md, start)):
            return None
        if reopen and not adds(md, start) or close and (md[end - 1] != "\n" or not adds(close, 0)):
            return None
        total = head_tokens + (self.count(reopen) if reopen else 0) + (self.count(close) if close else 0)
        for k in range(p, e):
            u = self.units[k]
            if k > p and (md[u.start - 1] != "\n" or not adds(md, u.start)):
                return None
            total += u.tokens if u.tokens >= 0 else self.tokens(u)
        return total

    def breaks_a_fence(self, piece: Piece) -> bool:
        """Whether a chunk that ends inside a line leaves a fence open: the start of a line can read as a fence
        line on its own (`` ``` x `y` `` is text, its start `` ``` x `` opens a fence). Whole lines never do."""
        if piece.end == len(self.md) or self.md[piece.end - 1] == "\n":
            return False
        return not all(b.closed for b in outline(piece.text).fences)

    def fits(self, piece: Piece) -> bool:
        return piece.tokens <= self.limits.max_tokens and len(piece.text) <= self.limits.max_chars

    def split(self, limits: Limits) -> list[Piece]:
        """The chunks of this Markdown within limits (check them against minimum() first)."""
        self.limits = limits
        if not self.md.strip():
            return []
        if whole := self.whole():
            return [whole]
        self.parse()
        pieces: list[Piece] = []
        p = 0
        while p < len(self.units):
            piece = next((pc for e in self.candidates(p) if self.fits(pc := self.assemble(p, e)) and not self.breaks_a_fence(pc)), None)
            if piece is None and not self.fits(piece := self.assemble(p, self.group_end(p))):
                self.expand_group(p)  # (the counts of the parts said no; the real count of the smallest chunk too)
                continue
            pieces.append(piece)
            while p < len(self.units) and self.units[p].start < piece.end:
                p += 1
        return pieces

    def whole(self) -> Piece | None:
        """The section as one chunk, if it fits, found with one count and no parse; tried only when it may fit."""
        ol = self.outline
        crumb, head, _ = self.header(self.path(ol.paths[0]) if ol.first_level else ())
        last = ol.fences[-1] if ol.fences else None
        close = _closing(self.md, last.fence) if last and last.fence and not last.closed else ""
        text = head + self.md + close
        if not _may_fit_whole(text, self.limits):
            return None
        piece = Piece(crumb, text, self.count(text), 0, len(self.md), len(head))
        return piece if self.fits(piece) else None

    # splitting units that are too big

    def group_end(self, p: int) -> int:
        """The end of the run of units glued to unit p: the smallest chunk that can start at p."""
        q = p + 1
        while q < len(self.units) and self.units[q].glued:
            q += 1
        return q

    def expand_group(self, p: int) -> None:
        """Split the biggest splittable unit of the run of glued units starting at p (none fits as it is)."""
        group = [i for i in range(p, self.group_end(p)) if self.expandable(self.units[i])]
        if not group:
            raise LimitError(f"--max-tokens {self.limits.max_tokens} / --max-chars {self.limits.max_chars} cannot hold {self.md[self.units[p].start:self.units[p].start + 40]!r}...; raise the limits")
        i = max(group, key=lambda k: (self.tokens(self.units[k]), self.units[k].end - self.units[k].start))
        self.expand(i)

    def expand(self, i: int) -> None:
        """Replace unit i by its lines (a block) or by pieces (a line)."""
        u = self.units[i]
        if u.level < 0:
            self.units[i : i + 1] = [self.unit(k) for k in u.rows or ()]
            return
        self.units[i : i + 1] = (u.parts or self.lines(u)) if u.level == 0 else self.line_pieces(i)

    def lines(self, u: _Unit) -> list[_Unit]:
        """A block as units of one line each (blank lines join the line before them). A fenced block's opening
        and closing lines are units of their own, glued to the code next to them."""
        block = self.blocks.get(u.start)
        if block is None or block.fence is None:
            return self._line_units(u, u.start, u.end, first=True)
        out = [_Unit(u.start, block.open_end, u.rank, u.path, 1, "fence", u.glued, splittable=False)]
        out += self._line_units(u, block.open_end, block.close_start, first=False)
        if block.closed:
            out.append(_Unit(block.close_start, u.end, RANK_LINE, u.path, 1, "fence", splittable=False))
        for k, v in enumerate(out):
            v.fence_before = block.fence if k > 0 else None
            v.fence_after = block.fence if (k < len(out) - 1 or not block.closed) else None
            v.glued = v.glued if k == 0 else (k == 1 or not v.splittable)
        return out

    def _line_units(self, u: _Unit, start: int, end: int, first: bool) -> list[_Unit]:
        """md[start:end] (whole lines) as units of one line each: a unit starts at every line with text but the
        first (blank lines join the line before them; leading ones, the first line with text)."""
        cuts = [m.start() for m in _TEXT_LINE.finditer(self.md, start, end)][1:]
        bounds = [start, *cuts, end] if start < end else []
        out = []
        for k in range(len(bounds) - 1):
            pos, stop = bounds[k], bounds[k + 1]
            gap = u.kind == "fence" and k and self.md.find("\n", bounds[k - 1], pos) + 1 < pos  # (group k-1: 2+ lines)
            rank = u.rank if k == 0 and first else RANK_CODE_GAP if gap else RANK_LINE
            out.append(_Unit(pos, stop, rank, u.path, 1, u.kind, u.glued if k == 0 and first else False))
        return out

    def line_pieces(self, i: int) -> list[_Unit]:
        """Unit i, a line too big for any chunk, as pieces that each fit with the breadcrumb and the fence lines
        around them (the units glued to it, if any: its fence's opening or closing lines)."""
        u = self.units[i]
        fence = u.fence_before or u.fence_after
        before = self.units[i - 1] if u.glued else None
        after = self.units[i + 1] if i + 1 < len(self.units) and self.units[i + 1].glued else None
        heads = {self.header(u.path)[1] + (fence.open_line if fence else "")}
        heads |= {self.header(u.path)[1] + self.md[before.start : before.end]} if before else set()
        tails = {"\n" + fence.close_line if fence else ""} | ({"\n" + self.md[after.start : after.end]} if after else set())
        line, out, pos = self.md[u.start : u.end], [], 0
        while pos < len(line):
            cut = self._piece_end(line, pos, [h + "\0" + t for h in heads for t in tails])
            out.append(_Unit(u.start + pos, u.start + cut, u.rank if pos == 0 else RANK_CHAR, u.path, 2, u.kind,
                             u.glued if pos == 0 else False, u.fence_before if pos == 0 else fence,
                             u.fence_after if cut == len(line) else fence))
            pos = cut
        return out

    def _piece_end(self, line: str, pos: int, frames: list[str]) -> int:
        """The end of the longest piece of line from pos that fits in every frame ("head\0tail": the piece goes
        at \0, a tail's leading newline only if the piece lacks one), preferring to end after whitespace."""
        budget = self.limits.max_tokens - PIECE_SLACK_TOKENS
        n = min(len(line) - pos, self.limits.max_chars - max(map(len, frames)))
        while n >= 1:
            cut = self._nice_cut(line, pos, pos + n)
            piece = line[pos:cut]
            texts = [f.replace("\0\n", "\0" if piece.endswith("\n") else "\0\n").replace("\0", piece) for f in frames]
            t = max(map(self.count, texts))
            if t <= budget and max(map(len, texts)) <= self.limits.max_chars:
                return cut
            n = min(n - 1, (cut - pos) * budget // max(t, 1))
        raise LimitError(f"--max-tokens {self.limits.max_tokens} cannot hold one character of a line after its breadcrumb; raise --max-tokens")

    @staticmethod
    def _nice_cut(line: str, pos: int, cut: int) -> int:
        """cut moved back after a space in the piece's second half, if any, and off the start of a fence."""
        if cut >= len(line):
            return len(line)
        space = max(line.rfind(" ", pos + (cut - pos) // 2, cut), line.rfind("\t", pos + (cut - pos) // 2, cut))
        cut = space + 1 if space >= 0 else cut
        if not line[cut:].strip():
            return len(line)
        if not line[pos:cut].strip():  # a piece of whitespace only: take the character after it too
            cut = len(line) - len(line[cut:].lstrip()) + 1
        while cut > pos + 1 and _opens_fence(line[cut:]):  # a piece must not start a fence of its own
            cut -= 1
        while cut < len(line) and _opens_fence(line[cut:]):  # (a run of backticks from pos: skip it)
            cut += 1
        if pos == 0 and fence_open(line[:cut]):  # `` ``` `x` `` cut before its info's backtick would open a fence:
            cut = len(line) - len(line.lstrip(" \t")) + 2  # cut inside the backticks (see breaks_a_fence)
        return cut


def _may_fit_whole(text: str, limits: Limits) -> bool:
    """Whether text is short enough to try counting it whole (most text has over 4 characters a token)."""
    return len(text) <= limits.max_chars and len(text) <= limits.max_tokens * WHOLE_TRY_CHARS_PER_TOKEN


def _longest_whitespace(text: str) -> str:
    """The longest run of whitespace in text if it is 16 characters or more (shorter ones fit in the reserve)."""
    runs = LONG_WHITESPACE[0].findall(text)
    if "\t" in text or " " * 16 in text:  # (without either, the second pattern cannot match: skip its slow search)
        runs += LONG_WHITESPACE[1].findall(text)
    return max(runs, key=len, default="")


def _opens_fence(text: str) -> bool:
    """Whether text, put at the start of a line, would open (or close) a code fence."""
    rest = text.lstrip(" \t")
    return rest[:3] in ("```", "~~~")


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
    for option, value, least in (("--max-tokens", limits.max_tokens, need[0]), ("--max-chars", limits.max_chars, need[1])):
        if value < least:
            raise LimitError(f"{option} {value} cannot hold a breadcrumb and one line (needs at least {least}); raise {option}")


def split(markdown: str, limits: Limits, count_tokens: Counter, breadcrumb_root: Sequence[str] = ()) -> list[Piece]:
    """Split markdown into chunks within limits; joining the chunks' bodies gives markdown back exactly.

    breadcrumb_root: the titles above this Markdown (site, group, section); the headings inside it follow.
    A Markdown that is only whitespace has no chunks.
    """
    splitter = SectionSplitter(markdown, count_tokens, breadcrumb_root, limits)
    check_splitters(limits, [splitter])
    return splitter.split(limits)
