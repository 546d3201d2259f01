"""The Markdown rules for apiref's section markup (docs/snapshot-format.md): one markdownify converter subclass,
one small `convert_<tag>` per rule, markdownify's default for everything else (descriptions' own HTML).

The converter knows only the site-independent `apiref-*` classes plus ordinary HTML; it emits headings at their
base levels (section title `#`, its parts `##`, example variants `###`); `scraper.convert` shifts them.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from urllib.parse import urljoin

from bs4.element import NavigableString, Tag
from markdownify import ATX, MarkdownConverter, chomp, re_extract_newlines

BULLET = "- "  # parameter lists; nesting is shown by indentation, not by alternating bullet characters
DESCRIPTION_BULLET = "*"  # descriptions' own lists: a different character, so that CommonMark never merges a
# description's list with the parameter list that follows it into one list
PARAM_INDENT = " " * len(BULLET)  # a list item's continuation lines line up with its text (CommonMark nesting)
MIN_FENCE = 3  # CommonMark's shortest code fence
MAX_LEVEL = 6  # Markdown has no heading deeper than ######
PROPERTIES_TITLE = "Properties"  # heading of a parameter table whose data-title is "" (an object's properties)
DETAILS_LABEL = {"properties": "Show properties", "possible types": "Show possible types"}  # Discourse [details]

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
ABSOLUTE_HREF = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:")  # has a scheme: nothing to resolve
UNSAFE_HREF = re.compile(r"[\s()<>]")  # hrefs with these go inside <...>


def classes(el: Tag) -> list[str]:
    """The element's classes, whether the tree keeps `class` as a list (bs4's default) or as one string."""
    cls: str | list[str] = el.get("class") or []
    return cls.split() if isinstance(cls, str) else list(cls)


def has_class(el: Tag | None, name: str) -> bool:
    return isinstance(el, Tag) and name in classes(el)


def part(el: Tag) -> str:
    """The element's `apiref-*` class: which part of the section markup it is ("" for a description's own HTML)."""
    cls = el.get("class")
    if not cls:
        return ""
    return next((c for c in (cls.split() if isinstance(cls, str) else cls) if c.startswith("apiref-")), "")


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
        leading, content, trailing = re_extract_newlines.match(part).groups()
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


class ApirefMarkdown(MarkdownConverter):
    """markdownify with apiref's rules. `origin` makes links absolute; `details` wraps nested parameter lists in
    Discourse [details] blocks."""

    class Options(MarkdownConverter.DefaultOptions):
        bs4_options = "lxml"
        bullets = DESCRIPTION_BULLET
        heading_style = ATX
        newline_style = "backslash"  # a trailing-space hard break would not survive whitespace normalisation
        strong_em_symbol = "*"

    def __init__(self, origin: str = "", details: bool = False, **options: object) -> None:
        super().__init__(**options)
        self.origin = origin
        self.details = details

    # ------------------------------------------------------------ text, links, code
    def escape(self, text: str, parent_tags: set[str]) -> str:
        return escape_text(text, in_cell=bool({"td", "th"} & parent_tags)) if text else ""

    def process_text(self, el: NavigableString, parent_tags: set[str] | None = None) -> str:
        text = super().process_text(el, parent_tags)
        nxt = el.next_sibling
        if text.endswith("!") and isinstance(nxt, Tag) and nxt.name == "a" and "_noformat" not in (parent_tags or ()):
            return text[:-1] + "\\!"  # `!` right before a link would make it an image
        return text

    def absolute(self, href: str) -> str:
        href = href.strip()
        return href if not self.origin or ABSOLUTE_HREF.match(href) else urljoin(self.origin, href)

    def convert_a(self, el: Tag, text: str, parent_tags: set[str]) -> str:
        prefix, suffix, text = chomp(text)
        href = str(el.get("href") or "")
        if "_noformat" in parent_tags or not text or not href or href.lower().startswith("javascript:"):
            return prefix + text + suffix
        href = self.absolute(href)
        target = f"<{href.replace('<', '%3C').replace('>', '%3E')}>" if UNSAFE_HREF.search(href) else href
        title = str(el.get("title") or "")
        title_part = ' "{}"'.format(title.replace('"', r"\"")) if title else ""
        return f"{prefix}[{text}]({target}{title_part}){suffix}"

    def convert_img(self, el: Tag, text: str, parent_tags: set[str]) -> str:
        if el.get("src"):
            el["src"] = self.absolute(str(el["src"]))
        return super().convert_img(el, text, parent_tags)

    def process_tag(self, node: Tag, parent_tags: set[str] | None = None) -> str:
        if node.name == "pre":  # code is taken whole from the element's text, never through inline rules
            return self.convert_pre(node, "", parent_tags or set())
        return super().process_tag(node, parent_tags)

    def convert_pre(self, el: Tag, text: str, parent_tags: set[str]) -> str:
        code = el.get_text().strip("\n")
        if not code.strip():
            return ""
        if "_inline" in parent_tags:  # in a table cell or heading a block cannot open: the code as a span
            return code_span(" ".join(code.split()))
        label = ""
        if isinstance(el.parent, Tag) and part(el.parent) == "apiref-request" and el.get("data-lang"):
            label = f"**{escape_text(fold(str(el['data-lang'])))}**\n\n"
        return code_block(code, self.fence_tag(el), label)

    @staticmethod
    def fence_tag(el: Tag) -> str:
        """The `language-*` class of the code (or of the pre), else the pre's data-lang."""
        for node in (el.find("code"), el):
            for cls in classes(node) if isinstance(node, Tag) else []:
                if cls.startswith("language-"):
                    return fence_word(cls)
        return FENCE_TAG.sub("", str(el.get("data-lang") or ""))

    def convert_td(self, el: Tag, text: str, parent_tags: set[str]) -> str:
        return super().convert_td(el, text.replace("\n", " "), parent_tags)

    convert_th = convert_td

    # ------------------------------------------------------------ headings and section parts
    def convert_hN(self, n: int, el: Tag, text: str, parent_tags: set[str]) -> str:  # noqa: N802 (markdownify's name)
        if "_inline" in parent_tags:
            return text
        if part(el) == "apiref-title":
            return heading(1, self.title(el))
        if "li" in parent_tags:  # a heading inside a parameter's description would cut the list: keep it bold
            return block(f"**{fold(text)}**")
        return heading(2 if part(el) == "apiref-subheading" else max(2, n), text)

    def title(self, el: Tag) -> str:
        badges = [fold(b.get_text()) for b in el.find_all(class_="apiref-badge")]
        for b in el.find_all(class_="apiref-badge"):
            b.extract()
        words = escape_text(fold(el.get_text()))
        return words + (f" ({', '.join(escape_text(b) for b in badges if b)})" if any(badges) else "")

    def convert_p(self, el: Tag, text: str, parent_tags: set[str]) -> str:
        kind = part(el)
        if kind == "apiref-endpoint":
            method = el.find(class_="apiref-method")
            url = el.find(class_="apiref-url")
            if method is not None and url is not None:
                return block(f"{fold(method.get_text()).upper()} {fold(url.get_text())}")
        if kind == "apiref-constraints":
            return block(f"Constraints: {fold(text)}")
        if kind == "apiref-cut":
            return block(f"*({fold(text)})*") if fold(text) else ""
        return super().convert_p(el, text, parent_tags)

    def convert_div(self, el: Tag, text: str, parent_tags: set[str]) -> str:
        rule = self.DIV_RULES.get(part(el))
        return rule(self, el, text) if rule else super().convert_div(el, text, parent_tags)

    def params_div(self, el: Tag, text: str) -> str:
        level = 3 if el.get("data-lang") else 2  # an SDK's own tables sit under its heading
        return params_block(str(el.get("data-title") or ""), level, text)

    def sdk_div(self, el: Tag, text: str) -> str:
        return sdk_block(str(el.get("data-lang") or ""), text)

    def returns_div(self, el: Tag, text: str) -> str:
        return heading(2, "Returns") + block(text)

    def examples_div(self, el: Tag, text: str) -> str:
        return heading(2, "Examples") + block(text) if text.strip() else ""

    def example_div(self, el: Tag, text: str) -> str:
        return heading(3, escape_text(str(el.get("data-variant") or "Example"))) + block(text)

    def response_div(self, el: Tag, text: str) -> str:
        label = f" ({escape_text(fold(str(el['data-label'])))})" if el.get("data-label") else ""
        return block(f"**Response{label}**") + block(text) if text.strip() else ""

    def object_example_div(self, el: Tag, text: str) -> str:
        return heading(2, "Example") + block(text) if text.strip() else ""

    DIV_RULES = {
        "apiref-params": params_div,
        "apiref-returns": returns_div,
        "apiref-examples": examples_div,
        "apiref-example": example_div,
        "apiref-response": response_div,
        "apiref-object-example": object_example_div,
        "apiref-sdk": sdk_div,
    }

    def convert_section(self, el: Tag, text: str, parent_tags: set[str]) -> str:
        return block(text)

    # ------------------------------------------------------------ parameter lists
    def convert_ul(self, el: Tag, text: str, parent_tags: set[str]) -> str:
        if part(el) == "apiref-param-list":
            return self.param_list(el, text)
        return self.description_list(el, text, parent_tags)

    def convert_ol(self, el: Tag, text: str, parent_tags: set[str]) -> str:
        return self.description_list(el, text, parent_tags)

    def description_list(self, el: Tag, text: str, parent_tags: set[str]) -> str:
        """A list of a description: nested in the description's own list item, or a block of its own."""
        item = el.find_parent("li")
        if item is not None and part(item) != "apiref-param":
            return super().convert_list(el, text, parent_tags)
        return block(text)

    def param_list(self, el: Tag, text: str) -> str:
        children = str(el.get("data-children") or "")
        if self.details and children:
            label = DETAILS_LABEL.get(children, "Show " + children)
            return block(f'[details="{label}"]\n\n{text.strip(chr(10))}\n\n[/details]')
        return block(text)

    def convert_li(self, el: Tag, text: str, parent_tags: set[str]) -> str:
        if part(el) != "apiref-param":
            return super().convert_li(el, text, parent_tags)
        return param_item(param_head(el.attrs), text)
