"""The splitter by its invariants, on random Markdown at random limits (STYLE §9).

Fast runs count tokens with `len`; the real tiktoken runs (fewer examples) are below.
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, given, settings, strategies as st

from apiref.chunks.split import Limits, minimum_limits, split
from apiref.chunks.tokens import count_tokens
from apiref.scraper.errors import LimitError
from chunk_checks import check_pieces

WORDS = ["model", "`messages`", "string", "Required", "<|endoftext|>", "données", "模型", "🙂", "a" * 70, "-", "*",
         "#", "1.", "```", "~~~", "|", "x", "The", "ID", "of"]
ROOT = ("OpenAI API reference", "Chat", "Create chat completion")
SCALE = int(os.environ.get("APIREF_HYPOTHESIS_SCALE", "1"))  # e.g. 10 for a long hunt; the default keeps CI quick


def text_line(draw, most: int = 12) -> str:
    return " ".join(draw(st.lists(st.sampled_from(WORDS), min_size=1, max_size=most)))


@st.composite
def fenced(draw) -> str:
    fence = draw(st.sampled_from(["```", "````", "~~~"]))
    tag = draw(st.sampled_from(["python", "json", "bash", "", "node.js"]))
    indent = draw(st.sampled_from(["", "", "  ", "    "]))
    lines = draw(st.lists(st.one_of(st.builds(lambda: ""), st.just("```"), st.just("  }"),
                                    st.builds(lambda: None).map(lambda _: text_line(draw, 30))), max_size=25))
    if fence == "```":
        lines = [ln for ln in lines if not ln.startswith("```")]
    closed = draw(st.sampled_from([True, True, True, False]))
    return "".join(f"{indent}{ln}\n" for ln in [fence + tag, *lines, *([fence] if closed else [])])


@st.composite
def block(draw) -> str:
    kind = draw(st.sampled_from(["heading", "para", "item", "fence", "long"]))
    if kind == "heading":
        return "#" * draw(st.integers(1, 4)) + " " + text_line(draw, 4) + "\n"
    if kind == "item":
        depth = draw(st.integers(0, 3))
        cont = "".join("  " * (depth + 1) + text_line(draw) + "\n" for _ in range(draw(st.integers(0, 2))))
        return "  " * depth + draw(st.sampled_from(["- ", "* ", "1. "])) + text_line(draw) + "\n" + cont
    if kind == "fence":
        return draw(fenced())
    if kind == "long":
        return draw(st.sampled_from(["", "x" * 500, "word " * 150, "é" * 300])) + "\n"
    return "\n".join(text_line(draw) for _ in range(draw(st.integers(1, 4)))) + "\n"


@st.composite
def markdown(draw) -> str:
    parts = draw(st.lists(block(), max_size=14))
    seps = draw(st.lists(st.sampled_from(["", "\n", "\n\n"]), min_size=len(parts), max_size=len(parts)))
    text = "".join(p + s for p, s in zip(parts, seps, strict=True))
    return text[:-1] if text and draw(st.booleans()) else text  # sometimes no final newline


def run(md: str, limits: Limits, count, root=ROOT):
    try:
        pieces = split(md, limits, count, root)
    except LimitError as e:
        need = minimum_limits(md, count, root)
        assert limits.max_tokens < need[0] or limits.max_chars < need[1], str(e)
        assert "cannot hold a breadcrumb and one line" in str(e)
        return None
    check_pieces(md, pieces, limits, count, root)
    again = split(md, limits, count, root)
    assert again == pieces, "same input, different output"
    return pieces


@settings(max_examples=400 * SCALE, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(markdown(), st.integers(40, 2000), st.integers(60, 4000))
def test_invariants_len(md, max_tokens, max_chars):
    run(md, Limits(max_tokens, max_chars), len)


@settings(max_examples=150 * SCALE, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(markdown(), st.integers(30, 1500), st.integers(100, 6000), st.sampled_from(["o200k_base", "cl100k_base"]))
def test_invariants_tiktoken(md, max_tokens, max_chars, encoding):
    run(md, Limits(max_tokens, max_chars), count_tokens(encoding))


@settings(max_examples=150 * SCALE, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(markdown(), st.integers(1, 80))
def test_small_limits_refused_or_kept(md, max_tokens):
    """Limits near the minimum: either refused up front with the one-line message, or every invariant holds."""
    run(md, Limits(max_tokens, 10_000), count_tokens("o200k_base"))


@settings(max_examples=100 * SCALE, deadline=None)
@given(markdown())
def test_no_root_breadcrumb_is_the_heading_path(md):
    run(md, Limits(300, 3000), len, ())


@settings(max_examples=300 * SCALE, deadline=None)
@given(markdown())
def test_fast_parser_matches_the_line_by_line_oracle(md):
    from apiref.chunks.blocks import parse_blocks
    from md_oracle import parse_blocks_slowly

    assert parse_blocks(md) == parse_blocks_slowly(md)


@settings(max_examples=300 * SCALE, deadline=None)
@given(markdown())
def test_outline_finds_the_headings_and_fences_the_parser_finds(md):
    from apiref.chunks.blocks import outline, parse_blocks

    blocks, ol = parse_blocks(md), outline(md)
    assert ol.paths == [b.path for b in blocks if b.kind == "heading"]
    assert ol.fences == [b._replace(rank=0, path=()) for b in blocks if b.fence]
    assert ol.first_level == (blocks[0].rank + 1 if blocks and blocks[0].kind == "heading" else 0)


@settings(max_examples=300 * SCALE, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(markdown(), st.integers(60, 1500), st.integers(200, 6000))
def test_collapsing_runs_of_blocks_changes_no_chunk(md, max_tokens, max_chars):
    """Runs of blocks packed as one unit (a speed-up) give exactly the chunks the blocks one by one give."""
    import apiref.chunks.split as split_module

    limits, count = Limits(max_tokens, max_chars), count_tokens("o200k_base")
    try:
        fast = split(md, limits, count, ROOT)
    except LimitError:
        return
    saved = split_module.RUN_CHARS_PER_TOKEN
    split_module.RUN_CHARS_PER_TOKEN = 0
    try:
        assert split(md, limits, count, ROOT) == fast
    finally:
        split_module.RUN_CHARS_PER_TOKEN = saved


@settings(max_examples=300 * SCALE, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(markdown(), st.integers(60, 1500), st.integers(200, 6000), st.sampled_from(["o200k_base", "cl100k_base"]))
def test_the_speed_ups_change_no_chunk(md, max_tokens, max_chars, encoding):
    """The splitter's speed-ups (runs of blocks as one unit, big blocks counted by their lines, chunk counts summed
    from their parts where the counter vouches that they add up, limits checked by byte bounds first) give
    exactly the chunks of the plain way: every block a unit, every chunk's text counted whole."""
    import apiref.chunks.split as split_module

    limits, count = Limits(max_tokens, max_chars), count_tokens(encoding)
    try:
        fast = split(md, limits, count, ROOT)
    except LimitError:
        return
    plain_count = lambda text: count(text)  # noqa: E731  (no additive_before, no at_most_utf8_bytes: no shortcuts)
    saved = split_module.RUN_CHARS_PER_TOKEN, split_module.LINES_FIRST_CHARS_PER_TOKEN
    split_module.RUN_CHARS_PER_TOKEN, split_module.LINES_FIRST_CHARS_PER_TOKEN = 0, 10**9
    try:
        assert split(md, limits, plain_count, ROOT) == fast
    finally:
        split_module.RUN_CHARS_PER_TOKEN, split_module.LINES_FIRST_CHARS_PER_TOKEN = saved
