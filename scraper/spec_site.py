"""A renderer's page read from the OpenAPI document it renders: the fast, complete way to read a Redoc, Scalar,
Swagger UI, RapiDoc or Elements page whose spec can be fetched.

A renderer's page is one HTML shell that fetches a spec and renders it; everything the page can show (every
operation, parameter, nested property, code sample, response) is in that document, and more besides (every code
sample, where Scalar and Elements show one per language; branches a renderer fails to draw). So the spec is read
by plain HTTP, with the crawler's manners, and made into the endpoint records an adapter reads from the page
(`scraper.spec_records`): the snapshot, its Markdown and every use are the same, in a second instead of minutes.
The document is named by the page's HTML (the adapter's `SPEC_URLS`), carried in it (a bundled page: `SPEC_EMBEDS`),
or caught as the page loads it in Chromium (`scraper.rendered`); a page whose spec cannot be had is revealed in the
browser instead.

The manifest lists the document among its pages (kind `spec`, with its validators), so `apiref audit` holds such a
snapshot to every code sample of the spec, and a re-scrape onto it asks for the document conditionally: unchanged,
the previous snapshot's files stay as they are (only the manifest's time and stats are new).
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from html import unescape
from pathlib import Path
from typing import Any, Literal
from urllib.parse import urlsplit

from apiref import __version__

from . import store
from .crawl import keep_previous
from .errors import PageError, SnapshotError, SpecError
from .fetch import Fetched, Fetcher, html_title
from .openapi_snapshot import DEFAULT_LANGUAGE, write_records
from .openapi_spec import parse_document
from .sites import openapi
from .snapshot import SPEC_KIND, Manifest, PageRecord
from .spec_records import endpoint_records
from .spec_refs import Reader, WebDocuments

Raw = dict[str, Any]


def fetch_spec(fetcher: Fetcher, spec_url: str, before: PageRecord | None = None) -> Fetched:
    """The document by HTTP (conditional on `before`'s validators): with the site's fetcher when it is on the
    site, else with its own host's manners."""
    etag, modified = (before.etag, before.last_modified) if before is not None else (None, None)
    if urlsplit(spec_url)[:2] == urlsplit(fetcher.origin)[:2]:
        return fetcher.get(spec_url, etag, modified)
    with Fetcher(spec_url, timeout=fetcher.timeout, max_bytes=fetcher.max_bytes) as other:
        return other.get(spec_url, etag, modified)


def spec_records(document: Any, spec_url: str, renderer: str, max_depth: int, read: Reader | None = None
                 ) -> list[Raw]:
    """The operations of a spec (fetched bytes, JSON or YAML text, or the parsed document) as endpoint records
    with the renderer's own links, the other documents its $refs name read with `read`; a SpecError when it is no
    OpenAPI 3 document apiref can read."""
    if isinstance(document, bytes):
        document = document.decode("utf-8", "replace")
    if isinstance(document, str):
        document = parse_document(document, spec_url)
    return endpoint_records(document, spec_url, spec_url, max_depth, lambda rec: openapi.anchor(renderer, rec), read)


def web_records(fetcher: Fetcher | None, document: Any, spec_url: str, renderer: str, max_depth: int
                ) -> tuple[list[Raw], list[PageRecord]]:
    """spec_records of a spec read from the web, and the page records of the other documents it names (read by
    HTTP as it is walked, in that order: with the site's fetcher, or without one, with a client made for the spec's
    host when a document is first needed)."""
    own: list[Fetcher] = []  # without the site's: the client made for the spec's host, once one is needed

    def get(url: str) -> Fetched:
        if fetcher is not None:
            return fetch_spec(fetcher, url)
        if not own:
            own.append(Fetcher(spec_url))
        return fetch_spec(own[0], url)

    documents = WebDocuments(get)
    try:
        records = spec_records(document, spec_url, renderer, max_depth, documents)
    finally:
        for client in own:
            client.close()
    return records, [spec_page(f.url, f.body, f.etag, f.last_modified) for f in documents.fetched]


def spec_page(url: str, body: bytes, etag: str | None = None, last_modified: str | None = None,
              via: Literal["http", "browser"] = "http") -> PageRecord:
    """The manifest's record of the spec a snapshot was read from (its validators, for a later revalidation)."""
    return PageRecord(url=url, language=DEFAULT_LANGUAGE, kind=SPEC_KIND, etag=etag, last_modified=last_modified,
                      sha256=hashlib.sha256(body).hexdigest(), via=via)


def page_title(landing: bytes, records_source: str) -> str:
    return unescape(html_title(landing) or "").strip() or records_source


def write_spec_snapshot(records: list[Raw], url: str, out: Path, renderer: str, title: str, max_depth: int,
                        pages: list[PageRecord], markdown: bool, started: float) -> Manifest:
    """The snapshot of a renderer's page made from its spec's records (written atomically, like any other); pages:
    the spec's page record, then those of the documents it names."""
    operations = sum(r.get("kind") == "endpoint" for r in records)
    if not operations:
        raise PageError(f"{renderer} page {url}: its spec {pages[0].url} has no operations; check the URL")
    return write_records(records, url, out, renderer, title, max_depth, markdown, started,
                         {"operations": float(operations)}, pages)


def from_spec(url: str, out: Path, renderer: str, fetcher: Fetcher, landing: Fetched, max_depth: int,
              markdown: bool, said: Callable[[str], None], strict: bool) -> Manifest | None:
    """The snapshot of a renderer's page read from the spec its HTML names or carries; None when it does neither,
    or (unless strict) when that spec cannot be had or read: the page is then loaded in Chromium."""
    started = time.monotonic()
    spec_url = openapi.spec_url(renderer, landing.body, landing.url)
    embedded = openapi.embedded_spec(renderer, landing.body) if spec_url is None else None
    if spec_url is None and embedded is None:
        return None
    said(f"{url}: an OpenAPI reference rendered by {renderer}; reading the spec it renders, "
         + (spec_url or "inside the page"))
    before = previous_snapshot(out, url, renderer, max_depth)
    known = before.specs if before is not None else []
    try:
        read = read_spec(fetcher, spec_url, renderer, max_depth, known) if spec_url is not None else \
            read_embedded(fetcher, embedded, landing, renderer, max_depth, known)
    except (SpecError, PageError) as e:
        if strict:
            raise
        said(f"{e}; loading the page in Chromium instead")
        return None
    if read is None and before is not None:
        return keep_previous(out, before.manifest, before.sections, url,
                             {"operations": before.manifest.stats.get("operations", 0.0)}, started)
    assert read is not None  # (read_spec and read_embedded say "unchanged" only against a known spec)
    records, pages = read
    return write_spec_snapshot(records, url, out, renderer, page_title(landing.body, pages[0].url), max_depth, pages,
                               markdown, started)


def read_embedded(fetcher: Fetcher, document: Any, landing: Fetched, renderer: str, max_depth: int,
                  before: Sequence[PageRecord]) -> tuple[list[Raw], list[PageRecord]] | None:
    """The records of the spec a bundled page carries and the page records of it and the documents it names, or
    None when the page is the same as `before`'s (and so are those documents)."""
    page = spec_page(landing.url, landing.body, landing.etag, landing.last_modified)
    if before and (before[0].url, before[0].sha256) == (page.url, page.sha256) and _unchanged(fetcher, before[1:]):
        return None
    records, others = web_records(fetcher, document, landing.url, renderer, max_depth)
    return records, [page, *others]


@dataclass(frozen=True)
class Previous:
    """A snapshot already at the output, read from the same page's spec with the same settings."""

    manifest: Manifest  # without its sections
    sections: store.SectionList  # where the manifest has its section list
    specs: list[PageRecord]  # the spec, then the other documents it names


def previous_snapshot(out: Path, url: str, renderer: str, max_depth: int) -> Previous | None:
    try:
        manifest, sections = store.read_manifest_head(out)
    except SnapshotError:
        return None
    specs = [p for p in manifest.pages if p.kind == SPEC_KIND]
    same = (manifest.source_url, manifest.site_kind, manifest.max_depth, manifest.apiref_version) == \
        (url, renderer, max_depth, __version__)
    return Previous(manifest, sections, specs) if specs and same else None


def read_spec(fetcher: Fetcher, spec_url: str, renderer: str, max_depth: int, before: Sequence[PageRecord] = ()
              ) -> tuple[list[Raw], list[PageRecord]] | None:
    """The records of the spec at spec_url and the page records of it and the documents it names, or None when
    all of them are unchanged since `before` (conditional requests answered 304, or the same bytes); SpecError or
    PageError when the spec cannot be had or read (the caller reveals the page instead)."""
    known = list(before) if before and before[0].url == spec_url else []
    got = fetch_spec(fetcher, spec_url, known[0] if known else None)
    if known and _same(got, known[0]) and _unchanged(fetcher, known[1:]):
        return None
    if got.status == 304:  # a document it names changed: the spec itself is needed again
        got = fetch_spec(fetcher, spec_url)
    if got.status == 304:
        raise PageError(f"{spec_url} answered 304 Not Modified to a request that was not conditional; "
                        "check the server")
    records, others = web_records(fetcher, got.body, got.url, renderer, max_depth)
    return records, [spec_page(got.url, got.body, got.etag, got.last_modified), *others]


def _unchanged(fetcher: Fetcher, pages: Sequence[PageRecord]) -> bool:
    """Whether each of these documents is unchanged, asked conditionally one at a time until one is not."""
    return all(_same(fetch_spec(fetcher, page.url, page), page) for page in pages)


def _same(answer: Fetched, page: PageRecord) -> bool:
    return answer.status == 304 or hashlib.sha256(answer.body).hexdigest() == page.sha256


__all__ = ["Previous", "fetch_spec", "from_spec", "page_title", "previous_snapshot", "read_embedded",
           "read_spec", "spec_page", "spec_records", "web_records", "write_spec_snapshot"]
