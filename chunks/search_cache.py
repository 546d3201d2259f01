"""The search index cached beside its snapshot: SNAPSHOT/.search-index/<key>/.

The key hashes what the index is made from and how: manifest.json and reference.md (rewritten whenever the
snapshot or its Markdown changes: a new scrape, `apiref convert`), the index format, the field weights' names,
the chunk size and the bm25s version. A changed snapshot gets a new key, so a stale index is never read; the old
one is removed once the new one is in place. The index is written into a temporary directory and renamed into
place, so a reader never sees half of one. A snapshot that cannot be written to (read-only) is searched with an
index built in memory.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import tempfile
from pathlib import Path

import bm25s

from apiref.scraper.store import MANIFEST, REFERENCE, read_manifest, write_text

from .search import FIELD_WEIGHTS, INDEXES, SEARCH_CHUNK_TOKENS, ChunkDoc, SearchIndex, SectionDoc, build_index
from .search_terms import PREFIX_CHARS

CACHE_DIR = ".search-index"
FORMAT = 1  # bump when the stored layout or the terms change
DOCS = "docs.json"


def index_key(snapshot: Path) -> str:
    """A hash of the snapshot files the index is made from, and of the way it is made."""
    h = hashlib.sha256(json.dumps([FORMAT, FIELD_WEIGHTS, SEARCH_CHUNK_TOKENS, PREFIX_CHARS,
                                   bm25s.__version__]).encode())
    for name in (MANIFEST, REFERENCE):
        path = Path(snapshot) / name
        h.update(path.read_bytes() if path.is_file() else b"-")
    return h.hexdigest()[:24]


def load_index(snapshot: Path) -> SearchIndex:
    """The snapshot's search index: from the cache when it is current, else built (and cached when possible)."""
    snapshot = Path(snapshot)
    read_manifest(snapshot, rows=False)  # a SnapshotError first, when this is no snapshot
    key = index_key(snapshot)
    where = snapshot / CACHE_DIR / key
    if (where / DOCS).is_file():
        with contextlib.suppress(OSError, ValueError, KeyError):
            return read_index(where)
    index = build_index(snapshot)
    with contextlib.suppress(OSError):
        save_index(index, snapshot / CACHE_DIR, key)
    return index


def save_index(index: SearchIndex, cache: Path, key: str) -> None:
    """Write the index as cache/<key>/ atomically, then remove the cache's other entries."""
    cache.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(dir=cache, prefix=".new-"))
    try:
        for name, bm in index.fields.items():
            bm.save(tmp / name, show_progress=False)
        docs = {"sections": [s.model_dump() for s in index.sections], "chunks": [c.model_dump() for c in index.chunks],
                "languages": index.languages}
        write_text(tmp / DOCS, json.dumps(docs, ensure_ascii=False, sort_keys=True))
        os.replace(tmp, cache / key)  # (fails if another process put the same key in place first: that one stays)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    for old in cache.iterdir():
        if old.name != key and not old.name.startswith("."):
            shutil.rmtree(old, ignore_errors=True)


def read_index(where: Path) -> SearchIndex:
    """An index written by save_index."""
    docs = json.loads((where / DOCS).read_text(encoding="utf-8"))
    fields = {name: bm25s.BM25.load(where / name, show_progress=False) for name in INDEXES}
    return SearchIndex([SectionDoc(**s) for s in docs["sections"]], [ChunkDoc(**c) for c in docs["chunks"]],
                       fields, list(docs["languages"]))
