"""The converter's text pieces (scraper.markdown_text) stay what markdownify does, and stay out of bs4's way: a
crawl's own process, which only writes that text, never imports the HTML parser (its readers do)."""

from __future__ import annotations

import subprocess
import sys

import markdownify

from apiref.scraper.markdown_text import EDGE_NEWLINES, joined


def test_parts_are_joined_as_markdownify_joins_them() -> None:
    assert (EDGE_NEWLINES.pattern, EDGE_NEWLINES.flags) == (markdownify.re_extract_newlines.pattern,
                                                           markdownify.re_extract_newlines.flags)
    assert joined(["a\n\n\n", "\n\nb\n", "", "\nc"]) == "a\n\nb\nc"  # (where two meet: the longer run, at most 2)


def test_the_scrape_command_starts_without_the_html_parser() -> None:
    code = ("import sys; from apiref.cli import cmd_scrape; from apiref.scraper import crawl, crawl_snapshot;"
            " print(sorted(m for m in ('bs4', 'markdownify', 'apiref.scraper.convert') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"
