"""Packed units -> chunks: the text of a chunk (breadcrumb, body, fence lines), its exact count, and the choice
of the best end among the packer's candidates whose chunk really fits."""

from __future__ import annotations

from dataclasses import dataclass

from .blocks import outline
from .limits import Limits
from .pack import Packer, closing


@dataclass(frozen=True)
class Piece:
    """One chunk of a section: text = breadcrumb line + body (+ fence lines added around a split fence)."""

    breadcrumb: str
    text: str
    tokens: int
    start: int  # the body is markdown[start:end] ...
    end: int
    body_offset: int  # ... and text[body_offset:body_offset + end - start]


def fits(piece: Piece, limits: Limits) -> bool:
    return piece.tokens <= limits.max_tokens and len(piece.text) <= limits.max_chars


class Emitter:
    """Chunks made from a packer's units."""

    def __init__(self, packer: Packer) -> None:
        self.packer, self.md, self.limits, self.count = packer, packer.md, packer.limits, packer.count

    def pieces(self) -> list[Piece]:
        """The chunks, in order: from each start, the best end whose chunk fits (by its real count)."""
        pieces: list[Piece] = []
        units, p = self.packer.items, 0
        while p < len(units):
            piece = self.first_fit(p)
            if piece is None:
                continue  # (a unit was split: try again from p)
            pieces.append(piece)
            while p < len(units) and units[p].start < piece.end:
                p += 1
        return pieces

    def first_fit(self, p: int) -> Piece | None:
        """The chunk from unit p to the best candidate end that fits and leaves no fence open; else the smallest
        chunk from p if it fits; else None, having split a unit of that smallest chunk."""
        for e in self.packer.candidates(p):
            piece = self.assemble(p, e)
            if fits(piece, self.limits) and not self.breaks_a_fence(piece):
                return piece
        piece = self.assemble(p, self.packer.group_end(p))
        if fits(piece, self.limits):
            return piece
        self.packer.expand_group(p)  # (the counts of the parts said no; the real count of the smallest chunk too)
        return None

    def assemble(self, p: int, e: int) -> Piece:
        """The chunk of units p:e."""
        units = self.packer.items
        u0, last = units[p], units[e - 1]
        crumb, head, head_tokens = self.packer.headers.header(u0.path)
        reopen = u0.fence_before.open_line if u0.fence_before else ""
        body = self.md[u0.start : last.end]
        close = closing(body, last.fence_after) if last.fence_after else ""
        text = head + reopen + body + close
        tokens = self.summed(p, e, head_tokens, reopen, close)
        if tokens is None:
            tokens = self.count(text)
        return Piece(crumb, text, tokens, u0.start, last.end, len(head) + len(reopen))

    def summed(self, p: int, e: int, head_tokens: int, reopen: str, close: str) -> int | None:
        """The chunk's exact count as the sum of its parts' counts, when the counter says every join adds up
        (see chunks.tokens.additive_before); None when it cannot say (then the whole text is counted)."""
        adds, md, units = self.packer.additive, self.md, self.packer.items
        if adds is None:
            return None
        start, end = units[p].start, units[e - 1].end
        if head_tokens and not (adds(reopen, 0) if reopen else adds(md, start)):
            return None
        if reopen and not adds(md, start) or close and (md[end - 1] != "\n" or not adds(close, 0)):
            return None
        total = head_tokens + (self.count(reopen) if reopen else 0) + (self.count(close) if close else 0)
        for k in range(p, e):
            u = units[k]
            if k > p and (md[u.start - 1] != "\n" or not adds(md, u.start)):
                return None
            total += u.tokens if u.tokens >= 0 else self.packer.tokens(u)
        return total

    def breaks_a_fence(self, piece: Piece) -> bool:
        """Whether a chunk that ends inside a line leaves a fence open: the start of a line can read as a fence
        line on its own (`` ``` x `y` `` is text, its start `` ``` x `` opens a fence). Whole lines never do."""
        if piece.end == len(self.md) or self.md[piece.end - 1] == "\n":
            return False
        return not all(b.closed for b in outline(piece.text).fences)
