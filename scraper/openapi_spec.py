"""What an OpenAPI 3.0 or 3.1 document says a reference page built from it must show: its operations, their
parameters, request-body properties and code samples (`apiref audit` compares a snapshot with this).

Read as the renderers' truth reads a spec:

- Operations: every method under `paths`, in document order; `webhooks` are not operations.
- Parameters: the path item's and the operation's (`$ref` followed), by `in` (path, query, header, cookie), each
  name once per group.
- Body: the properties of every media type's schema, unioned, walked depth-first to `max_depth` (0 = top level):
  `$ref` followed (as one more `allOf` member, which is what 3.1 makes of a `$ref` beside other keywords), `allOf`
  merged, `oneOf`/`anyOf` branches unioned by property name, array `items` passed through with no depth and no
  path segment (below the top level: a body that is itself an array has no top-level properties), recursion
  bounded by the depth cap; `additionalProperties` is not walked.
- Code samples: `x-codeSamples` (or Redoc's older `x-code-samples`), each with the language a page's tab names it
  by: the label without its variant, lower case (`Python (Streaming)` -> `python`), else the `lang`.

$refs are resolved with `referencing` (the python-jsonschema project's resolver): JSON pointers with their escapes,
relative and absolute references to the document itself, `$id` base changes in 3.1 schemas, and references to other
documents (a multi-file spec), read once each from disk or the web (`scraper.spec_refs`).
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml
from referencing import Registry, Specification
from referencing.exceptions import Unresolvable
from referencing.jsonschema import DRAFT4, DRAFT202012

from .errors import PageError, SpecError
from .spec_refs import URL_SCHEMES, Documents, Reader, local_or_web, named_document
from .swagger2 import is_swagger2, to_openapi3

if TYPE_CHECKING:
    from referencing._core import Resolver  # public as `Registry.resolver()`'s type, not exported by name

HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")  # keys of a path item
PARAM_GROUPS = ("path", "query", "header", "cookie")  # a Parameter Object's `in`
BODY = "body"  # the group of the request body's properties (as snapshots key it)
GROUPS = (*PARAM_GROUPS, BODY)
COMBINATORS = ("allOf", "oneOf", "anyOf")  # allOf merged, oneOf/anyOf branches unioned by name: the page shows all
STRUCTURE = ("properties", "items", *COMBINATORS)  # what a schema beside its $ref can add to the walk
SAMPLE_KEYS = ("x-codeSamples", "x-code-samples")  # Redoc's extension, and its older spelling
DEFAULT_DEPTH = 6  # body properties are compared to this depth (0 = top level): as deep as the renderers' truth

Schema = Mapping[str, Any]


@dataclass(frozen=True)
class CodeSample:
    """One x-codeSamples entry of an operation."""

    lang: str  # as a page's tab names it: `python`, `node.js`, `curl`
    variant: str  # the label's parenthesised part (`Streaming`), "" without one
    label: str
    spec_lang: str  # the entry's own `lang` (`Python`, `Shell`): renderers pick which samples to show by it
    source: str


@dataclass(frozen=True)
class Operation:
    """One operation as a reference page must show it."""

    method: str  # upper case
    path: str  # as in the spec: `/threads/{thread_id}`
    params: dict[str, tuple[str, ...]]  # group (path, query, header, cookie, body) -> top-level names, spec order
    body: dict[str, int]  # dotted path of every body property to the depth cap -> its depth, depth-first order
    samples: tuple[CodeSample, ...] = ()

    @property
    def key(self) -> str:
        return f"{self.method} {self.path}"


@dataclass(frozen=True)
class Spec:
    """The operations of one OpenAPI document, walked to a depth cap."""

    source: str  # the file or URL it was read from
    openapi: str  # the document's `openapi` version
    max_depth: int
    operations: tuple[Operation, ...] = field(default_factory=tuple)

    @property
    def has_samples(self) -> bool:
        return any(op.samples for op in self.operations)


# ---------------------------------------------------------------------------------------------------- loading

def load_spec(source: str, max_depth: int = DEFAULT_DEPTH) -> Spec:
    """Read an OpenAPI document from a file or an http(s) URL and walk it (with the documents it refers to)."""
    text, uri = read_source(source)
    return parse_spec(parse_document(text, source), source, uri, max_depth, local_or_web)


def read_source(source: str) -> tuple[str, str]:
    """The document's text and the URI its own $refs are relative to."""
    if source.startswith(URL_SCHEMES):
        try:
            return named_document(source)
        except PageError as e:
            raise SpecError(f"spec {e}") from None
    path = Path(source)
    try:
        return path.read_text(encoding="utf-8"), path.resolve().as_uri()
    except FileNotFoundError:
        raise SpecError(f"spec {source} not found; give the path or URL of the OpenAPI document the site was built from"
                        ) from None
    except (OSError, UnicodeDecodeError) as e:
        raise SpecError(f"spec {source} cannot be read ({e}); give a UTF-8 JSON or YAML file") from None


def parse_document(text: str, source: str) -> Any:
    """JSON or YAML text as data (JSON is read as JSON: much faster than YAML's parser on a large spec; a byte
    order mark, which some servers and editors put first, is not part of either)."""
    text = text.removeprefix("\ufeff")
    if text.lstrip().startswith("{"):
        try:
            return json.loads(text)
        except ValueError as e:
            raise SpecError(f"spec {source} is not valid JSON ({e}); check the file") from None
    try:
        return load_yaml(text)
    except yaml.YAMLError as e:
        where = getattr(e, "problem_mark", None)
        at = f" at line {where.line + 1}" if where is not None else ""
        raise SpecError(f"spec {source} is neither JSON nor valid YAML (error{at}); check the file") from None


class _SafeLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """libyaml's safe loader where it is built in (the 2025-04-29 spec, 1.4 MB: 1.5 s against 9 s)."""


class _ReanchoringLoader(yaml.SafeLoader):
    """A safe loader that lets a later anchor take over an earlier one's name, as YAML 1.2 allows and some published
    specs do (PyYAML refuses the document otherwise)."""

    def compose_node(self, parent: Any, index: Any) -> Any:
        if not self.check_event(yaml.AliasEvent):
            anchor = self.peek_event().anchor  # type: ignore[no-untyped-call]  # the stubs leave the parser untyped
            if anchor is not None:
                self.anchors.pop(anchor, None)
        return super().compose_node(parent, index)


def load_yaml(text: str) -> Any:
    try:
        return yaml.load(text, Loader=_SafeLoader)
    except yaml.composer.ComposerError:  # a re-used anchor name: the slower loader that accepts it
        return yaml.load(text, Loader=_ReanchoringLoader)


# ---------------------------------------------------------------------------------------------------- walking

def parse_spec(document: Any, source: str, uri: str, max_depth: int = DEFAULT_DEPTH, read: Reader | None = None
               ) -> Spec:
    """The operations of a loaded OpenAPI 3 document (uri: where its own $refs point; read: how to read the
    other documents they name, if any may be read)."""
    document = as_openapi3(document)
    version = check_openapi(document, source)
    walker = new_walker(document, uri, max_depth, source, read)
    return Spec(source, version, max_depth, tuple(walker.operations(document.get("paths") or {})))


def new_walker(document: Any, uri: str, max_depth: int, source: str, read: Reader | None = None) -> Walker:
    """The walk of a checked OpenAPI 3 document, its $refs resolved against uri (and other documents they name
    read with `read`; without it, such a $ref is an error)."""
    dialect: Specification[Any] = DRAFT202012 if str(document.get("openapi")).startswith("3.1") else DRAFT4
    registry: Registry[Any] = Registry(  # type: ignore[call-arg]  # (attrs' alias of `_retrieve`: mypy misses it)
        retrieve=Documents(read, dialect, source)) if read else Registry()
    registry = registry.with_resource(uri, dialect.create_resource(document))
    return Walker(registry.resolver(base_uri=uri), max_depth, source)


def as_openapi3(document: Any) -> Any:
    """The document, or the OpenAPI 3.0 document a Swagger 2.0 one says the same as (`scraper.swagger2`)."""
    return to_openapi3(document) if is_swagger2(document) else document


def check_openapi(document: Any, source: str) -> str:
    if not isinstance(document, dict):
        raise SpecError(f"spec {source} is not an OpenAPI document (not a mapping); give the OpenAPI JSON or YAML file")
    version = document.get("openapi")
    old = document.get("swagger") or document.get("swaggerVersion")  # (2.0 is read as the 3.0 it converts to)
    if old is not None and version is None:
        raise SpecError(f"spec {source} is Swagger {old}; convert it to OpenAPI 3 first")
    if not isinstance(version, str) or not version.startswith("3."):
        raise SpecError(f"spec {source} is not an OpenAPI 3 document (openapi: {version!r}); "
                        "give the OpenAPI JSON or YAML file the site was built from")
    if not isinstance(document.get("paths") or {}, dict):
        raise SpecError(f"spec {source}: `paths` is not a mapping; check the file")
    return version


def _unreadable(e: BaseException) -> SpecError | None:
    """The SpecError of a document that could not be read, if that is why a $ref is unresolvable (`referencing`
    chains it: Unresolvable from Unretrievable from the retrieve's error)."""
    cause = e.__cause__
    while cause is not None and not isinstance(cause, SpecError):
        cause = cause.__cause__
    return cause


@dataclass(frozen=True)
class Node:
    """A schema (or any object) and the resolver its $refs are read with."""

    value: Schema
    resolver: Resolver[Any]


class Walker:
    """The walk of one document: $ref resolution and the body-property rules."""

    def __init__(self, resolver: Resolver[Any], max_depth: int, source: str) -> None:
        self.root, self.max_depth, self.source = resolver, max_depth, source

    def deref(self, value: Any, resolver: Resolver[Any]) -> Node:
        """An object with its $ref chain followed (Reference Objects: parameters, request bodies, path items)."""
        seen: set[str] = set()
        while isinstance(value, Mapping) and isinstance(value.get("$ref"), str):
            ref = value["$ref"]
            if ref in seen:
                return Node({}, resolver)  # a $ref cycle names nothing
            seen.add(ref)
            value, resolver = self.lookup(ref, resolver)
        return Node(value if isinstance(value, Mapping) else {}, resolver)

    def lookup(self, ref: str, resolver: Resolver[Any]) -> tuple[Any, Resolver[Any]]:
        try:
            resolved = resolver.lookup(ref)
        except Unresolvable as e:
            if (why := _unreadable(e)) is not None:  # another document, which could not be read
                raise SpecError(f"spec {self.source}: $ref {ref!r}: {why}") from None
            raise SpecError(f"spec {self.source}: $ref {ref!r} points to nothing; fix it, "
                            "or bundle a multi-file spec into one document first") from None
        return resolved.contents, resolved.resolver

    def operations(self, paths: Mapping[str, Any]) -> Iterator[Operation]:
        for path, item in paths.items():
            node = self.deref(item, self.root)
            for method, op in node.value.items():
                if method in HTTP_METHODS and isinstance(op, Mapping):
                    yield self.operation(str(path), method, Node(op, node.resolver), node)

    def operation(self, path: str, method: str, op: Node, item: Node) -> Operation:
        params: dict[str, list[str]] = {g: [] for g in GROUPS}
        for where in (item, op):
            for raw in where.value.get("parameters") or []:
                p = self.deref(raw, where.resolver).value
                group, name = p.get("in"), p.get("name")
                if group in PARAM_GROUPS and isinstance(name, str) and name not in params[group]:
                    params[group].append(name)
        body = self.body(op)
        params[BODY] = [name for name, depth in body.items() if depth == 0]
        samples = tuple(_samples(op.value))
        return Operation(method.upper(), path, {g: tuple(names) for g, names in params.items()}, body, samples)

    def body(self, op: Node) -> dict[str, int]:
        """Every request-body property to the depth cap, all media types unioned."""
        request = self.deref(op.value.get("requestBody") or {}, op.resolver)
        out: dict[str, int] = {}
        for media in (request.value.get("content") or {}).values():
            schema = media.get("schema") if isinstance(media, Mapping) else None
            if isinstance(schema, Mapping):
                self.walk([Node(schema, request.resolver)], "", 0, out)
        return out

    def walk(self, schemas: list[Node], prefix: str, depth: int, out: dict[str, int]) -> None:
        for name, subs in self.properties(schemas, items=depth > 0).items():
            path = f"{prefix}.{name}" if prefix else name
            out.setdefault(path, depth)
            if depth < self.max_depth:
                self.walk(subs, path, depth + 1, out)

    def properties(self, schemas: list[Node], items: bool) -> dict[str, list[Node]]:
        """The properties of some schemas by name, every branch unioned; each distinct schema of a name once (a
        union of unions would otherwise walk the same schema many times over)."""
        merged: dict[str, dict[int, Node]] = {}
        for schema in schemas:
            for branch in self.branches(schema, items, set()):
                props = branch.value.get("properties")
                if not isinstance(props, Mapping):
                    continue
                for name, sub in props.items():
                    if isinstance(sub, Mapping):
                        target = self.target(Node(sub, branch.resolver))
                        merged.setdefault(str(name), {}).setdefault(id(target.value), target)
        return {name: list(subs.values()) for name, subs in merged.items()}

    def target(self, schema: Node) -> Node:
        """A property's schema, as the one it refers to when it only refers (with a description, say): the same
        schema reached from many places is then known as one."""
        if any(key in schema.value for key in STRUCTURE):
            return schema
        return self.deref(schema.value, schema.resolver)

    def branches(self, schema: Node, items: bool, seen: set[int]) -> list[Node]:
        """A schema and every schema it stands for through $ref, allOf/oneOf/anyOf (and array items when asked),
        each once: a recursive schema ends where it meets itself."""
        if id(schema.value) in seen:
            return []
        seen.add(id(schema.value))
        out = [schema]
        value, resolver = schema.value, schema.resolver
        if isinstance(value.get("$ref"), str):
            target, target_resolver = self.lookup(value["$ref"], resolver)
            if isinstance(target, Mapping):
                out += self.branches(Node(target, target_resolver), items, seen)
        for key in COMBINATORS:
            for sub in value.get(key) or []:
                if isinstance(sub, Mapping):
                    out += self.branches(Node(sub, resolver), items, seen)
        if items and isinstance(value.get("items"), Mapping):
            out += self.branches(Node(value["items"], resolver), items, seen)
        return out


def _samples(op: Schema) -> Iterator[CodeSample]:
    for key in SAMPLE_KEYS:
        for entry in op.get(key) or []:
            if isinstance(entry, Mapping) and isinstance(entry.get("source"), str):
                spec_lang = str(entry.get("lang") or "")
                label = str(entry.get("label") or spec_lang)
                lang, _, variant = label.partition(" (")
                yield CodeSample(lang.strip().lower(), variant.removesuffix(")").strip(), label, spec_lang,
                                 entry["source"])
