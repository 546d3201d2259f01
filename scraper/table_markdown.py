"""The Markdown of a section's own parameter tables (the default language's rows: `markup.groups_html`), written
from the records: what the converter makes of those tables, converting only each row's description from its HTML.
Records in, Markdown out (None where a row has to be parsed to come out the same).

The tables are most of a section's own markup, and building their bs4 tree was half of what converting a section
cost, for markup apiref wrote itself: so the crawl converts each section without its tables and
`convert.convert_section` puts this text where the converter would have: before the examples. The pieces are the
converter's own (`markdown_text`, `convert.description_markdown`), so the two cannot drift apart. A description
is converted once per worker process (`convert.description_markdown` keeps it): descriptions repeat across rows,
languages and pages.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable

from .markdown_text import block, joined, param_head, param_item, params_block
from .markup import Node, Raw, group_title, param_groups, row_attributes, row_description, tree

TABLE_LEVEL = 2  # a section's own tables sit under its title (markdown_rules: params_div without data-lang)
PARSED_OTHERWISE = re.compile("[\r\0]")  # what an HTML parser changes in an attribute value (CR to LF, NUL to U+FFFD)
RowMarkdown = Callable[[Raw, str], str]  # one row's Markdown from its record and its children's list


class Unwritable(Exception):
    """A row that the converter has to see parsed to give the same Markdown (its table is converted instead)."""


def tables_markdown(raw: Raw, origin: str) -> str | None:
    """The Markdown of the section's own tables (links absolute against origin); None where a row is Unwritable."""
    from .convert import description_markdown  # (bs4: imported by the readers, never by the crawl's own process)

    row = functools.partial(described_row, description_markdown, origin)
    try:
        return joined([params_block(group_title(g), TABLE_LEVEL, rows_markdown(tree(g["properties"]), row))
                       for g in param_groups(raw)])
    except Unwritable:
        return None


def rows_markdown(nodes: list[Node], row: RowMarkdown) -> str:
    """A list of rows, each with its children's list indented under it."""
    return block(joined([row(r, rows_markdown(sub, row) if sub else "") for r, sub in nodes]))


def described_row(describe: Callable[[str, str], str | None], origin: str, r: Raw, below: str) -> str:
    """A default-language row: its head, then its description and its children's list under it."""
    attributes = row_attributes(r, None)
    if PARSED_OTHERWISE.search("".join(attributes.values())):
        raise Unwritable
    html = row_description(r)
    described = describe(html, origin) if html else ""
    if described is None:
        raise Unwritable
    return param_item(param_head(attributes), joined([described, below]))
