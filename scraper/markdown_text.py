"""Markdown text as apiref's converter writes it (`scraper.markdown_rules`): blocks, headings, code, escaping,
parameter rows. Pure string functions, without the HTML parser: the crawl's readers write the Markdown of tables
and SDK blocks straight from records with them (`table_markdown`, `sdk_markdown`), and a process that only writes
that text never imports bs4.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

BULLET = "- "  # parameter lists; nesting is shown by indentation, not by alternating bullet characters
DESCRIPTION_BULLET = "*"  # descriptions' own lists: a different character, so that CommonMark never merges a
# description's list with the parameter list that follows it into one list
PARAM_INDENT = " " * len(BULLET)  # a list item's continuation lines line up with its text (CommonMark nesting)
MIN_FENCE = 3  # CommonMark's shortest code fence
MAX_LEVEL = 6  # Markdown has no heading deeper than ######
PROPERTIES_TITLE = "Properties"  # heading of a parameter table whose data-title is "" (an object's properties)

BACKSLASH_BEFORE_PUNCT = re.compile(r"\\(?=[!-/:-@\[-`{-~\n]|$)")  # a literal backslash Markdown would eat
LOOSE_UNDERSCORE = re.compile(r"(?<![A-Za-z0-9])_|_(?![A-Za-z0-9])")  # `_` that could open/close emphasis
HTML_START = re.compile(r"<(?=[A-Za-z/!?])")  # `<` that a renderer would read as an HTML tag or autolink
ENTITY_START = re.compile(r"&(?=#?\w+;)")  # `&` that a renderer would read as an entity (&amp; ...)
LINK_CLOSE = re.compile(r"\](?=[(\[:])")  # `]` that would close a link's text or a link definition's label
LINE_START_MARK = re.compile(  # at a line's start: what would open a quote, list, heading or fence, or make a
    # setext underline / thematic break
    r"(^|\n)([ \t]*)(>|(?:[-+*]|#{1,6}|\d{1,9}[.)])(?=[ \t\n]|$)|~~~|(?:=+|-+)[ \t]*(?=\n|$))"
)
SPECIAL = re.compile(
    r"[\\*`_<&\]|]|(?:^|\n)[ \t]*[-+>#0-9=~]"
)  # text without these needs no escaping (the common case)
BACKTICKS = re.compile(r"`+")
NON_EMPTY_LINE = re.compile(r"^(?!$)", re.M)
FENCE_TAG = re.compile(r"[^\w+#.-]")  # a fence info word keeps only these characters
EDGE_NEWLINES = re.compile(r"^(\n*)((?:.*[^\n])?)(\n*)$", re.S)  # a part's leading newlines, content, trailing
# newlines: how markdownify joins converted children (its `re_extract_newlines`; tests/test_markdown_text.py checks)


def fold(text: str) -> str:
    """Whitespace folded to single spaces, stripped."""
    return " ".join(text.split())


def code_span(text: str) -> str:
    """An inline code span that survives backticks inside the text."""
    longest = max((len(m) for m in BACKTICKS.findall(text)), default=0)
    ticks = "`" * (longest + 1)
    pad = " " if longest or text.startswith(" ") or text.endswith(" ") else ""
    return f"{ticks}{pad}{text}{pad}{ticks}"


def fence(code: str, tag: str) -> str:
    """A fenced code block one backtick longer than any backtick run inside the code."""
    longest = max((len(m) for m in BACKTICKS.findall(code)), default=0)
    ticks = "`" * max(MIN_FENCE, longest + 1)
    return f"{ticks}{tag}\n{code}\n{ticks}"


def escape_text(text: str, in_cell: bool = False) -> str:
    """Escape what Markdown would misread in plain text, and nothing more (identifiers like max_tokens stay)."""
    if not SPECIAL.search(text):
        return text
    text = BACKSLASH_BEFORE_PUNCT.sub(r"\\\\", text)
    text = text.replace("*", r"\*").replace("`", r"\`")
    text = LOOSE_UNDERSCORE.sub(r"\\_", text)
    text = HTML_START.sub(r"\\<", text)
    text = ENTITY_START.sub(r"\\&", text)
    text = LINK_CLOSE.sub(r"\\]", text)
    text = LINE_START_MARK.sub(_escape_line_start, text)
    return text.replace("|", r"\|") if in_cell else text


def _escape_line_start(m: re.Match[str]) -> str:
    mark = m.group(3)
    escaped = mark[:-1] + "\\" + mark[-1] if mark[-1] in ".)" else "\\" + mark
    return m.group(1) + m.group(2) + escaped


def indent(text: str, prefix: str) -> str:
    """Prefix every non-empty line (whitespace-only lines too: inside code they are content)."""
    return NON_EMPTY_LINE.sub(prefix, text)


def block(text: str) -> str:
    """A block separated from its neighbours by blank lines (markdownify collapses the newlines between blocks)."""
    text = text.strip("\n")
    return f"\n\n{text}\n\n" if text else ""


def heading(level: int, text: str) -> str:
    return block("#" * max(1, min(MAX_LEVEL, level)) + " " + fold(text))


def joined(parts: list[str]) -> str:
    """Converted children as markdownify joins them: the newlines where two meet collapsed to at most two."""
    out = [""]
    for part in filter(None, parts):
        edges = EDGE_NEWLINES.match(part)
        assert edges is not None  # (the pattern matches any text)
        leading, content, trailing = edges.groups()
        if out[-1] and leading:
            leading = "\n" * min(2, max(len(out.pop()), len(leading)))
        out += [leading, content, trailing]
    return "".join(out)


def code_block(code: str, tag: str, label: str = "") -> str:
    """A code block (label: a bold line above it); nothing for blank code."""
    return block(label + fence(code, tag)) if code.strip() else ""


def fence_word(language_class: str) -> str:
    """The fence info word of a `language-*` class."""
    return FENCE_TAG.sub("", language_class.removeprefix("language-"))


def params_block(title: str, level: int, text: str) -> str:
    """A parameter table: its title (or "Properties") as a heading, its rows below."""
    return heading(level, escape_text(title) or PROPERTIES_TITLE) + block(text)


def sdk_block(lang: str, text: str) -> str:
    """One SDK's own signature and tables, under its heading."""
    return heading(2, f"SDK: {escape_text(lang)}") + block(text)


def param_item(head: str, text: str) -> str:
    """A parameter row: its head line, then what is below it (description, child rows) indented under it."""
    body = text.strip("\n")
    return block(BULLET + head + ("\n\n" + indent(body, PARAM_INDENT) if body else ""))


def param_head(attributes: Mapping[str, object]) -> str:
    """`name` (type, Required, Defaults to `x`, Deprecated) from a row's attributes (docs/snapshot-format.md); a
    possible type shows its title in bold; an SDK's row shows its declaration as the SDK writes it."""
    if attributes.get("data-declaration") and attributes.get("data-lang"):
        deprecated = " (Deprecated)" if attributes.get("data-deprecated") == "true" else ""
        return code_span(fold(str(attributes["data-declaration"]))) + deprecated
    name = fold(str(attributes.get("data-name") or ""))
    is_type = attributes.get("data-kind") == "type"
    kind = fold(str(attributes.get("data-type") or ""))
    facts = [escape_text(kind) if not (is_type and name.endswith(kind)) else ""]  # `String = string` says it
    if not is_type:
        facts.append("Required" if attributes.get("data-required") == "true" else "Optional")
    if attributes.get("data-default") is not None:
        facts.append("Defaults to " + code_span(str(attributes["data-default"])))
    if attributes.get("data-deprecated") == "true":
        facts.append("Deprecated")
    shown = f"**{escape_text(name)}**" if is_type else code_span(name)
    facts = [f for f in facts if f]
    return shown + (f" ({', '.join(facts)})" if facts else "")


def reference_of(title: str, parts: list[str]) -> str:
    """reference.md from its title and each section's reference_part, in page order."""
    return "\n".join([f"# {title}\n", *parts])
