"""Invariant checks shared by the chunker tests: limits, fences, reassembly, breadcrumbs."""

from __future__ import annotations

import re

FENCE = re.compile(r"([ \t]*)(`{3,}|~{3,})(.*)")


def fence_opens(text: str) -> tuple[list[str], bool]:
    """(opening lines of the fenced blocks in text, whether every one of them is closed)."""
    opens, current = [], None
    for line in text.split("\n"):
        if current is None:
            m = FENCE.fullmatch(line)
            if m and not (m.group(2)[0] == "`" and "`" in m.group(3)):
                current = m
                opens.append(line)
        else:
            indent, fence = current.group(1), current.group(2)
            body = line.lstrip(" \t")
            lead = len(line[: len(line) - len(body)].expandtabs(4))
            run = len(body) - len(body.lstrip(fence[0]))
            if lead <= len(indent.expandtabs(4)) + 3 and run >= len(fence) and not body[run:].strip():
                current = None
    return opens, current is None


def check_pieces(markdown: str, pieces, limits, count, root=()) -> None:
    """Every invariant of split(markdown) -> pieces (chunks.split.Piece or chunks.records.Chunk)."""
    if not markdown.strip():
        assert pieces == []
        return
    assert "".join(markdown[p.start : p.end] for p in pieces) == markdown, "bodies do not join back to the source"
    source_opens = set(fence_opens(markdown)[0])
    for p in pieces:
        body = markdown[p.start : p.end]
        assert p.text[p.body_offset : p.body_offset + len(body)] == body, "offsets do not slice the body from the text"
        assert body.strip(), f"empty chunk {p.text!r}"
        assert p.tokens == count(p.text) <= limits.max_tokens, f"{count(p.text)} tokens > {limits.max_tokens}"
        assert len(p.text) <= limits.max_chars, f"{len(p.text)} chars > {limits.max_chars}"
        if p.breadcrumb:
            assert p.text.startswith(p.breadcrumb + "\n\n")
        assert p.breadcrumb.startswith(" › ".join(root))
        opens, balanced = fence_opens(p.text)
        assert balanced, f"unbalanced fence in chunk:\n{p.text}"
        for line in opens:  # a reopened fence is the source's own opening line: same fence, same language tag
            assert line in source_opens or line + "\r" in source_opens, f"fence line {line!r} not in the source"
