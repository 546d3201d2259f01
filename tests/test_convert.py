"""The converter on small inputs: golden files (tests/golden/<case>/input.html -> expected.md), single rules, and
the snapshot/dir/CLI entry points.

Regenerate goldens only on purpose: APIREF_UPDATE_GOLDEN=1 pytest tests/test_convert.py -s rewrites expected.md and
prints the diff.
"""

from __future__ import annotations

import difflib
import json
import os
import subprocess
import sys
from html import escape as html_escape
from pathlib import Path

import pytest
from hypothesis import given, settings, strategies as st

from apiref.scraper import store
from apiref.scraper.convert import RenderOptions, convert_dir, convert_section, convert_snapshot, normalise
from apiref.scraper.errors import LimitError, SnapshotError
from apiref.scraper.snapshot import Manifest, Section

GOLDEN = Path(__file__).parent / "golden"
CASES = sorted(p.name for p in GOLDEN.iterdir() if (p / "expected.md").is_file())
ORIGIN = "https://platform.openai.com"
UPDATE = os.environ.get("APIREF_UPDATE_GOLDEN") == "1"


def case_section(case: Path) -> Section:
    """Section metadata of a golden case: section.json if present, else read from the input's data-* attributes."""
    if (case / "section.json").is_file():
        return Section.model_validate_json((case / "section.json").read_text())
    return Section(id=case.name, kind="endpoint", title=case.name, file=case.name)


def case_raw_options(case: Path) -> dict:
    return json.loads((case / "options.json").read_text()) if (case / "options.json").is_file() else {}


def case_input(case: Path) -> Path:
    """The case's input.html, or that of the case named by options.json "input" (option cases share inputs)."""
    return GOLDEN / case_raw_options(case).get("input", case.name) / "input.html"


def case_options(case: Path) -> RenderOptions:
    raw = {k: v for k, v in case_raw_options(case).items() if k != "input"}
    if raw.get("languages") is not None:
        raw["languages"] = tuple(raw["languages"])
    return RenderOptions(**raw)


@pytest.mark.parametrize("name", CASES)
def test_golden(name: str) -> None:
    case = GOLDEN / name
    got = convert_section(case_input(case).read_text(), case_section(case), ORIGIN, case_options(case))
    expected_path = case / "expected.md"
    expected = expected_path.read_text() if expected_path.is_file() else ""
    if UPDATE and got != expected:
        sys.stdout.writelines(difflib.unified_diff(expected.splitlines(True), got.splitlines(True), "old", "new"))
        expected_path.write_text(got)
        expected = got
    assert got == expected, f"{name}: run APIREF_UPDATE_GOLDEN=1 pytest {__file__} -s to see and accept the diff"


def test_golden_rows_nest_as_in_the_html() -> None:
    """The endpoint's rows, read back by a CommonMark parser, at the depths the HTML gives them."""
    from bs4 import BeautifulSoup

    from test_convert_refsite import param_items

    case = GOLDEN / "endpoint_full"
    rows = BeautifulSoup((case / "input.html").read_text(), "lxml").select("li.apiref-param")
    assert param_items((case / "expected.md").read_text()) == [(r["data-name"], int(r["data-depth"])) for r in rows]


def test_golden_cases_exist() -> None:
    assert len(CASES) >= 8
    assert all(case_input(GOLDEN / c).is_file() for c in CASES)


# ---------------------------------------------------------------- single rules
SEC = Section(id="t", kind="endpoint", title="t", file="t")


def md(inner: str, **options) -> str:
    """Markdown of a section holding `inner` (title line dropped)."""
    html = f'<section class="apiref-section"><h1 class="apiref-title">T</h1>{inner}</section>'
    out = convert_section(html, SEC, ORIGIN, RenderOptions(**options))
    assert out.startswith("# T\n")
    return out.removeprefix("# T\n").strip("\n")


def param(name: str = "n", **attrs: str) -> str:
    extra = " ".join(f'data-{k}="{v}"' for k, v in attrs.items())
    return f'<li class="apiref-param" data-name="{name}" {extra}><div class="apiref-desc"><p>d</p></div></li>'


def params(*rows: str, title: str = "Request body") -> str:
    return f'<div class="apiref-params" data-title="{title}"><ul class="apiref-param-list">{"".join(rows)}</ul></div>'


def test_endpoint_line_upper_cases_method_and_keeps_url_verbatim() -> None:
    html = '<p class="apiref-endpoint"><span class="apiref-method">delete</span> <span class="apiref-url">https://a.b/v1/fine_tuning/{id}</span></p>'
    assert md(html) == "DELETE https://a.b/v1/fine_tuning/{id}"


def test_badges_are_words_in_the_title() -> None:
    html = (
        '<section class="apiref-section">'
        '<h1 class="apiref-title">X<span class="apiref-badge">Beta</span></h1></section>'
    )
    assert convert_section(html, SEC, ORIGIN) == "# X (Beta)\n"


def test_param_header() -> None:
    assert md(params(param("model", type="string", required="true"))).splitlines()[2] == "- `model` (string, Required)"
    row = param("n", type="integer or null", required="false", default="1", deprecated="true")
    assert md(params(row)).splitlines()[2] == "- `n` (integer or null, Optional, Defaults to `1`, Deprecated)"
    assert md(params(param("Text", type="string", kind="type"))).splitlines()[2] == "- **Text** (string)"


def test_object_property_table_is_titled_properties() -> None:
    assert md(params(param("id", type="string", required="true"), title="")).startswith("## Properties\n")


def test_links_absolute_against_origin() -> None:
    assert md('<div class="apiref-summary"><p><a href="/docs/x">x</a></p></div>') == f"[x]({ORIGIN}/docs/x)"
    assert md('<div class="apiref-summary"><p><a href="https://e.com/y">y</a></p></div>') == "[y](https://e.com/y)"


def test_fence_longer_than_backtick_runs() -> None:
    code = '<pre class="apiref-code" data-lang="python"><code class="language-python">a = "````"</code></pre>'
    assert md(f'<div class="apiref-body">{code}</div>') == '`````python\na = "````"\n`````'


def test_request_code_labelled_with_picker_name_and_tagged_with_class() -> None:
    html = (
        '<div class="apiref-examples"><div class="apiref-example" data-variant="Default"><div class="apiref-request">'
        '<pre class="apiref-code" data-lang="node.js"><code class="language-javascript">x()</code></pre>'
        "</div></div></div>"
    )
    assert md(html) == "## Examples\n\n### Default\n\n**node.js**\n\n```javascript\nx()\n```"


def test_code_block_in_a_table_cell_becomes_a_span() -> None:
    table = (
        '<table><tr><th>a</th></tr><tr><td><pre><code class="language-json">{\n "x": 1\n}</code></pre></td></tr>'
        "</table>"
    )
    assert md(f'<div class="apiref-summary">{table}</div>').splitlines()[-1] == '| `{ "x": 1 }` |'


def test_a_description_list_never_merges_with_the_child_list_after_it() -> None:
    children = '<ul class="apiref-param-list" data-children="properties">' + param("c", type="string") + "</ul>"
    row = (
        '<li class="apiref-param" data-name="p" data-type="object">'
        f'<div class="apiref-desc"><ul><li>x</li></ul></div>{children}</li>'
    )
    lines = md(params(row)).splitlines()
    assert lines[4] == "  * x" and lines[6].startswith("  - `c`")


EXAMPLE = (
    '<div class="apiref-examples">'
    + "".join(
        f'<div class="apiref-example" data-variant="V{i}"><div class="apiref-request">'
        '<pre class="apiref-code" data-lang="curl"><code class="language-bash">curl</code></pre>'
        '<pre class="apiref-code" data-lang="node.js"><code class="language-javascript">node()</code></pre></div>'
        '<div class="apiref-response">'
        '<pre class="apiref-code" data-lang="json"><code class="language-json">{}</code></pre></div></div>'
        for i in (1, 2)
    )
    + "</div>"
)


def test_languages_match_picker_name_or_fence_tag() -> None:
    assert "**node.js**" in md(EXAMPLE, languages=("javascript",)) and "curl" not in md(
        EXAMPLE, languages=("JavaScript",)
    )
    assert "node" not in md(EXAMPLE, languages="curl")


def test_max_variants_and_responses() -> None:
    assert "### V2" not in md(EXAMPLE, max_variants=1) and "### V1" in md(EXAMPLE, max_variants=1)
    assert md(EXAMPLE, max_variants=0) == ""
    assert "Response" not in md(EXAMPLE, responses=False) and "```json" not in md(EXAMPLE, responses=False)


def test_impossible_options_are_rejected() -> None:
    with pytest.raises(LimitError, match="max_depth"):
        RenderOptions(max_depth=-1)


def test_identifiers_keep_their_underscores_but_emphasis_is_escaped() -> None:
    assert (
        md('<div class="apiref-summary"><p>max_tokens and _x_ and *y*</p></div>') == r"max_tokens and \_x\_ and \*y\*"
    )


def test_code_is_untouched_by_normalisation() -> None:
    code = "# comment\n\n\n\nx = 1   \n"
    out = normalise(f"# T\n\n\n\n```python\n{code}```\n", heading_offset=2)
    assert out == f"### T\n\n```python\n{code}```\n"


def test_heading_offset_caps_at_six() -> None:
    assert normalise("# a\n###### b", heading_offset=3) == "#### a\n###### b\n"


def test_missing_section_element_is_a_snapshot_error() -> None:
    with pytest.raises(SnapshotError, match="apiref-section"):
        convert_section("<div>nothing</div>", SEC, ORIGIN)


def test_deterministic() -> None:
    html = (GOLDEN / "endpoint_full" / "input.html").read_text()
    assert convert_section(html, SEC, ORIGIN) == convert_section(html, SEC, ORIGIN)


# ---------------------------------------------------------------- whole snapshot, directory, CLI
def small_manifest() -> tuple[Manifest, dict[str, str]]:
    secs = [
        Section(id="authentication", kind="static", title="Authentication", file="authentication"),
        Section(id="chat", kind="group", title="Chat", file="chat"),
        Section(id="chat/object", kind="object", title="The chat completion object", group="chat", file="chat/object"),
    ]
    html = {
        "authentication": (GOLDEN / "static_section" / "input.html").read_text(),
        "chat": '<section class="apiref-section"><h1 class="apiref-title">Chat</h1>'
        '<div class="apiref-body"><p>Given a list of messages.</p></div></section>',
        "chat/object": (GOLDEN / "object" / "input.html").read_text(),
    }
    manifest = Manifest(
        apiref_version="0",
        source_url=ORIGIN + "/docs/api-reference",
        scraped_at="2024-01-01T00:00:00Z",
        profile="openai",
        title="OpenAI API reference",
        origin=ORIGIN,
        max_depth=6,
        sections=secs,
    )
    return manifest, html


def test_reference_heading_levels() -> None:
    manifest, html = small_manifest()
    per_section, reference = convert_snapshot(manifest, html)
    assert per_section["chat/object"].startswith("# The chat completion object\n")
    headings = [line for line in reference.splitlines() if line.startswith("#")]
    assert headings == [
        "# OpenAI API reference",
        "## Authentication",
        "### Organization (optional)",
        "## Chat",
        "### The chat completion object",
        "#### Properties",
        "#### Example",
    ]
    assert reference.endswith("```\n") and not reference.endswith("\n\n")


def test_convert_dir_and_cli(tmp_path: Path) -> None:
    manifest, html = small_manifest()
    snap = tmp_path / "snap"
    store.write_snapshot(snap, manifest, html)
    done = convert_dir(snap)
    assert done.sections == 3 and done.chars == len((snap / "reference.md").read_text())
    first = {p.relative_to(snap): p.read_bytes() for p in sorted(snap.rglob("*.md"))}
    assert len(first) == 4
    proc = subprocess.run([sys.executable, "-m", "apiref", "convert", str(snap)], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == "" and proc.stderr.count("\n") == 1 and "3 sections" in proc.stderr
    assert {p.relative_to(snap): p.read_bytes() for p in sorted(snap.rglob("*.md"))} == first


def test_cli_on_a_missing_snapshot(tmp_path: Path) -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "apiref", "convert", str(tmp_path / "none")], capture_output=True, text=True
    )
    assert proc.returncode == 1
    assert proc.stderr.startswith("apiref: error: ") and proc.stderr.count("\n") == 1


# ---------------------------------------------------------------- code survives whole (property)
CODE_PIECES = ["```", "````", "`", "~~~", "#", "# h", " ", "  ", "\t", "x", "- a", "*", "_", "<b>", "&amp;", "1."]
code_line = st.lists(st.sampled_from(CODE_PIECES), max_size=4).map("".join)
code_text = st.lists(code_line, min_size=1, max_size=6).map("\n".join).filter(
    lambda s: s.strip() and not s.startswith("\n") and not s.endswith("\n"))


@settings(max_examples=200, deadline=None)
@given(code=code_text, offset=st.integers(0, 3))
def test_any_code_comes_back_exactly_from_its_fence(code: str, offset: int) -> None:
    from test_convert_refsite import fenced_blocks  # an independent fence reader

    pre = (
        f'<pre class="apiref-code" data-lang="x"><code class="language-x">{html_escape(code, quote=False)}</code></pre>'
    )
    desc = f'<div class="apiref-desc">{pre}</div>'
    row = f'<li class="apiref-param" data-name="p" data-type="t"><div class="apiref-desc"><p>d</p></div>{desc}</li>'
    html = (
        '<section class="apiref-section"><h1 class="apiref-title">T</h1>'
        f'<div class="apiref-body">{pre}</div>{params(row)}</section>'
    )
    out = convert_section(html, SEC, ORIGIN, RenderOptions(heading_offset=offset))
    assert fenced_blocks(out) == [("x", code), ("x", code)]


# ---------------------------------------------------------------- prose reads back as the same text (property)
TEXT_PIECES = [
    "*",
    "**",
    "_",
    "__",
    "`",
    "<b>",
    "&amp;",
    "&lt;",
    "[a]",
    "(b)",
    "[a](b)",
    "# ",
    "- ",
    "+ ",
    "1. ",
    "2) ",
    "\\",
    "|",
    "~~~",
    ">",
    "snake_case",
    "x",
    " ",
    "\n",
    "!",
    "=",
    "---",
    "<!--",
    "<http://e.com>",
    "#",
]
INLINE_HTML = ["<code>a_b*</code>", "<em>e</em>", "<strong>s</strong>", '<a href="/l">l</a>', "<br>"]
prose = st.lists(st.one_of(st.sampled_from(TEXT_PIECES).map(lambda t: html_escape(t, quote=False)),
                           st.sampled_from(INLINE_HTML)), min_size=1, max_size=12).map("".join)


@settings(max_examples=300, deadline=None)
@given(inner=prose)
def test_any_prose_reads_back_as_the_same_text(inner: str) -> None:
    """Whatever a description's text holds, a CommonMark renderer shows that text (no stray emphasis, links,
    headings, lists, quotes, entities or HTML)."""
    from bs4 import BeautifulSoup
    from markdown_it import MarkdownIt

    html = (
        '<section class="apiref-section"><h1 class="apiref-title">T</h1>'
        f'<div class="apiref-summary"><p>{inner}</p></div></section>'
    )
    body = convert_section(html, SEC, ORIGIN).removeprefix("# T\n")
    shown = BeautifulSoup(MarkdownIt("commonmark").render(body), "lxml").get_text()
    text = BeautifulSoup(inner.replace("<br>", "\n"), "lxml").get_text()  # a line break shows as one
    assert " ".join(shown.split()) == " ".join(text.split())
