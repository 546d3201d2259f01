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
LITERAL = re.compile(r'^("[^"]*"|\'[^\']*\'|-?\d+(\.\d+)?|true|false)$')  # one value: `"a" or "b"` is two
OPTIONAL_PREFIX = re.compile(r"^optional\s+", re.IGNORECASE)  # Stainless http: `user: optional string`
def shown_type(p: Param) -> str:
    """The row's type as its page spells it: a Stainless row's declaration after `name: ` (`optional map[number]`:
    its `type` field is only the last type element, `number`), else the row's type."""
    decl = p.declaration or ""
    if p.name and decl.startswith(p.name + ": "):
        return decl[len(p.name) + 2:]
    return p.type


# A map whose values may be anything says no more than `object` (the legacy page's word for a free-form object).
MAP_OF = re.compile(r"\b(map|record|dict)\s*[\[<]", re.IGNORECASE)  # a map with its values' type: `map[string]`
FREE_MAP = re.compile(r"^(map|record|dict)\s*[\[<(]\s*(unknown|any)?\s*[\]>)]$", re.IGNORECASE)
TABLE_TITLES = {  # headings of parameter tables -> Param.group (the legacy page heads its tables, Stainless keys them)
    "path parameters": "path", "query parameters": "query", "header parameters": "header",
    "request body": "body", "body parameters": "body", "returns": "returns",
}
NAMED_OBJECT = re.compile(r"^[A-Za-z_][\w.]*\s*\{")  # `ProjectUser { id, ... }`: a model by name, an object
PLAIN_QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"'})  # ‘ ’ “ ”
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
    returns: bool = True  # shows the rows of an endpoint's response (`Param.group == "returns"`)
    variants: bool = True  # draws a row for each alternative of every union (else only for some)
    badges: bool = True  # shows section badges (`Beta`, `Deprecated`)
    prose: bool = True  # keeps the line breaks between a description's blocks (else compared as `prose_key`)
    maps: bool = True  # writes a map's values (`map[string]`), so a map is told from an object
    # One renderer on both sides: what each renderer decides by its own rules compares as written. Across kinds
    # of site, `file` is a `string` (Stainless writes `file` for a lone upload, `string` inside a union), and
    # an `unknown` with nothing below says nothing of the rows the other site draws there (a model inside
    # itself: the legacy page expands it to its depth cap, Stainless writes `unknown`).
    one_renderer: bool = True

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


def name_key(name: str) -> str:
    """A property name without the quotes a site puts around names that are not identifiers (Stainless:
    `"hate/threatening"`, the legacy page: `hate/threatening`) or the `[]` a form or query array's name may
    carry on the wire (`include[]`: Stainless writes `include`)."""
    name = name.strip()
    if len(name) > 1 and name[0] == name[-1] and name[0] in "\"'":
        name = name[1:-1]
    return name.removesuffix("[]") or name


def group_of_title(title: str) -> str:
    """A parameter table's group from its heading (`Path parameters` -> `path`, `Request body` -> `body`), ""
    when the heading names none."""
    return TABLE_TITLES.get(" ".join(title.lower().split()), "")


def prose_key(text: str) -> str:
    """A description as two renderers of the same text agree on it: without whitespace (one page runs its blocks
    together, `completion.Accepts`, another breaks lines between them) and with typographic quotes made plain
    (`model’s` = `model's`)."""
    return "".join(text.translate(PLAIN_QUOTES).split())


def same_prose(a: str, b: str, precision: Precision = FULL) -> bool:
    """Whether two descriptions say the same: exactly, unless one site does not keep their block breaks."""
    return a == b or (not precision.prose and prose_key(a) == prose_key(b))


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
    if FREE_MAP.match(alt) or NAMED_OBJECT.match(alt):
        return "object"
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
        elif t == "map" and not precision.maps:
            t = "object"
        elif t == "file" and not precision.one_renderer:
            t = "string"
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
    integer = null = literal = default = returns = prose = maps = False
    for p in params:
        shown = shown_type(p)
        terms = type_shape(shown)
        maps = maps or bool(MAP_OF.search(shown))
        integer = integer or "integer" in terms
        null = null or "null" in terms
        literal = literal or any(t.startswith('"') for t in terms)
        default = default or p.default is not None
        returns = returns or p.group == "returns"
        prose = prose or "\n" in p.description
    return Precision(integer, null, literal, default, returns, prose=prose, maps=maps)


def snapshot_precision(sections: Iterable[Section]) -> Precision:
    """What a snapshot's sections ever spell out: its rows' spellings, whether every union's alternatives are
    rows, whether any section has badges."""
    secs = list(sections)
    rows = precision_of(p for s in secs for p in s.params)
    variants = all(draws_alternatives(s.params) for s in secs)
    return rows._replace(variants=variants, badges=any(s.badges for s in secs))


def draws_alternatives(params: list[Param]) -> bool:
    """Whether every row whose type is a union of two or more kinds (not only enum values) has rows below it:
    the legacy page draws "possible types" for some unions (`string or object`) but not others
    (`string / array / null`), a Stainless site for every one."""
    for i, p in enumerate(params):
        terms = type_shape(shown_type(p)) - {"null"}
        union = len(terms) > 1 and not all(t.startswith('"') for t in terms)
        if union and not (i + 1 < len(params) and params[i + 1].depth > p.depth):
            return False
    return True


def is_member_row(p: Param, parent: Param | None = None) -> bool:
    """A row that only restates one value of its parent's enum (Stainless lists `"auto"` under `detail`). With
    the parent given, only under an enum (all its values literals): under `"auto" or object { ... }` the row
    `"auto"` is an alternative of a union, a "possible types" row."""
    text = strip_optional(shown_type(p))[0]
    restates = bool(LITERAL.match(text)) and p.name.strip() in ("", text, text.strip("\"'"))
    if not restates or parent is None:
        return restates
    return all(LITERAL.match(t) for t in type_shape(shown_type(parent)))


def variant_label(p: Param, ordinal: int) -> str:
    """A "possible types" row's label that two sites share: its type family and its place among its siblings of
    that family (`object#0`): the titles differ (`System message` vs `ChatCompletionRequestSystemMessage`)."""
    shape = sorted(type_shape(shown_type(p), Precision(False, False, False, False)))
    return f"{'|'.join(shape) or 'any'}#{ordinal}"
