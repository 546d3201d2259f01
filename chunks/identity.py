"""Which section of one snapshot is which section of another: matching by identity, not only by id.

A redesign renames every anchor (`chat/create` on the legacy page, `chat/completions/create` on a Stainless
site), so ids alone would call every section removed and re-added. Sections are paired in passes, each pass
pairing only what is unique on both sides among the sections still unpaired:

1. endpoints by method + normalised path (`spelling.endpoint_key`);
2. any kind by the same id (an endpoint whose path changed stays paired: its path change is reported);
3. objects, groups and static sections by title (`spelling.title_key`: `The assistant object` = `AssistantObject`);
4. objects by the endpoints that return them (links in each endpoint's `.apiref-returns`, or the model row that
   heads its Returns rows), greatest overlap first, among objects whose property names mostly agree (a list
   response returned by the same endpoint as its items' object is another object).

`match(old, new)` is pure: two manifests and their section HTML in, pairs of section ids out.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping
from urllib.parse import urlsplit

from bs4 import BeautifulSoup

from apiref.scraper.snapshot import Manifest, Record, Section

from .diff_rows import comparable_rows, row_markup
from .spelling import endpoint_key, name_key, title_key

RETURNS_LINKS = ".apiref-returns a[href]"  # docs/snapshot-format.md: an endpoint's "Returns" text and its links
SAME_PROPERTIES = 0.5  # least Jaccard overlap of property names for objects paired by their returning endpoints
RETURNS_GROUP = "returns"  # Param.group of an endpoint's Returns rows
Whole = Callable[[str], Section]  # a section id -> the section with its rows


class Pairing(Record):
    """Sections paired across two snapshots (old id -> new id), and how each pair was found."""

    pairs: dict[str, str] = {}
    how: dict[str, str] = {}  # new id -> "id", "endpoint", "title" or "returns"


def match(old: Manifest, new: Manifest, old_html: Mapping[str, str], new_html: Mapping[str, str],
          rows: tuple[Whole, Whole] | None = None) -> Pairing:
    """Pair the sections of two snapshots (see the module docstring for the passes). rows: each side's section
    with its rows, where a manifest holds sections without them (read only if objects are left for pass 4)."""
    result = Pairing()
    a, b = list(old.sections), list(new.sections)
    _pass(result, "endpoint", a, b, lambda s: endpoint_key(s.method, s.path) if s.kind == "endpoint" else None)
    _pass(result, "id", a, b, lambda s: s.id)
    _pass(result, "title", a, b, lambda s: f"{s.kind} {title_key(s.title)}" if s.kind != "endpoint" else None)
    paired_new = set(result.pairs.values())
    if not any(s.kind == "object" and s.id not in result.pairs for s in a) or \
            not any(s.kind == "object" and s.id not in paired_new for s in b):
        return result  # (pass 4 would pair nothing: no rows or markup read for it)
    if rows is not None:
        a, b = [rows[0](s.id) for s in a], [rows[1](s.id) for s in b]
    endpoints = {s.id: endpoint_key(s.method, s.path) for s in [*a, *b] if s.kind == "endpoint"}
    returned_a = returned_by(a, old_html, endpoints)
    returned_b = returned_by(b, new_html, endpoints)
    objects_a, objects_b = [s for s in a if s.kind == "object"], [s for s in b if s.kind == "object"]
    names = {**property_names(objects_a, old_html),
             **{"\0" + k: v for k, v in property_names(objects_b, new_html).items()}}
    _pair_by_overlap(result, objects_a, objects_b, returned_a, returned_b,
                     lambda x, y: similar_properties(names[x.id], names["\0" + y.id]))
    return result


def property_names(objects: list[Section], html: Mapping[str, str]) -> dict[str, set[str]]:
    """Object id -> the names of its top-level properties, below the model row where a site draws one."""
    out = {}
    for s in objects:
        rows = comparable_rows(s.params, row_markup(html.get(s.id, "")), "object")
        out[s.id] = {name_key(r.param.name) for r in rows if r.param.depth == 0 and not r.model and not r.variant}
    return out


def similar_properties(a: set[str], b: set[str]) -> bool:
    """Whether two objects' property names overlap enough to be one object (a list or a response that wraps an
    object is returned by the same endpoints but is another object); objects without rows say nothing."""
    if not a or not b:
        return True
    return len(a & b) / len(a | b) >= SAME_PROPERTIES


def _pass(result: Pairing, how: str, a: list[Section], b: list[Section], key: Callable[[Section], str | None]) -> None:
    """Pair the unpaired sections whose key is unique on both sides."""
    paired_new = set(result.pairs.values())
    left = [(key(s), s) for s in a if s.id not in result.pairs]
    right = [(key(s), s) for s in b if s.id not in paired_new]
    count_left, count_right = Counter(k for k, _ in left), Counter(k for k, _ in right)
    keyed_left = {k: s for k, s in left if k is not None and count_left[k] == 1}
    for k, s in right:
        if k in keyed_left and count_right[k] == 1:
            result.pairs[keyed_left[k].id] = s.id
            result.how[s.id] = how


def returned_by(sections: list[Section], html: Mapping[str, str], endpoints: dict[str, str]) -> dict[str, set[str]]:
    """Object id -> the endpoint keys whose "Returns" text links to it, or whose Returns rows are headed by the
    object's own model row (a Stainless endpoint shows the returned model's table, its row id the model's)."""
    ids = sorted((s.id for s in sections), key=len, reverse=True)
    models = {s.params[0].id: s.id for s in sections if s.kind == "object" and s.params and s.params[0].depth == 0}
    out: dict[str, set[str]] = {}
    for sec in sections:
        if sec.kind != "endpoint":
            continue
        targets = {models[p.id] for p in sec.params if p.group == RETURNS_GROUP and p.depth == 0 and p.id in models}
        if "apiref-returns" in html.get(sec.id, ""):
            soup = BeautifulSoup(html[sec.id], "lxml")
            links = (link_target(str(a["href"]), ids) for a in soup.select(RETURNS_LINKS))
            targets.update(t for t in links if t is not None)
        for target in targets:
            out.setdefault(target, set()).add(endpoints[sec.id])
    return out


def link_target(href: str, ids: list[str]) -> str | None:
    """The section a link points at: its fragment is the id, or its path ends with `/<id>` (longest id first)."""
    parts = urlsplit(href)
    for sid in ids:
        if parts.fragment == sid or parts.path.rstrip("/").endswith("/" + sid):
            return sid
    return None


def _pair_by_overlap(result: Pairing, a: list[Section], b: list[Section], ra: dict[str, set[str]],
                     rb: dict[str, set[str]], alike: Callable[[Section, Section], bool]) -> None:
    """Pair unpaired objects by how many returning endpoints they share (Jaccard), best first, ties by page order;
    only objects that are `alike`."""
    paired_new = set(result.pairs.values())
    olds = [s for s in a if s.id not in result.pairs and ra.get(s.id)]
    news = [s for s in b if s.id not in paired_new and rb.get(s.id)]
    scored = []
    for i, x in enumerate(olds):
        for j, y in enumerate(news):
            shared = len(ra[x.id] & rb[y.id])
            if shared and alike(x, y):
                scored.append((-shared / len(ra[x.id] | rb[y.id]), i, j))
    used_a: set[int] = set()
    used_b: set[int] = set()
    for _, i, j in sorted(scored):
        if i not in used_a and j not in used_b:
            used_a.add(i)
            used_b.add(j)
            result.pairs[olds[i].id] = news[j].id
            result.how[news[j].id] = "returns"
