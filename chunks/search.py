"""Search a snapshot: ranked sections for a developer's task in plain words ("transcribe an mp3").

Each section is scored as BM25 (bm25s) over two documents: its own fields, and its best chunk of Markdown. The
fields document repeats each field's terms by the field's weight before BM25 saturates them (the usual way to
get BM25F from a plain BM25 index), so the short fields that name an endpoint weigh more than the long nested
descriptions of the chunks:

    title     the section's title                        "Create transcription"
    endpoint  method, path and id words                  "post audio transcriptions audio create transcription"
    summary   the summary paragraph
    params    top-level parameter names                  "file model language prompt response_format ..."
    group     the title of the group it sits under       "Audio"
    body      its best chunk (every description, nested ones included, and the examples), times BODY_WEIGHT

Sections that are not endpoints (objects, groups, guides) count OTHER_KIND_WEIGHT of their score: a task is done
by calling an endpoint, and the objects it returns rank just below it.
The chunks are the snapshot's own (`chunk_snapshot`, SEARCH_CHUNK_TOKENS tokens each); a hit shows its best
one with the chunk's breadcrumb. Nothing here knows a site: fields come from the manifest and the Markdown.
The index is cached beside the snapshot (see search_cache.py).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import bm25s
import lxml.html
import numpy as np
from pydantic import BaseModel

from apiref.scraper.errors import LimitError, SelectionError
from apiref.scraper.snapshot import Manifest, Section
from apiref.scraper.store import ManifestSections, SectionsHtml

from .search_terms import query_terms, terms
from .selection import check_language
from .snapshot_chunks import chunk_snapshot
from .split import Limits

# Weights set on the 2025-04-29 retrieval evaluation (tests/search_eval.py); neighbouring values score the same.
FIELD_WEIGHTS: dict[str, int] = {"title": 2, "endpoint": 1, "summary": 2, "params": 1, "group": 1}  # term repeats
BODY_WEIGHT = 0.5  # the best chunk's score, against the fields' score
OTHER_KIND_WEIGHT = 0.7  # objects, groups and guides against endpoints
SEARCH_CHUNK_TOKENS = 400  # small enough that the best chunk is about one thing, large enough to keep its context
NO_CHAR_LIMIT = 10**9
logging.getLogger("bm25s").setLevel(logging.WARNING)  # bm25s sets its logger to DEBUG: every index build logged
BM25_K1, BM25_B = 1.2, 0.75  # the usual values
MAX_K = 100
OTHER_LANGUAGE_WEIGHT = 0.5  # with --lang: a chunk whose examples are all in other languages counts half
# "**python**": the language label above an example's code
LABEL_LINE = re.compile(r"^\*\*([^*\n]+)\*\*$", re.MULTILINE)


class SectionDoc(BaseModel):
    """What a hit shows of a section."""

    id: str
    title: str
    kind: str
    method: str | None = None
    path: str | None = None


class ChunkDoc(BaseModel):
    """One searchable chunk: its section (index into sections), breadcrumb, text, and the example languages in it."""

    section: int
    breadcrumb: str
    text: str
    languages: list[str] = []


@dataclass(frozen=True)
class Hit:
    """One ranked section and its best chunk."""

    section_id: str
    title: str
    kind: str
    method: str | None
    path: str | None
    score: float
    breadcrumb: str
    chunk: str


@dataclass
class SearchIndex:
    """The fields' BM25 indexes and the documents they rank. Build with `build_index`, load with `load_index`."""

    sections: list[SectionDoc]
    chunks: list[ChunkDoc]
    fields: dict[str, bm25s.BM25]
    languages: list[str]

    def __post_init__(self) -> None:
        self.chunk_section = np.array([c.section for c in self.chunks], dtype=np.int64)
        self.kind_weight = np.array([1.0 if s.kind == "endpoint" else OTHER_KIND_WEIGHT for s in self.sections])

    def search(self, query: str, k: int = 5, lang: str | None = None) -> list[Hit]:
        """The k best sections for the query, best first (only sections that share a term with it).

        With lang, the best chunk shown is never one whose examples are all in other languages; a language the
        snapshot lacks is a SelectionError naming the ones it has."""
        if not 1 <= k <= MAX_K:
            raise LimitError(f"-k {k} is out of range; ask for 1 to {MAX_K} results")
        if lang is not None:
            check_language(lang, self.languages)
        qterms = query_terms(query)
        if not qterms:
            raise SelectionError(f"the query {query!r} has no searchable words; describe the task in a few words")
        chunk_scores = self._scores("body", qterms, len(self.chunks))
        if lang is not None:
            chunk_scores = np.where(self._other_language(lang), chunk_scores * OTHER_LANGUAGE_WEIGHT, chunk_scores)
        best_chunk = np.full(len(self.sections), -1, dtype=np.int64)
        best_score = np.zeros(len(self.sections), dtype=np.float64)
        order = np.argsort(chunk_scores, kind="stable")  # ascending: the best chunk of a section is written last
        best_chunk[self.chunk_section[order]] = order
        best_score[self.chunk_section[order]] = chunk_scores[order]
        total = (self._scores("fields", qterms, len(self.sections)) + BODY_WEIGHT * best_score) * self.kind_weight
        ranked = sorted((i for i in range(len(total)) if total[i] > 0), key=lambda i: (-total[i], i))
        return [self._hit(i, float(total[i]), int(best_chunk[i])) for i in ranked[:k]]

    def _scores(self, field: str, qterms: list[str], size: int) -> np.ndarray:
        index = self.fields[field]
        ids = index.get_tokens_ids(qterms)
        return np.asarray(index.get_scores_from_ids(ids), dtype=np.float64) if ids else np.zeros(size)

    def _other_language(self, lang: str) -> np.ndarray:
        want = lang.lower()
        return np.array([bool(c.languages) and want not in (x.lower() for x in c.languages) for c in self.chunks])

    def _hit(self, i: int, score: float, chunk: int) -> Hit:
        sec = self.sections[i]
        best = self.chunks[chunk] if chunk >= 0 else None
        return Hit(sec.id, sec.title, sec.kind, sec.method, sec.path, round(score, 4),
                   best.breadcrumb if best else sec.title, best.text if best else "")


INDEXES = ("fields", "body")  # one BM25 index over sections' fields documents, one over chunks


def section_fields(manifest: Manifest, html: Mapping[str, str],
                   names: Callable[[str], list[str]]) -> list[dict[str, str]]:
    """Each section's field texts (body excluded), in page order; names: a section's top-level row names."""
    titles = {s.id: s.title for s in manifest.sections}
    return [{"title": sec.title,
             "endpoint": " ".join(x for x in (sec.method, sec.path, sec.id) if x),
             "summary": _summary(html.get(sec.id, "")),
             "params": " ".join(names(sec.id)),
             "group": titles.get(sec.group, "") if sec.group else ""}
            for sec in manifest.sections]


def fields_terms(fields: dict[str, str]) -> list[str]:
    """The terms of a section's fields document: each field's terms, repeated by the field's weight."""
    return [t for name, weight in FIELD_WEIGHTS.items() for t in terms(fields[name]) * weight]


def _summary(section_html: str) -> str:
    """The text of the section's summary (lxml directly: BeautifulSoup costs 10x more over a whole snapshot)."""
    if "apiref-summary" not in section_html:
        return ""
    found = lxml.html.fromstring(section_html).find_class("apiref-summary")
    return " ".join(str(el.text_content()) for el in found)


def chunk_languages(text: str, languages: Sequence[str]) -> list[str]:
    """The snapshot languages whose example label ("**python**") stands on a line of the chunk."""
    known = {x.lower(): x for x in languages}
    return list(dict.fromkeys(known[m.lower()] for m in LABEL_LINE.findall(text) if m.lower() in known))


def _bm25(docs: list[list[str]]) -> bm25s.BM25:
    index = bm25s.BM25(k1=BM25_K1, b=BM25_B)
    index.index([d or [""] for d in docs], show_progress=False)
    return index


def build_index(snapshot: Path) -> SearchIndex:
    """A fresh index of a snapshot (its manifest, section markup and Markdown), not cached."""
    sections = ManifestSections(snapshot)  # (its rows: only the top-level names, read apart from the rest)
    manifest = sections.manifest
    html = SectionsHtml(snapshot, manifest, keep=False)  # (each section's markup read once: not kept)
    position = {s.id: i for i, s in enumerate(manifest.sections)}
    chunks = [ChunkDoc(section=position[c.section_id], breadcrumb=c.breadcrumb, text=c.text,
                       languages=chunk_languages(c.text, manifest.languages))
              for c in chunk_snapshot(snapshot, Limits(SEARCH_CHUNK_TOKENS, NO_CHAR_LIMIT))]
    fields = {"fields": _bm25([fields_terms(f) for f in section_fields(manifest, html, sections.top_names)]),
              "body": _bm25([terms(c.text) for c in chunks])}
    return SearchIndex([_doc(s) for s in manifest.sections], chunks, fields, list(manifest.languages))


def _doc(sec: Section) -> SectionDoc:
    return SectionDoc(id=sec.id, title=sec.title, kind=sec.kind, method=sec.method, path=sec.path)



PREVIEW_LINES = 3  # lines of the best chunk's body a text result shows
PREVIEW_CHARS = 110  # each cut to this width


def hit_dict(hit: Hit) -> dict[str, object]:
    """A hit as JSON-ready data (what `apiref search --json` and the MCP tool return)."""
    return {
        "id": hit.section_id,
        "title": hit.title,
        "kind": hit.kind,
        "method": hit.method.upper() if hit.method else None,
        "path": hit.path,
        "score": hit.score,
        "breadcrumb": hit.breadcrumb,
        "chunk": hit.chunk,
    }


def preview(chunk: str) -> list[str]:
    """The prose lines of a chunk's body: no breadcrumb, heading, language label or code."""
    out, fenced = [], False
    for line in chunk.split("\n\n", 1)[-1].splitlines():
        text = line.strip()
        if text.startswith(("```", "~~~")):
            fenced = not fenced
        elif text and not fenced and not text.startswith(("#", "**")):
            out.append(text)
    return out


def render_hits(hits: Sequence[Hit]) -> Iterator[str]:
    """Numbered results: id, title, method and path, score; the best chunk's breadcrumb and first lines."""
    for n, hit in enumerate(hits, 1):
        where = f" ({hit.method.upper()} {hit.path})" if hit.method and hit.path else ""
        yield f"{n}. {hit.section_id}: {hit.title}{where}  score {hit.score:.2f}\n   {hit.breadcrumb}\n"
        for line in preview(hit.chunk)[:PREVIEW_LINES]:
            yield f"   | {line if len(line) <= PREVIEW_CHARS else line[:PREVIEW_CHARS - 1] + '…'}\n"
    if not hits:
        yield "no section matches; try other words\n"
