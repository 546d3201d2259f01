"""A Stainless snapshot's manifest seen as the site's truth file (../shared/stainless/truth.py) sees the site: one
record per (language, section id), with the same field names. The comparison is then plain equality."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from apiref.scraper.merge import SDK_PREFIX, STATIC_ID
from apiref.scraper.snapshot import Example, LanguageView, Manifest, Param, Sample, Section


def truth_view(manifest: Manifest) -> dict[tuple[str, str], dict[str, Any]]:
    out = {}
    for sec in manifest.sections:
        for lang, view in sec.languages.items():
            sid = STATIC_ID if sec.id.startswith(SDK_PREFIX) else sec.id
            out[lang, sid] = record(sec, lang, view, manifest.default_language or "")
    return out


def path(url: str | None) -> str | None:
    return urlsplit(url).path if url else url


def record(sec: Section, lang: str, view: LanguageView, default: str) -> dict[str, Any]:
    params = sec.params if lang == default or sec.id.startswith(SDK_PREFIX) else view.params
    base = {"id": STATIC_ID if sec.id.startswith(SDK_PREFIX) else sec.id, "kind": sec.kind, "language": lang,
            "url": path(view.url), "title": view.title}
    if sec.kind == "static":
        return {**base, "headings": view.headings, "code": sec.code}
    base["stainless_path"] = view.anchor
    description = (view.description or None) if view.description is not None else sec.description  # "": none here
    if sec.kind == "group":
        return {**base, "description": description, "methods": [m.model_dump() for m in view.methods],
                "models": view.models, "subresources": view.subresources}
    if sec.kind == "object":
        return {**base, "declaration": view.declaration, "description": description, "properties": rows(params)}
    groups = [{"key": g.key, "title": g.title, "encoding": g.encoding,
               "properties": rows([p for p in params if p.group == g.key])} for g in view.groups]
    return {**base, "method": sec.method, "path": sec.path, "signature": view.signature, "deprecated": view.deprecated,
            "description": description, "not_implemented": sec.not_implemented, "groups": groups,
            "examples": examples(sec.examples, lang), "returns_examples": samples(view.returns_examples)}


def rows(params: list[Param]) -> list[dict[str, Any]]:
    return [{"id": p.id or None, "group": p.group, "depth": p.depth, "name": p.name or None,
             "declaration": p.declaration, "type": p.type or None, "optional": p.optional,
             "description": p.description or None,
             "deprecated": p.deprecated_message if p.deprecated_message else p.deprecated,
             "badges": p.badges, "tooltips": p.tooltips, "constraints": p.constraints, "annotation": p.annotation,
             "expandable": p.expandable} for p in params]


def samples(items: list[Sample]) -> list[dict[str, Any]]:
    return [{"label": s.label, "active": s.active, "code": s.code} for s in items]


def examples(exs: list[Example], lang: str) -> list[dict[str, Any]]:
    return [{"variant": e.variant or None, "active": e.active, "title": e.title, "request": {lang: e.request[lang]},
             "response": e.response, "responses": samples(e.responses)} for e in exs if lang in e.request]
