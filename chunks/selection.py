"""Choosing sections of a snapshot by id or glob, and the public URL of a section."""

from __future__ import annotations

import difflib
import fnmatch
from collections.abc import Mapping
from pathlib import Path

from lxml import html as lxml_html

from apiref.scraper.errors import SelectionError
from apiref.scraper.snapshot import Manifest, Section
from apiref.scraper.store import SectionsHtml, read_manifest

FAMILIES = {"node": "js", "node.js": "js", "javascript": "js", "js": "js", "typescript": "js"}  # one family: one pick
CLOSE_MATCHES = 5  # how many near ids an error suggests
GLOB_CHARS = "*?["  # an id with one of these is an fnmatch pattern
SUMMARY = "//*[contains(concat(' ', normalize-space(@class), ' '), ' apiref-summary ')]"  # a section's summary block


def select(manifest: Manifest, patterns: list[str]) -> list[Section]:
    """The sections named by ids or globs (`chat/*`), each once, in the order asked (a glob's matches in page order).

    A name that selects nothing is a SelectionError listing the closest ids.
    """
    ids = [s.id for s in manifest.sections]
    by_id = {s.id: s for s in manifest.sections}
    out: dict[str, Section] = {}
    for pat in patterns:
        hits = fnmatch.filter(ids, pat) if any(c in pat for c in GLOB_CHARS) else [pat] if pat in by_id else []
        if not hits:
            raise SelectionError(_no_match(pat, ids))
        out.update((i, by_id[i]) for i in hits if i not in out)
    return list(out.values())


def check_language(lang: str, languages: list[str]) -> None:
    """SelectionError unless the snapshot has examples in lang, or in another name of its family (node / node.js /
    javascript), case aside. A snapshot with no examples at all takes any language."""
    have = {x.lower() for x in languages}
    family = FAMILIES.get(lang.lower())
    if not languages or lang.lower() in have or (family and any(FAMILIES.get(x) == family for x in have)):
        return
    raise SelectionError(f"no examples in {lang!r} in this snapshot; choose one of: {', '.join(languages)}")


def _no_match(pattern: str, ids: list[str]) -> str:
    close = difflib.get_close_matches(pattern, ids, n=CLOSE_MATCHES, cutoff=0.5)
    hint = (
        f"did you mean {', '.join(close)}?"
        if close
        else "the ids are listed in the snapshot's manifest.json (or try a glob like 'chat/*')"
    )
    return f"no section {pattern!r} in this snapshot; {hint}"


def page_url(manifest: Manifest) -> str:
    """The reference page's canonical URL (without query, fragment or trailing slash): Manifest.origin."""
    return manifest.origin.rstrip("/")


def section_url(manifest: Manifest, section_id: str) -> str:
    """A section's own URL: its page's URL on a multi-page site, else the page URL + "/" + the section id (a single
    page routes every section by its id)."""
    own = next((s.url for s in manifest.sections if s.id == section_id and s.url), None)
    return own or f"{page_url(manifest)}/{section_id}"


def summary_text(section_html: str) -> str:
    """The plain text of a section's summary (`.apiref-summary`), whitespace folded; "" when it has none."""
    if "apiref-summary" not in section_html:
        return ""
    found = lxml_html.fromstring(section_html).xpath(SUMMARY)  # lxml: a Stainless section holds megabytes
    return " ".join(" ".join(found[0].xpath(".//text()")).split()) if found else ""


def read_html(snapshot: Path) -> tuple[Manifest, Mapping[str, str]]:
    """A snapshot's manifest without its rows (what reads the markup needs none) and the section markup of every
    section by section id, each read when first asked for."""
    manifest = read_manifest(snapshot, rows=False)
    return manifest, SectionsHtml(snapshot, manifest)
