"""Section markup (docs/snapshot-format.md) for a merged multi-language section. Pure: records in, HTML out.

The default language's parameter groups are the section's parameter tables (with descriptions, as on the legacy
page); every other language adds an `apiref-sdk` block: its signature and its own typed parameter rows
(`data-declaration`), so a prompt for one SDK can show that SDK's names and types.
"""

from __future__ import annotations

import re
from html import escape
from typing import Any, NamedTuple

from .extract import code_html, examples_html
from .snapshot import Section

Raw = dict[str, Any]
PRE = re.compile(r"<pre\b[^>]*>.*?</pre>", re.S)
HEADING = re.compile(r"<h([1-6])\b[^>]*>(.*?)</h\1>", re.S)
TAGS = re.compile(r"<[^>]+>")
SDK_KINDS = ("endpoint", "object")  # the kinds of section that show other languages' SDK blocks
ATTRIBUTE_SPECIAL = re.compile(r"[&<>\"']")  # what html.escape(quote=True) replaces


def attr(s: str) -> str:
    """An attribute value escaped (most need nothing: a search is cheaper than escaping's five replaces)."""
    return escape(s, quote=True) if ATTRIBUTE_SPECIAL.search(s) else s


class OwnParts(NamedTuple):
    """A section's markup up to its SDK blocks, in three runs: its title, summary or body; its parameter tables;
    its examples. (The crawl converts it without the tables: `scraper.table_markdown` writes their Markdown.)"""

    head: list[str]
    tables: list[str]
    tail: list[str]

    def all(self) -> list[str]:
        return self.head + self.tables + self.tail

    def untabled(self) -> list[str]:
        return self.head + self.tail


def section_markup(sec: Section, by_lang: dict[str, Raw], default: str, fence_tags: dict[str, str]) -> str:
    sdks = [sdk_html(raw, fence_tags, lang) for lang, raw in sdk_records(sec, by_lang, default)]
    return markup_of(own_parts(sec, by_lang, default, fence_tags).all() + sdks)


def markup_of(parts: list[str]) -> str:
    """The section's markup from its parts (its own, then its SDK blocks)."""
    return "\n".join([*parts, "</section>"]) + "\n"


def own_parts(sec: Section, by_lang: dict[str, Raw], default: str, fence_tags: dict[str, str]) -> OwnParts:
    """The section's markup up to its SDK blocks: title, summary or body, tables, examples."""
    main_lang = main_language(by_lang, default)
    main = by_lang[main_lang]
    parts = [f'<section class="apiref-section" data-id="{attr(sec.id)}" data-kind="{sec.kind}">',
             f'<h1 class="apiref-title">{escape(sec.title)}{badge(sec)}</h1>']
    if sec.kind == "endpoint" and sec.method:
        parts.append(f'<p class="apiref-endpoint"><span class="apiref-method">{escape(sec.method)}</span> '
                     f'<span class="apiref-url">{escape(sec.path or "")}</span></p>')
    if sec.kind == "static":
        parts.append(f'<div class="apiref-body">{static_body(main, fence_tags.get(main_lang, main_lang))}</div>')
    elif main.get("description_html"):
        parts.append(f'<div class="apiref-summary">{main["description_html"]}</div>')
    if sec.kind == "group":
        parts.append(group_body(main))
    return OwnParts(parts, groups_html(main), [examples_html(sec.examples)] if sec.examples else [])


def main_language(by_lang: dict[str, Raw], default: str) -> str:
    """The language whose records are the section's own: the default one, where it has the section."""
    return default if default in by_lang else next(iter(by_lang))


def sdk_records(sec: Section, by_lang: dict[str, Raw], default: str) -> list[tuple[str, Raw]]:
    """(language, records) of each SDK block of the section, in order: the other languages' endpoints and objects
    (the Markdown is converted without them: `scraper.sdk_markdown` writes theirs without parsing them)."""
    main_lang = main_language(by_lang, default)
    return [(lang, raw) for lang, raw in by_lang.items() if lang != main_lang and sec.kind in SDK_KINDS]


def badge(sec: Section) -> str:
    return ' <span class="apiref-badge">Deprecated</span>' if sec.deprecated else ""


def param_groups(raw: Raw) -> list[Raw]:
    """The records' parameter groups (an object's properties: one untitled group, the model's row first)."""
    return raw.get("groups") or ([{"key": "model", "title": "", "encoding": None, "properties": raw["properties"]}]
                                 if raw.get("properties") else [])


def group_title(group: Raw) -> str:
    return (group.get("title") or "") + (f" ({group['encoding']})" if group.get("encoding") else "")


def groups_html(raw: Raw, lang: str | None = None) -> list[str]:
    """One parameter table per group; lang: whose rows they are (None: the default language's)."""
    out = []
    for g in param_groups(raw):
        lang_attr = f' data-lang="{attr(lang)}"' if lang else ""
        out.append(f'<div class="apiref-params" data-title="{attr(group_title(g))}" data-group="{attr(g["key"])}"'
                   f'{lang_attr}>{rows_html(g["properties"], lang)}</div>')
    return out


def rows_html(records: list[Raw], lang: str | None) -> str:
    """Depth-first rows as nested lists (a row's children under it)."""
    return list_html(tree(records), lang, None)


Node = tuple[Raw, list[Any]]


def tree(rows: list[Raw]) -> list[Node]:
    root: list[Node] = []
    stack: list[tuple[int, list[Node]]] = [(-1, root)]
    for r in rows:
        while stack[-1][0] >= r["depth"]:
            stack.pop()
        node: Node = (r, [])
        stack[-1][1].append(node)
        stack.append((r["depth"], node[1]))
    return root


def list_html(nodes: list[Node], lang: str | None, children: str | None) -> str:
    kind = f' data-children="{children}"' if children else ""
    return f'<ul class="apiref-param-list"{kind}>' + "".join(item_html(r, sub, lang) for r, sub in nodes) + "</ul>"


def item_html(r: Raw, sub: list[Node], lang: str | None) -> str:
    children = list_html(sub, lang, "possible types" if r.get("annotation") else "properties") if sub else ""
    return row_html(r, lang) + children + "</li>"


def row_attributes(r: Raw, lang: str | None) -> dict[str, str]:
    """A row's attributes, in the order its `<li>` has them; an SDK's rows carry their language and declaration."""
    named = r.get("name") is not None and r.get("optional") is not None
    name = r.get("name") if named else (r.get("declaration") or r.get("type") or "")
    found = {"id": r.get("id") or "", "data-name": str(name), "data-type": r.get("type") or "",
             "data-required": str(r.get("optional") is False).lower(), "data-kind": "property" if named else "type",
             "data-depth": str(r["depth"])}
    if r.get("deprecated"):
        found["data-deprecated"] = "true"
    if r.get("declaration"):
        found["data-declaration"] = r["declaration"]
    if lang:
        found["data-lang"] = lang
    if r.get("constraints"):
        found["data-constraints"] = r["constraints"]
    if r.get("default") is not None:
        found["data-default"] = r["default"]
    return found


PLAIN_ATTRIBUTES = frozenset({"data-required", "data-kind", "data-depth"})  # row_attributes' own words and numbers


def row_html(r: Raw, lang: str | None) -> str:
    """One row: its attributes (escaped, but for those row_attributes writes itself), its description."""
    head = '<li class="apiref-param"' + "".join(f' {k}="{v if k in PLAIN_ATTRIBUTES else attr(v)}"'
                                                for k, v in row_attributes(r, lang).items()) + ">"
    desc = row_description(r)
    return head + (f'<div class="apiref-desc">{desc}</div>' if desc else "")


def row_description(r: Raw) -> str:
    """What a row's `apiref-desc` holds: its deprecation message, its description, its constraints ("": none)."""
    desc = r.get("description_html") or ""
    if isinstance(r.get("deprecated"), str):
        desc = f"<p>Deprecated: {escape(r['deprecated'])}</p>" + desc
    if r.get("constraints"):
        desc += f'<p class="apiref-constraints">{escape(r["constraints"])}</p>'
    return desc


def sdk_html(raw: Raw, fence_tags: dict[str, str], lang: str) -> str:
    """One other language's signature and typed rows."""
    sig = raw.get("signature")
    head = code_html(lang, fence_tags.get(lang, lang), sig, "apiref-signature") if sig else ""
    return f'<div class="apiref-sdk" data-lang="{attr(lang)}">{head}{"".join(groups_html(raw, lang))}</div>'


def group_body(raw: Raw) -> str:
    """A resource's methods (linked) and models."""
    items = "".join(f'<li><a href="{attr(m.get("href") or "")}">{escape(m.get("title") or "")}</a>'
                    + (f' <code>{escape((m.get("method") or "").upper())} {escape(m.get("path") or "")}</code>'
                       if m.get("method") else "") + "</li>" for m in raw.get("methods", []))
    body = f'<div class="apiref-body"><h2 class="apiref-subheading">Methods</h2><ul>{items}</ul>' if items else ""
    models = "".join(f"<li><code>{escape(m)}</code></li>" for m in raw.get("models", []) if m)
    if models:
        body = (body or '<div class="apiref-body">') + f'<h2 class="apiref-subheading">Models</h2><ul>{models}</ul>'
    return body + "</div>" if body else ""


def static_body(raw: Raw, tag: str) -> str:
    """A root page's content with its code blocks and headings in section markup (the first h1 is the title)."""
    codes = iter(raw.get("code", []))
    html = PRE.sub(lambda m: code_html(tag, tag, next(codes, TAGS.sub("", m.group(0)))), raw.get("body_html") or "")
    first_h1 = [True]

    def head(m: re.Match[str]) -> str:
        if m.group(1) == "1" and first_h1[0]:
            first_h1[0] = False
            return ""
        return f'<h2 class="apiref-subheading">{m.group(2)}</h2>'

    return HEADING.sub(head, html)
