"""An OpenAPI document as endpoint records (the shape `scraper.sites.openapi` documents): what a renderer's page
shows of each operation, read from the document the page renders instead of from the page.

Every operation under `paths`, grouped by tag as renderers group them, with its summary, description (CommonMark,
as HTML), tags and deprecation; its parameters by `in` (the path item's, overridden by the operation's of the same
name); its request body per media type and its first successful response's body (`Returns`), every property to
the depth cap with type, required, default, constraints and description (`scraper.spec_rows`); every x-codeSample
grouped into example variants by its label (`Python (Streaming)`: language `python`, variant `Streaming`); and
one response sample per response and media type: the spec's own example, else one made from the schema, as
renderers make it.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator, Mapping
from typing import Any

from markdown_it import MarkdownIt

from .openapi_spec import HTTP_METHODS, PARAM_GROUPS, SAMPLE_KEYS, Node, Walker, as_openapi3, check_openapi, new_walker
from .spec_front import front_matter
from .spec_refs import Reader
from .spec_rows import RowMaker
from .spec_sample import example_value

Raw = dict[str, Any]
Anchor = Callable[[Raw], "str | None"]  # a record -> the page's own link to its operation
GROUP_TITLES = {"path": "Path parameters", "query": "Query parameters", "header": "Header parameters",
                "cookie": "Cookie parameters"}
JSON_MEDIA = ("json", "+json")
MAX_TITLE = 120  # characters: a longer summary is a description, not a title
WORD_BREAK = re.compile(r"[-_.\s]+|(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z]{2})(?=[A-Z][a-z])")  # camelCase, HTTPStatus


def endpoint_records(document: Any, source: str, uri: str, max_depth: int, anchor: Anchor = lambda _: None,
                     read: Reader | None = None) -> list[Raw]:
    """Every operation of a loaded OpenAPI 3 document (uri: where its own $refs point; read: how to read other
    documents they name) as an endpoint record, after the document's overview and tag descriptions
    (`front_matter`)."""
    document = as_openapi3(document)
    check_openapi(document, source)
    walker = new_walker(document, uri, max_depth, source, read)
    markdown = MarkdownIt("commonmark").enable(["table", "strikethrough"]).render
    reader = OperationReader(walker, RowMaker(walker, max_depth, markdown))
    records = by_tag(list(reader.operations(document.get("paths") or {})), document.get("tags"))
    for rec in records:
        rec["anchor"] = anchor(rec)
    return front_matter(document, reader.rows) + records


def humanized(operation_id: str | None) -> str | None:
    """`createChatCompletion`, `create-realtime-session` -> `Create chat completion`, `Create realtime session`."""
    if not operation_id:
        return None
    words = WORD_BREAK.sub(" ", operation_id).split()
    text = " ".join(w if w.isupper() and len(w) > 1 else w.lower() for w in words)
    return text[:1].upper() + text[1:]


def by_tag(records: list[Raw], tags: Any) -> list[Raw]:
    """Operations grouped by their first tag, in the order the document's `tags` lists them (as renderers group
    them), tags it does not list after, in order of first use; document order within a tag."""
    order = {t["name"]: i for i, t in enumerate(tags if isinstance(tags, list) else [])
             if isinstance(t, Mapping) and isinstance(t.get("name"), str)}
    for rec in records:
        first = (rec["tags"] or [""])[0]
        order.setdefault(first, len(order))
    return sorted(records, key=lambda rec: order[(rec["tags"] or [""])[0]])


class OperationReader:
    """The operations of one document, their rows made by `rows`."""

    def __init__(self, walker: Walker, rows: RowMaker) -> None:
        self.walker, self.rows = walker, rows

    def operations(self, paths: Mapping[str, Any]) -> Iterator[Raw]:
        for path, item in paths.items():
            node = self.walker.deref(item, self.walker.root)
            for method, op in node.value.items():
                if method in HTTP_METHODS and isinstance(op, Mapping):
                    yield self.operation(str(path), method.upper(), Node(op, node.resolver), node)

    def operation(self, path: str, method: str, op: Node, item: Node) -> Raw:
        value = op.value
        tags = [t for t in value.get("tags") or [] if isinstance(t, str)]
        op_id = value.get("operationId") if isinstance(value.get("operationId"), str) else None
        title, description = self.title(value.get("summary"), value.get("description"))
        return {"kind": "endpoint", "method": method, "path": path,
                "title": title or humanized(op_id) or f"{method} {path}",
                **self.rows.described(description), "deprecated": value.get("deprecated") is True,
                "tags": tags, "operation_id": op_id,
                "groups": self.parameter_groups(op, item) + self.body_groups(op) + self.returns_groups(op),
                "examples": self.examples(op)}

    def title(self, summary: Any, description: Any) -> tuple[str | None, Any]:
        """The operation's title: its summary as plain text, when that is a short line; a longer summary (some
        specs write paragraphs of Markdown there) opens the description instead, and the title is made of the
        operationId."""
        if not isinstance(summary, str) or not summary.strip():
            return None, description
        text = self.rows.described(summary)["description"]
        if "\n" not in summary.strip() and len(text) <= MAX_TITLE:
            return text, description
        return None, summary + ("\n\n" + description if isinstance(description, str) and description else "")

    def parameter_groups(self, op: Node, item: Node) -> list[Raw]:
        by_key: dict[tuple[str, str], tuple[Raw, Any]] = {}
        for where in (item, op):
            for raw in where.value.get("parameters") or []:
                p = self.walker.deref(raw, where.resolver)
                where_in, name = p.value.get("in"), p.value.get("name")
                if where_in in PARAM_GROUPS and isinstance(name, str):
                    by_key[(where_in, name)] = (dict(p.value), p.resolver)
        groups = []
        for key in PARAM_GROUPS:
            rows = [r for (g, _), (p, res) in by_key.items() if g == key for r in self.rows.parameter(p, res)]
            if rows:
                groups.append({"key": key, "title": GROUP_TITLES[key], "encoding": None, "properties": rows})
        return groups

    def body_groups(self, op: Node) -> list[Raw]:
        """One group per media type of the request body (a schema two media types share: once)."""
        request = self.walker.deref(op.value.get("requestBody") or {}, op.resolver)
        return self.media_groups(request, "body", "Request body")

    def returns_groups(self, op: Node) -> list[Raw]:
        """The first successful response's body, as `Returns` (what the call gives back)."""
        for status, response in sorted(self.responses(op), key=lambda r: r[0]):
            if status.startswith("2"):
                return self.media_groups(response, "returns", "Returns")[:1]
        return []

    def media_groups(self, holder: Node, key: str, title: str) -> list[Raw]:
        groups, seen = [], set()
        for media, content in (holder.value.get("content") or {}).items():
            schema = content.get("schema") if isinstance(content, Mapping) else None
            if isinstance(schema, Mapping) and id(schema) not in seen:
                seen.add(id(schema))
                rows = self.rows.body(Node(schema, holder.resolver))
                if rows:
                    groups.append({"key": key, "title": title, "encoding": str(media), "properties": rows})
        return groups

    def responses(self, op: Node) -> list[tuple[str, Node]]:
        return [(str(status), self.walker.deref(response, op.resolver))
                for status, response in (op.value.get("responses") or {}).items()]

    def examples(self, op: Node) -> list[Raw]:
        """The x-codeSamples as variants (in order of first appearance), the response samples on the first."""
        variants: dict[str, Raw] = {}
        for key in SAMPLE_KEYS:
            for entry in op.value.get(key) or []:
                if isinstance(entry, Mapping) and isinstance(entry.get("source"), str):
                    label = str(entry.get("label") or entry.get("lang") or "")
                    lang, _, variant = label.partition(" (")
                    ex = variants.setdefault(variant.removesuffix(")").strip(),
                                             {"variant": variant.removesuffix(")").strip(), "request": {},
                                              "labels": {}})
                    lang = lang.strip().lower() or str(entry.get("lang") or "").lower()
                    ex["request"][lang] = entry["source"]
                    ex["labels"][lang] = label
        out = list(variants.values())
        responses = self.response_samples(op)
        if responses:
            if not out:
                out.append({"variant": "", "request": {}, "labels": {}})
            out[0]["responses"] = responses
        return out

    def response_samples(self, op: Node) -> list[Raw]:
        out = []
        for status, response in self.responses(op):
            for media, content in (response.value.get("content") or {}).items():
                if isinstance(content, Mapping):
                    code = self.sample_code(Node(content, response.resolver), str(media))
                    if code is not None:
                        out.append({"label": f"{status} {media}", "code": code})
        return out

    def sample_code(self, content: Node, media: str) -> str | None:
        """A media type's example (the spec's own, else one made from its JSON schema) as text."""
        value = content.value
        if "example" in value:
            example = value["example"]
        elif isinstance(value.get("examples"), Mapping) and value["examples"]:
            first = self.walker.deref(next(iter(value["examples"].values())), content.resolver).value
            example = first.get("value")
        elif isinstance(value.get("schema"), Mapping) and media.endswith(JSON_MEDIA):
            example = example_value(self.rows.flat, Node(value["schema"], content.resolver))
        else:
            return None
        if isinstance(example, str):
            return example
        return json.dumps(example, indent=2, ensure_ascii=False)
