"""Forum posts for every endpoint of the scraped 2025-04-29 refsite page: each within Discourse's 32,000 raw
characters, numbered, and together holding all of the endpoint's Markdown."""

from __future__ import annotations

import re

import pytest
from click.testing import CliRunner

from apiref.chunks.excerpt import DETAILS_CLOSE, DETAILS_OPEN, FORUM_MAX_CHARS, excerpt
from apiref.chunks.selection import read_html, section_url
from apiref.cli import (
    cli,
    cmd_uses,  # noqa: F401
)
from apiref.scraper.convert import RenderOptions, convert_section
from apiref.scraper.store import read_section_markdown
from test_excerpt_small import HEADER, details_balanced

PAGE = "2025-04-29"


@pytest.fixture(scope="module")
def snap(scraped):
    return scraped(PAGE)


@pytest.fixture(scope="module")
def loaded(snap):
    return read_html(snap)


def without_details(markdown: str) -> str:
    lines = [line for line in markdown.splitlines() if not (DETAILS_OPEN.match(line) or DETAILS_CLOSE.match(line))]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines))


def test_every_endpoint_posts_within_the_limit_and_hold_all_its_markdown(snap, loaded):
    manifest, html = loaded
    endpoints = [s for s in manifest.sections if s.kind == "endpoint"]
    posts = excerpt(manifest, html, [s.id for s in endpoints])
    by_section: dict[str, list] = {}
    for p in posts:
        by_section.setdefault(p.section_id, []).append(p)
    assert list(by_section) == [s.id for s in endpoints]
    for sec in endpoints:
        markdown = convert_section(html[sec.id], sec, manifest.origin, RenderOptions(details=True))
        mine = by_section[sec.id]
        assert "".join(markdown[p.start:p.end] for p in mine) == markdown, sec.id
        assert without_details(markdown) == without_details(read_section_markdown(snap, sec)), sec.id
        for i, p in enumerate(mine, 1):
            assert len(p.text) <= FORUM_MAX_CHARS, (sec.id, i, len(p.text))
            m = HEADER.match(p.text)
            assert m and (m["title"], int(m["i"]), int(m["n"]), m["url"]) == (
                sec.title,
                i,
                len(mine),
                section_url(manifest, sec.id),
            )
            assert markdown[p.start:p.end].strip("\n") in p.text
            assert details_balanced(p.text), (sec.id, i)
    longest = max(by_section.values(), key=len)
    assert len(longest) > 1, "the page has an endpoint longer than one post"
    print(f"\n{len(endpoints)} endpoints -> {len(posts)} posts; most: {longest[0].section_id} in {len(longest)} posts "
          f"of {[len(p.text) for p in longest]} characters")


def test_cli_writes_numbered_files(snap, loaded, tmp_path):
    manifest, html = loaded
    longest = max((s for s in manifest.sections if s.kind == "endpoint"), key=lambda s: len(html[s.id]))
    out = tmp_path / "posts"
    result = CliRunner().invoke(cli, ["excerpt", str(snap), longest.id, "-o", str(out)])
    assert result.exit_code == 0, result.output
    files = sorted(out.rglob("*.md"))
    assert [f.relative_to(out).as_posix() for f in files] == sorted(
        f"{longest.file}-{i}.md" for i in range(1, len(files) + 1)
    )
    assert all(len(f.read_text(encoding="utf-8")) <= FORUM_MAX_CHARS for f in files)
    assert f"post {len(files)}/{len(files)} of {longest.id}" in result.stderr
