"""Kinds of reference site, and telling which one a URL is.

Each kind is one small adapter: `stainless` (a multi-page Stainless docs site, read by plain HTTP), `legacy`
(the 2023-2025 single-page OpenAI reference, revealed in Chromium through a profile, `scraper/profiles/*.json`),
and one per OpenAPI renderer (`redoc`, `scalar`, `swagger`, `rapidoc`, `elements`: `scraper.sites.openapi`, read in
Chromium).
`detect` looks at the landing page once, by plain HTTP (Chromium only to pass a bot check), and names the kind
at once, or says what it saw.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..errors import PageError
from ..fetch import ChallengeError, Fetched, Fetcher, html_title
from . import openapi, stainless

KINDS = ("stainless", "legacy", *openapi.NAMES)  # in the order they are tried
LEGACY_MARKERS = (b'class="api-ref"', b"class='api-ref'")  # the legacy page's shell holds its reference container
GENERATOR = re.compile(rb'<meta[^>]+name="generator"[^>]+content="([^"]+)"', re.I)


@dataclass
class Detected:
    kind: str
    landing: Fetched | None  # None for legacy pages behind a bot check: the legacy scrape loads them itself


def recognize(body: bytes) -> str | None:
    if stainless.recognize(body):
        return "stainless"
    if any(m in body for m in LEGACY_MARKERS):
        return "legacy"
    return openapi.recognize(body)


def detect(fetcher: Fetcher, url: str, landing: Fetched | None = None) -> Detected:
    """The kind of site at url (its landing page fetched by HTTP; a bot check is passed in Chromium first)."""
    if landing is None:
        landing = fetcher.get(url)
    kind = recognize(landing.body)
    if kind is None:
        raise PageError(f"{url} is not a reference site apiref knows ({seen(landing.body)}); "
                        f"apiref reads {', '.join(KINDS)} sites: check the URL, "
                        "or pass --profile FILE for a single-page site")
    return Detected(kind, landing)


def seen(body: bytes) -> str:
    """What a page looked like, in a few words: its title and generator."""
    title = html_title(body)
    gen = GENERATOR.search(body)
    words = [f"title {title[:80]!r}" if title is not None else "no title"]
    if gen:
        words.append(f"generator {gen.group(1).decode('utf-8', 'replace')!r}")
    words.append(f"{len(body):,} bytes")
    return ", ".join(words)


__all__ = ["KINDS", "ChallengeError", "Detected", "detect", "recognize", "seen"]
