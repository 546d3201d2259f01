"""Reveal output -> manifest records and section markup (docs/snapshot-format.md). Pure: values in, values out.

reveal.js returns, per section, plain data read from the revealed page (title, badges, method, url, summary HTML,
parameter tables as nested rows, returns HTML, code samples per variant and language, object example, or for
static/group sections their body HTML with code and sub-headings marked). Here that becomes `Section` records and
the site-independent markup that every later stage reads.
"""

from __future__ import annotations

import re
from html import escape
from typing import Any, cast

from .paths import unique_relpaths
from .snapshot import Example, Param, Section, SectionKind

CODE_MARK = re.compile(r'<pre data-apiref-code="(\d+)"></pre>')  # reveal.js's placeholder for a code block
SUB_MARK = re.compile(r'<h2 data-apiref-sub="([^"]*)">(.*?)</h2>', re.S)  # and for a sub-heading
JSON_TAG = "json"  # responses and object examples are JSON samples


def build_sections(raw: list[dict[str, Any]], fence_tags: dict[str, str]) -> tuple[list[Section], dict[str, str]]:
    """Section records (page order, with group membership and safe unique files) and their markup by id."""
    ids = unique_ids([r["id"] for r in raw])
    files = unique_relpaths(ids)
    sections, html, group = [], {}, None
    for r, kind, sid in zip(raw, section_kinds(raw), ids, strict=True):
        group = sid if kind == "group" else None if kind == "static" else group
        sec = section_record(r, kind, sid, files[sid], group if kind in ("endpoint", "object") else None, fence_tags)
        sections.append(sec)
        html[sid] = section_html(r, sec, fence_tags)
    return sections, html


def unique_ids(ids: list[str]) -> list[str]:
    """The page's anchors, with a repeat (a broken page) made unique by a suffix so records never collide."""
    seen: set[str] = set()
    out = []
    for sid in ids:
        sid = base = sid or "section"
        n = 1
        while sid in seen:
            n += 1
            sid = f"{base}-{n}"
        seen.add(sid)
        out.append(sid)
    return out


def section_kinds(raw: list[dict[str, Any]]) -> list[str]:
    """endpoint (has a method), object, group (a text section followed by endpoints/objects, or after the first
    such group), static (the text sections before the first group)."""
    kinds = ["endpoint" if r["endpoint"] and r["method"] else "object" if r["endpoint"] else "text" for r in raw]
    first = next((i for i, k in enumerate(kinds) if k != "text"), len(kinds))
    lead = first - 1 if first < len(kinds) else first  # the text section right before the first endpoint is its group
    return ["static" if k == "text" and i < lead else "group" if k == "text" else k for i, k in enumerate(kinds)]


def section_record(r: dict[str, Any], kind: str, sid: str, file: str, group: str | None,
                   fence_tags: dict[str, str]) -> Section:
    method, path = r["method"], None
    if kind == "endpoint" and r["url"]:
        path = url_path(r["url"])
    return Section(
        id=sid, kind=cast(SectionKind, kind), title=r["title"], method=method.lower() if method else None, path=path,
        badges=r["badges"], group=group, file=file,
        params=[p for t in r["tables"] for row in t["rows"] for p in flatten(row)],
        examples=examples(r.get("samples"), fence_tags) if kind == "endpoint" else [],
        example=(r["object"] or {}).get("code") if kind == "object" else None,
        code=[c["code"] for c in (r["body"] or {}).get("code", [])] if kind == "static" else [],
    )


def url_path(url: str) -> str:
    """`https://api.openai.com/v1/chat/completions` -> `/chat/completions` (the path after the API's base)."""
    m = re.match(r"^[a-z]+://[^/]+(/v\d+[^/]*)?(/.*)?$", url)
    return (m.group(2) or "/") if m else url


def flatten(row: dict[str, Any]) -> list[Param]:
    """A row and its revealed children, depth-first in page order."""
    out = [Param(id=row["id"], name=row["name"], depth=row["depth"], type=row["type"], required=row["required"],
                 default=row["default"], deprecated=row["deprecated"], description=row["text"])]
    for child in row["rows"]:
        out += flatten(child)
    return out


def examples(samples: dict[str, Any] | None, fence_tags: dict[str, str]) -> list[Example]:
    if not samples:
        return []
    return [Example(variant=v, request={k: c["code"] for k, c in req.items()},
                    request_tags={k: c["tag"] or fence_tags.get(k, k) for k, c in req.items()}, response=resp)
            for v, req, resp in zip(samples["variants"], samples["request"], samples["response"], strict=True)]


# ---------------------------------------------------------------- markup
def section_html(r: dict[str, Any], sec: Section, fence_tags: dict[str, str]) -> str:
    parts = [f'<section class="apiref-section" data-id="{attr(sec.id)}" data-kind="{sec.kind}">',
             f'<h1 class="apiref-title">{escape(sec.title)}{badges_html(sec.badges)}</h1>']
    if sec.kind in ("endpoint", "object"):
        parts += endpoint_parts(r, sec, fence_tags)
    else:
        parts.append(f'<div class="apiref-body">{body_html(r["body"] or {"html": "", "code": []}, fence_tags)}</div>')
    parts.append("</section>")
    return "\n".join(parts) + "\n"


def attr(s: str) -> str:
    return escape(s, quote=True)


def badges_html(badges: list[str]) -> str:
    return "".join(f' <span class="apiref-badge">{escape(b)}</span>' for b in badges)


def endpoint_parts(r: dict[str, Any], sec: Section, fence_tags: dict[str, str]) -> list[str]:
    parts = []
    if sec.kind == "endpoint" and r["method"]:
        parts.append(f'<p class="apiref-endpoint"><span class="apiref-method">{escape(sec.method or "")}</span> '
                     f'<span class="apiref-url">{escape(r["url"] or "")}</span></p>')
    if r["summary"]:
        parts.append(f'<div class="apiref-summary">{r["summary"]}</div>')
    for t in r["tables"]:
        rows = "".join(row_html(row) for row in t["rows"])
        parts.append(f'<div class="apiref-params" data-title="{attr(t["title"])}">'
                     f'<ul class="apiref-param-list">{rows}</ul></div>')
    if r["returns"]:
        parts.append(f'<div class="apiref-returns">{r["returns"]}</div>')
    if sec.examples:
        parts.append(examples_html(sec.examples))
    if r["object"]:
        o = r["object"]
        parts.append(f'<div class="apiref-object-example" data-title="{attr(o["title"])}">'
                     f'{code_html("json", o["tag"] or JSON_TAG, o["code"])}</div>')
    return parts


def row_html(row: dict[str, Any]) -> str:
    opt = f' data-default="{attr(row["default"])}"' if row["default"] is not None else ""
    opt += ' data-deprecated="true"' if row["deprecated"] else ""
    head = (f'<li class="apiref-param" id="{attr(row["id"])}" data-name="{attr(row["name"])}" '
            f'data-type="{attr(row["type"])}" data-required="{str(row["required"]).lower()}" '
            f'data-kind="{row["kind"]}" data-depth="{row["depth"]}"{opt}>')
    body = f'<div class="apiref-desc">{row["desc"]}</div>' if row["desc"] else ""
    if row["rows"]:
        body += (f'<ul class="apiref-param-list" data-children="{row["children"]}">'
                 + "".join(row_html(c) for c in row["rows"]) + "</ul>")
    elif row["cut"]:
        body += f'<p class="apiref-cut" data-reason="{row["cut"]}">{row["children"]} not expanded</p>'
    return head + body + "</li>"


def examples_html(exs: list[Example]) -> str:
    """Every variant: its request in every language, then its responses (labelled where the site labels them)."""
    out = ['<div class="apiref-examples">']
    for ex in exs:
        req = "".join(code_html(lang, ex.request_tags.get(lang, lang), code) for lang, code in ex.request.items())
        out.append(f'<div class="apiref-example" data-variant="{attr(ex.variant or ex.title or "")}">'
                   f'<div class="apiref-request">{req}</div>')
        samples = [s for s in ex.responses if s.code is not None]
        for s in samples:
            label = f' data-label="{attr(s.label)}"' if s.label else ""
            out.append(f'<div class="apiref-response"{label}>{code_html("json", JSON_TAG, s.code or "")}</div>')
        if not samples and ex.response is not None:
            out.append(f'<div class="apiref-response">{code_html("json", JSON_TAG, ex.response)}</div>')
        out.append("</div>")
    out.append("</div>")
    return "".join(out)


def code_html(lang: str, tag: str, code: str, extra: str = "") -> str:
    cls = "apiref-code" + (f" {extra}" if extra else "")
    return (f'<pre class="{cls}" data-lang="{attr(lang)}"><code class="language-{attr(tag)}">'
            f"{escape(code, quote=False)}</code></pre>")


def body_html(body: dict[str, Any], fence_tags: dict[str, str]) -> str:
    """A static/group body: reveal.js's code and sub-heading marks replaced by section markup."""
    code = body["code"]

    def block(m: re.Match[str]) -> str:
        if int(m.group(1)) >= len(code):  # the page's own element that happens to look like a mark
            return m.group(0)
        c = code[int(m.group(1))]
        lang = c["lang"] or c["tag"] or "text"
        return code_html(lang, c["tag"] or fence_tags.get(lang, lang), c["code"])

    def sub(m: re.Match[str]) -> str:
        return f'<h2 class="apiref-subheading" id="{m.group(1)}">{m.group(2)}</h2>'

    return SUB_MARK.sub(sub, CODE_MARK.sub(block, body["html"]))
