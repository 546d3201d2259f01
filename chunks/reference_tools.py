"""What a code-writing model can ask of one or more snapshots: search them, get one endpoint within a token
budget, list sections, read a section's Markdown. Plain functions over values; the MCP server (mcp_server.py)
exposes them as tools and resources.

Snapshots are served under labels (the directory name unless given). Every failure is an ApirefError whose
message names the problem and the fix, as for the CLI.
"""

from __future__ import annotations

import fnmatch
from dataclasses import dataclass, field
from pathlib import Path

from apiref.scraper.errors import ApirefError, LimitError, SelectionError
from apiref.scraper.snapshot import Manifest
from apiref.scraper.store import SectionsHtml, read_manifest, read_section_markdown

from .prompt import prompt_pack
from .search import MAX_K, SearchIndex, hit_dict
from .search_cache import load_index
from .selection import GLOB_CHARS, select
from .tokens import DEFAULT_ENCODING, count_tokens

LABEL_FORBIDDEN = "/: "  # a label sits in resource URIs and messages
MAX_SECTIONS_LISTED = 500  # list_sections answers at most this many (a narrower pattern gets the rest)


@dataclass
class Served:
    """One snapshot: its manifest, and (loaded on first use) its section markup and search index."""

    label: str
    path: Path
    manifest: Manifest
    _html: SectionsHtml | None = field(default=None, repr=False)
    _index: SearchIndex | None = field(default=None, repr=False)

    @property
    def html(self) -> SectionsHtml:
        if self._html is None:
            self._html = SectionsHtml(self.path, self.manifest)
        return self._html

    @property
    def index(self) -> SearchIndex:
        if self._index is None:
            self._index = load_index(self.path)
        return self._index


class Reference:
    """The snapshots a server answers for, by label, in the order given."""

    def __init__(self, snapshots: list[Path], labels: list[str] | None = None, encoding: str = DEFAULT_ENCODING):
        if not snapshots:
            raise SelectionError("no snapshot to serve; give at least one SNAPSHOT directory")
        names = labels or [Path(p).resolve().name for p in snapshots]
        if len(names) != len(snapshots):
            raise SelectionError(
                f"{len(names)} --name for {len(snapshots)} snapshots; give one --name per snapshot or none"
            )
        bad = [n for n in names if not n or any(c in n for c in LABEL_FORBIDDEN)]
        if bad or len(set(names)) != len(names):
            what = f"label {bad[0]!r} has a space, ':' or '/'" if bad else f"labels repeat ({', '.join(names)})"
            raise SelectionError(f"{what}; give each snapshot its own --name")
        self.served = {n: Served(n, Path(p), read_manifest(Path(p), rows=False))  # (it serves no row)
                       for n, p in zip(names, snapshots, strict=True)}
        self.encoding = encoding
        self.count = count_tokens(encoding)

    def pick(self, snapshot: str | None) -> list[Served]:
        """The snapshots a call is about: the one named, else all."""
        if snapshot is None or snapshot == "":
            return list(self.served.values())
        if snapshot not in self.served:
            raise SelectionError(f"no snapshot labelled {snapshot!r}; choose one of: {', '.join(self.served)}")
        return [self.served[snapshot]]

    def search(
        self, query: str, k: int = 5, language: str | None = None, snapshot: str | None = None
    ) -> list[dict[str, object]]:
        """The k best sections for a task, across the snapshots asked (each hit names its snapshot). Scores of
        different snapshots do not compare (BM25 depends on each one's size), so their lists are merged by rank:
        every snapshot's first hit, then every second one, ..."""
        ranked = [(rank, -h.score, n, {"snapshot": s.label, **hit_dict(h)}) for n, s in enumerate(self.pick(snapshot))
                  for rank, h in enumerate(s.index.search(query, min(k, MAX_K), language or None))]
        return [hit for *_, hit in sorted(ranked, key=lambda r: r[:3])][:k]

    def owner(self, section_id: str, snapshot: str | None) -> Served:
        """The snapshot that has the section: the one named, or the only one that has it."""
        if any(c in section_id for c in GLOB_CHARS):
            raise SelectionError(f"{section_id!r} is a pattern; give one section id (list_sections finds them)")
        choices = self.pick(snapshot)
        having = [s for s in choices if any(sec.id == section_id for sec in s.manifest.sections)]
        if len(having) > 1:
            raise SelectionError(
                f"section {section_id!r} is in several snapshots ({', '.join(s.label for s in having)}); "
                "name the snapshot"
            )
        if not having:
            select(choices[0].manifest, [section_id])  # raises with the closest ids
        return having[0]

    def endpoint(self, section_id: str, language: str | None = None, max_tokens: int = 4000,
                 snapshot: str | None = None) -> dict[str, object]:
        """One section as a prompt pack in one language within max_tokens (the count is exact)."""
        served = self.owner(section_id, snapshot)
        lang = language or (served.manifest.languages[0] if served.manifest.languages else "none")
        pack = prompt_pack(served.manifest, served.html, [section_id], lang, max_tokens, self.count, "max_tokens")
        return {"snapshot": served.label, "id": section_id, "language": lang, "tokens": pack.tokens,
                "max_tokens": max_tokens, "encoding": self.encoding, "left_out": list(pack.left_out), "text": pack.text}

    def sections(self, pattern: str = "*", snapshot: str | None = None) -> list[dict[str, object]]:
        """Sections whose id or title matches a glob (case aside), in page order, with their method and path."""
        pat = pattern.lower() if any(c in pattern for c in GLOB_CHARS) else f"*{pattern.lower()}*"
        out: list[dict[str, object]] = [
            {"snapshot": s.label, "id": sec.id, "title": sec.title, "kind": sec.kind,
             "method": sec.method.upper() if sec.method else None, "path": sec.path}
            for s in self.pick(snapshot) for sec in s.manifest.sections
            if fnmatch.fnmatchcase(sec.id.lower(), pat) or fnmatch.fnmatchcase(sec.title.lower(), pat)]
        if len(out) > MAX_SECTIONS_LISTED:
            raise LimitError(f"{len(out)} sections match {pattern!r}, more than {MAX_SECTIONS_LISTED}; "
                             "give a narrower pattern (like 'chat/*')")
        return out

    def markdown(self, label: str, section_id: str) -> str:
        """A section's complete Markdown."""
        served = self.pick(label)[0]
        sec = next((s for s in served.manifest.sections if s.id == section_id), None)
        if sec is None:
            select(served.manifest, [section_id])
            raise SelectionError(f"no section {section_id!r}")  # (select raised already)
        return read_section_markdown(served.path, sec)


__all__ = ["ApirefError", "Reference"]
