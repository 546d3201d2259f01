"""Blocks -> units: the runs of a section's Markdown that the packer (chunks.pack) never cuts inside.

A unit is a run of blocks that likely fits in one chunk, one block, one line of a block too big for a chunk, or
a piece of a line too big for one (chunks.line_pieces). Finer units are made only where the packer needs them:
a run it cannot fit is expanded into its blocks, a block into its lines.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .blocks import RANK_ITEM, RANK_LINE, BlockTable, Fence

RANK_CODE_GAP = RANK_LINE - 5  # in code, a line after a blank line: a better place to split than any other line
_TEXT_LINE = re.compile(r"(?m)^(?=[^\S\n]*\S)")  # the start of a line that is not blank (str.strip's whitespace)

LEVEL_RUN, LEVEL_BLOCK, LEVEL_LINE, LEVEL_PIECE = -1, 0, 1, 2  # what a unit is: see Unit.level


@dataclass(slots=True)
class Unit:
    """A run of source text the packer never splits: a run of blocks, a block, or a line or piece of one."""

    start: int
    end: int
    rank: int  # rank of the boundary before this unit
    path: tuple[str, ...]
    level: int  # LEVEL_RUN, LEVEL_BLOCK, LEVEL_LINE or LEVEL_PIECE
    kind: str = "paragraph"  # the block's kind (chunks.blocks.Block.kind); "run" or "heading" for a run
    glued: bool = False  # no chunk may start here (fence opening line | first line, last line | closing line)
    fence_before: Fence | None = None  # the fence open where this unit starts (a chunk starting here reopens it)
    fence_after: Fence | None = None  # the fence still open where it ends (a chunk ending here closes it)
    splittable: bool = True  # False for a fence's opening and closing lines
    tokens: int = -1  # the unit's count, once counted (chunks.pack.Packer.tokens)
    parts: list[Unit] | None = None  # a big block's lines, when they were counted to count it
    block: int = -1  # a block: its index in the BlockTable
    blocks: range | None = None  # a run: its blocks' indexes (made units if it is expanded)


class Units:
    """A section's units, in order (items: the packer expands them in place), made from its blocks."""

    def __init__(self, md: str, table: BlockTable, run_chars: int) -> None:
        """run_chars: the most characters a run of blocks may have to be one unit (one that likely fits)."""
        self.md, self.table = md, table
        self.items = self.collapse(0, len(table), RANK_ITEM, run_chars)

    def of_block(self, k: int) -> Unit:
        """Block k as a unit."""
        t = self.table
        return Unit(t.start[k], t.end[k], t.rank[k], t.path[k], LEVEL_BLOCK, t.kind[k], fence_after=self.open_after(k),
                    block=k)

    def open_after(self, k: int) -> Fence | None:
        """The fence block k leaves open: its own, if the source never closes it."""
        span = self.table.fences.get(k)
        return span.fence if span is not None and not span.closed else None

    def of_blocks(self, blocks: range) -> list[Unit]:
        return [self.of_block(k) for k in blocks]

    def collapse(self, lo: int, hi: int, rank: int, most: int) -> list[Unit]:
        """Blocks lo:hi as units, where each run between boundaries of this rank or better that is at most `most`
        characters is one unit (a top-level parameter with all that is nested in it; a heading with its text),
        and a longer run is collapsed the same way at the best rank inside it. The packer never cuts inside a
        run: the boundary where it starts is better than any inside it, and so is the one where it ends. If it
        does not fit, it is expanded into its blocks. (Reads the table's columns: only units the packer sees
        are made.)"""
        t = self.table
        starts, ends, ranks, kinds = t.start, t.end, t.rank, t.kind
        out: list[Unit] = []
        i = lo
        while i < hi:
            j = i + 1
            while j < hi and ranks[j] > rank:
                j += 1
            if j - i == 1:
                out.append(self.of_block(i))
            elif ends[j - 1] - starts[i] <= most:
                headings = kinds[i] == kinds[j - 1] == "heading" and all(kinds[k] == "heading" for k in range(i, j))
                kind = "heading" if headings else "run"
                out.append(Unit(starts[i], ends[j - 1], ranks[i], t.path[i], LEVEL_RUN, kind,
                                fence_after=self.open_after(j - 1), blocks=range(i, j)))
            else:
                out += self.collapse(i, j, min(ranks[i + 1 : j]), most)
            i = j
        return out

    def lines(self, u: Unit) -> list[Unit]:
        """Block unit u as units of one line each (blank lines join the line before them). A fenced block's
        opening and closing lines are units of their own, glued to the code next to them."""
        span = self.table.fences.get(u.block)
        if span is None:
            return self._line_units(u, u.start, u.end, first=True)
        fence = span.fence
        out = [Unit(u.start, span.open_end, u.rank, u.path, LEVEL_LINE, "fence", u.glued, splittable=False)]
        out += self._line_units(u, span.open_end, span.close_start, first=False)
        if span.closed:
            out.append(Unit(span.close_start, u.end, RANK_LINE, u.path, LEVEL_LINE, "fence", splittable=False))
        for k, v in enumerate(out):
            v.fence_before = fence if k > 0 else None
            v.fence_after = fence if (k < len(out) - 1 or not span.closed) else None
            v.glued = v.glued if k == 0 else (k == 1 or not v.splittable)
        return out

    def _line_units(self, u: Unit, start: int, end: int, first: bool) -> list[Unit]:
        """md[start:end] (whole lines) as units of one line each: a unit starts at every line with text but the
        first (blank lines join the line before them; leading ones, the first line with text)."""
        cuts = [m.start() for m in _TEXT_LINE.finditer(self.md, start, end)][1:]
        bounds = [start, *cuts, end] if start < end else []
        out = []
        for k in range(len(bounds) - 1):
            pos, stop = bounds[k], bounds[k + 1]
            gap = u.kind == "fence" and k and self.md.find("\n", bounds[k - 1], pos) + 1 < pos  # (group k-1: 2+ lines)
            rank = u.rank if k == 0 and first else RANK_CODE_GAP if gap else RANK_LINE
            out.append(Unit(pos, stop, rank, u.path, LEVEL_LINE, u.kind, u.glued if k == 0 and first else False))
        return out
