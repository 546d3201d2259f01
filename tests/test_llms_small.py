"""llms.txt on a hand-made snapshot: the llmstxt.org shape, one H2 per group, a link per section."""

from __future__ import annotations

import re

from click.testing import CliRunner

from apiref.cli import (
    cli,
    cmd_uses,  # noqa: F401
)
from test_diff_small import base_sections, make_snapshot

LINK = re.compile(r"^- \[(?P<name>(?:[^\]\\]|\\.)+)\]\((?P<url>[^)\s]+)\)(?:: (?P<note>.+))?$")


def llms_shape(text: str) -> dict[str, list[re.Match]]:
    """Check the llmstxt.org structure and return {H2 title: link matches}: H1 first, then a blockquote,
    free prose, then H2 sections holding only link list items."""
    lines = text.splitlines()
    assert lines[0].startswith("# ") and lines[1] == "" and lines[2].startswith("> ")
    sections: dict[str, list[re.Match]] = {}
    current = None
    for line in lines[3:]:
        if line.startswith("## "):
            assert line[3:] not in sections, f"H2 {line!r} twice"
            current = sections.setdefault(line[3:], [])
        elif current is not None and line:
            m = LINK.match(line)
            assert m, f"not a link item: {line!r}"
            current.append(m)
        assert not line.startswith("# "), "a second H1"
    return sections


def test_llms_txt_lists_every_section_under_its_group(tmp_path):
    snap = make_snapshot(
        tmp_path / "snap", [{"id": "introduction", "kind": "static", "title": "Introduction"}] + base_sections()
    )
    result = CliRunner().invoke(cli, ["llms", str(snap), "-o", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    text = (tmp_path / "out" / "llms.txt").read_text()
    sections = llms_shape(text)
    assert {t: [m["url"].rsplit("/api-reference/", 1)[1] for m in ms] for t, ms in sections.items()} == {
        "Overview": ["introduction"], "Things": ["things", "things/create", "things/list"]}
    create = sections["Things"][1]
    assert create["url"] == "https://example.com/docs/api-reference/things/create"
    assert create["note"] == "`POST /things` Creates a thing."
    full = (tmp_path / "out" / "llms-full.txt").read_text()
    assert full == (snap / "reference.md").read_text().rstrip("\n") + "\n"
