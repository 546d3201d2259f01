"""An example value for a schema, as reference renderers show a response sample when the spec gives none: the
schema's own `example`/`default`/`const`/first enum value where it has one, else a placeholder of its type
(`"string"`, `0`, `true`), objects with every property, arrays with one item, a choice by its first shape.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from .openapi_spec import Node
from .spec_schema import Flat

PLACEHOLDERS: dict[str, Any] = {"string": "string", "integer": 0, "number": 0, "boolean": True, "null": None}
MAX_DEPTH = 10  # a recursive schema's sample stops here


def example_value(flat_of: Callable[[Node], Flat], node: Node) -> Any:
    """A JSON-able example of the schema at node (`flat_of`: the merged schema of a node, cached)."""
    return _value(flat_of, flat_of(node), 0, frozenset())


def _value(flat_of: Callable[[Node], Flat], flat: Flat, depth: int, seen: frozenset[int]) -> Any:
    keys = flat.keys
    for key in ("example", "default", "const"):
        if key in keys:
            return keys[key]
    for key in ("examples", "enum"):
        if isinstance(keys.get(key), list) and keys[key]:
            return keys[key][0]
    if depth >= MAX_DEPTH:
        return None
    kind = keys.get("type")
    kind = next((k for k in kind if k != "null"), "null") if isinstance(kind, list) else kind
    if flat.properties:
        out = {}
        for name, sub in flat.properties.items():
            if id(sub.value) not in seen:
                out[name] = _value(flat_of, flat_of(sub), depth + 1, seen | {id(sub.value)})
        return out
    if flat.items is not None:
        return [_value(flat_of, flat_of(flat.items), depth + 1, seen)]
    if flat.choices:
        return _value(flat_of, flat_of(flat.choices[0]), depth + 1, seen)
    if kind == "object":
        return {}
    if kind == "array":
        return []
    return PLACEHOLDERS.get(kind, None) if isinstance(kind, str) else None
