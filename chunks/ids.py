"""Chunk IDs: a hash of canonical JSON of (section id, position in the section, the text's sha256), never random.

The position is counted within the section, so a section whose Markdown did not change keeps its IDs when
other sections change; any change to a chunk's text (breadcrumb included) gives it a new ID.
"""

from __future__ import annotations

import hashlib
import json

ID_HEX_DIGITS = 16  # 64 bits: no collision in any realistic reference (~1e5 chunks) and short enough to read


def canonical_json(data: object) -> str:
    """JSON with sorted keys and no whitespace: equal data, equal bytes."""
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def sha256_hex(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def chunk_id(section_id: str, ordinal: int, text_sha256: str) -> str:
    """The stable ID of the ordinal-th chunk of a section whose text has this sha256 (the content, by its hash:
    the same bits of identity as the text itself, without escaping the whole text into JSON again)."""
    data = {"ordinal": ordinal, "section_id": section_id, "text_sha256": text_sha256}
    return sha256_hex(canonical_json(data))[:ID_HEX_DIGITS]


def section_chunk_ids(section_id: str, text_sha256s: list[str]) -> list[str]:
    """chunk_id of each chunk of a section, in order: the same canonical JSON, with the section id escaped
    once (json.dumps per chunk is a measurable share of chunking a whole reference)."""
    sid = json.dumps(section_id, ensure_ascii=False)
    return [
        sha256_hex(f'{{"ordinal":{k},"section_id":{sid},"text_sha256":"{digest}"}}')[:ID_HEX_DIGITS]
        for k, digest in enumerate(text_sha256s)
    ]
