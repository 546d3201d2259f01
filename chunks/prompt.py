"""Prompt packs: one compact Markdown document of chosen endpoints for a code-writing model, within a token budget.

Only one language's examples are kept. An example without that language falls back as the page itself does
(refsite's app.js `pick`): another name of the same family (node / node.js / javascript), else the example's
first language; the language label above each code block says which one was kept.

When the whole document is over the budget it is trimmed in levels, each keeping everything the next one keeps:
nested properties from the deepest level up, then example variants after the first, then example responses,
then descriptions of optional parameters and the "Returns" text, then optional parameters themselves, then
section summaries. Never trimmed: titles, the method and URL, required parameters and the first example. The
document ends with a note of what was left out. The count is exact: the whole output, with the encoding given.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

from bs4 import BeautifulSoup

from scraper.convert import RenderOptions, convert_section
from scraper.errors import LimitError
from scraper.snapshot import Manifest, Section

from .selection import page_url, select

FAMILIES = {"node": "js", "node.js": "js", "javascript": "js", "js": "js", "typescript": "js"}  # the page's pick()
HEADING_OFFSET = 1  # sections sit at ## under the pack's # title
PROMPT_OPTIONS = RenderOptions(heading_offset=HEADING_OFFSET)
OPTIONAL = 'li.apiref-param[data-required="false"]:not([data-kind="type"])'  # optional rows (types have no Required)


@dataclass(frozen=True)
class Level:
    """One trim level: converter options, structural trims on the section markup, and what it leaves out."""

    options: RenderOptions = PROMPT_OPTIONS
    optional_descriptions: bool = True  # descriptions of optional params and the Returns text
    optional_params: bool = True
    summaries: bool = True
    left_out: tuple[str, ...] = ()


@dataclass(frozen=True)
class PromptPack:
    text: str
    tokens: int
    left_out: tuple[str, ...]


def prompt_pack(
    manifest: Manifest,
    html_by_id: dict[str, str],
    patterns: list[str],
    lang: str,
    budget: int,
    count: Callable[[str], int],
) -> PromptPack:
    """The least-trimmed pack of the selected sections whose whole text counts <= budget tokens.

    LimitError when even the most trimmed pack is over the budget (the message names the size needed).
    """
    if budget <= 0:
        raise LimitError(f"--budget {budget} must be a positive number of tokens")
    sections = select(manifest, patterns)
    html = {s.id: one_language(html_by_id[s.id], lang) for s in sections}
    levels = trim_levels(sections, html)
    packs: dict[int, PromptPack] = {}

    def at(i: int) -> PromptPack:
        if i not in packs:
            text = render_pack(manifest, sections, html, lang, levels[i])
            packs[i] = PromptPack(text, count(text), levels[i].left_out)
        return packs[i]

    if at(len(levels) - 1).tokens > budget:
        need = at(len(levels) - 1).tokens
        raise LimitError(f"--budget {budget} is too small: the shortest pack of these sections needs {need} tokens; "
                         f"raise --budget to at least {need} or choose fewer sections")
    if at(0).tokens <= budget:
        return at(0)
    lo, hi = 1, len(levels) - 1  # at(hi) fits; find the first trimmed level that fits (each level drops content)
    while lo < hi:
        mid = (lo + hi) // 2
        lo, hi = (lo, mid) if at(mid).tokens <= budget else (mid + 1, hi)
    return at(hi)


def trim_levels(sections: list[Section], html: dict[str, str]) -> list[Level]:
    """Level 0 keeps everything; each next level leaves out one more kind of content that these sections have
    (see the module docstring), so every level is shorter than the one before."""
    soups = [BeautifulSoup(html[s.id], "lxml") for s in sections]
    has = lambda css: any(soup.select_one(css) for soup in soups)  # noqa: E731
    depths = [int(d) for soup in soups for li in soup.select("li.apiref-param[data-depth]") if (d := str(li["data-depth"])).isdigit()]
    levels = [Level()]
    for depth in range(max(depths, default=0) - 1, -1, -1):  # each depth level replaces the previous one's note
        what = "nested properties" if depth == 0 else f"properties nested deeper than level {depth}"
        levels.append(Level(options=replace(PROMPT_OPTIONS, max_depth=depth), left_out=(what,)))

    def add(present: bool, note: str, options: RenderOptions | None = None, **change: bool) -> None:
        last = levels[-1]
        if present:
            levels.append(replace(last, options=options or last.options, left_out=(*last.left_out, note), **change))

    add(any(len(s.examples) > 1 for s in sections) or has(".apiref-example ~ .apiref-example"),
        "example variants after the first", replace(levels[-1].options, max_variants=1))
    add(has(".apiref-response, .apiref-object-example"), "example responses", replace(levels[-1].options, responses=False))
    add(has(f"{OPTIONAL} > .apiref-desc, .apiref-returns"), "descriptions of optional parameters and of return values",
        optional_descriptions=False)
    add(has(f"{OPTIONAL}[data-depth='0']"), "optional parameters", optional_params=False)
    add(has(".apiref-summary"), "section summaries", summaries=False)
    return levels


def render_pack(manifest: Manifest, sections: list[Section], html: dict[str, str], lang: str, level: Level) -> str:
    """The pack's text at one trim level."""
    head = (f"# {manifest.title}: {len(sections)} section{'s' if len(sections) != 1 else ''} for {lang}\n\n"
            f"From {page_url(manifest)} (snapshot {manifest.scraped_at}). Examples in {lang}; an example without "
            f"{lang} shows its closest language.\n")
    body = [convert_section(trimmed(html[s.id], level), s, manifest.origin, level.options) for s in sections]
    note = ""
    if level.left_out:
        note = (f"\n---\n\nLeft out to fit the token budget: {'; '.join(level.left_out)}. "
                f"The complete reference is at {page_url(manifest)}.\n")
    return "\n".join([head, *body]) + note


def one_language(html: str, lang: str) -> str:
    """Section markup with each example request reduced to one language: lang, else its family, else the first."""
    soup = BeautifulSoup(html, "lxml")
    for request in soup.select(".apiref-request"):
        codes = request.select(":scope > pre")
        if not codes:
            continue
        keep = _pick([str(c.get("data-lang") or "") for c in codes], lang)
        for i, code in enumerate(codes):
            if i != keep:
                code.decompose()
    return str(soup)


def _pick(names: list[str], lang: str) -> int:
    lowered = [n.lower() for n in names]
    if lang.lower() in lowered:
        return lowered.index(lang.lower())
    family = FAMILIES.get(lang.lower())
    same = [i for i, n in enumerate(lowered) if family and FAMILIES.get(n) == family]
    return same[0] if same else 0


def trimmed(html: str, level: Level) -> str:
    """Section markup with the level's structural trims applied (the converter options do the rest)."""
    if level.optional_descriptions and level.optional_params and level.summaries:
        return html
    soup = BeautifulSoup(html, "lxml")
    doomed = []
    if not level.optional_params:
        doomed += soup.select(f"{OPTIONAL}[data-depth='0']")
    if not level.optional_descriptions:
        doomed += soup.select(f"{OPTIONAL} > .apiref-desc, .apiref-returns")
    if not level.summaries:
        doomed += soup.select(".apiref-summary")
    for el in doomed:
        if not el.decomposed:
            el.decompose()
    for block in soup.select(".apiref-params"):
        if not block.select_one("li"):
            block.decompose()
    return str(soup)
