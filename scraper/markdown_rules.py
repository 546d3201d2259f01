"""The Markdown rules for apiref's section markup (docs/snapshot-format.md): one markdownify converter subclass,
one small `convert_<tag>` per rule, markdownify's default for everything else (descriptions' own HTML).

The converter knows only the site-independent `apiref-*` classes plus ordinary HTML; it emits headings at their
base levels (section title `#`, its parts `##`, example variants `###`); `scraper.convert` shifts them. The text it
writes (blocks, code, escaping, parameter rows) is made by `scraper.markdown_text`, which needs no HTML parser.
"""

from __future__ import annotations

import re
from urllib.parse import urljoin

from bs4.element import NavigableString, Tag
from markdownify import ATX, MarkdownConverter, chomp

from .markdown_text import (
    DESCRIPTION_BULLET,
    FENCE_TAG,
    block,
    code_block,
    code_span,
    escape_text,
    fence_word,
    fold,
    heading,
    param_head,
    param_item,
    params_block,
    sdk_block,
)

DETAILS_LABEL = {"properties": "Show properties", "possible types": "Show possible types"}  # Discourse [details]
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
