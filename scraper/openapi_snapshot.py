"""The endpoint records of an OpenAPI reference (read from a renderer's page, or from the spec it renders) as a
snapshot: one section per operation (id `<path>/<method>`, readable and the same on every renderer), one group
section per tag before its first operation, row ids from each row's group and dotted path.
"""

from __future__ import annotations

import re
import time
from datetime import datetime, timezone
from pathlib import Path
from typing import Any
from urllib.parse import urldefrag

from apiref import __version__

from . import store
from .markup import section_markup
from .merge import section
from .paths import unique_relpaths
from .snapshot import Manifest, PageRecord, Section

Raw = dict[str, Any]
DEFAULT_LANGUAGE = "http"  # a renderer's page is one page: its records are all of one "language"
FENCE_TAGS = {"curl": "bash", "shell": "bash", "bash": "bash", "python": "python", "node.js": "javascript",
              "node": "javascript", "javascript": "javascript", "typescript": "typescript", "c#": "csharp",
              "csharp": "csharp", "go": "go", "java": "java", "ruby": "ruby", "php": "php", "kotlin": "kotlin",
              "swift": "swift", "rust": "rust", "powershell": "powershell", "json": "json"}
SLUG = re.compile(r"[^a-z0-9]+")


def section_id(raw: Raw) -> str:
    """`/threads/{thread_id}/runs` POST -> `threads/{thread_id}/runs/post`: readable, the same on every renderer."""
    return f"{raw['path'].strip('/')}/{raw['method'].lower()}".lstrip("/")


def tag_id(tag: str) -> str:
    return "tags/" + (SLUG.sub("-", tag.lower()).strip("-") or "untagged")


def with_row_ids(raw: Raw) -> Raw:
    """Each row's id: its group and its dotted path (`body.messages.content`), from the depth-first order; a row
    that names no property (a possible type of a `One of`) adds its type in parentheses, and nothing below it."""
    for g in raw.get("groups", []):
        stack: list[str] = []
        for row in g["properties"]:
            del stack[row["depth"]:]
            stack += [""] * (row["depth"] - len(stack))
            name = str(row.get("name") or "")
            stack.append(name)
            path = ".".join(s for s in stack if s)
            row["id"] = f"{g['key']}.{path}" + ("" if name else f"({row.get('type') or ''})")
            row.setdefault("group", g["key"])
    return raw


def assemble(records: list[Raw], url: str, renderer: str, title: str, max_depth: int,
             pages: list[PageRecord] | None = None) -> tuple[Manifest, dict[str, str]]:
    """Sections in page order: an overview first (a `static` record, where the records hold one), each tag's group
    section before its first operation (with the description a `group` record gives that tag), then the operations
    (`pages`: the documents they were read from, when not the page itself: the spec)."""
    origin = urldefrag(url)[0]
    raws: list[Raw] = [dict(r, language=DEFAULT_LANGUAGE) for r in records if r.get("kind") == "static"]
    described = {r["title"]: r for r in records if r.get("kind") == "group"}
    groups: dict[str, Raw] = {}
    for rec in records:
        if rec.get("kind") in ("static", "group"):
            continue
        rec = with_row_ids(dict(rec, kind="endpoint", language=DEFAULT_LANGUAGE))
        rec["id"] = section_id(rec)
        rec["url"] = origin + rec["anchor"] if rec.get("anchor") else None
        for tag in rec.get("tags") or []:
            if tag not in groups:
                groups[tag] = {**described.get(tag, {}), "kind": "group", "id": tag_id(tag), "title": tag,
                               "language": DEFAULT_LANGUAGE, "methods": []}
                raws.append(groups[tag])
            groups[tag]["methods"].append({"title": rec.get("title"), "href": rec["url"], "method": rec["method"],
                                           "path": rec["path"]})
        raws.append(rec)
    order = list(dict.fromkeys(r["id"] for r in raws))
    files = unique_relpaths(order)
    sections: list[Section] = []
    html: dict[str, str] = {}
    seen: set[str] = set()
    languages: dict[str, None] = {}
    for raw in raws:
        if raw["id"] in seen:  # the same operation twice (a renderer listing it under two tags): the first stays
            continue
        seen.add(raw["id"])
        by_lang = {DEFAULT_LANGUAGE: raw}
        sec = section(raw["id"], by_lang, DEFAULT_LANGUAGE, FENCE_TAGS)
        sec.file = files[sec.id]
        sec.group = tag_id(raw["tags"][0]) if raw.get("tags") else None
        if sec.kind == "group":
            sec.group = None
        for ex in sec.examples:
            languages.update(dict.fromkeys(ex.request))
        sections.append(sec)
        html[sec.id] = section_markup(sec, by_lang, DEFAULT_LANGUAGE, FENCE_TAGS)
    manifest = Manifest(
        apiref_version=__version__, source_url=url, scraped_at=datetime.now(timezone.utc).isoformat(timespec="seconds"),
        profile=renderer, title=title.strip() or "API reference", origin=origin, max_depth=max_depth,
        languages=list(languages), sections=sections, site_kind=renderer, default_language=DEFAULT_LANGUAGE,
        pages=pages or [])
    return manifest, html


def write_records(records: list[Raw], url: str, out: Path, renderer: str, title: str, max_depth: int,
                  markdown: bool, started: float, stats: dict[str, float],
                  pages: list[PageRecord] | None = None) -> Manifest:
    """The snapshot of the records, written atomically: sections, markup, Markdown (unless not asked for), the
    stats given and the seconds since `started`."""
    from .convert import convert_snapshot  # (bs4: imported when a snapshot is converted, not by every command)

    manifest, html = assemble(records, url, renderer, title, max_depth, pages)
    per_section, reference = convert_snapshot(manifest, html) if markdown else (None, None)
    manifest.stats.update(stats, seconds=round(time.monotonic() - started, 3))
    store.write_snapshot(out, manifest, html, per_section, reference)
    return manifest
