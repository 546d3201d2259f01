"""Merge: the records of a multi-language site's pages (one page per section and language) into one `Section` per
id, with every language's facts kept. Pure: records in, records out.

Input records are plain dicts as an adapter reads them from one page in one language (`scraper.sites.*_page`):
endpoints (`groups` of property rows, `examples`, `signature`), groups (`methods`, `models`), objects (`properties`),
static pages (`headings`, `code`). Output: `Section` records in site order, the default language's rows as
`Section.params`, every language's own facts in `Section.languages`, and example variants joined across languages
(a variant is one tab title; a language that shows a single untitled example has variant "").
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import quote

from .snapshot import Example, LanguageView, MethodRef, Param, ParamGroup, Sample, Section

Raw = dict[str, Any]
STATIC_ID = "overview"  # the id a site gives each language's root page
SDK_PREFIX = "sdks/"  # a non-default language's root page (its SDK's README) becomes its own section: sdks/python


def merge_sections(per_language: dict[str, list[Raw]], default: str,
                   fence_tags: dict[str, str]) -> list[tuple[Section, dict[str, Raw]]]:
    """One Section per id, in site order (the default language's order, then what only other languages have),
    each with the records it was made of, by language (the markup keeps their HTML)."""
    grouped: dict[str, dict[str, Raw]] = {}
    for lang, records in per_language.items():
        for raw in records:
            sid = section_id(raw, default)
            grouped.setdefault(sid, {})[lang] = raw
    ids = {lang: [section_id(r, default) for r in records] for lang, records in per_language.items()}
    return [(section(sid, grouped[sid], default, fence_tags), grouped[sid]) for sid in site_order(ids, default)]


def section_id(raw: Raw, default: str) -> str:
    if raw["kind"] == "static" and raw["language"] != default:
        return SDK_PREFIX + str(raw["language"])
    return str(raw["id"])


def site_order(ids: dict[str, list[str]], default: str) -> list[str]:
    """Section ids (each language's, in its page order) in site order: the default language's order; an id only
    other languages have goes right after the id it follows in the first language that has it (a language's first
    page, its root, after the other roots)."""
    order: list[str] = list(ids.get(default, []))
    seen = set(order)
    front = min(1, len(order))  # where the next language root goes: after the default root and earlier ones
    for lang_ids in ids.values():
        prev = None
        for sid in lang_ids:
            if sid not in seen:
                at = order.index(prev) + 1 if prev is not None else front
                front += prev is None
                order.insert(at, sid)
                seen.add(sid)
            prev = sid
    return order


def section(sid: str, by_lang: dict[str, Raw], default: str, fence_tags: dict[str, str]) -> Section:
    """One Section from its records by language, every row a `Param`."""
    sec, rows = section_and_rows(sid, by_lang, default, fence_tags, param)
    for lang, params in rows.items():
        if lang is None:
            sec.params = params
        else:
            sec.languages[lang].params = params
    return sec


Rows = dict[str | None, list[Any]]  # a section's rows: its own (key None) and each other language's (key: language)


def section_and_rows(sid: str, by_lang: dict[str, Raw], default: str, fence_tags: dict[str, str],
                     row: Callable[[Raw, dict[str, str]], Any]) -> tuple[Section, Rows]:
    """One Section from its records by language, without its rows (its params, each language's params), and those
    rows apart, each made by row (`param`: a Param; `param_entry`: what the manifest holds of one, a crawl's
    hundred thousand rows written without a model each)."""
    main_lang = default if default in by_lang else next(iter(by_lang))
    main = by_lang[main_lang]
    kind = main["kind"]
    shared: dict[str, str] = {}  # one copy of each description: the languages' pages repeat them
    own = rows_of(main)
    rows: Rows = {None: [row(r, shared) for r in own]}
    url = main.get("url")
    if kind == "object" and url and own and own[0].get("id"):  # a model shares its page: link to its own row
        url = f"{url}#{quote(own[0]['id'], safe='')}"  # parentheses too: Markdown links stay plain
    rows.update((lang, [row(r, shared) for r in rows_of(raw)]) for lang, raw in by_lang.items() if lang != main_lang)
    return Section(
        id=sid, kind=kind, title=main.get("title") or sid, method=main.get("method"), path=main.get("path"),
        group=group_of(sid, kind), file="",
        examples=examples(by_lang, fence_tags) if kind == "endpoint" else [],
        code=list(main.get("code", [])) if kind == "static" else [],
        url=url, description=main.get("description"), deprecated=bool(main.get("deprecated")),
        not_implemented=bool(main.get("not_implemented")),
        languages={lang: view(raw, main) for lang, raw in by_lang.items()}), rows


def rows_of(raw: Raw) -> list[Raw]:
    """A record's rows, depth-first: its groups' properties, then an object's own."""
    return [r for g in raw.get("groups", []) for r in g["properties"]] + list(raw.get("properties", []))


def group_of(sid: str, kind: str) -> str | None:
    """An endpoint's or object's resource: `chat/completions/create` -> `chat/completions`."""
    if kind == "endpoint":
        return sid.rsplit("/", 1)[0] if "/" in sid else None
    if kind == "object":
        return sid.split("/models/", 1)[0]
    return None


def param(r: Raw, shared: dict[str, str]) -> Param:
    """One row's record; its description is the one copy `shared` holds of that text."""
    return Param(**param_entry(r, shared))


def param_entry(r: Raw, shared: dict[str, str]) -> Raw:
    """What the manifest holds of one row: the fields of its `Param` that are not at their defaults, as
    `model_dump(mode="json", exclude_defaults=True)` gives them (tests/test_merge.py holds the two equal), made
    without the model: a crawl writes a hundred thousand rows."""
    dep, optional, description = r.get("deprecated"), r.get("optional"), r.get("description")
    entry = {"id": r.get("id") or "", "name": r.get("name") or "", "depth": r["depth"], "type": r.get("type") or "",
             "required": optional is False}
    if dep:
        entry["deprecated"] = True
    if isinstance(dep, str):
        entry["deprecated_message"] = dep
    if description:
        entry["description"] = shared.setdefault(description, description)
    if optional is not None:
        entry["optional"] = optional
    for key in ("default", "group", "declaration", "constraints", "annotation"):
        if (value := r.get(key)) is not None:
            entry[key] = value
    for key in ("badges", "tooltips"):
        if values := r.get(key):
            entry[key] = list(values)
    if r.get("expandable"):
        entry["expandable"] = True
    return entry


def view(raw: Raw, main: Raw) -> LanguageView:
    """What this language's page says (its description only where it differs from the section's: own_description),
    without its rows."""
    return LanguageView(
        url=raw.get("url"), anchor=raw.get("stainless_path"),
        title=raw.get("title"),
        signature=raw.get("signature"), declaration=raw.get("declaration"),
        description=own_description(raw, main),
        deprecated=bool(raw.get("deprecated")) and raw.get("kind") == "endpoint",
        groups=[ParamGroup(key=g["key"], title=g["title"], encoding=g["encoding"]) for g in raw.get("groups", [])],
        methods=[MethodRef(**m) for m in raw.get("methods", [])],
        models=[m for m in raw.get("models", []) if m], subresources=[s for s in raw.get("subresources", []) if s],
        headings=list(raw.get("headings", [])),
        returns_examples=[sample(s) for s in raw.get("returns_examples", [])])


def own_description(raw: Raw, main: Raw) -> str | None:
    """A language page's description where it differs from the section's (the main page's): "" where the page shows
    none (a PHP page's models have none), None where it is the same."""
    mine, theirs = raw.get("description"), main.get("description")
    return None if mine == theirs else mine or ""


def sample(s: Raw) -> Sample:
    return Sample(label=s.get("label"), active=bool(s.get("active")), code=s.get("code"))


def examples(by_lang: dict[str, Raw], fence_tags: dict[str, str]) -> list[Example]:
    """Example variants joined across languages by tab title, in order of first appearance."""
    merged: dict[str, Example] = {}
    for raw in by_lang.values():
        for ex in raw.get("examples", []):
            key = ex.get("variant") or ""
            if key not in merged:
                responses = [sample(s) for s in ex.get("responses", [])]
                merged[key] = Example(variant=key, title=ex.get("title"), active=bool(ex.get("active")),
                                      response=ex.get("response"), responses=responses)
            for code_lang, code in ex.get("request", {}).items():
                merged[key].request[code_lang] = code
                merged[key].request_tags[code_lang] = fence_tags.get(code_lang, code_lang)
    return list(merged.values())
