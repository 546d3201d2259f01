"""The other documents of a multi-file spec: what its `$ref`s name outside the document itself
(`openapi.yaml` -> `schemas/pet.yaml#/Pet`), read once each, so a spec split into files reads like its bundle.

`referencing` asks for a document by its URI (no fragment) the first time a reference leads into it; a
`Documents` answers from what it read before, else reads it with its reader: by HTTP for a spec read from a site
(`WebDocuments`, the crawler's manners: the site's client for its own documents, robots.txt, retries), from disk
or HTTP for a spec file the user names (`apiref audit --spec`). A document that cannot be read is a SpecError
naming it.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit
from urllib.request import url2pathname

from referencing import Resource, Specification

from .errors import PageError, SpecError

MAX_DOCUMENTS = 2000  # a spec naming more documents than this is refused: no real spec is split that fine
URL_SCHEMES = ("http://", "https://")

Reader = Callable[[str], str]  # a document's URI -> its text


class Documents:
    """A `referencing` retrieve: each document by its URI, parsed once, as a resource of the spec's dialect."""

    def __init__(self, read: Reader, dialect: Specification[Any], source: str) -> None:
        self.read, self.dialect, self.source = read, dialect, source
        self.resources: dict[str, Resource[Any]] = {}

    def __call__(self, uri: str) -> Resource[Any]:
        if uri not in self.resources:
            if len(self.resources) >= MAX_DOCUMENTS:
                raise SpecError(f"spec {self.source} refers to over {MAX_DOCUMENTS} other documents; "
                                "bundle it into one document first")
            from .openapi_spec import parse_document

            self.resources[uri] = self.dialect.create_resource(parse_document(self.read(uri), uri))
        return self.resources[uri]


def named_document(url: str) -> tuple[str, str]:
    """A document the user named (or their spec names) by its web address: its text and the URL that answered.
    One document, not a crawl: robots.txt is not asked. PageError when it cannot be had."""
    from .fetch import Fetcher

    with Fetcher(url, robots=False) as fetcher:
        got = fetcher.get(url, check_robots=False)
    return got.body.decode("utf-8", "replace"), got.url


def local_or_web(uri: str) -> str:
    """The text of a document a spec file names: a file (file: URI) or a web address, fetched once."""
    if uri.startswith(URL_SCHEMES):
        try:
            return named_document(uri)[0]
        except PageError as e:
            raise SpecError(f"document {e}") from None
    parts = urlsplit(uri)
    if parts.scheme != "file":
        raise SpecError(f"document {uri} is neither a file nor a web address; check the $ref")
    path = Path(url2pathname(unquote(parts.path)))
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise SpecError(f"document {path} not found; check the $ref or bundle the spec into one document") from None
    except (OSError, UnicodeDecodeError) as e:
        raise SpecError(f"document {path} cannot be read ({e}); give UTF-8 JSON or YAML") from None


class WebDocuments:
    """The reader of a spec read from a site: every document by HTTP, with the site's client for the site's own
    (the crawler's manners) and one of its own for another host's; `fetched` keeps each answer, in read order."""

    def __init__(self, get: Callable[[str], Any]) -> None:
        """get: url -> a Fetched (the site's Fetcher, or one for the url's host)."""
        self.get = get
        self.fetched: list[Any] = []

    def __call__(self, uri: str) -> str:
        if not uri.startswith(URL_SCHEMES):
            raise SpecError(f"document {uri} is not on the web, and a spec read from the web can name only web "
                            "documents; bundle the spec into one document")
        try:
            got = self.get(uri)
        except PageError as e:
            raise SpecError(f"document {e}") from None
        self.fetched.append(got)
        return bytes(got.body).decode("utf-8", "replace")


__all__ = ["MAX_DOCUMENTS", "URL_SCHEMES", "Documents", "Reader", "WebDocuments", "local_or_web", "named_document"]
