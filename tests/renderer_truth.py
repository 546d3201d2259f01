"""A renderer snapshot against the renderers' truth.json: what is missing and what is extra, per kind of fact.

truth.json (../shared/renderers/spectruth.py) lists per operation its parameters by group, its body properties as
dotted paths to depth 6 (array items add no segment, oneOf/anyOf branches are unioned by name) and its code samples
with the renderers that can show each. The snapshot's rows give the same dotted paths from their depth order.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from apiref.scraper.snapshot import Manifest, Section
from apiref.scraper.store import read_manifest

GROUPS = ("path", "query", "header", "body")
UI_TEXT = ("Copy", "Try it", "Expand all", "Collapse all", "Show more", "Copy link", "Execute", "Example Value",
           "Show Child Attributes", "Show additional properties")


FENCE = re.compile(r"^(```+|~~~+).*?^\1\s*$", re.S | re.M)


def ui_text(markdown: str) -> list[str]:
    """Renderer UI strings in the Markdown, outside code blocks (code may well say `Copy`)."""
    prose = FENCE.sub("", markdown)
    return [ui for ui in UI_TEXT if re.search(rf"(?<![\w-]){re.escape(ui)}(?![\w-])", prose)]


@dataclass
class Compared:
    missing: dict[str, list[str]] = field(default_factory=dict)
    extra: dict[str, list[str]] = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=dict)

    def add(self, kind: str, want: set[str], got: set[str]) -> None:
        self.missing.setdefault(kind, []).extend(sorted(want - got))
        self.extra.setdefault(kind, []).extend(sorted(got - want))
        self.counts[kind] = self.counts.get(kind, 0) + len(want & got)

    def problems(self) -> dict[str, list[str]]:
        return {f"{how} {kind}": items[:10] for how, side in (("missing", self.missing), ("extra", self.extra))
                for kind, items in side.items() if items}


def dotted(sec: Section, group: str, max_depth: int) -> set[str]:
    out, stack = set(), []
    for p in sec.params:
        if p.group != group:
            continue
        del stack[p.depth:]
        stack.append(p.name)
        if p.depth <= max_depth:
            out.add(".".join(stack))
    return out


def compare(snapshot: Path, truth: dict[str, Any], renderer: str) -> Compared:
    manifest: Manifest = read_manifest(snapshot)
    ops = {(s.method or "", s.path or ""): s for s in manifest.sections if s.kind == "endpoint"}
    want_ops = {(o["method"], o["path"]): o for o in truth["operations"]}
    result = Compared()
    result.add("operations", {f"{m} {p}" for m, p in want_ops}, {f"{m} {p}" for m, p in ops})
    cap = truth["depth_cap"]
    for key, op in want_ops.items():
        sec = ops.get(key)
        if sec is None:
            continue
        where = f"{key[0]} {key[1]} "
        for group in GROUPS:
            got = {p.name for p in sec.params if p.group == group and p.depth == 0}
            result.add(f"{group} params", {where + n for n in op["params"][group]}, {where + n for n in got})
        result.add("body props", {where + b["path"] for b in op["body_props"]},
                   {where + d for d in dotted(sec, "body", cap)})
        shown = {s["source"].rstrip() for lang in op["samples"].values() for s in lang if renderer in s["renderers"]}
        codes = {code.rstrip() for ex in sec.examples for code in ex.request.values()}
        result.add("samples", {where + c for c in shown}, {where + c for c in codes})
    return result
