"""What a renderer shows of an OpenAPI document above its operations, as records (`scraper.spec_records`): the
overview (the API's title, version, description, servers and how it authenticates) as a `static` record, and each
described tag as a `group` record whose description its group section shows.
"""

from __future__ import annotations

from collections.abc import Mapping
from html import escape
from typing import Any

from .spec_rows import RowMaker

Raw = dict[str, Any]
OVERVIEW_ID = "overview"  # the static section above the operations (the id a Stainless site gives its root page)


def front_matter(document: Mapping[str, Any], rows: RowMaker) -> list[Raw]:
    """The overview a renderer shows above the operations (the API's title, version, description, servers and
    how it authenticates), as a `static` record, and each described tag as a `group` record."""
    info: Mapping[str, Any] = document["info"] if isinstance(document.get("info"), Mapping) else {}
    parts = [f"<p>Version {escape(str(info['version']))}</p>"] if info.get("version") else []
    parts.append(rows.described(info.get("description"))["description_html"] or "")
    servers = [sv for sv in document.get("servers") or [] if isinstance(sv, Mapping) and sv.get("url")]
    if servers:
        parts.append("<h2>Servers</h2><ul>" + "".join(
            f"<li><code>{escape(str(sv['url']))}</code>{dash(rows, sv.get('description'))}</li>" for sv in servers)
            + "</ul>")
    schemes = (document.get("components") or {}).get("securitySchemes") or {}
    if isinstance(schemes, Mapping) and schemes:
        parts.append("<h2>Authentication</h2><ul>" + "".join(
            f"<li><strong>{escape(str(name))}</strong>: {escape(scheme_words(sc))}{dash(rows, sc.get('description'))}"
            "</li>" for name, sc in schemes.items() if isinstance(sc, Mapping)) + "</ul>")
    body = "".join(parts)
    out = [{"kind": "static", "id": OVERVIEW_ID, "title": str(info.get("title") or "Overview"), "body_html": body,
            "code": []}] if body else []
    for tag in document.get("tags") or []:
        if isinstance(tag, Mapping) and isinstance(tag.get("name"), str) and tag.get("description"):
            out.append({"kind": "group", "title": tag["name"], **rows.described(tag["description"])})
    return out


def dash(rows: RowMaker, description: Any) -> str:
    """ — and a short description's text, inline."""
    text = rows.described(description)["description"]
    return f" — {escape(text)}" if text else ""


def scheme_words(scheme: Mapping[str, Any]) -> str:
    """A Security Scheme Object in words: `HTTP bearer (JWT)`, `API key in header X-Key`, `OAuth 2 (...)`."""
    kind = scheme.get("type")
    if kind == "http":
        fmt = f" ({scheme['bearerFormat']})" if scheme.get("bearerFormat") else ""
        return f"HTTP {scheme.get('scheme') or ''}{fmt}".strip()
    if kind == "apiKey":
        return f"API key in {scheme.get('in') or '?'} {scheme.get('name') or ''}".strip()
    if kind == "oauth2":
        return "OAuth 2 (" + ", ".join(map(str, scheme.get("flows") or {})) + ")"
    if kind == "openIdConnect":
        return f"OpenID Connect ({scheme.get('openIdConnectUrl') or ''})"
    return str(kind or "unknown")
