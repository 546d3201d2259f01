"""Acceptance: the converter on real snapshots (refsite really scraped in Chromium, every spec) against the
refsite truth: every code sample verbatim in a fenced block tagged with its language, every parameter name in its
section's file, none of the page's chrome, and byte-identical output on a second conversion."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from apiref.scraper import store
from apiref.scraper.convert import convert_dir, convert_snapshot
from refsite import SPEC_NAMES

pytestmark = pytest.mark.browser

FENCE = re.compile(r"^( *)(`{3,}|~{3,})([^`\s]*)[ \t]*$")
# refsite's fence tags are its code classes (web/app.js CODE_CLASS): the picker name, except these
TAG_OF = {"curl": "bash", "node": "javascript", "node.js": "javascript"}
CHROME_LINES = {"Copy", "Copied", "Select library", "Code example", "Example request", "Response:"}
CHROME_PHRASES = ("Show properties", "Hide properties", "Show possible types", "Hide possible types", "Select library",
                  "Code example")


def fenced_blocks(markdown: str) -> list[tuple[str, str]]:
    """(info tag, content) of every fenced code block, list-item indentation removed (an independent reading)."""
    blocks, lines, i = [], markdown.split("\n"), 0
    while i < len(lines):
        m = FENCE.match(lines[i])
        i += 1
        if not m:
            continue
        ind, ticks, tag, body = m.group(1), m.group(2), m.group(3), []
        close = re.compile(rf"^{ind}{re.escape(ticks[0])}{{{len(ticks)},}}[ \t]*$")
        while i < len(lines) and not close.match(lines[i]):
            body.append(lines[i][len(ind):] if lines[i].startswith(ind) else lines[i].lstrip(" "))
            i += 1
        i += 1
        blocks.append((tag, "\n".join(body)))
    return blocks


def outside_code(markdown: str) -> str:
    """The Markdown with every fenced block's content removed."""
    out, lines, opener = [], markdown.split("\n"), None
    for line in lines:
        m = FENCE.match(line)
        if opener is None:
            if m:
                opener = re.compile(rf"^{m.group(1)}{re.escape(m.group(2)[0])}{{{len(m.group(2))},}}[ \t]*$")
            else:
                out.append(line)
        elif opener.match(line):
            opener = None
    return "\n".join(out)


def param_items(markdown: str) -> list[tuple[str, int]]:
    """(name, depth) of every parameter row as a CommonMark parser reads the Markdown: items of `-` lists (the
    descriptions' own lists use `*`), depth = enclosing `-` lists - 1."""
    from markdown_it import MarkdownIt  # a CommonMark parser (installed with rich)

    lists, out, head = [], [], False
    for tok in MarkdownIt("commonmark").parse(markdown):
        if tok.type == "bullet_list_open":
            lists.append(tok.markup)
        elif tok.type == "bullet_list_close":
            lists.pop()
        elif tok.type == "list_item_open":
            head = lists[-1] == "-"
        elif tok.type == "inline" and head:
            head = False
            kids = [k for k in tok.children or [] if k.content or k.type != "text"]
            name = (
                kids[0].content
                if kids[0].type == "code_inline"
                else kids[1].content
                if kids[0].type == "strong_open"
                else "?"
            )
            out.append((name, lists.count("-") - 1))
    return out


def has_gutter(code: str) -> bool:
    """Every line starts with its own 1-based line number: a line-number gutter glued to the code."""
    lines = code.split("\n")
    return len(lines) > 1 and all(line.startswith(str(n)) for n, line in enumerate(lines, 1))


@pytest.fixture(scope="module", params=SPEC_NAMES)
def converted(request, scraped, refsite_build, tmp_path_factory):
    """(snapshot copy converted by `convert_dir`, manifest, truth) for one spec."""
    name = request.param
    snap = tmp_path_factory.mktemp("convert") / name
    shutil.copytree(scraped(name), snap)
    convert_dir(snap)
    return snap, store.read_manifest(snap), refsite_build(name)[1]


def section_md(snap: Path, manifest, sid: str) -> str:
    sec = next(s for s in manifest.sections if s.id == sid)
    return store.read_section_markdown(snap, sec)


def test_every_code_sample_verbatim_in_a_tagged_fence(converted) -> None:
    snap, manifest, truth = converted
    missing = []
    for t in truth["sections"]:
        blocks = set(fenced_blocks(section_md(snap, manifest, t["id"])))
        wanted = [(TAG_OF.get(lang, lang), code) for ex in t["examples"] for lang, code in ex["request"].items()]
        wanted += [("json", ex["response"]) for ex in t["examples"] if ex["response"]]
        wanted += [("json", t["example"])] if t.get("example") else []
        missing += [(t["id"], tag, code[:60]) for tag, code in wanted if (tag, code) not in blocks]
        contents = {content for _, content in blocks}
        missing += [(t["id"], "static", code[:60]) for code in t.get("code", []) if code not in contents]
    assert not missing, f"{len(missing)} code samples not found verbatim, e.g. {missing[:3]}"
    total = sum(len(ex["request"]) + bool(ex["response"]) for t in truth["sections"] for ex in t["examples"])
    assert total > 0


def test_every_param_name_in_its_section(converted) -> None:
    snap, manifest, truth = converted
    missing = []
    for t in truth["sections"]:
        md = section_md(snap, manifest, t["id"])
        missing += [
            (t["id"], p["name"]) for p in t["params"] if f"`{p['name']}`" not in md and f"**{p['name']}**" not in md
        ]
    assert not missing, f"{len(missing)} params missing, e.g. {missing[:5]}"


def test_param_rows_nest_as_commonmark_reads_them(converted) -> None:
    """Every row of the snapshot, in order, at its own depth: continuation lines are indented so that a CommonMark
    parser nests each row under its parent."""
    snap, manifest, truth = converted
    wrong = []
    for sec in manifest.sections:
        got = param_items(store.read_section_markdown(snap, sec))
        if got != [(p.name, p.depth) for p in sec.params]:
            wrong.append(sec.id)
    assert not wrong, f"{len(wrong)} sections whose rows nest differently, e.g. {wrong[:5]}"


def test_no_chrome(converted) -> None:
    snap, manifest, truth = converted
    reference = (snap / "reference.md").read_text()
    files = [reference] + [store.read_section_markdown(snap, s) for s in manifest.sections]
    for md in files:
        prose = outside_code(md)
        lines = {line.strip() for line in prose.split("\n")}
        assert not lines & CHROME_LINES, lines & CHROME_LINES
        assert not [p for p in CHROME_PHRASES if p in prose]
        assert not [code[:40] for _, code in fenced_blocks(md) if has_gutter(code)]
        assert "react-syntax-highlighter" not in md and "<button" not in md


def test_reference_in_page_order_with_heading_levels(converted) -> None:
    snap, manifest, truth = converted
    reference = (snap / "reference.md").read_text()
    assert reference.startswith(f"# {manifest.title}\n\n")
    headings = [line for line in outside_code(reference).split("\n") if line.startswith("#")]
    at = 0
    for s in manifest.sections:  # each section's title, in page order: groups/static at ##, members at ###
        level = "##" if s.group is None or s.kind in ("group", "static") else "###"
        wanted = re.compile(rf"{level} {re.escape(s.title)}( \(.*\))?$")
        at = next(i for i in range(at, len(headings)) if wanted.match(headings[i])) + 1
    assert len(headings) > len(manifest.sections)


def test_conversion_is_deterministic(converted) -> None:
    snap, manifest, truth = converted
    before = {p.relative_to(snap): p.read_bytes() for p in sorted(snap.rglob("*.md"))}
    convert_dir(snap)
    assert {p.relative_to(snap): p.read_bytes() for p in sorted(snap.rglob("*.md"))} == before
    html = {s.id: store.read_section_html(snap, s) for s in manifest.sections}
    assert convert_snapshot(manifest, html) == convert_snapshot(manifest, html)
