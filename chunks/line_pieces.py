"""A line too big for any chunk -> pieces that each fit with the breadcrumb and fence lines around them."""

from __future__ import annotations

from apiref.scraper.errors import LimitError

from .blocks import RANK_CHAR, fence_open
from .limits import Counter, Limits
from .units import LEVEL_PIECE, Unit

PIECE_SLACK_TOKENS = 2  # a line piece leaves this many tokens spare, for joins that count one or two more


def line_pieces(md: str, units: list[Unit], i: int, head: str, count: Counter, limits: Limits) -> list[Unit]:
    """Unit i, a line too big for any chunk, as pieces that each fit after head (its breadcrumb's header) with
    the fence lines around them (the units glued to it, if any: its fence's opening or closing lines)."""
    u = units[i]
    fence = u.fence_before or u.fence_after
    before = units[i - 1] if u.glued else None
    after = units[i + 1] if i + 1 < len(units) and units[i + 1].glued else None
    heads = {head + (fence.open_line if fence else "")}
    heads |= {head + md[before.start : before.end]} if before else set()
    tails = {"\n" + fence.close_line if fence else ""} | ({"\n" + md[after.start : after.end]} if after else set())
    frames = [h + "\0" + t for h in heads for t in tails]
    line, out, pos = md[u.start : u.end], [], 0
    while pos < len(line):
        cut = _piece_end(line, pos, frames, count, limits)
        out.append(Unit(u.start + pos, u.start + cut, u.rank if pos == 0 else RANK_CHAR, u.path, LEVEL_PIECE, u.kind,
                        u.glued if pos == 0 else False, u.fence_before if pos == 0 else fence,
                        u.fence_after if cut == len(line) else fence))
        pos = cut
    return out


def _piece_end(line: str, pos: int, frames: list[str], count: Counter, limits: Limits) -> int:
    """The end of the longest piece of line from pos that fits in every frame ("head\0tail": the piece goes
    at \0, a tail's leading newline only if the piece lacks one), preferring to end after whitespace."""
    budget = limits.max_tokens - PIECE_SLACK_TOKENS
    n = min(len(line) - pos, limits.max_chars - max(map(len, frames)))
    while n >= 1:
        cut = _nice_cut(line, pos, pos + n)
        piece = line[pos:cut]
        texts = [f.replace("\0\n", "\0" if piece.endswith("\n") else "\0\n").replace("\0", piece) for f in frames]
        t = max(map(count, texts))
        if t <= budget and max(map(len, texts)) <= limits.max_chars:
            return cut
        n = min(n - 1, (cut - pos) * budget // max(t, 1))
    raise LimitError(
        f"--max-tokens {limits.max_tokens} cannot hold one character of a line after its breadcrumb; raise --max-tokens"
    )


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


def _opens_fence(text: str) -> bool:
    """Whether text, put at the start of a line, would open (or close) a code fence."""
    rest = text.lstrip(" \t")
    return rest[:3] in ("```", "~~~")
