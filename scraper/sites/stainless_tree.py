"""The tree a Stainless page is read from (`stainless_page`), and the few ways it is searched. Pure: HTML in, elements
and text out.

Speed matters here (a large site is a thousand pages and seventy thousand property rows), so:
- elements are plain lxml elements: lxml.html's element classes are looked up in Python for every element touched,
  which cost about as much as the parse itself;
- each page is walked once for the classes searched for across the whole page (`ClassIndex`): a separate search
  per class walked the whole tree each time, half the time of reading a page;
- a row's parts are found among its element's children (`kid`), never by searching below it.
"""

from __future__ import annotations

import functools
import re
from html import escape
from typing import Any

from lxml import etree, html as lxml_html
from lxml.etree import _Element

PARSER = etree.HTMLParser()  # lxml.html's options without its element classes
UTF8_PARSER = etree.HTMLParser(encoding="utf-8")  # the same, told the bytes it reads are UTF-8
TEXT = etree.XPath("string()")  # what lxml.html's text_content() is
BLOCK_TAGS = frozenset({"p", "div", "li", "ul", "ol", "pre", "h1", "h2", "h3", "h4", "h5", "h6", "table", "tr",
                        "blockquote", "hr", "br", "dl", "dt", "dd", "section", "details", "summary"})
LINE_SPACE = re.compile(r"[ \t\r\f\v]+")


def parse(html: bytes) -> _Element:
    """The element the UTF-8 HTML is (a fragment like `<main>...</main>` as itself, as lxml.html.fromstring reads
    it); bytes that are not UTF-8 read as U+FFFD. Valid UTF-8 is parsed as it is: a tenth faster than the text it
    decodes to, which lxml would first convert back."""
    try:
        html.decode("utf-8")
    except UnicodeDecodeError:
        return lxml_html.fromstring(html.decode("utf-8", "replace"), parser=PARSER)
    return lxml_html.fromstring(html, parser=UTF8_PARSER)


# ---------------------------------------------------------------- classes
def has(el: _Element | None, cls: str) -> bool:
    return el is not None and cls in (el.get("class") or "").split()


def kids(el: _Element, cls: str | None = None) -> list[_Element]:
    """Element children (no comments), optionally only those with class cls."""
    if cls is None:
        return [c for c in el if isinstance(c.tag, str)]
    return [c for c in el if named(c.get("class"), cls)]


def named(names: str | None, cls: str) -> bool:
    """Whether a class attribute (None for a comment: the HTML parser makes processing instructions comments too)
    has the class cls; the substring test first, the split only where it passes."""
    return names is not None and cls in names and cls in names.split()


def kid(el: _Element, cls: str) -> _Element | None:
    for c in el:
        if named(c.get("class"), cls):
            return c
    return None


@functools.cache
def class_xpath(cls: str) -> etree.XPath:
    """Descendants with class cls, compiled once. The exact test (a word of the class list) runs only where the class
    attribute contains cls at all: it costs several times the plain substring test."""
    exact = f"[contains(concat(' ', normalize-space(@class), ' '), ' {cls} ')]"
    return etree.XPath(f"descendant::*[contains(@class, '{cls}')]{exact}")


def first(el: _Element, cls: str) -> _Element | None:
    """The first descendant with class cls (document order), by walking and stopping there: what is searched for
    sits near the start of the element, and XPath (even `[1]`) evaluates the whole subtree (four times the time)."""
    for e in el.iterdescendants():
        if isinstance(e.tag, str) and named(e.get("class"), cls):
            return e
    return None


def every(el: _Element, cls: str) -> list[_Element]:
    return list(class_xpath(cls)(el))


def within(el: _Element, cls: str) -> list[_Element]:
    """Descendants with class cls, by walking: cheaper than XPath on the few elements of a row's summary."""
    return [e for e in el.iterdescendants() if isinstance(e.tag, str) and named(e.get("class"), cls)]


class Children:
    """An element's element children by class, in one pass over them: for the several parts a row looks up."""

    def __init__(self, el: _Element) -> None:
        self.by_class: dict[str, list[_Element]] = {}
        for c in el:
            names = c.get("class")  # (None for a comment)
            if names:
                split = names.split()
                for name in split if len(split) == 1 else set(split):
                    self.by_class.setdefault(name, []).append(c)

    def first(self, cls: str) -> _Element | None:
        found = self.by_class.get(cls)
        return found[0] if found else None

    def every(self, cls: str) -> list[_Element]:
        return self.by_class.get(cls, [])


def inside(el: _Element, ancestor: _Element) -> bool:
    return any(a is ancestor for a in el.iterancestors())


class ClassIndex:
    """A page's elements with any of the given classes, or with the given attribute, in document order: found in
    one walk of the tree, however many classes are asked for. The walk does not enter elements with a class in
    `skip` (nor goes below a `pre`): what is asked for is never inside them, and they are most of a page."""

    def __init__(self, root: _Element, classes: frozenset[str], attribute: str, skip: frozenset[str]) -> None:
        self.classes, self.attribute, self.skip = classes, attribute, skip
        self.found: dict[str, list[_Element]] = {name: [] for name in (*classes, attribute)}
        self.walk(root)

    def walk(self, el: _Element) -> None:
        names = (el.get("class") or "").split()
        if not self.skip.isdisjoint(names):
            return
        for name in names:
            if name in self.classes:
                self.found[name].append(el)
        if el.get(self.attribute) is not None:
            self.found[self.attribute].append(el)
        if el.tag != "pre":
            for child in el:
                if isinstance(child.tag, str):
                    self.walk(child)

    def every(self, name: str, under: _Element | None = None) -> list[_Element]:
        """Those with class (or attribute) name, all of them or those below `under`."""
        return [el for el in self.found[name] if under is None or inside(el, under)]

    def first(self, name: str, under: _Element | None = None) -> _Element | None:
        return next((el for el in self.found[name] if under is None or inside(el, under)), None)


# ---------------------------------------------------------------- text
def text_of(el: _Element) -> str:
    """All the text below el (lxml.html's text_content())."""
    return str(TEXT(el))


def fold(text: str) -> str:
    """Whitespace runs as one space, stripped (str.split's whitespace is the regex \\s)."""
    return " ".join(text.split())


def inline_text(el: _Element) -> str:
    return fold(text_of(el))


def own_texts(el: _Element, skip: tuple[str, ...] = ()) -> str:
    """The text of el's own children (element texts and plain text between them), skipping children with a class
    in skip."""
    out = [el.text or ""]
    for c in el:
        if isinstance(c.tag, str) and not any(has(c, s) for s in skip):
            out.append(text_of(c))
        out.append(c.tail or "")
    return "".join(out)


def block_text(el: _Element) -> str:
    """Text of rendered Markdown: one line per block element, inline elements joined as they are."""
    out: list[str] = []

    def walk(node: _Element) -> None:
        if node.text:
            out.append(node.text)
        for c in node:
            if isinstance(c.tag, str):
                if c.tag == "pre":
                    out.append("\n" + text_of(c).rstrip("\n") + "\n")
                elif c.tag in BLOCK_TAGS:
                    out.append("\n")
                    walk(c)
                    out.append("\n")
                else:
                    walk(c)
            if c.tail:
                out.append(c.tail)

    walk(el)
    lines = (LINE_SPACE.sub(" ", part).strip() for part in "".join(out).split("\n"))
    return "\n".join(line for line in lines if line)


def inner_html(el: _Element) -> str:
    """The element's content as HTML (its own tag left out): each child as lxml.html.tostring gives it, serialised
    by etree.tostring and the meta content-type tags lxml.html.tostring takes out taken out once (its own removal,
    a regex search per child, was most of what serialising a row's description cost)."""
    parts = [escape(el.text, quote=False) if el.text else ""]
    parts += [etree.tostring(c, method="html", encoding="unicode") for c in el]
    html = "".join(parts)
    return META_CONTENT_TYPE.sub("", html) if "<meta" in html else html


META_CONTENT_TYPE = re.compile(r'<meta http-equiv="Content-Type"[^>]*>')  # what lxml.html.tostring removes


def code_text(pre: _Element) -> str:
    """Exact text of a rendered code block (one span.line per line), trailing newlines dropped."""
    return text_of(pre).rstrip("\n")


def drop(el: _Element) -> None:
    """Remove el and what is below it, keeping the text after it (lxml.html's drop_tree())."""
    parent: Any = el.getparent()
    if el.tail:
        previous = el.getprevious()
        if previous is None:
            parent.text = (parent.text or "") + el.tail
        else:
            previous.tail = (previous.tail or "") + el.tail
    parent.remove(el)
