"""An OpenAPI schema as a reader sees it: `$ref` followed, `allOf` merged, `oneOf`/`anyOf` kept as choices, and
named in words (`array of object (Message)`, `string or null`) with its constraints in words (`enum: "auto",
"low"; >= 0`). `scraper.spec_rows` turns these into parameter rows, `scraper.spec_sample` into example JSON.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from .openapi_spec import Node, Walker

CHOICES = ("oneOf", "anyOf")
NUMERIC = (("minimum", ">= {}"), ("exclusiveMinimum", "> {}"), ("maximum", "<= {}"), ("exclusiveMaximum", "< {}"),
           ("multipleOf", "multiple of {}"), ("minLength", ">= {} characters"), ("maxLength", "<= {} characters"),
           ("minItems", ">= {} items"), ("maxItems", "<= {} items"), ("minProperties", ">= {} properties"),
           ("maxProperties", "<= {} properties"))
MAX_NAMED_CHOICES = 6  # a type made of more choices than this is named by its first ones and "..."


@dataclass
class Flat:
    """One schema with its `$ref` chain and `allOf` members merged into it (the schema's own keywords win)."""

    keys: dict[str, Any] = field(default_factory=dict)  # every other keyword (type, description, enum, ...)
    properties: dict[str, Node] = field(default_factory=dict)
    required: set[str] = field(default_factory=set)
    items: Node | None = None
    choices: list[Node] = field(default_factory=list)  # oneOf / anyOf members
    choice_word: str = ""  # `One of`, `Any of`
    ref_name: str | None = None  # the component it was named by (`ChatCompletionRequestMessage`)

    @property
    def title(self) -> str | None:
        title = self.keys.get("title")
        return title if isinstance(title, str) and title else self.ref_name


def flatten(walker: Walker, node: Node, seen: frozenset[int] = frozenset()) -> Flat:
    """The schema at node merged (a schema met again inside itself adds nothing: recursion ends there)."""
    out = Flat()
    if id(node.value) in seen:
        return out
    seen = seen | {id(node.value)}
    value = node.value
    for key, sub in value.items():
        if key in ("$ref", "allOf", "properties", "required", "items", *CHOICES):
            continue
        out.keys[key] = sub
    for name, sub in (value.get("properties") or {}).items():
        if isinstance(sub, Mapping):
            out.properties[str(name)] = Node(sub, node.resolver)
    out.required.update(str(r) for r in value.get("required") or [] if isinstance(r, str))
    if isinstance(value.get("items"), Mapping):
        out.items = Node(value["items"], node.resolver)
    for key in CHOICES:
        members = [Node(m, node.resolver) for m in value.get(key) or [] if isinstance(m, Mapping)]
        if members and not out.choices:
            out.choices, out.choice_word = members, "One of" if key == "oneOf" else "Any of"
    ref = value.get("$ref")
    if isinstance(ref, str):
        target, resolver = walker.lookup(ref, node.resolver)
        if isinstance(target, Mapping):
            out.ref_name = ref.rsplit("/", 1)[-1] or None
            merge(out, flatten(walker, Node(target, resolver), seen))
    for member in value.get("allOf") or []:
        if isinstance(member, Mapping):
            merge(out, flatten(walker, Node(member, node.resolver), seen))
    return out


def merge(into: Flat, other: Flat) -> None:
    """other's facts where into has none (properties and required: the union)."""
    for key, value in other.keys.items():
        into.keys.setdefault(key, value)
    for name, sub in other.properties.items():
        into.properties.setdefault(name, sub)
    into.required |= other.required
    into.items = into.items or other.items
    if not into.choices:
        into.choices, into.choice_word = other.choices, other.choice_word
    into.ref_name = into.ref_name or other.ref_name


def element(flat_of: Callable[[Node], Flat], flat: Flat) -> Flat:
    """What an array holds, arrays of arrays included (the schema itself when it is no array); `flat_of`: the
    merged schema of a node."""
    for _ in range(8):
        if flat.items is None:
            break
        flat = flat_of(flat.items)
    return flat


def type_name(walker: Walker, flat: Flat, depth: int = 0) -> str:
    """`string`, `integer or null`, `array of object (Message)`, `string or array of object`."""
    kinds = flat.keys.get("type")
    kinds = [k for k in kinds if isinstance(k, str)] if isinstance(kinds, list) else \
        [kinds] if isinstance(kinds, str) else []
    nullable = flat.keys.get("nullable") is True or "null" in kinds
    kinds = [k for k in kinds if k != "null"]
    if flat.items is not None and depth < 4 and (not kinds or kinds == ["array"]):
        inner = type_name(walker, flatten(walker, flat.items), depth + 1)
        name = "array of " + (f"({inner})" if " or " in inner else inner)
    elif kinds:
        name = " or ".join(kinds)
        if kinds == ["object"] and flat.title:
            name += f" ({flat.title})"
    elif flat.choices and depth < 4:
        names = [type_name(walker, flatten(walker, c), depth + 1) for c in flat.choices[:MAX_NAMED_CHOICES]]
        names += ["..."] if len(flat.choices) > MAX_NAMED_CHOICES else []
        nullable = nullable or "null" in names
        name = " or ".join(dict.fromkeys(n for n in names if n != "null"))
    elif flat.properties:
        name = "object" + (f" ({flat.title})" if flat.title else "")
    else:
        name = "const" if "const" in flat.keys else "any"
        if "const" in flat.keys or "enum" in flat.keys:
            values = [flat.keys["const"]] if "const" in flat.keys else flat.keys["enum"] or []
            name = " or ".join(dict.fromkeys(json_kind(v) for v in values)) or "any"
    return name + " or null" if nullable and name != "null" else name


def json_kind(value: Any) -> str:
    return {bool: "boolean", int: "integer", float: "number", str: "string", type(None): "null",
            list: "array", dict: "object"}.get(type(value), "any")


def constraints(flat: Flat) -> str | None:
    """The schema's constraints in words, `; `-joined, or None."""
    keys = flat.keys
    out = []
    if "const" in keys:
        out.append(f"value: {literal(keys['const'])}")
    if isinstance(keys.get("enum"), list) and keys["enum"]:
        values = [literal(v) for v in keys["enum"]]
        out.append(f"value: {values[0]}" if len(values) == 1 else "enum: " + ", ".join(values))
    if isinstance(keys.get("format"), str):
        out.append(f"format: {keys['format']}")
    for key, words in NUMERIC:
        if isinstance(keys.get(key), (int, float)) and not isinstance(keys.get(key), bool):
            out.append(words.format(keys[key]))
    if keys.get("uniqueItems") is True:
        out.append("unique items")
    if isinstance(keys.get("pattern"), str):
        out.append(f"pattern: {keys['pattern']}")
    return "; ".join(out) or None


def literal(value: Any) -> str:
    """A value as JSON writes it (`"auto"`, `0.7`, `null`)."""
    return json.dumps(value, ensure_ascii=False, sort_keys=True)
