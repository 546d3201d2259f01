"""Forum posts on a hand-made snapshot: every limit kept, posts hold the Markdown, [details] balanced, numbering."""

from __future__ import annotations

import re

import pytest
from click.testing import CliRunner

from apiref.chunks.excerpt import DETAILS_CLOSE, DETAILS_OPEN, excerpt
from apiref.chunks.selection import read_html
from apiref.cli import (
    cli,
    cmd_uses,  # noqa: F401
)
from apiref.scraper.convert import RenderOptions, convert_section
from apiref.scraper.errors import LimitError, SelectionError
from test_diff_small import P, base_sections, make_snapshot

HEADER = re.compile(r"^\*\*(?P<title>.+)\*\* \((?P<i>\d+)/(?P<n>\d+)\) (?P<url>\S+)\n\n")


def details_balanced(text: str) -> bool:
    depth = 0
    for line in text.splitlines():
        depth += bool(DETAILS_OPEN.match(line)) - bool(DETAILS_CLOSE.match(line))
        if depth < 0:
            return False
    return depth == 0


@pytest.fixture(scope="module")
def snapdir(tmp_path_factory):
    secs = base_sections()
    secs[1]["params"] += [
        P(f"things-create-meta-k{i}", f"k{i}", depth=1 + i % 3, description="Word " * 12) for i in range(12)
    ]
    return make_snapshot(tmp_path_factory.mktemp("e") / "snap", secs)


@pytest.mark.parametrize("limit", [400, 450, 600, 1000, 32_000])
def test_posts_within_limit_hold_the_markdown_and_balance_details(snapdir, limit):
    manifest, html = read_html(snapdir)
    sec = manifest.sections[1]
    markdown = convert_section(html[sec.id], sec, manifest.origin, RenderOptions(details=True))
    posts = excerpt(manifest, html, [sec.id], limit)
    assert all(len(p.text) <= limit for p in posts)
    assert "".join(markdown[p.start:p.end] for p in posts) == markdown
    for i, p in enumerate(posts, 1):
        m = HEADER.match(p.text)
        assert m and (m["title"], int(m["i"]), int(m["n"])) == ("Create thing", i, len(posts))
        assert m["url"] == "https://example.com/docs/api-reference/things/create"
        assert markdown[p.start:p.end].strip("\n") in p.text
        assert details_balanced(p.text), p.text
    assert (len(posts) == 1) == (limit == 32_000)


def test_details_form_is_the_snapshot_markdown_plus_details_lines(snapdir):
    manifest, html = read_html(snapdir)
    sec = manifest.sections[1]
    with_details = convert_section(html[sec.id], sec, manifest.origin, RenderOptions(details=True))
    plain = (snapdir / "markdown" / f"{sec.file}.md").read_text()

    def strip(t: str) -> str:
        lines = [line for line in t.splitlines() if not DETAILS_OPEN.match(line) and not DETAILS_CLOSE.match(line)]
        return re.sub(r"\n{3,}", "\n\n", "\n".join(lines))

    assert "[details=" in with_details and strip(with_details) == strip(plain)


def test_errors_name_the_option_or_the_close_ids(snapdir):
    manifest, html = read_html(snapdir)
    with pytest.raises(LimitError, match="--max-chars 200"):
        excerpt(manifest, html, ["things/create"], 200)
    with pytest.raises(SelectionError, match="things/list"):
        excerpt(manifest, html, ["things/lst"])


def test_cli_prints_one_post_and_writes_many(snapdir, tmp_path):
    runner = CliRunner()
    one = runner.invoke(cli, ["excerpt", str(snapdir), "things/list"])
    assert one.exit_code == 0 and one.stdout.startswith("**List things** (1/1) https://example.com/docs/api-reference/things/list\n")
    many = runner.invoke(cli, ["excerpt", str(snapdir), "things/*", "--max-chars", "400"])
    assert many.exit_code == 2 and "give -o DIR" in many.stderr
    out = tmp_path / "posts"
    wrote = runner.invoke(cli, ["excerpt", str(snapdir), "things/*", "--max-chars", "400", "-o", str(out)])
    assert wrote.exit_code == 0, wrote.output
    files = sorted(p.relative_to(out).as_posix() for p in out.rglob("*.md"))
    n = len([f for f in files if f.startswith("things/create-")])
    assert n > 1 and files == sorted([f"things/create-{i}.md" for i in range(1, n + 1)] + ["things/list-1.md"])
