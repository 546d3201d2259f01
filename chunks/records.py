"""The chunk record: one line of chunks.jsonl."""

from __future__ import annotations

from pydantic import Field

from apiref.scraper.snapshot import Record


class Chunk(Record):
    """One chunk of a section's Markdown, ready to embed or paste.

    text is the breadcrumb line, a blank line, then the body; when a fenced code block was split, the fence's
    opening line is repeated before the body and a closing line added after it. The body is exactly
    markdown[start:end] of the section's Markdown (SNAPSHOT/markdown/<file>.md) and text[body_offset:][:end - start],
    so joining a section's bodies in ordinal order gives its Markdown back.
    """

    id: str  # chunks.ids.chunk_id(section_id, ordinal, sha256)
    section_id: str
    ordinal: int = Field(ge=0)  # position within the section, from 0
    breadcrumb: str  # e.g. "OpenAI API reference › Chat › Create chat completion › Request body"
    text: str
    tokens: int = Field(ge=0)  # exact count of text in `encoding`
    chars: int = Field(ge=0)  # len(text), in Unicode code points
    encoding: str  # tiktoken encoding name
    sha256: str  # of text, UTF-8
    start: int = Field(ge=0)
    end: int = Field(ge=0)
    body_offset: int = Field(ge=0)
