"""The splitter on a few exact cases: where it cuts, what it adds around split fences, its breadcrumbs, refusals."""

from __future__ import annotations

import pytest

from apiref.chunks.split import Limits, split
from apiref.chunks.tokens import count_tokens, get_encoding
from apiref.scraper.errors import LimitError

ROOT = ("API", "Chat", "Create")
BIG = 10_000


def bodies(md: str, pieces) -> list[str]:
    return [md[p.start : p.end] for p in pieces]


def test_a_section_that_fits_is_one_chunk_under_its_root():
    md = "# Create\n\nCreates a thing.\n"
    [p] = split(md, Limits(BIG, BIG), len, ROOT)
    assert p.text == "API › Chat › Create\n\n# Create\n\nCreates a thing.\n" and p.breadcrumb == "API › Chat › Create"


def test_cuts_at_the_heading_before_the_list_item():
    md = "# Create\n\n## Request body\n\n- `a` one\n- `b` two\n\n## Returns\n\n- `c` three\n"
    pieces = split(md, Limits(BIG, 70), len, ROOT)
    assert bodies(md, pieces) == [
        "# Create\n\n## Request body\n\n- `a` one\n- `b` two\n\n",
        "## Returns\n\n- `c` three\n",
    ]
    assert [p.breadcrumb for p in pieces] == ["API › Chat › Create", "API › Chat › Create › Returns"]


def test_cuts_at_a_top_level_item_before_a_nested_one_or_a_paragraph():
    md = "## Body\n\n- `a` (object)\n\n  About a.\n\n  - `x` nested\n- `b` (string)\n\n  About b.\n"
    pieces = split(md, Limits(BIG, 80), len, ROOT)
    assert bodies(md, pieces) == [
        "## Body\n\n- `a` (object)\n\n  About a.\n\n  - `x` nested\n",
        "- `b` (string)\n\n  About b.\n",
    ]
    assert pieces[1].breadcrumb == "API › Chat › Create › Body"


def test_a_fence_that_fits_alone_is_never_split():
    code = "```python\n" + "".join(f"x{i} = {i}\n" for i in range(8)) + "```\n"
    md = "Intro paragraph here.\n\n" + code
    pieces = split(md, Limits(BIG, len("API › Chat › Create\n\n") + len(code)), len, ROOT)
    assert bodies(md, pieces) == ["Intro paragraph here.\n\n", code]


def test_a_label_stays_with_its_code():
    md = "Some words first, a sentence or two.\n\n**curl**\n\n```bash\ncurl https://api\n```\n"
    pieces = split(md, Limits(BIG, 70), len, ROOT)
    assert bodies(md, pieces) == ["Some words first, a sentence or two.\n\n", "**curl**\n\n```bash\ncurl https://api\n```\n"]


def test_a_fence_too_big_is_split_at_lines_and_each_part_closed_and_reopened_with_its_tag():
    lines = [f"line_{i} = {i}\n" for i in range(30)]
    md = "````python\n" + "".join(lines) + "```\n````\n"  # the code holds a ``` line: the fence is four backticks
    pieces = split(md, Limits(BIG, 120), len, ())
    assert len(pieces) > 3
    for p in pieces:
        assert p.text.startswith("````python\n") and p.text.endswith("````\n")
    assert "".join(bodies(md, pieces)) == md
    assert "```\n" in pieces[-1].text


def test_a_line_too_long_is_split_by_characters_after_spaces():
    md = "word " * 100 + "\n"
    pieces = split(md, Limits(BIG, 60), len, ("API",))
    assert len(pieces) > 5 and all(len(p.text) <= 60 for p in pieces)
    assert all(body.endswith(" ") for body in bodies(md, pieces)[:-1])


def test_headings_inside_code_are_not_headings():
    md = "# Title\n\n```bash\n# a comment, not a heading\necho hi\n```\n\n## Next\n\ntext\n"
    pieces = split(md, Limits(BIG, 80), len, ROOT)
    assert [p.breadcrumb for p in pieces] == ["API › Chat › Create", "API › Chat › Create › Next"]
    assert bodies(md, pieces)[1] == "## Next\n\ntext\n"


def test_whitespace_only_has_no_chunks():
    assert split(" \n\n\t\n", Limits(100, 100), len, ROOT) == []


def test_special_token_text_is_counted_as_text_in_real_chunks():
    md = "# Completions\n\nThe separator `<|endoftext|>` ends a document.\n"
    [p] = split(md, Limits(1000, 4000), count_tokens("o200k_base"), ROOT)
    assert p.tokens == len(get_encoding("o200k_base").encode(p.text, disallowed_special=()))


@pytest.mark.parametrize("limits,message", [
    ((20, BIG), "--max-tokens 20 cannot hold a breadcrumb and one line (needs at least 60); raise --max-tokens"),
    ((BIG, 30), "--max-chars 30 cannot hold a breadcrumb and one line (needs at least 52); raise --max-chars"),
])
def test_limits_too_small_are_refused_up_front(limits, message):
    md = "# Create\n\n## Request body\n\ntext\n"  # longest breadcrumb "API › Chat › Create › Request body" (34)
    with pytest.raises(LimitError) as e:
        split(md, Limits(*limits), len, ROOT)
    assert str(e.value) == message


@pytest.mark.parametrize("tokens,chars", [(0, 10), (10, -1)])
def test_impossible_limits_are_rejected_by_the_constructor(tokens, chars):
    with pytest.raises(LimitError, match="is not a positive number of"):
        Limits(tokens, chars)


@pytest.mark.parametrize("section_id", ["chat/create", 'quote"s\\and\u00e9\u2028', ""])
def test_section_ids_are_the_canonical_json_hash(section_id):
    from apiref.chunks.ids import chunk_id, section_chunk_ids, sha256_hex

    digests = [sha256_hex(t) for t in ("a", "b", "a")]
    assert section_chunk_ids(section_id, digests) == [chunk_id(section_id, k, d) for k, d in enumerate(digests)]
    assert len(set(section_chunk_ids(section_id, digests))) == 3  # the position counts, not only the content
