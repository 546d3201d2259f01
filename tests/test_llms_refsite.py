"""llms.txt and llms-full.txt of the scraped 2025-04-29 refsite page."""

from __future__ import annotations

from click.testing import CliRunner

from apiref.chunks.selection import section_url
from apiref.cli import (
    cli,
    cmd_uses,  # noqa: F401
)
from apiref.scraper.store import read_manifest
from test_llms_small import llms_shape

PAGE = "2025-04-29"


def test_llms_txt_links_every_section_once_under_its_group(scraped, tmp_path):
    snap = scraped(PAGE)
    result = CliRunner().invoke(cli, ["llms", str(snap), "-o", str(tmp_path)])
    assert result.exit_code == 0, result.output
    manifest = read_manifest(snap)
    text = (tmp_path / "llms.txt").read_text(encoding="utf-8")
    sections = llms_shape(text)
    links = [(title, m["url"]) for title, ms in sections.items() for m in ms]
    assert [url for _, url in links] == [section_url(manifest, s.id) for s in manifest.sections]  # all, once, in order
    groups = [s for s in manifest.sections if s.kind == "group"]
    assert len(sections) == len(groups) + 1  # one H2 per group, plus the overview of the static sections
    group_of = {section_url(manifest, s.id): s.group or s.id for s in manifest.sections}
    h2_of_group = {group_of[url]: title for title, url in links}
    for g in groups:
        assert h2_of_group[g.id].startswith(g.title)
    endpoint = next(s for s in manifest.sections if s.kind == "endpoint")
    assert f"]({section_url(manifest, endpoint.id)}): `{endpoint.method.upper()} {endpoint.path}`" in text
    full = (tmp_path / "llms-full.txt").read_text(encoding="utf-8")
    assert full == (snap / "reference.md").read_text(encoding="utf-8")
    print(
        f"\nllms.txt: {len(text):,} characters, {len(links)} links under {len(sections)} H2s;"
        f" llms-full.txt: {len(full):,}"
    )
