"""Units -> where chunks can end: the packer counts units and finds, for a chunk starting at a unit, the ends
that fit by the units' counts, best boundary first (the splitter then checks the chunk itself).

A unit too big to fit is expanded on the way (a run into its blocks, a block into its lines, a line into
pieces), so that its first part can join the chunk being filled.
"""

from __future__ import annotations

from collections.abc import Callable

from apiref.scraper.errors import LimitError

from .blocks import RANK_END, Fence
from .headers import Headers
from .limits import Counter, Limits
from .line_pieces import line_pieces
from .units import LEVEL_BLOCK, LEVEL_PIECE, LEVEL_RUN, Unit, Units


def closing(body: str, fence: Fence) -> str:
    """The line that closes fence after body (on a line of its own)."""
    return fence.close_line if body.endswith("\n") else "\n" + fence.close_line


class Packer:
    """The units of one section (items, expanded in place) and what fits where, within limits.

    lines_first: a block over this many characters is counted by its lines (it will likely be split, and the
    split reuses their counts)."""

    def __init__(self, units: Units, headers: Headers, count: Counter, limits: Limits, lines_first: int) -> None:
        self.md, self.units, self.items = units.md, units, units.items
        self.headers, self.count, self.limits, self.lines_first = headers, count, limits, lines_first
        self.additive: Callable[[str, int], bool] | None = getattr(count, "additive_before", None)

    def tokens(self, u: Unit) -> int:
        """The unit's count, counted once. A block big enough that it will likely be split is counted by its
        lines, which the split then reuses (when the lines' counts add up to the block's: see Emitter.summed)."""
        if u.tokens < 0:
            if u.level == LEVEL_BLOCK and u.end - u.start > self.lines_first:
                md, adds, parts = self.md, self.additive, self.units.lines(u)
                total = sum(self.tokens(v) for v in parts)
                if all(md[v.start - 1] == "\n" and adds and adds(md, v.start) for v in parts[1:]):
                    u.tokens, u.parts = total, parts
                    return total
            u.tokens = self.count(self.md[u.start : u.end])
        return u.tokens

    def candidates(self, p: int) -> list[int]:
        """Ends e of the chunks starting at unit p that fit by the units' counts, best boundary first.

        A unit that could not fit even in a chunk of its own is split into lines (or pieces) on the way, so that
        its first lines can join the chunk being filled. (The hot loop of the splitter: kept flat.)"""
        units, max_tokens, max_chars = self.items, self.limits.max_tokens, self.limits.max_chars
        u0 = units[p]
        _, head, tok = self.headers.header(u0.path)
        chars = len(head)
        if u0.fence_before:
            tok, chars = tok + self.count(u0.fence_before.open_line), chars + len(u0.fence_before.open_line)
        found: list[tuple[int, int]] = []
        e, n = p, len(units)
        while e < n:
            u = units[e]
            t = u.tokens if u.tokens >= 0 else self.tokens(u)
            next_tok, next_chars = tok + t, chars + u.end - u.start
            if u.fence_after is None:
                fits = next_tok <= max_tokens and next_chars <= max_chars
            else:
                fits = self.ends_within(u, next_tok, next_chars)
            if not fits:
                if e > p and self.worth_expanding(u, p, e):
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

    def worth_expanding(self, u: Unit, p: int, e: int) -> bool:
        """Whether unit u, which does not fit after units p:e, should be expanded so its first part joins them:
        it fits in no chunk of its own, or the chunk so far is only headings (and u no fenced block)."""
        if not _expandable(u):
            return False
        return not self.alone_fits(u) or u.kind != "fence" and all(self.items[k].kind == "heading" for k in range(p, e))

    def ends_within(self, u: Unit, tok: int, chars: int) -> bool:
        """Whether a chunk ending with unit u, at these counts so far, stays within the limits (fence closed)."""
        close = closing(self.md[u.end - 1], u.fence_after) if u.fence_after else ""
        limits = self.limits
        return tok + (self.count(close) if close else 0) <= limits.max_tokens and chars + len(close) <= limits.max_chars

    def alone_fits(self, u: Unit) -> bool:
        """Whether unit u fits in a chunk of its own, by the counts (breadcrumb and fence lines included)."""
        _, head, tok = self.headers.header(u.path)
        reopen = u.fence_before.open_line if u.fence_before else ""
        tok += self.tokens(u) + (self.count(reopen) if reopen else 0)
        return self.ends_within(u, tok, len(head) + len(reopen) + u.end - u.start)

    def group_end(self, p: int) -> int:
        """The end of the run of units glued to unit p: the smallest chunk that can start at p."""
        q = p + 1
        while q < len(self.items) and self.items[q].glued:
            q += 1
        return q

    def expand_group(self, p: int) -> None:
        """Split the biggest splittable unit of the run of glued units starting at p (none fits as it is)."""
        units = self.items
        group = [i for i in range(p, self.group_end(p)) if _expandable(units[i])]
        if not group:
            lim, start = self.limits, units[p].start
            raise LimitError(f"--max-tokens {lim.max_tokens} / --max-chars {lim.max_chars} cannot hold "
                             f"{self.md[start : start + 40]!r}...; raise the limits")
        self.expand(max(group, key=lambda k: (self.tokens(units[k]), units[k].end - units[k].start)))

    def expand(self, i: int) -> None:
        """Replace unit i by its blocks (a run), its lines (a block) or pieces (a line)."""
        u = self.items[i]
        if u.level == LEVEL_RUN:
            self.items[i : i + 1] = self.units.of_blocks(u.blocks or range(0))
        elif u.level == LEVEL_BLOCK:
            self.items[i : i + 1] = u.parts or self.units.lines(u)
        else:
            head = self.headers.header(u.path)[1]
            self.items[i : i + 1] = line_pieces(self.md, self.items, i, head, self.count, self.limits)


def _expandable(u: Unit) -> bool:
    return u.splittable and u.level < LEVEL_PIECE
