"""Section markup (docs/snapshot-format.md) for a merged multi-language section. Pure: records in, HTML out.

The default language's parameter groups are the section's parameter tables (with descriptions, as on the legacy
page); every other language adds an `apiref-sdk` block: its signature and its own typed parameter rows
(`data-declaration`), so a prompt for one SDK can show that SDK's names and types.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html import escape
from typing import Any

from .extract import code_html, examples_html
from .snapshot import Section

Raw = dict[str, Any]
PRE = re.compile(r"<pre\b[^>]*>.*?</pre>", re.S)
HEADING = re.compile(r"<h([1-6])\b[^>]*>(.*?)</h\1>", re.S)
TAGS = re.compile(r"<[^>]+>")


def attr(s: str) -> str:
    return escape(s, quote=True)


@dataclass(frozen=True)
class Rows:
    """How a table's rows are written: whose they are (None: the default language's), and whether an SDK's rows
    keep their descriptions (the stored markup does; the Markdown leaves them out, so its conversion need not
    parse them)."""

    lang: str | None = None
    descriptions: bool = True


def section_markup(sec: Section, by_lang: dict[str, Raw], default: str, fence_tags: dict[str, str],
                   sdk_descriptions: bool = True) -> str:
    main_lang = default if default in by_lang else next(iter(by_lang))
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
    parts += groups_html(main)
    if sec.examples:
        parts.append(examples_html(sec.examples))
    parts += [sdk_html(raw, fence_tags, Rows(lang, sdk_descriptions)) for lang, raw in by_lang.items()
              if lang != main_lang and sec.kind in ("endpoint", "object")]
    parts.append("</section>")
    return "\n".join(parts) + "\n"


def badge(sec: Section) -> str:
    return ' <span class="apiref-badge">Deprecated</span>' if sec.deprecated else ""


def groups_html(raw: Raw, rows: Rows = Rows()) -> list[str]:
    """One parameter table per group (an object's properties: one untitled table, the model's row first)."""
    groups = raw.get("groups") or ([{"key": "model", "title": "", "encoding": None, "properties": raw["properties"]}]
                                   if raw.get("properties") else [])
    out = []
    for g in groups:
        title = (g.get("title") or "") + (f" ({g['encoding']})" if g.get("encoding") else "")
        lang_attr = f' data-lang="{attr(rows.lang)}"' if rows.lang else ""
        out.append(f'<div class="apiref-params" data-title="{attr(title)}" data-group="{attr(g["key"])}"{lang_attr}>'
                   f'{rows_html(g["properties"], rows)}</div>')
    return out


def rows_html(records: list[Raw], rows: Rows) -> str:
    """Depth-first rows as nested lists (a row's children under it)."""
    return list_html(tree(records), rows, None)


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


def list_html(nodes: list[Node], rows: Rows, children: str | None) -> str:
    kind = f' data-children="{children}"' if children else ""
    return f'<ul class="apiref-param-list"{kind}>' + "".join(item_html(r, sub, rows) for r, sub in nodes) + "</ul>"


def item_html(r: Raw, sub: list[Node], rows: Rows) -> str:
    children = list_html(sub, rows, "possible types" if r.get("annotation") else "properties") if sub else ""
    return row_html(r, rows) + children + "</li>"


def row_html(r: Raw, rows: Rows) -> str:
    """One row; an SDK's rows carry their language and declaration."""
    lang = rows.lang
    named = r.get("name") is not None and r.get("optional") is not None
    name = r.get("name") if named else (r.get("declaration") or r.get("type") or "")
    opt = ' data-deprecated="true"' if r.get("deprecated") else ""
    if r.get("declaration"):
        opt += f' data-declaration="{attr(r["declaration"])}"'
    if lang:
        opt += f' data-lang="{attr(lang)}"'
    if r.get("constraints"):
        opt += f' data-constraints="{attr(r["constraints"])}"'
    if r.get("default") is not None:
        opt += f' data-default="{attr(r["default"])}"'
    head = (f'<li class="apiref-param" id="{attr(r.get("id") or "")}" data-name="{attr(str(name))}" '
            f'data-type="{attr(r.get("type") or "")}" data-required="{str(r.get("optional") is False).lower()}" '
            f'data-kind="{"property" if named else "type"}" data-depth="{r["depth"]}"{opt}>')
    if not rows.descriptions:
        return head
    desc = r.get("description_html")
    if isinstance(r.get("deprecated"), str):
        desc = f"<p>Deprecated: {escape(r['deprecated'])}</p>" + (desc or "")
    if r.get("constraints"):
        desc = (desc or "") + f'<p class="apiref-constraints">{escape(r["constraints"])}</p>'
    return head + (f'<div class="apiref-desc">{desc}</div>' if desc else "")


def sdk_html(raw: Raw, fence_tags: dict[str, str], rows: Rows) -> str:
    """One other language's signature and typed rows."""
    lang = rows.lang or ""
    sig = raw.get("signature")
    head = code_html(lang, fence_tags.get(lang, lang), sig, "apiref-signature") if sig else ""
    return f'<div class="apiref-sdk" data-lang="{attr(lang)}">{head}{"".join(groups_html(raw, rows))}</div>'


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
