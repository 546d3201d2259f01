"""The parameter rows of an OpenAPI operation, as the endpoint records hold them (`scraper.sites.openapi`): each
parameter, each request-body property to the depth cap, depth-first. A property whose schema is a choice of
several shapes (`oneOf`/`anyOf`) gets one possible-type row per shape (no name: the branch's title, as Redoc
shows it), with that shape's properties below it; a possible-type row adds a row level but no property level, so
the depth cap counts properties as the renderers' truth does.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from html import unescape
from typing import Any

from .openapi_spec import Node, Walker
from .spec_schema import Flat, constraints, element, flatten, literal, type_name

Raw = dict[str, Any]
BLOCK_END = re.compile(r"</(?:p|li|h[1-6]|pre|tr|td|th|blockquote)>|<br\s*/?>")
TAGS = re.compile(r"<[^>]+>")
SPACE = re.compile(r"\s+")


class RowMaker:
    """Rows of one document's schemas: `markdown` renders a description (CommonMark) as HTML."""

    def __init__(self, walker: Walker, max_depth: int, markdown: Callable[[str], str]) -> None:
        self.walker, self.max_depth, self.markdown = walker, max_depth, markdown
        self.flats: dict[int, Flat] = {}
        self.descriptions: dict[str, Raw] = {}  # the same component's description is met many times

    def flat(self, node: Node) -> Flat:
        """The merged schema at node, once per schema object (the same component is met many times)."""
        key = id(node.value)
        if key not in self.flats:
            self.flats[key] = flatten(self.walker, node)
        return self.flats[key]

    def parameter(self, param: Raw, resolver: Any) -> list[Raw]:
        """A Parameter Object's row (its schema's properties below it, for an object-valued parameter); a
        parameter described by `content` instead of `schema` has its first media type's schema."""
        schema = param.get("schema")
        if not isinstance(schema, dict) and isinstance(param.get("content"), dict):
            media = next(iter(param["content"].values()), None)
            schema = media.get("schema") if isinstance(media, dict) else None
        flat = self.flat(Node(schema, resolver)) if isinstance(schema, dict) else Flat()
        row = self.row(str(param.get("name") or ""), flat, 0, bool(param.get("required")), param)
        return [row, *self.below(flat, 1, 1)] if flat.properties else [row]

    def body(self, schema: Node) -> list[Raw]:
        """A request body's rows: its top-level properties (or its shapes) and everything below them."""
        return self.below(self.flat(schema), 0, 0)

    def below(self, flat: Flat, depth: int, level: int, within: frozenset[int] = frozenset()) -> list[Raw]:
        """The rows under a schema: its properties (an array's: its items'), then one row per shape it may take
        (`within`: the choices this level is already inside: a shape that is one of them again adds nothing)."""
        flat = element(self.flat, flat)
        if id(flat) in within:
            return []
        within |= {id(flat)}
        rows: list[Raw] = []
        for name, sub in flat.properties.items():
            rows += self.property(name, self.flat(sub), depth, level, name in flat.required)
        shapes = [self.flat(c) for c in flat.choices]
        if len(shapes) == 1:
            rows += self.below(shapes[0], depth, level, within)
        elif shapes:
            for shape in shapes:
                inner = self.below(shape, depth + 1, level, within)
                rows.append({"name": "", "depth": depth, "type": shape.title or type_name(self.walker, shape),
                             "annotation": flat.choice_word, "expandable": bool(inner),
                             "constraints": constraints(shape), **self.described(shape.keys.get("description"))})
                rows += inner
        return rows

    def property(self, name: str, flat: Flat, depth: int, level: int, required: bool) -> list[Raw]:
        """One property's row and, above the depth cap, the rows below it."""
        inner = self.below(flat, depth + 1, level + 1) if level < self.max_depth else []
        row = self.row(name, flat, depth, required, {})
        row["expandable"] = bool(inner)
        if len(element(self.flat, flat).choices) > 1:  # its possible types follow it
            row["annotation"] = element(self.flat, flat).choice_word
        return [row, *inner]

    def row(self, name: str, flat: Flat, depth: int, required: bool, outer: Raw) -> Raw:
        """A named row; `outer`: the Parameter Object around the schema (its description and flags win)."""
        keys = {**flat.keys, **{k: v for k, v in outer.items() if k in ("description", "deprecated", "example")}}
        default = keys.get("default")
        return {"name": name, "depth": depth, "type": type_name(self.walker, flat), "optional": not required,
                "deprecated": keys.get("deprecated") is True,
                "default": None if default is None else literal(default),
                "constraints": constraints(flat), **self.described(keys.get("description"))}

    def described(self, text: Any) -> Raw:
        """A description as plain text and as HTML (empty: neither)."""
        if not isinstance(text, str) or not text.strip():
            return {"description": None, "description_html": None}
        if text not in self.descriptions:
            html = self.markdown(text)
            plain = SPACE.sub(" ", unescape(TAGS.sub("", BLOCK_END.sub(" ", html)))).strip()
            self.descriptions[text] = {"description": plain, "description_html": html}
        return dict(self.descriptions[text])
