"""The Stainless docs adapter (npm `@stainless-api/docs`: Astro + Starlight): how to recognize such a site, find its
reference root, languages and pages, and read a page (`stainless_page`).

A site is one page per method, resource and overview, one full page tree per SDK language
(`<root>/<lang>/resources/...`; the default language, HTTP, at `<root>/resources/...`). The static HTML is
complete; a deployment that renders expanders on the client is detected per page and revealed in Chromium.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import urljoin, urlsplit

from .stainless_page import main_part as find_main, parse_page

NAME = "stainless"
MARKERS = (b"stldocs-root", b"data-stldocs-property-group", b"stldocs-method")  # any one: a Stainless page
LANGUAGE_SELECT = re.compile(rb'id="sidebar-sdk-select".*?</div></div>', re.S)  # the sidebar's SDK picker
SELECT_VALUE = re.compile(rb'data-value="([a-z0-9_-]+)"')
CURRENT_VALUE = re.compile(rb'data-current-value="([a-z0-9_-]+)"[^>]*id="sidebar-sdk-select"'
                           rb'|id="sidebar-sdk-select"[^>]*data-current-value="([a-z0-9_-]+)"')
CLOSED_VIRTUAL_EXPANDER = re.compile(rb'<div[^>]*class="stldocs-expander"[^>]*data-open="false"'
                                     rb'|<div[^>]*data-open="false"[^>]*class="stldocs-expander"')
LLMS_LINK = re.compile(r"\]\((/[^)\s]+?)(?:/index)?\.md\)")  # llms.txt: [Title](/path/index.md)
SITEMAP_LOC = re.compile(r"<loc>\s*([^<\s]+)\s*</loc>")
HREF = re.compile(rb'href="(/[^"#?]*)"')
DEFAULT_LANGUAGE = "http"  # the tree at the root; the others sit under /<lang>/
FENCE_TAGS = {"http": "bash", "node": "typescript", "typescript": "typescript", "python": "python", "go": "go",
              "java": "java", "kotlin": "kotlin", "ruby": "ruby", "csharp": "csharp", "php": "php",
              "terraform": "hcl", "cli": "bash"}  # page language -> fence tag of its code
UNLINKED = ("resources/$client",)  # pages the renderer always writes but links from nowhere (the client's own
# resource): asked for once, kept when they exist
BROWSER_WAIT = ".stldocs-root"  # what shows once a page rendered
REVEAL_SELECTOR = '.stldocs-expander[data-open="false"] > .stldocs-expander-summary'  # client-rendered, closed


@dataclass(frozen=True)
class Site:
    """What the landing page tells about the site."""

    origin: str  # scheme://host
    root: str  # the reference root's path, no trailing slash: /api/reference
    languages: tuple[str, ...]  # default first
    default: str

    def page_url(self, lang: str, rel: str) -> str:
        """A page's URL from its language and its path below the root (`resources/chat/...`, "" for the root)."""
        prefix = self.root if lang == self.default else f"{self.root}/{lang}"
        return f"{self.origin}{prefix}/{rel}".rstrip("/") + "/" if rel else f"{self.origin}{prefix}/"


def recognize(body: bytes) -> bool:
    return any(m in body for m in MARKERS)


def languages_of(body: bytes) -> tuple[str, ...]:
    """The SDK picker's languages, default first."""
    m = LANGUAGE_SELECT.search(body)
    found = [v.decode() for v in SELECT_VALUE.findall(m.group(0))] if m else []
    langs = list(dict.fromkeys(found)) or [DEFAULT_LANGUAGE]
    if DEFAULT_LANGUAGE in langs:
        langs.remove(DEFAULT_LANGUAGE)
        langs.insert(0, DEFAULT_LANGUAGE)
    return tuple(langs)


def site_of(url: str, body: bytes) -> Site:
    """The site a landing page belongs to: its root (the path before `resources/`, or the page itself, without a
    language segment) and languages."""
    parts = urlsplit(url)
    langs = languages_of(body)
    path = parts.path.rstrip("/")
    root = path.split("/resources/", 1)[0] if "/resources/" in path + "/" else path
    root = root.removesuffix("/resources")
    head, _, last = root.rpartition("/")
    if last in langs[1:]:
        root = head
    return Site(origin=f"{parts.scheme}://{parts.netloc}", root=root, languages=langs, default=langs[0])


def rel_of(site: Site, url: str) -> tuple[str, str] | None:
    """(language, path below the root without the language segment) of a URL inside the site, else None."""
    path = urlsplit(urljoin(site.origin + "/", url)).path
    if path.endswith(".md"):
        path = path[:-3].removesuffix("/index")
    if not (path == site.root or path.startswith(site.root + "/")):
        return None
    rest = path[len(site.root):].strip("/")
    first, _, tail = rest.partition("/")
    if first in site.languages[1:]:
        return first, tail
    return site.default, rest


def default_rels(site: Site, urls: list[str]) -> list[str]:
    """The paths below the root of those URLs that are in the default language's tree."""
    found = (rel_of(site, u) for u in urls)
    return [f[1] for f in found if f is not None and f[0] == site.default]


def pages_from_llms(site: Site, text: str) -> list[str]:
    """Paths below the root that llms.txt links (its links are to the default language's Markdown twins)."""
    return default_rels(site, LLMS_LINK.findall(text))


def pages_from_sitemap(site: Site, text: str) -> list[str]:
    return default_rels(site, SITEMAP_LOC.findall(text))


def links_of(site: Site, body: bytes) -> list[str]:
    """Paths below the root that a page links (navigation discovery), default language only."""
    rels = default_rels(site, [h.decode("utf-8", "replace") for h in HREF.findall(body)])
    return [r for r in rels if r == "" or r.startswith("resources/")]


def needs_browser(body: bytes) -> bool:
    """Content the HTML (a page, or its `<main>`) does not hold: client-rendered expanders still closed."""
    return b'data-open="false"' in body and CLOSED_VIRTUAL_EXPANDER.search(body) is not None


def main_part(body: bytes) -> bytes:
    """The part of a page that holds its content (`<main>`), or the page when it has none."""
    found = find_main(body)
    return found if found is not None else body


def read(body: bytes, url_path: str, rel: str, lang: str) -> tuple[str, list[dict[str, Any]]]:
    return parse_page(body, url_path, rel, lang)
