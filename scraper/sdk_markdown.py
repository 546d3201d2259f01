"""The Markdown of a section's SDK blocks (`markup.sdk_html`), written from the records: what the converter makes of
those blocks, without parsing them. Pure: records in, Markdown out.

On a multi-language site the SDK blocks are most of the markup (every other language's typed rows: 23 of the
29 MB that the Markdown of the 2025-04-29 Stainless build is converted from), and their Markdown is simple: a
heading, the signature's code block, one bullet a row with the SDK's declaration. So the crawl converts each section
without its SDK blocks and `convert.convert_section` puts this text where the converter would have: after the rest.
The pieces are the converter's own (`markdown_text`), so the two cannot drift apart.

A block depends on one language's records only, so the crawl's workers make each page's blocks as they read it.
"""

from __future__ import annotations

import functools
from typing import NamedTuple

from .markdown_text import code_block, fence_word, joined, param_head, param_item, params_block, sdk_block
from .markup import Raw, group_title, param_groups, row_attributes, sdk_html, tree
from .table_markdown import rows_markdown

SDK_TABLE_LEVEL = 3  # an SDK's tables sit under its heading (markdown_rules: params_div with data-lang)


class SdkBlock(NamedTuple):
    """One language's SDK block of a section: its markup (`markup.sdk_html`) and its Markdown."""

    markup: str
    markdown: str


def sdk_block_of(lang: str, raw: Raw, fence_tags: dict[str, str]) -> SdkBlock:
    return SdkBlock(sdk_html(raw, fence_tags, lang), sdk_section(lang, raw, fence_tags))


def sdk_markdown(blocks: list[SdkBlock]) -> str:
    """A section's SDK blocks' Markdown, as the converter joins them."""
    return joined([b.markdown for b in blocks])


def sdk_section(lang: str, raw: Raw, fence_tags: dict[str, str]) -> str:
    """One SDK block: its signature (a `pre` whose `code` has the class `language-<tag>`), then its tables."""
    sig = raw.get("signature")
    language_class = f"language-{fence_tags.get(lang, lang)}".split()[0]
    head = code_block(sig.strip("\n"), fence_word(language_class)) if sig else ""
    row = functools.partial(sdk_row, lang)
    tables = [params_block(group_title(g), SDK_TABLE_LEVEL, rows_markdown(tree(g["properties"]), row))
              for g in param_groups(raw)]
    return sdk_block(lang, joined([head, *tables]))


def sdk_row(lang: str, r: Raw, below: str) -> str:
    """An SDK's row: its head (its declaration), its children's list under it. (Its description is left out, as
    the converter leaves it: the default language's rows carry it.)"""
    return param_item(param_head(row_attributes(r, lang)), below)
