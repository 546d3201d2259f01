"""Search terms: text -> the lowercase, stemmed words a search index compares.

Identifiers are split where a developer would read words: `response_format`, `createTranscription`,
`/vector_stores/{vector_store_id}/files` and `fine-tuning` all become their words, so a query written in plain
English meets the names in the reference. Words are stemmed (Snowball English, through PyStemmer) and a short list
of function words is dropped. Each stem is also kept cut to its first PREFIX_CHARS letters, marked with a
trailing "~", so a verb meets its noun when the stemmer keeps them apart ("transcribe" -> "transcrib",
"transcription" -> "transcript": both also give "transc~").

A query is also read for what it wants done: the everyday verbs of a task ("remove", "set up", "see", "stop") add
the verbs API references name their operations with (delete, create, list/retrieve, cancel), and the HTTP
method words that go with them.
"""

from __future__ import annotations

import functools
import re

import Stemmer

WORD = re.compile(r"[A-Za-z][a-z]+|[A-Z]+(?![a-z])|[0-9]+|[a-z]")  # camelCase humps, ACRONYMS, numbers
PREFIX_CHARS = 6  # long enough to keep most words apart, short enough for verb/noun pairs (transcribe/transcription)
PREFIX_MARK = "~"  # never produced by WORD, so a prefix term never collides with a whole stem
STOPWORDS = frozenset(
    "a an and are as at be but by can do does for from how i if in into is it its me my no not of on or our so such"
    " that the their then there these they this to use using want was we what when which will with you your".split()
)  # function words of developers' questions ("how do I ...") that say nothing about an endpoint


TASK_VERBS: dict[str, str] = {  # a task's verb -> the words of the operation that does it (CRUD names, methods)
    **dict.fromkeys(("remove", "rid", "drop", "erase", "kick", "destroy"), "delete"),
    **dict.fromkeys(("add", "make", "new", "build", "set", "start"), "create post"),
    **dict.fromkeys(("see", "show", "which", "all"), "list get"),
    **dict.fromkeys(("fetch", "download", "read", "look"), "retrieve get"),
    **dict.fromkeys(("change", "edit", "rename"), "modify update"),
    **dict.fromkeys(("stop", "abort", "kill", "halt"), "cancel"),
}


@functools.lru_cache(maxsize=1)
def _stemmer() -> Stemmer.Stemmer:
    return Stemmer.Stemmer("english")


@functools.lru_cache(maxsize=1 << 16)
def _stem(word: str) -> str:
    return str(_stemmer().stemWord(word))


def words(text: str) -> list[str]:
    """The lowercase words of text, identifiers split into theirs, function words left out."""
    return [w for w in (m.lower() for m in WORD.findall(text)) if w not in STOPWORDS]


def terms(text: str) -> list[str]:
    """The index terms of text: each word's stem, and for stems of PREFIX_CHARS letters or more its marked prefix."""
    out: list[str] = []
    for word in words(text):
        stem = _stem(word)
        out.append(stem)
        if len(stem) >= PREFIX_CHARS:
            out.append(stem[:PREFIX_CHARS] + PREFIX_MARK)
    return out


def query_terms(text: str) -> list[str]:
    """The terms of a query: its own, then those of the operation words its task verbs stand for (TASK_VERBS)."""
    extra = " ".join(TASK_VERBS[w] for w in words(text) if w in TASK_VERBS)
    return terms(f"{text} {extra}") if extra else terms(text)
