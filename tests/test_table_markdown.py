"""A crawl writes the Markdown of a section's own parameter tables from the records (scraper/table_markdown.py):
it must be byte for byte what the converter makes of the tables' markup, or None (the tables are then converted)."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings, strategies as st

from apiref.scraper.convert import PLAIN_PARAGRAPH, convert_section, description_markdown, framed_markdown
from apiref.scraper.markup import markup_of, own_parts
from apiref.scraper.merge import section
from apiref.scraper.table_markdown import tables_markdown

ORIGIN = "https://example.com/api"
FRAGMENTS = ["<p>Text with <code>max_tokens</code> and <a href=\"/docs\">a link</a>!</p>", "plain * text_", "<b>bold",
             "<ul><li>one</li><li>two</li></ul>", "<h3>Heading</h3>", "<pre><code>x = 1</code></pre>", "<br>",
             "<code>a</code><code>b</code>", "</p>", "</li>", "</ul>", "</div>", "<div>", "</section>", "<p>",
             "<table><tr><td>c|d</td></tr></table>", "<script>x()</script>", " ", "\n", "&lt;tag&gt; &amp;", "<li>x",
             "<ol><li>1.</li></ol>", "<blockquote>q</blockquote>", "<img src=\"/i.png\" alt=\"i\">"]


def row(depth: int, description: str, **more: Any) -> dict[str, Any]:
    return {"depth": depth, "name": f"p{depth}", "optional": depth > 0, "type": "string", "id": f"r{depth}",
            "description_html": description, **more}


def endpoint(descriptions: list[str], **first: Any) -> dict[str, Any]:
    rows = [row(0, descriptions[0], **first)] + [row(1 + i % 2, d) for i, d in enumerate(descriptions[1:])]
    return {"kind": "endpoint", "title": "Create a thing", "method": "post", "path": "/things",
            "description_html": "<p>Creates a thing.</p>",
            "groups": [{"key": "query", "title": "Query parameters", "encoding": None, "properties": rows[:1]},
                       {"key": "body", "title": "Request body", "encoding": "json", "properties": rows}],
            "examples": [{"variant": "Default", "request": {"python": "client.things.create()"}, "response": "{}"}]}


def both(raw: dict[str, Any]) -> tuple[str, str | None]:
    """(the section's Markdown converted from its whole markup, the Markdown with its tables written; None: not)"""
    sec = section("things/create", {"python": raw}, "python", {})
    own = own_parts(sec, {"python": raw}, "python", {})
    whole = convert_section(markup_of(own.all()), sec, ORIGIN)
    tables = tables_markdown(raw, ORIGIN)
    return whole, None if tables is None else convert_section(markup_of(own.untabled()), sec, ORIGIN, tables=tables)


@pytest.mark.parametrize("first", [{}, {"deprecated": "Use `other` <instead>."}, {"deprecated": True},
                                   {"constraints": "max 5 | min 1"}, {"default": "``tick`` "},
                                   {"annotation": "one of", "name": None, "type": "Thing = string"}])
def test_written_tables_are_the_converted_ones(first: dict[str, Any]) -> None:
    whole, written = both(endpoint(FRAGMENTS[:8], **first))
    assert written == whole


@pytest.mark.parametrize("description", ["<div>unclosed", "a</div>b"])
def test_a_description_that_leaves_its_element_is_not_written(description: str) -> None:
    assert tables_markdown(endpoint(["<p>fine</p>", description]), ORIGIN) is None


def test_an_attribute_that_parsing_changes_is_not_written() -> None:
    assert tables_markdown(endpoint(["<p>fine</p>"], default="a\rb"), ORIGIN) is None


@settings(max_examples=150, deadline=None)
@given(st.lists(st.lists(st.sampled_from(FRAGMENTS), max_size=4).map("".join), min_size=1, max_size=5))
def test_written_tables_are_the_converted_ones_or_none(descriptions: list[str]) -> None:
    whole, written = both(endpoint(descriptions))
    assert written is None or written == whole


# plain words, and what a converter must not take for plain words: markup characters, escapes, line starts that
# open a list or heading, odd whitespace, control characters
TEXT = st.lists(st.sampled_from([*"ab Z09.,:;()/?!'\"", *"*_`\\[]|#>-+=~1", "  ", "\n", "\t", "\xa0", "\x00", "é",
                                 "word", "The ID"]), min_size=1, max_size=12).map("".join)


@settings(max_examples=300, deadline=None)
@given(TEXT)
def test_a_plain_paragraph_is_written_as_the_converter_writes_it(text: str) -> None:
    html = f"<p>{text}</p>"
    assert description_markdown.__wrapped__(html, ORIGIN) == framed_markdown(html, ORIGIN)


def test_plain_paragraphs_are_written_unparsed() -> None:
    assert description_markdown.__wrapped__("<p>The ID of the file.</p>", ORIGIN) == "\n\nThe ID of the file.\n\n"
    assert PLAIN_PARAGRAPH.fullmatch("<p>The ID of the file.</p>")
    assert not PLAIN_PARAGRAPH.fullmatch("<p>The <code>id</code>.</p>")
