"""Parameter rows made comparable: what a section's table says, whichever kind of site drew it.

Two sites lay out the same facts in different rows. The diff compares them once these are made alike:

- A row that only restates one value of its parent's enum (Stainless lists `"auto"` under `detail`) is left out.
- A model row that holds a table (Stainless shows an object's properties, and an endpoint's Returns, under one
  row for the model itself: `FineTuningJob object { id, ... }`) is kept apart: its properties are compared one
  level up, as the legacy page lists an object's properties at the top. Model rows pair only with each other;
  one that has no counterpart says nothing its properties do not.
- A union inside a union is one union: an alternative whose rows are all alternatives (the legacy page's
  `Item` under `Input item list`) gives way to them, as a site that flattens the union draws it.
- An endpoint's Returns rows (group `returns`) are what a client reads, so their levels are an object's; a site
  that never shows them says nothing about them (`Precision.returns`).
- Rows are keyed by their path of names, a "possible types" row by its place among its parent's alternatives
  (`messages.#0.content`): two sites title alternatives differently (`System message` vs
  `ChatCompletionRequestSystemMessage`). Rows pair by row id, then by key path, then path parameters by their
  order: they fill the path's slots, whatever each site calls them.
"""

from __future__ import annotations

from typing import NamedTuple

from lxml import html as lxml_html

from apiref.scraper.snapshot import Param

from .spelling import group_of_title, is_member_row, name_key, shown_type, type_shape

# The default language's rows and tables: another language's carry `data-lang`, on themselves or an ancestor.
_DEFAULT_LANGUAGE = "[not(ancestor-or-self::*[@data-lang])]"
# ROWS carry data-kind ("property" or "type"); TABLES carry data-group or data-title.
ROWS = f"//li[contains(concat(' ', normalize-space(@class), ' '), ' apiref-param ')][@id]{_DEFAULT_LANGUAGE}"
TABLES = f"//*[contains(concat(' ', normalize-space(@class), ' '), ' apiref-params ')]{_DEFAULT_LANGUAGE}"
RETURNS_GROUP = "returns"  # the group of an endpoint's response rows (docs/snapshot-format.md)
PATH_GROUP = "path"  # the group of path parameters
MODEL_KEY = "(model)"  # the key of a model row: one that holds a table of properties
RETURNS_KEY = "(returns)"  # the key prefix of an endpoint's response rows


class Markup(NamedTuple):
    """What a section's markup says about its rows beyond the manifest: each row's kind ("property" or "type")
    and table (`path`, `query`, `body`, `returns`, ...)."""

    kinds: dict[str, str]
    groups: dict[str, str]


def no_markup() -> Markup:
    """What a row list without markup says: every row a property, in no named table."""
    return Markup({}, {})


class Row(NamedTuple):
    """One row ready to compare: the row (its depth as compared), its path of names, its key path, its table,
    whether it is a "possible types" alternative or a model row, whether it is an endpoint's Returns row (what
    a client reads), whether no rows sit below it."""

    param: Param
    path: str
    key: str
    group: str
    variant: bool
    model: bool
    returns: bool
    leaf: bool


def comparable_rows(params: list[Param], markup: Markup, section_kind: str, returns: bool = True) -> list[Row]:
    """A section's rows as the diff compares them (see the module docstring); `returns=False` leaves out an
    endpoint's Returns rows (the other snapshot's site never shows them)."""
    rows = without_members(params)
    if section_kind != "endpoint":
        return _table(rows, markup, "", section_kind == "object")
    request = [p for p in rows if _group(p, markup) != RETURNS_GROUP]
    response = [p for p in rows if _group(p, markup) == RETURNS_GROUP] if returns else []
    return _table(request, markup, "", False) + _table(response, markup, RETURNS_KEY, True, returns=True)


def without_members(params: list[Param]) -> list[Param]:
    """The rows without those that restate one value of their parent's enum."""
    parents: list[Param] = []
    out = []
    for p in params:
        del parents[p.depth:]
        if not is_member_row(p, parents[-1] if parents else None):
            out.append(p)
        parents.append(p)
    return out


def _table(params: list[Param], markup: Markup, prefix: str, unwrap: bool, returns: bool = False) -> list[Row]:
    """The rows of one table keyed under prefix, a leading model row unwrapped when asked: an object's rows then
    read as the legacy page lists them (depth and path below the model); Returns rows keep the model's name in
    their path and their depth, which tell the reader they are the response."""
    if not params:
        return []
    model = params[0] if unwrap and is_model_row(params, markup.kinds) else None
    lift = int(model is not None)
    body = flatten_unions([p.model_copy(update={"depth": p.depth - lift}) for p in params[lift:]], markup.kinds)
    keys = [_join(prefix, k) for k in row_keys(body, markup.kinds)]
    paths = name_paths(body)
    if returns and model is not None:
        body = [p.model_copy(update={"depth": p.depth + 1}) for p in body]
        paths = [f"{model.name}.{path}" for path in paths]
    leaves = [i + 1 == len(body) or body[i + 1].depth <= p.depth for i, p in enumerate(body)]
    out = [Row(p, path, key, _group(p, markup), markup.kinds.get(p.id) == "type", False, returns, leaf)
           for p, path, key, leaf in zip(body, paths, keys, leaves, strict=True)]  # one each per row of body
    if model is not None:  # its name compared: a model renamed is news
        model_row = Row(model, model.name, _join(prefix, MODEL_KEY), _group(model, markup), False, True, returns, False)
        out.insert(0, model_row)
    return out


def _group(p: Param, markup: Markup) -> str:
    return p.group or markup.groups.get(p.id, "")


def is_model_row(params: list[Param], kinds: dict[str, str]) -> bool:
    """Whether a table's first row is the model holding the rest: a "possible types"-like row at the top with
    every other row below it (`FineTuningJob object { id, ... }` over `id`, `created_at`, ...)."""
    head = params[0]
    return head.depth == 0 and kinds.get(head.id) == "type" and len(params) > 1 and all(p.depth > 0 for p in params[1:])


def flatten_unions(params: list[Param], kinds: dict[str, str]) -> list[Param]:
    """The rows with every alternative that is itself a union of alternatives (all its child rows are "possible
    types", and it is not an array of them) replaced by those alternatives, one level up."""
    out = list(params)
    i = 0
    while i < len(out):
        p, end = out[i], _subtree_end(out, i)
        children = [q for q in out[i + 1:end] if q.depth == p.depth + 1]
        nested = (p.depth > 0 and kinds.get(p.id) == "type" and children
                  and all(kinds.get(q.id) == "type" for q in children))
        if nested and "array" not in type_shape(shown_type(p)):
            out[i:end] = [q.model_copy(update={"depth": q.depth - 1}) for q in out[i + 1:end]]
            continue
        i += 1
    return out


def _subtree_end(params: list[Param], i: int) -> int:
    end = i + 1
    while end < len(params) and params[end].depth > params[i].depth:
        end += 1
    return end


def _join(prefix: str, key: str) -> str:
    return f"{prefix}.{key}" if prefix else key


def pair_rows(a: list[Row], b: list[Row]) -> dict[int, int]:
    """Index pairs old -> new: by row id, then by key path (each by occurrence; model rows only with model
    rows), then the path parameters left by their order."""
    pairs: dict[int, int] = {}
    for label in (_by_id, _by_key, _by_path_slot):
        left = _occurrences([(i, label(x)) for i, x in enumerate(a) if i not in pairs])
        taken = set(pairs.values())
        right = _occurrences([(j, label(y)) for j, y in enumerate(b) if j not in taken])
        for k, j in right.items():
            if k in left and k[0] is not None:
                pairs[left[k]] = j
    return pairs


def _by_id(row: Row) -> str | None:
    return f"{MODEL_KEY}{row.param.id}" if row.model else row.param.id


def _by_key(row: Row) -> str | None:
    return row.key


def _by_path_slot(row: Row) -> str | None:
    return PATH_GROUP if row.group == PATH_GROUP and row.param.depth == 0 else None


def _occurrences(labelled: list[tuple[int, str | None]]) -> dict[tuple[str | None, int], int]:
    seen: dict[str | None, int] = {}
    out = {}
    for i, lab in labelled:
        seen[lab] = seen.get(lab, 0) + 1
        out[(lab, seen[lab])] = i
    return out


def name_paths(params: list[Param]) -> list[str]:
    """Each row's names from its top-level ancestor down, joined by "." (rows are depth-first in page order)."""
    stack: list[str] = []
    out = []
    for p in params:
        del stack[p.depth:]
        stack.append(p.name)
        out.append(".".join(stack))
    return out


def row_keys(params: list[Param], kinds: dict[str, str]) -> list[str]:
    """Each row's key path: names (as `spelling.name_key`), with a "possible types" row (`kinds[id] == "type"`)
    named by its place among its parent's alternatives (`messages.#0.content`)."""
    stack: list[str] = []
    counters: list[int] = []  # per depth: alternatives seen under the current parent
    out = []
    for p in params:
        del stack[p.depth:]
        del counters[p.depth + 1:]
        while len(counters) <= p.depth:
            counters.append(0)
        if kinds.get(p.id) == "type":
            stack.append(f"#{counters[p.depth]}")
            counters[p.depth] += 1
        else:
            stack.append(name_key(p.name))
        out.append(".".join(stack))
    return out


def row_markup(html: str) -> Markup:
    """Each row's kind and table from a section's markup, for the default language's rows (a multi-language
    site repeats row ids in each language's tables, with other kinds). Read with lxml: a Stainless section
    holds every language's tables, megabytes that BeautifulSoup would take a second each to parse."""
    if "apiref-param" not in html:
        return no_markup()
    doc = lxml_html.fromstring(html)
    groups: dict[str, str] = {}
    for table in doc.xpath(TABLES):
        group = str(table.get("data-group") or group_of_title(table.get("data-title") or ""))
        for li in table.xpath(f".{ROWS}"):
            groups.setdefault(str(li.get("id")), group)
    kinds: dict[str, str] = {}
    for li in doc.xpath(ROWS):
        kinds.setdefault(str(li.get("id")), str(li.get("data-kind") or "property"))
    return Markup(kinds, groups)


def row_kinds(html: str) -> dict[str, str]:
    """Row id -> data-kind ("property" or "type") from a section's markup, for the default language's rows."""
    return row_markup(html).kinds
