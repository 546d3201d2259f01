"""Prompt packs: one compact Markdown document of chosen endpoints for a code-writing model, within a token budget.

Only one language's examples are kept. An example without that language falls back as the page's own language
picker does: another name of the same family (node / node.js / javascript), else the example's first language;
the language label above each code block says which one was kept.

When the whole document is over the budget it is trimmed in levels, each keeping everything the next one keeps
(first all sections alike, then the sections asked for first get back what still fits):
nested properties from the deepest level up, then example variants after the first, then example responses,
then descriptions of optional parameters and the "Returns" text, then optional parameters themselves, then
section summaries. Never trimmed: titles, the method and URL, required top-level parameters and the first
example (nested rows, required or not, go with the depth levels). The
document ends with a note of what was left out. The count is exact: the whole output, with the encoding given.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

from bs4 import BeautifulSoup
from bs4.element import Tag

from apiref.scraper.convert import RenderOptions, convert_section
from apiref.scraper.errors import LimitError
from apiref.scraper.snapshot import Manifest, Section

from .selection import page_url, select

FAMILIES = {"node": "js", "node.js": "js", "javascript": "js", "js": "js", "typescript": "js"}  # the page's pick()
HEADING_OFFSET = 1  # sections sit at ## under the pack's # title
PROMPT_OPTIONS = RenderOptions(heading_offset=HEADING_OFFSET)
VARIANTS_NOTE = "example variants after the first"
NOTE_NAMES = 5  # sections named in the note per thing left out, before "and N more"
OPTIONAL = 'li.apiref-param[data-required="false"]:not([data-kind="type"])'  # optional rows (types have no Required)


@dataclass(frozen=True)
class Level:
    """One trim level: converter options, structural trims on the section markup, and what it leaves out."""

    options: RenderOptions = PROMPT_OPTIONS
    optional_descriptions: bool = True  # descriptions of optional params and the Returns text
    optional_params: bool = True
    summaries: bool = True
    left_out: tuple[str, ...] = ()
    evidence: tuple[str, ...] = ()  # per left_out note: CSS that finds, in a section, the content the note is about


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

    All sections are first trimmed to the same level (the first that fits); then, in the order the sections were
    asked for, each gets back as much as still fits. LimitError when even the most trimmed pack is over the
    budget (the message names the size needed).
    """
    if budget <= 0:
        raise LimitError(f"--budget {budget} must be a positive number of tokens")
    sections = select(manifest, patterns)
    html = {s.id: one_language(html_by_id[s.id], lang) for s in sections}
    packer = _Packer(manifest, sections, html, lang, trim_levels(sections, html), count)
    top = len(packer.levels) - 1
    least = packer.pack([top] * len(sections))
    if least.tokens > budget:
        raise LimitError(f"--budget {budget} is too small: the shortest pack of these sections needs {least.tokens} "
                         f"tokens; raise --budget to at least {least.tokens} or choose fewer sections")
    return packer.best(budget)


class _Packer:
    """Renders packs whose sections sit at given trim levels, converting each (section, level) once."""

    def __init__(self, manifest: Manifest, sections: list[Section], html: dict[str, str], lang: str,
                 levels: list[Level], count: Callable[[str], int]) -> None:
        self.manifest, self.sections, self.html, self.levels, self.count = manifest, sections, html, levels, count
        self.head = (f"# {manifest.title}: {len(sections)} section{'s' if len(sections) != 1 else ''} for {lang}\n\n"
                     f"From {page_url(manifest)} (snapshot {manifest.scraped_at}). Examples in {lang}; an example "
                     f"without {lang} shows its closest language.\n")
        self.bodies: dict[tuple[int, int], tuple[str, int]] = {}
        self.soups = [BeautifulSoup(html[s.id], "lxml") for s in sections]
        self.found: dict[tuple[int, str], bool] = {}

    def body(self, i: int, level: int) -> tuple[str, int]:
        if (i, level) not in self.bodies:
            sec, lv = self.sections[i], self.levels[level]
            text = convert_section(trimmed(self.html[sec.id], lv), sec, self.manifest.origin, lv.options)
            self.bodies[i, level] = (text, self.count(text))
        return self.bodies[i, level]

    def left_out(self, vector: list[int]) -> tuple[str, ...]:
        """What the levels leave out, each named with the sections it took something from unless it took from all."""
        notes = list(dict.fromkeys(note for lv in self.levels for note in lv.left_out))
        out = []
        for note in notes:
            where = [
                s.title
                for i, (s, v) in enumerate(zip(self.sections, vector, strict=True))
                if self.took(i, self.levels[v], note)
            ]
            if where:
                more = f" and {len(where) - NOTE_NAMES} more" if len(where) > NOTE_NAMES else ""
                out.append(note if len(where) == len(vector) else f"{note} (in {', '.join(where[:NOTE_NAMES])}{more})")
        return tuple(out)

    def took(self, i: int, level: Level, note: str) -> bool:
        """Whether the level left something out of section i under this note (the section had such content)."""
        if note not in level.left_out:
            return False
        css = level.evidence[level.left_out.index(note)]
        if (i, css) not in self.found:
            self.found[i, css] = self.soups[i].select_one(css) is not None
        return self.found[i, css]

    def note(self, vector: list[int]) -> str:
        left = self.left_out(vector)
        return (f"\n---\n\nLeft out to fit the token budget: {'; '.join(left)}. The complete reference is at "
                f"{page_url(self.manifest)}.\n") if left else ""

    def estimate(self, vector: list[int]) -> int:
        """Tokens of the pack, counted per part (joins may count a few more or less: `pack` counts exactly)."""
        parts = [self.body(i, v)[1] for i, v in enumerate(vector)]
        return self.count(self.head) + sum(parts) + self.count(self.note(vector)) + len(parts)

    def pack(self, vector: list[int]) -> PromptPack:
        text = "\n".join([self.head, *(self.body(i, v)[0] for i, v in enumerate(vector))]) + self.note(vector)
        return PromptPack(text, self.count(text), self.left_out(vector))

    def best(self, budget: int) -> PromptPack:
        n, top = len(self.sections), len(self.levels) - 1
        lo, hi = 0, top  # hi fits; the first level that fits for all sections alike
        while lo < hi:
            mid = (lo + hi) // 2
            lo, hi = (lo, mid) if self.pack([mid] * n).tokens <= budget else (mid + 1, hi)
        tried = [[hi] * n]
        for i in range(n):  # give content back, section by section in the order asked
            while tried[-1][i] > 0:
                vector = [*tried[-1][:i], tried[-1][i] - 1, *tried[-1][i + 1 :]]
                if self.estimate(vector) > budget:
                    break
                tried.append(vector)
        while len(tried) > 1 and self.pack(tried[-1]).tokens > budget:  # estimates were off: step back
            tried.pop()
        return self.pack(tried[-1])


def trim_levels(sections: list[Section], html: dict[str, str]) -> list[Level]:
    """Level 0 keeps everything; each next level leaves out one more kind of content that these sections have
    (see the module docstring), so every level is shorter than the one before."""
    soups = [BeautifulSoup(html[s.id], "lxml") for s in sections]
    has: Callable[[str], bool] = lambda css: any(soup.select_one(css) for soup in soups)  # noqa: E731
    depths = [
        int(d)
        for soup in soups
        for li in soup.select("li.apiref-param[data-depth]")
        if (d := str(li["data-depth"])).isdigit()
    ]
    levels = [Level()]
    for depth in range(max(depths, default=0) - 1, -1, -1):  # each depth level replaces the previous one's note
        what = "nested properties" if depth == 0 else f"properties nested deeper than level {depth}"
        levels.append(Level(options=replace(PROMPT_OPTIONS, max_depth=depth), left_out=(what,),
                            evidence=(f"li.apiref-param[data-depth='{depth + 1}']",)))

    def add(
        note: str, evidence: str, options: RenderOptions | None = None, replacing: str = "", **change: bool
    ) -> None:
        last = levels[-1]
        if not has(evidence):
            return
        kept = [
            (n, e)
            for n, e in zip(last.left_out, last.evidence, strict=True)
            if not (replacing and n.startswith(replacing))
        ]
        notes, found = zip(*kept, (note, evidence), strict=True)
        levels.append(replace(last, options=options or last.options, left_out=notes, evidence=found, **change))

    variants = max((len(soup.select(".apiref-examples > .apiref-example")) for soup in soups), default=0)
    for keep in range(variants - 1, 0, -1):  # later variants first, one at a time; each note replaces the last
        add(
            VARIANTS_NOTE + ("" if keep == 1 else f" {keep}"),
            f".apiref-examples > .apiref-example:nth-of-type({keep + 1})",
            replace(levels[-1].options, max_variants=keep),
            replacing=VARIANTS_NOTE,
        )
    add("example responses", ".apiref-response, .apiref-object-example", replace(levels[-1].options, responses=False))
    add("descriptions of optional parameters and of return values", f"{OPTIONAL} > .apiref-desc, .apiref-returns",
        optional_descriptions=False)
    add("optional parameters", f"{OPTIONAL}[data-depth='0']", optional_params=False)
    add("section summaries", ".apiref-summary", summaries=False)
    return levels


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
    doomed: list[Tag] = []
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
