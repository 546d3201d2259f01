"""Parameter rows read straight from an OpenAPI spec (PyYAML and a walk of its schemas), for checking the diff's
levels independently of the page and of apiref: what each section of the legacy page lists, expanded as the page
expands it (nested tables to depth 6), keyed like the diff's rows (names; a "possible types" alternative as `#i`).

Spec facts used (openai-openapi): `x-oaiMeta.groups[].sections[]` gives each section (`<group id>/<path>`) and its
operation or schema; a schema's `$ref`s are followed, `allOf` parts merged, a `oneOf`/`anyOf` with one non-null
member is that member made nullable; alternatives are listed as rows when one of them is an object or has rows.
"""

from __future__ import annotations

from pathlib import Path

import yaml

MAX_DEPTH = 6  # the page's nested tables as the scraper reveals them
METHODS = ("get", "post", "put", "patch", "delete")
SCHEMA_KEYS = ("type", "$ref", "properties", "items", "enum", "const", "oneOf", "anyOf", "allOf")

Row = dict  # {"types": frozenset, "required": bool | None, "default": object}


class Spec:
    def __init__(self, path: Path):
        self.doc = yaml.safe_load(path.read_text(encoding="utf-8"))

    def ref(self, s: dict, seen: tuple = ()) -> dict:
        while isinstance(s, dict) and "$ref" in s and s["$ref"] not in seen:
            seen += (s["$ref"],)
            node = self.doc
            for part in s["$ref"].lstrip("#/").split("/"):
                node = node[part]
            s = {**node, **{k: v for k, v in s.items() if k != "$ref"}}
        return s if isinstance(s, dict) else {}

    def alternatives(self, s: dict) -> tuple[list, bool]:
        """(non-null members of oneOf/anyOf, whether a null member was dropped)."""
        members = s.get("oneOf") or s.get("anyOf")
        if not isinstance(members, list) or not any(
            isinstance(m, dict) and any(k in m for k in SCHEMA_KEYS) for m in members
        ):
            return [], False
        real = [m for m in members if not (isinstance(m, dict) and m.get("type") in ("null", ["null"]))]
        return real, len(real) < len(members)

    def norm(self, s: dict, guard: int = 0) -> dict:
        s = self.ref(s)
        alts, had_null = self.alternatives(s)
        if len(alts) == 1 and guard < 20:
            keep = {k: s[k] for k in ("description", "default", "x-oaiTypeLabel") if k in s}
            return {
                **self.norm(alts[0], guard + 1),
                **keep,
                "nullable": True if had_null or s.get("nullable") else self.norm(alts[0], guard + 1).get("nullable"),
            }
        if isinstance(s.get("allOf"), list) and guard < 20:
            merged: dict = {"properties": {}, "required": []}
            for part in [*s["allOf"], {"properties": s.get("properties") or {}, "required": s.get("required") or []}]:
                p = self.norm(part, guard + 1)
                merged["properties"].update(p.get("properties") or {})
                merged["required"] += [r for r in p.get("required") or [] if r not in merged["required"]]
                merged.update({k: v for k, v in p.items() if k not in merged})
            return {**merged, **{k: v for k, v in s.items() if k not in ("allOf", "properties", "required")}}
        return s

    def types(self, s: dict, guard: int = 0) -> frozenset:
        """The type terms a schema allows, `null` included when it may be null (as the page's label lists them)."""
        if s.get("x-oaiTypeLabel"):
            return frozenset({str(s["x-oaiTypeLabel"])})
        out: set = set()
        t = s.get("type")
        nullable = bool(s.get("nullable")) or (isinstance(t, list) and "null" in t)
        alts, had_null = self.alternatives(s)
        if alts and guard < 6:
            for m in alts:
                out |= self.types(self.norm(m), guard + 1)
            nullable = nullable or had_null
        elif isinstance(t, list):
            out |= {self.base(s, x) for x in t if x != "null"}
        else:
            out.add(self.base(s, t))
        return frozenset(out | ({"null"} if nullable else set()))

    def base(self, s: dict, t: object) -> str:
        if t == "string" and s.get("format") == "binary":
            return "file"
        if t:
            return str(t)
        if "properties" in s or "additionalProperties" in s:
            return "object"
        if "items" in s:
            return "array"
        values = s.get("enum") or ([s["const"]] if "const" in s else [])
        return {bool: "boolean", int: "integer", float: "number"}.get(type(values[0]), "string") if values else "any"

    def rows(self, s: dict, depth: int, prefix: str, out: dict) -> None:
        """The rows an expand button under a schema shows, and theirs, into out (key path -> Row)."""
        t = self.norm(s["items"]) if "items" in s and s.get("type") in (None, "array") else s
        alts, _ = self.alternatives(t)
        if alts:
            members = [self.norm(m) for m in alts]
            if any(self.base(m, m.get("type")) == "object" or self.has_rows(m) for m in members):
                for i, m in enumerate(members):
                    self.add(m, f"{prefix}#{i}", None, depth, out)
        elif isinstance(t.get("properties"), dict):
            required = t.get("required") or []
            for name, raw in t["properties"].items():
                self.add(self.norm(raw), f"{prefix}{name}", name in required, depth, out)

    def has_rows(self, s: dict) -> bool:
        probe: dict = {}
        self.rows(s, MAX_DEPTH, "", probe)
        return bool(probe)

    def add(self, s: dict, key: str, required: bool | None, depth: int, out: dict) -> None:
        default = s.get("default") if required is False else None
        out[key] = {"types": self.types(s), "required": required, "default": default}
        if depth < MAX_DEPTH:
            self.rows(s, depth + 1, key + ".", out)

    def sections(self) -> dict[str, tuple[str, dict]]:
        """Section id -> (kind, rows) for every endpoint and object section of the page."""
        ops = {op.get("operationId"): (path, item, op) for path, item in self.doc["paths"].items()
               for m, op in item.items() if m in METHODS and isinstance(op, dict)}
        out = {}
        for group in self.doc["x-oaiMeta"]["groups"]:
            for sec in group.get("sections") or []:
                sid = f"{group['id']}/{sec['path']}"
                if sec["type"] == "endpoint":
                    out[sid] = ("endpoint", self.endpoint_rows(*ops[sec["key"]]))
                elif sec["type"] == "object":
                    rows: dict = {}
                    self.rows(self.norm({"$ref": f"#/components/schemas/{sec['key']}"}), 0, "", rows)
                    out[sid] = ("object", rows)
        return out

    def endpoint_rows(self, path: str, item: dict, op: dict) -> dict:
        rows: dict = {}
        params = [self.ref(p) for p in (item.get("parameters") or []) + (op.get("parameters") or [])]
        for p in params:
            if p.get("in") in ("path", "query"):
                self.add(
                    self.norm(
                        {**(p.get("schema") or {}), **({"description": p["description"]} if "description" in p else {})}
                    ),
                    p["name"],
                    bool(p.get("required")),
                    0,
                    rows,
                )
        content = self.ref(op.get("requestBody") or {}).get("content") or {}
        kind = next((c for c in ("application/json", "multipart/form-data") if c in content), next(iter(content), None))
        if kind and content[kind].get("schema"):
            self.rows(self.norm(content[kind]["schema"]), 0, "", rows)
        return rows


def breaking(old: dict, new: dict) -> set[tuple[str, str, str]]:
    """(section id, key path, what) for every breaking change between two specs' sections: a row removed; a
    required request row added (not inside another new row); a type changed; a request row made required, a
    response row made optional; a request default changed."""
    out = set()
    for sid, (kind, a) in old.items():
        if sid not in new:
            continue
        b = new[sid][1]
        request = kind == "endpoint"
        out |= {(sid, k, "removed") for k in a if k not in b}
        added = [k for k in b if k not in a]
        out |= {(sid, k, "added") for k in added
                if request and b[k]["required"] and not any(k.startswith(x + ".") for x in added)}
        for k in set(a) & set(b):
            x, y = a[k], b[k]
            if x["types"] != y["types"]:
                out.add((sid, k, "type"))
            if x["required"] is not None and y["required"] is not None and x["required"] != y["required"]:
                if y["required"] == request:
                    out.add((sid, k, "required"))
            if request and x["default"] != y["default"]:
                out.add((sid, k, "default"))
    return out
