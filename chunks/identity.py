"""Which section of one snapshot is which section of another: matching by identity, not only by id.

A redesign renames every anchor (`chat/create` on the legacy page, `chat/completions/create` on a Stainless
site), so ids alone would call every section removed and re-added. Sections are paired in passes, each pass
pairing only what is unique on both sides among the sections still unpaired:

1. endpoints by method + normalised path (`spelling.endpoint_key`);
2. any kind by the same id (an endpoint whose path changed stays paired: its path change is reported);
3. objects, groups and static sections by title (`spelling.title_key`: `The assistant object` = `AssistantObject`);
4. objects by the endpoints that return them (links in each endpoint's `.apiref-returns`), greatest overlap first.

`match(old, new)` is pure: two manifests and their section HTML in, pairs of section ids out.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from urllib.parse import urlsplit

from bs4 import BeautifulSoup

from apiref.scraper.snapshot import Manifest, Record, Section

from .spelling import endpoint_key, title_key

RETURNS_LINKS = ".apiref-returns a[href]"  # docs/snapshot-format.md: an endpoint's "Returns" text and its links


class Pairing(Record):
    """Sections paired across two snapshots (old id -> new id), and how each pair was found."""

    pairs: dict[str, str] = {}
    how: dict[str, str] = {}  # new id -> "id", "endpoint", "title" or "returns"


def match(old: Manifest, new: Manifest, old_html: dict[str, str], new_html: dict[str, str]) -> Pairing:
    """Pair the sections of two snapshots (see the module docstring for the passes)."""
    result = Pairing()
    a, b = list(old.sections), list(new.sections)
    _pass(result, "endpoint", a, b, lambda s: endpoint_key(s.method, s.path) if s.kind == "endpoint" else None)
    _pass(result, "id", a, b, lambda s: s.id)
    _pass(result, "title", a, b, lambda s: f"{s.kind} {title_key(s.title)}" if s.kind != "endpoint" else None)
    endpoints = {s.id: endpoint_key(s.method, s.path) for s in [*a, *b] if s.kind == "endpoint"}
    returned_a = returned_by(old, old_html, endpoints)
    returned_b = returned_by(new, new_html, endpoints)
    _pair_by_overlap(
        result, [s for s in a if s.kind == "object"], [s for s in b if s.kind == "object"], returned_a, returned_b
    )
    return result


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


def returned_by(manifest: Manifest, html: dict[str, str], endpoints: dict[str, str]) -> dict[str, set[str]]:
    """Object id -> the endpoint keys whose "Returns" text links to it."""
    ids = sorted((s.id for s in manifest.sections), key=len, reverse=True)
    out: dict[str, set[str]] = {}
    for sec in manifest.sections:
        if sec.kind != "endpoint" or "apiref-returns" not in html.get(sec.id, ""):
            continue
        for a in BeautifulSoup(html[sec.id], "lxml").select(RETURNS_LINKS):
            target = link_target(str(a["href"]), ids)
            if target is not None:
                out.setdefault(target, set()).add(endpoints[sec.id])
    return out


def link_target(href: str, ids: list[str]) -> str | None:
    """The section a link points at: its fragment is the id, or its path ends with `/<id>` (longest id first)."""
    parts = urlsplit(href)
    for sid in ids:
        if parts.fragment == sid or parts.path.rstrip("/").endswith("/" + sid):
            return sid
    return None


def _pair_by_overlap(
    result: Pairing, a: list[Section], b: list[Section], ra: dict[str, set[str]], rb: dict[str, set[str]]
) -> None:
    """Pair unpaired objects by how many returning endpoints they share (Jaccard), best first, ties by page order."""
    paired_new = set(result.pairs.values())
    olds = [s for s in a if s.id not in result.pairs and ra.get(s.id)]
    news = [s for s in b if s.id not in paired_new and rb.get(s.id)]
    scored = []
    for i, x in enumerate(olds):
        for j, y in enumerate(news):
            shared = len(ra[x.id] & rb[y.id])
            if shared:
                scored.append((-shared / len(ra[x.id] | rb[y.id]), i, j))
    used_a: set[int] = set()
    used_b: set[int] = set()
    for _, i, j in sorted(scored):
        if i not in used_a and j not in used_b:
            used_a.add(i)
            used_b.add(j)
            result.pairs[olds[i].id] = news[j].id
            result.how[news[j].id] = "returns"
