"""One fact, many spellings: what two kinds of site write differently for the same API, made comparable.

The legacy OpenAI page writes a nullable enum parameter as `string or null`, a Stainless site as
`optional "auto" or "none"`; one writes `integer`, the other `number`; one `array`, the other
`array of object { ... }`; one `/v1/threads/{thread_id}`, the other `/threads/{id}`. The diff compares what both
sides can say:

- `endpoint_key(method, path)`: the method and the path without scheme, host, version prefix or parameter names.
- `type_shape(text)`: a type text as a set of terms (`string`, `integer`, `"auto"`, `array`, `null`, ...).
- `Precision`: the facts a snapshot's spellings distinguish at all (does it ever write `integer`, `null`, a quoted
  literal, a default?). Two snapshots compare types at the precision they share, so `integer or null` on one site
  equals `number` on a site that never writes either, while on the same site `integer` -> `number` is a change.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import NamedTuple
from urllib.parse import urlsplit

from apiref.scraper.snapshot import Param, Section

VERSION_PREFIX = re.compile(r"^/v\d+(?=/|$)")  # `/v1/chat/completions` and `/chat/completions` are one endpoint
PATH_PARAM = re.compile(r"\{[^}]*\}|:[A-Za-z_]\w*|<[^>]*>")  # `{id}`, `{thread_id}`, `:id`, `<id>`: one slot
SEPARATORS = (" or ", " / ", " | ")  # between alternatives: legacy page, legacy page (3+), TypeScript-like
OPENERS, CLOSERS = "{[(<", "}])>"
MORE = re.compile(r"^\d+ more$")  # Stainless shortens long unions: `"a" or "b" or 3 more`
LITERAL = re.compile(r'^(".*"|\'.*\'|-?\d+(\.\d+)?|true|false)$')
OPTIONAL_PREFIX = re.compile(r"^optional\s+", re.IGNORECASE)  # Stainless http: `user: optional string`
def shown_type(p: Param) -> str:
    """The row's type as its page spells it: a Stainless row's declaration after `name: ` (`optional map[number]`:
    its `type` field is only the last type element, `number`), else the row's type."""
    decl = p.declaration or ""
    if p.name and decl.startswith(p.name + ": "):
        return decl[len(p.name) + 2:]
    return p.type


TITLE_STOPWORDS = {"the", "a", "an", "object", "objects"}
CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])")

# Each family: the words that spell it (first word of the alternative, lower case).
FAMILY_WORDS = {
    "string": ("string", "str"),
    "integer": ("integer", "int", "int32", "int64"),
    "number": ("number", "float", "double", "decimal"),
    "boolean": ("boolean", "bool"),
    "object": ("object", "{"),
    "array": ("array", "list"),
    "map": ("map", "record", "dict"),
    "file": ("file", "binary", "blob"),
    "null": ("null", "none"),
    "any": ("unknown", "any"),
}
WORD_FAMILY = {w: fam for fam, words in FAMILY_WORDS.items() for w in words}
FIRST_WORD = re.compile(r"^[A-Za-z]+|^\{")


class Precision(NamedTuple):
    """What a snapshot's spellings can tell apart. False means the site never writes it, so it says nothing."""

    integer: bool = True  # writes `integer` (else `number` covers both)
    null: bool = True  # writes `null` for nullable values
    literal: bool = True  # writes enum values as quoted literals (else their type, `string`)
    default: bool = True  # shows parameter defaults

    def shared(self, other: Precision) -> Precision:
        return Precision(*(a and b for a, b in zip(self, other, strict=True)))


FULL = Precision()


def endpoint_key(method: str | None, path: str | None) -> str:
    """`POST /v1/threads/{thread_id}/runs` and `post https://api.x.com/threads/{id}/runs` -> `post /threads/{}/runs`."""
    return f"{(method or '').strip().lower()} {normal_path(path or '')}"


def normal_path(path: str) -> str:
    """A path without scheme, host, query, version prefix, trailing slash or parameter names."""
    path = urlsplit(path.strip()).path if "://" in path else path.split("?", 1)[0].strip()
    path = "/" + path.strip("/")
    path = VERSION_PREFIX.sub("", path) or "/"
    return PATH_PARAM.sub("{}", path)


def title_key(title: str) -> str:
    """`The assistant object` and `AssistantObject` -> `assistant`: words, lower case, without articles and "object"."""
    words = re.findall(r"[A-Za-z0-9]+", CAMEL.sub(" ", title))
    return " ".join(w.lower() for w in words if w.lower() not in TITLE_STOPWORDS)


def strip_optional(text: str) -> tuple[str, bool]:
    """(`string`, True) for `optional string`: Stainless puts the Required/Optional fact into the type text."""
    stripped = OPTIONAL_PREFIX.sub("", text.strip())
    return stripped, stripped != text.strip()


def alternatives(text: str) -> list[str]:
    """The top-level alternatives of a type text, split at ` or `, ` / `, ` | ` outside brackets."""
    out, depth, start, i = [], 0, 0, 0
    while i < len(text):
        ch = text[i]
        depth += (ch in OPENERS) - (ch in CLOSERS)
        sep = next((s for s in SEPARATORS if depth == 0 and text.startswith(s, i)), None)
        if sep:
            out.append(text[start:i].strip())
            start = i = i + len(sep)
            continue
        i += 1
    out.append(text[start:].strip())
    return _join_array_items([a for a in out if a])


def _join_array_items(alts: list[str]) -> list[str]:
    """Stainless writes an array of a union as `array of A or B or C`: what follows `array of` is its items."""
    for i, alt in enumerate(alts):
        if alt.lower().startswith("array of "):
            return alts[:i] + [" or ".join(alts[i:])]
    return alts


def term(alt: str) -> str:
    """One alternative as a term: a family name (`string`, `array`, ...), a literal (`"auto"`), or the word itself."""
    if LITERAL.match(alt):
        return alt.replace("'", '"')
    m = FIRST_WORD.match(alt)
    word = m.group(0).lower() if m else alt.lower()
    if alt.endswith("[]"):
        return "array"
    return WORD_FAMILY.get(word, word)


def type_shape(text: str, precision: Precision = FULL) -> frozenset[str]:
    """The set of terms a type text allows, at a precision: `string or null` -> {string, null};
    `optional "auto" or "none" or 2 more` -> {"auto", "none"} (or {string} without literals)."""
    out = set()
    for alt in alternatives(strip_optional(text)[0]):
        if MORE.match(alt):
            continue
        t = term(alt)
        if t.startswith('"') and not precision.literal:
            t = "string"
        elif LITERAL.match(t) and not precision.literal:
            t = "boolean" if t in ("true", "false") else "number"
        elif t == "integer" and not precision.integer:
            t = "number"
        elif t == "null" and not precision.null:
            continue
        out.add(t)
    return frozenset(out)


def same_type(a: str, b: str, precision: Precision = FULL) -> bool:
    """Whether two type texts say the same at the shared precision (`unknown`/`any` matches every type)."""
    if a == b:
        return True
    sa, sb = type_shape(a, precision), type_shape(b, precision)
    return sa == sb or "any" in sa or "any" in sb


def precision_of(params: Iterable[Param]) -> Precision:
    """What a snapshot's parameter rows ever spell out."""
    integer = null = literal = default = False
    for p in params:
        terms = type_shape(shown_type(p))
        integer = integer or "integer" in terms
        null = null or "null" in terms
        literal = literal or any(t.startswith('"') for t in terms)
        default = default or p.default is not None
    return Precision(integer, null, literal, default)


def snapshot_precision(sections: Iterable[Section]) -> Precision:
    return precision_of(p for s in sections for p in s.params)


def is_member_row(p: Param) -> bool:
    """A row that only restates one value of its parent's enum (Stainless lists `"auto"` under `detail`)."""
    text = strip_optional(shown_type(p))[0]
    return bool(LITERAL.match(text)) and p.name.strip() in ("", text, text.strip("\"'"))


def variant_label(p: Param, ordinal: int) -> str:
    """A "possible types" row's label that two sites share: its type family and its place among its siblings of
    that family (`object#0`): the titles differ (`System message` vs `ChatCompletionRequestSystemMessage`)."""
    shape = sorted(type_shape(shown_type(p), Precision(False, False, False, False)))
    return f"{'|'.join(shape) or 'any'}#{ordinal}"
