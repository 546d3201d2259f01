"""Read one page of a Stainless docs site (npm `@stainless-api/docs`) into plain records. Pure: HTML in, records out.

The static HTML of such a page is complete: nested properties sit in closed native `<details>`, inactive example
tabs are hidden by CSS. A deployment that renders expanders on the client (`div.stldocs-expander` without content
until clicked) is revealed in Chromium first (`stainless.REVEAL_JS`); its DOM then reads the same way.

Records mirror what the page states, field for field (the site's truth files use the same names): endpoints
(method pages), groups and objects (resource pages and their "Models"), static pages (the reference roots). Each
record also carries the HTML of its descriptions, which the snapshot's markup keeps.

Only `<main>` is parsed: the sidebar repeated on every page and the inline SVG icons are most of the bytes and hold
no reference content.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from lxml.etree import _Element

from .stainless_tree import (
    Children,
    ClassIndex,
    block_text,
    code_text,
    drop,
    every,
    first,
    fold,
    has,
    inline_text,
    inner_html,
    kid,
    kids,
    own_texts,
    parse,
    text_of,
    within,
)

MAIN_START, MAIN_END = b"<main", b"</main>"  # the page's content (from the first <main to the last </main>); the
# rest is navigation
ICON_START, ICON_END = b"<svg", b"</svg>"  # icons only: dropping them halves the parse
DEEP_LINK = re.compile(rb"<a\b[^>]*stldocs-deep-link-button[^>]*>.*?</a>", re.S)  # each row's "link to this
# property" button, after its details: a fifth of `<main>`'s bytes once the icons are gone, read by nothing
GROUP_KEYS = {"p": "path", "q": "query", "h": "header", "c": "cookie", "body": "body",
              "parameters": "parameters", "returns": "returns"}  # data-stldocs-property-group -> group key
GROUP_ATTRIBUTE = "data-stldocs-property-group"  # a property group's element
DECLARATION_EXTRAS = ("stldocs-property-badges", "stldocs-property-deprecated")  # shown beside, not part of it
SIGNATURE, TITLE_SEGMENT, METHOD = "stldocs-method-signature", "stldocs-resource-title-segment", "stldocs-method"
RESPONSE_COLUMN, MODEL, METHOD_SUMMARY = "stldocs-method-response-column", "stldocs-model", "stldocs-method-summary"
RESOURCE_TITLE, TOOLTIP = "stldocs-resource-title", "stldocs-tooltip-content"
DECLARATION = "stldocs-property-declaration"
PAGE_CLASSES = frozenset({SIGNATURE, TITLE_SEGMENT, METHOD, RESPONSE_COLUMN, MODEL, METHOD_SUMMARY, RESOURCE_TITLE})
# ^ searched for across the page (or a method or resource of it): found in one walk
UNSEARCHED = frozenset({"stldocs-properties"})  # property lists: three quarters of a page, none of PAGE_CLASSES

DESCRIPTIONS_HELD = 5_000  # texts of descriptions remembered per process, by their HTML (a few MB at most)
DESCRIPTION_TEXTS: dict[str, str] = {}

Record = dict[str, Any]


def resource_id(stainless_path: str | None) -> str | None:
    """'(resource) chat.completions > (method) create' -> 'chat/completions'."""
    m = re.match(r"\(resource\) ([^ >]+)", stainless_path or "")
    return m.group(1).replace(".", "/") if m else None


# ---------------------------------------------------------------- properties
def optional_marker(lang: str, decl: _Element, parts: Children, text: str, name: str | None,
                    ident: _Element | None) -> bool | None:
    """Whether the declaration (parts: its children; text: its text; name: its property name's text) marks the
    property optional, as each language renders it; None: not shown."""
    if lang == "csharp" and ident is not None:  # only required properties are marked
        return "required" not in [inline_text(k) for k in parts.every("stldocs-text-keyword")]
    if lang == "php" and ident is not None:
        direct = [inline_text(c) for c in kids(decl)]
        return "optional" in direct or "?:" in direct
    if name is None:
        return None
    after = "".join(text.split(name, 1)[-1].split())
    if lang == "http":
        return any(inline_text(p) == "optional" for p in parts.every("stldocs-text-punctuation"))
    if lang == "python":
        return after.startswith(":Optional[")
    if lang in ("node", "typescript"):
        return name.strip().endswith("?")
    if lang == "go":
        return any("Optional" in inline_text(b) for b in parts.every("stldocs-property-badges"))
    if lang == "java":
        return "".join(text.split()).startswith("Optional<")
    if lang == "kotlin":
        return after.startswith(":Optional<")
    return None  # ruby (and others) print no optional marker


def declaration_of(decl: _Element, parts: Children, text: str) -> str:
    """The declaration's text without what is shown beside it (DECLARATION_EXTRAS), folded; text: all of its text,
    which it is on most rows (no child is an extra)."""
    if any(parts.every(extra) for extra in DECLARATION_EXTRAS):
        return fold(own_texts(decl, DECLARATION_EXTRAS))
    return fold(text)


def constraints_text(el: _Element) -> str:
    """'minimum: 0, maximum: 2' as the CSS shows it (name::after ':', constraint::after ', ')."""
    items = every(el, "stldocs-property-constraint")
    if not items:
        return block_text(el)
    out = []
    for item in items:
        name, value = first(item, "stldocs-property-constraint-name"), first(item, "stldocs-property-constraint-value")
        out.append(f"{inline_text(name) if name is not None else ''}: "
                   f"{inline_text(value) if value is not None else ''}".strip(": "))
    return ", ".join(out)


def expander_parts(prop: _Element) -> tuple[_Element | None, _Element | None, bool]:
    """(the row's info element, its expander content or None, whether a client-rendered expander was left closed).
    Native `<details>` and client-rendered `div.stldocs-expander` (content present once opened) read alike."""
    expander = kid(prop, "stldocs-expander")
    if expander is None:
        return kid(prop, "stldocs-property-info"), None, False
    summary = kid(expander, "stldocs-expander-summary")
    info = first(summary, "stldocs-property-info") if summary is not None else None
    content = kid(expander, "stldocs-expander-content")
    return info, content, content is None and expander.tag != "details"


def property_row(prop: _Element, depth: int, page: PageTree, lang: str,
                 group: str) -> tuple[Record | None, _Element | None]:
    """One .stldocs-property: its own facts, and the element holding its children (walked by the caller)."""
    info, content, closed = expander_parts(prop)
    decl = kid(info, DECLARATION) if info is not None else None
    if info is None or decl is None:
        return None, None
    tooltips = []
    for tip in page.tooltips.get(decl, []):  # hover-only (java: the value of a constant)
        tooltips.append(inline_text(tip))
        drop(tip)
    parts = Children(decl)
    name_el, ident = parts.first("stldocs-type-propertyname"), parts.first("stldocs-text-identifier")
    name = text_of(name_el) if name_el is not None else None
    text = text_of(decl)
    types = parts.every("stldocs-type")
    row: Record = {
        "id": info.get("id"), "group": group, "depth": depth,
        "name": (name.strip().rstrip("?") if name is not None
                 else text_of(ident).strip() if ident is not None else None),
        "declaration": declaration_of(decl, parts, text),
        "type": inline_text(types[-1]) if types else None,
        "optional": optional_marker(lang, decl, parts, text, name, ident),
        "description": None, "description_html": None,
        "deprecated": parts.first("stldocs-property-deprecated") is not None,
        "badges": [b for b in (inline_text(b) for b in parts.every("stldocs-property-badges")) if b],
        "tooltips": tooltips, "constraints": None, "annotation": None, "expandable": False,
    }
    if closed:
        row["unrevealed"] = True  # a client-rendered expander nobody opened: its content is not in this HTML
    children = None
    if content is not None:
        inner = Children(content)
        msg = inner.first("stldocs-property-deprecated-message")
        if msg is not None:
            row["deprecated"] = inline_text(msg) or True
        desc = inner.first("stldocs-property-description")
        if desc is not None:
            row["description"], row["description_html"] = description_of(desc)
        extra = inner.first("stldocs-property-content")
        if extra is not None:
            row["constraints"] = constraints_text(extra)
        children = inner.first("stldocs-property-children")
        row["expandable"] = children is not None
        if children is not None:
            ann = kid(children, "stldocs-property-annotation")
            row["annotation"] = inline_text(ann) if ann is not None else None
    else:
        desc = kid(info, "stldocs-property-description")  # shown inline (no expander): rare, but kept
        if desc is not None:
            row["description"], row["description_html"] = description_of(desc)
    return row, children


def walk_properties(container: _Element, page: PageTree, lang: str, group: str, depth: int = 0,
                    rows: list[Record] | None = None) -> list[Record]:
    """Depth-first rows of every .stldocs-property under container (each .stldocs-properties list in order)."""
    rows = [] if rows is None else rows
    props = [p for lst in kids(container, "stldocs-properties") for p in kids(lst, "stldocs-property")] \
        or kids(container, "stldocs-property")
    for prop in props:
        row, children = property_row(prop, depth, page, lang, group)
        if row is None:
            continue
        rows.append(row)
        if children is not None:
            walk_properties(children, page, lang, group, depth + 1, rows)
    return rows


def description_of(el: _Element) -> tuple[str, str]:
    """(text, own HTML) of a description (the HTML without the Markdown renderer's wrapper). The text is remembered
    by the HTML where that holds all of the description: a site repeats its descriptions across rows and languages
    (the 2025-04-29 build: 1,418 distinct in 47,588), and reading the text walks the tree in Python."""
    inner = kid(el, "stldocs-markdown")
    html = inner_html(inner if inner is not None else el).strip()
    if inner is not None and not only_child(el, inner):
        return block_text(el), html
    text = DESCRIPTION_TEXTS.get(html)
    if text is None:
        if len(DESCRIPTION_TEXTS) >= DESCRIPTIONS_HELD:
            DESCRIPTION_TEXTS.clear()
        text = DESCRIPTION_TEXTS[html] = block_text(el)
    return text, html


def only_child(el: _Element, child: _Element) -> bool:
    """Whether child is all that el holds (text around it only whitespace)."""
    return len(el) == 1 and not (el.text or "").strip() and not (child.tail or "").strip()


# ---------------------------------------------------------------- examples
def responses_of(multi: _Element | None) -> list[Record]:
    """[{label, active, code}] of one .stldocs-snippet-multi-response (tabs like '200 example' when shown)."""
    if multi is None:
        return []
    labels = {item.get("data-snippet-response-tab-id"): inline_text(item)
              for item in every(multi, "stldocs-snippet-response-tab-item")}
    out = []
    for pane in every(multi, "stldocs-snippet-response-pane"):
        box = first(pane, "stldocs-snippet-code")
        pre = box.find(".//pre") if box is not None else None
        out.append({"label": labels.get(pane.get("data-snippet-response-pane-id")),
                    "active": has(pane, "stldocs-snippet-response-pane-active"),
                    "code": code_text(pre) if pre is not None else None})
    return out


def snippet_example(snippet: _Element, lang: str, variant: str | None, active: bool) -> Record:
    request = first(snippet, "stldocs-snippet-request")
    box = first(request, "stldocs-snippet-code") if request is not None else None
    pre = box.find(".//pre") if box is not None else None
    method = first(request, "stldocs-snippet-request-title-method") if request is not None else None
    title = method.find(".//h3") if method is not None else None
    responses = responses_of(kid(snippet, "stldocs-snippet-multi-response"))
    return {"variant": variant, "active": active, "title": inline_text(title) if title is not None else None,
            "request": {lang: code_text(pre)} if pre is not None else {},
            "response": responses[0]["code"] if responses else None, "responses": responses}


def examples_of(method: _Element, lang: str) -> list[Record]:
    body = first(method, "stldocs-method-body")
    box = kid(body, "stldocs-method-example") if body is not None else None
    box = box if box is not None else first(method, "stldocs-method-example")
    if box is None:
        return []
    multi = first(box, "stldocs-snippet-multi")
    if multi is None:
        snippet = first(box, "stldocs-snippet")
        return [snippet_example(snippet, lang, None, True)] if snippet is not None else []
    tab_box = first(multi, "stldocs-snippet-multi-tabs")
    tabs = [inline_text(t) for t in every(tab_box, "stldocs-snippet-multi-tab")] if tab_box is not None else []
    content = kid(multi, "stldocs-snippet-multi-content")
    out = []
    for i, pane in enumerate(kids(content, "stldocs-snippet-multi-pane") if content is not None else []):
        snippet = first(pane, "stldocs-snippet")
        if snippet is not None:
            out.append(snippet_example(snippet, lang, tabs[i] if i < len(tabs) else None,
                                       has(pane, "stldocs-snippet-multi-pane-active")))
    return out


# ---------------------------------------------------------------- page kinds
def page_id(page_path: str) -> str:
    """URL path under resources/ without the 'subresources'/'methods' segments: chat/completions/create."""
    rel = page_path.split("/resources/", 1)[1].strip("/")
    return "/".join(s for s in rel.split("/") if s not in ("subresources", "methods"))


def group_heading(grp: _Element) -> tuple[str | None, str | None]:
    """(title, encoding badge) of a property group's h5 ("Body Parameters" + "JSON"/"Form Data")."""
    h5 = grp.find(".//h5")
    if h5 is None and has(grp.getparent(), "stldocs-method-info-section"):
        h5 = grp.getparent().find(".//h5")
    if h5 is None:
        return None, None
    span = h5.find("span")
    head = span if span is not None and not has(span, "stldocs-expand-toggle") else h5
    badge = first(head, "stl-ui-badge")
    title = fold(own_texts(head, ("stldocs-expand-toggle", "stl-ui-badge")))
    return title, inline_text(badge) if badge is not None else None


def method_section(method: _Element, page: PageTree, lang: str, url: str) -> Record:
    header = kid(method, "stldocs-method-header")
    header = header if header is not None else method
    title, route = first(header, "stldocs-method-title"), first(header, "stldocs-method-route")
    badge = first(route, "stl-ui-badge") if route is not None else None
    endpoint = first(route, "stldocs-method-route-endpoint") if route is not None else None
    signature = first(header, "stldocs-method-signature")
    sp = method.get("id")
    desc = first(method, "stldocs-method-description")
    sec: Record = {
        "id": None, "kind": "endpoint", "language": lang, "url": url, "stainless_path": sp,
        "title": inline_text(title) if title is not None else None,
        "method": (inline_text(badge).lower() or None) if badge is not None else None,
        "path": inline_text(endpoint) if endpoint is not None else None,
        "signature": inline_text(signature) if signature is not None else None,
        "deprecated": bool(every(header, "stldocs-method-badges")),
        "description": None, "description_html": None,
        "not_implemented": False, "groups": [], "examples": examples_of(method, lang), "returns_examples": [],
    }
    if desc is not None:
        sec["description"], sec["description_html"] = description_of(desc)
    if sp and "(method)" in sp:
        sec["id"] = f"{resource_id(sp)}/{sp.rsplit('(method) ', 1)[1].strip()}"
    for grp in page.found.every(GROUP_ATTRIBUTE, under=method):
        key = GROUP_KEYS.get(grp.get(GROUP_ATTRIBUTE))
        if key is None:
            continue
        gtitle, encoding = group_heading(grp)
        sec["groups"].append({"key": key, "title": gtitle, "encoding": encoding,
                              "properties": walk_properties(grp, page, lang, key)})
    col = page.found.first(RESPONSE_COLUMN, under=method)
    if col is not None:
        sec["returns_examples"] = responses_of(first(col, "stldocs-snippet-multi-response"))
    return sec


def not_implemented_section(main: _Element, lang: str, url: str) -> Record:
    method = first(main, "stldocs-method")
    title = first(method, "stldocs-method-title") if method is not None else None
    endpoint = first(method, "stldocs-method-route-endpoint") if method is not None else None
    route = first(method, "stldocs-method-route") if method is not None else None
    badge = first(route, "stl-ui-badge") if route is not None else None
    return {"id": page_id(url), "kind": "endpoint", "language": lang, "url": url, "stainless_path": None,
            "title": inline_text(title) if title is not None else None,
            "method": inline_text(badge).lower() if badge is not None else None,
            "path": inline_text(endpoint) if endpoint is not None else None,
            "signature": None, "deprecated": False, "description": None, "description_html": None,
            "not_implemented": True, "groups": [], "examples": [], "returns_examples": []}


def resource_sections(overview: _Element, page: PageTree, lang: str, url: str) -> list[Record]:
    """The page's resource (a group) and every model it documents for that resource (objects)."""
    own = page_id(url)
    out: list[Record] = []
    for res in kids(overview, "stldocs-resource"):
        header = first(res, "stldocs-resource-header")
        h4 = first(header, "stldocs-resource-title") if header is not None else None
        rid = resource_id(h4.get("id")) if h4 is not None else own
        if h4 is not None and rid != own:
            continue  # a subresource: it has its own page, where it is recorded
        desc = first(header, "stldocs-resource-description") if header is not None else None
        text, html = description_of(desc) if desc is not None else (None, None)
        objects = [model_section(m, page, lang, url, rid) for m in page.found.every(MODEL, under=res)]
        out += objects
        subres = [resource_id(h.get("id")) for h in page.found.every(RESOURCE_TITLE, under=overview)
                  if h.get("id") is not None and resource_id(h.get("id")) != rid]
        title = (" ".join(inline_text(s) for s in page.found.every(TITLE_SEGMENT, under=h4)) if h4 is not None
                 else overview_title(overview))
        out.insert(len(out) - len(objects), {
            "id": rid, "kind": "group", "language": lang, "url": url,
            "stainless_path": h4.get("id") if h4 is not None else f"(resource) {str(rid).replace('/', '.')}",
            "title": title, "description": text, "description_html": html,
            "methods": [method_summary(s) for s in page.found.every(METHOD_SUMMARY, under=res)],
            "models": [o["id"] for o in objects], "subresources": subres})
    return out


def overview_title(overview: _Element) -> str | None:
    header = first(overview, "stldocs-overview-header")
    h1 = header.find(".//h1") if header is not None else None
    return inline_text(h1) if h1 is not None else None


def method_summary(summ: _Element) -> Record:
    title = first(summ, "stldocs-method-title")
    a = title.find(".//a") if title is not None else None
    route = first(summ, "stldocs-method-route")
    badge = first(route, "stl-ui-badge") if route is not None else None
    endpoint, sig = first(summ, "stldocs-method-route-endpoint"), first(summ, "stldocs-method-signature")
    return {"title": inline_text(a) if a is not None else None, "href": a.get("href") if a is not None else None,
            "method": (inline_text(badge).lower() or None) if badge is not None else None,
            "path": inline_text(endpoint) if endpoint is not None else None,
            "signature": inline_text(sig) if sig is not None else None}


def model_section(model: _Element, page: PageTree, lang: str, url: str, rid: str | None) -> Record:
    props = kid(model, "stldocs-resource-content-properties")
    rows = walk_properties(props if props is not None else model, page, lang, "model")
    top = rows[0] if rows else {}
    sp = (top.get("id") or "").replace(" > (schema)", "")
    name = sp.rsplit("(model) ", 1)[1].strip() if "(model) " in sp else None
    return {"id": f"{rid}/models/{name}" if name else None, "kind": "object", "language": lang, "url": url,
            "stainless_path": sp or None, "title": top.get("name"), "declaration": top.get("declaration"),
            "description": top.get("description"), "description_html": top.get("description_html"),
            "properties": rows}


def static_section(main: _Element, lang: str, url: str) -> Record:
    content = first(main, "sl-markdown-content")
    content = content if content is not None else main
    h1 = main.find(".//h1")
    return {"id": "overview", "kind": "static", "language": lang, "url": url,
            "title": inline_text(h1) if h1 is not None else None,
            "headings": [inline_text(h) for h in content.iter("h1", "h2", "h3", "h4", "h5", "h6")],
            "code": [code_text(p) for p in content.iter("pre")], "body_html": inner_html(content)}


# ---------------------------------------------------------------- one page
def is_word_byte(data: bytes, at: int) -> bool:
    """Whether the byte at `at` is an ASCII word character (what a bytes regex's \\b looks at)."""
    byte = data[at:at + 1]
    return byte.isalnum() or byte == b"_"


def main_part(body: bytes) -> bytes | None:
    """The page from its first `<main` tag to its last `</main>` (what the regex `<main\\b.*</main>` finds), or None.
    Found with bytes.find: a regex takes ten times as long on a page of megabytes."""
    start, end = body.find(MAIN_START), body.rfind(MAIN_END)
    while start >= 0 and is_word_byte(body, start + len(MAIN_START)):
        start = body.find(MAIN_START, start + 1)
    return body[start:end + len(MAIN_END)] if 0 <= start <= end - len(MAIN_START) else None


def without_icons(html: bytes) -> bytes:
    """The HTML without its `<svg>` elements (what replacing the regex `<svg\\b.*?</svg>` with nothing gives)."""
    kept, at = [], 0
    start = html.find(ICON_START)
    while start >= 0:
        if is_word_byte(html, start + len(ICON_START)):
            start = html.find(ICON_START, start + 1)
            continue
        end = html.find(ICON_END, start + len(ICON_START))
        if end < 0:
            break
        kept.append(html[at:start])
        at = end + len(ICON_END)
        start = html.find(ICON_START, at)
    kept.append(html[at:])
    return b"".join(kept)


def page_kind(rel: str) -> str:
    """method, resource or overview, from the page's path below the reference root (language segment removed)."""
    if "resources/" in rel and "/methods/" in rel:
        return "method"
    if rel.startswith("resources/"):
        return "resource"
    return "overview" if rel.strip("/") == "" else "other"


@dataclass(frozen=True)
class PageTree:
    """A page's `<main>`, its elements of PAGE_CLASSES (and property groups), and the hover-only tooltips of each
    property declaration (its row reads them, then takes them out)."""

    main: _Element
    found: ClassIndex
    tooltips: dict[_Element, list[_Element]]


def all_tooltips(main: _Element, found: ClassIndex, html: bytes) -> list[_Element]:
    """The page's tooltips: those the class index found (the signatures'), unless the HTML names the class more
    often than that: then some sit where the index does not look (java's constants, in property declarations) and
    the whole tree is searched."""
    outside = found.every(TOOLTIP)
    return outside if html.count(TOOLTIP.encode()) <= len(outside) else every(main, TOOLTIP)


def read_main(body: bytes) -> PageTree | None:
    """The page's `<main>` as a tree (icons, deep-link buttons and the signatures' hover-only tooltips removed), or
    None."""
    main_html = main_part(body)
    if main_html is None:
        return None
    html = DEEP_LINK.sub(b"", without_icons(main_html))
    main = parse(html)
    found = ClassIndex(main, PAGE_CLASSES | {TOOLTIP}, GROUP_ATTRIBUTE, UNSEARCHED)
    tooltips: dict[_Element, list[_Element]] = {}
    for tip in all_tooltips(main, found, html):
        owner = next((a for a in tip.iterancestors() if has(a, SIGNATURE) or has(a, DECLARATION)), None)
        if owner is not None and has(owner, DECLARATION):
            tooltips.setdefault(owner, []).append(tip)
    for sig in found.every(SIGNATURE):
        for tip in within(sig, TOOLTIP):
            drop(tip)
    for seg in found.every(TITLE_SEGMENT):  # segments are spaced by CSS margins
        if len(seg):
            last = seg[-1]
            last.tail = (last.tail or "") + " "
        else:
            seg.text = (seg.text or "") + " "
    return PageTree(main, found, tooltips)


def parse_page(body: bytes, url: str, rel: str, lang: str) -> tuple[str, list[Record]]:
    """(page kind, section records) of one page. url: the page's path as the site links it (`/api/.../`);
    rel: its path below the reference root without the language segment (`resources/chat/...`)."""
    page = read_main(body)
    kind = page_kind(rel)
    if page is None:
        return kind, []
    main = page.main
    if kind == "method":
        methods = [m for m in page.found.every(METHOD) if m.get("id")]
        sections = [method_section(m, page, lang, url) for m in methods] or [not_implemented_section(main, lang, url)]
        for s in sections:
            s["id"] = s["id"] or page_id(url)
        return kind, sections
    if kind == "resource":
        overview = first(main, "stldocs-overview")
        return kind, resource_sections(overview, page, lang, url) if overview is not None else []
    if kind == "overview":
        return kind, [static_section(main, lang, url)]
    return kind, []
