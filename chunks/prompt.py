"""Prompt packs: one compact Markdown document of chosen endpoints for a code-writing model, within a token budget.

Only one language's examples are kept. An example without that language falls back as the page's own language
picker does: another name of the same family (node / node.js / javascript), else the example's first language;
the language label above each code block says which one was kept.

When the whole document is over the budget it is trimmed in levels, each keeping everything the next one keeps
(first all sections alike, then the sections asked for first get back what still fits):
nested properties from the deepest level up, then example variants after the first, then example responses,
then descriptions of optional parameters and the "Returns" text, then optional parameters themselves, then
section summaries. Never trimmed: titles, the method and URL, required top-level parameters and the first
example (nested rows, required or not, go with the depth levels).

Whole levels are coarse (one level can halve a section), so the budget is then filled item by item: first what
the first level that did not fit leaves out, most important first (shallower rows before deeper ones, required
before optional, then page order), then what the levels before it leave out (deeper nesting, more variants), as
many as still fit, stepping over an item too big for what is left. The document ends with a
note of what was left out. The count is exact: the whole output, with the encoding given.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace

from bs4 import BeautifulSoup, Tag

from apiref.scraper.convert import RenderOptions, choose_sdk, convert_section
from apiref.scraper.errors import LimitError
from apiref.scraper.snapshot import Manifest, Section

from .selection import FAMILIES, check_language, page_url, select

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
    removes: str = ""  # CSS of what this level leaves out that the level before kept (its items to give back)


Cut = tuple[tuple[int, int], ...]  # (item, chars): an item given back with only the first characters of its code
State = tuple[int, tuple[int, ...], Cut]  # a section's trim level, the items it removes given back, and cut ones
CUT_LINE = "… (cut to fit the token budget)"  # ends a code block given back shortened
ITEM_ATTR = "data-apiref-item"  # marks an item that can be given back, with its rank
MAX_SKIPS = 8  # items that did not fit, stepped over to give back later (smaller) ones: a bound on the renders
ITEM_MARKUP = 6  # tokens of Markdown around an item's text (a row's name, type, Required/Optional)
CHARS_PER_TOKEN = 4  # an item's size, guessed from its text, to skip the ones that cannot fit without rendering


@dataclass(frozen=True)
class PromptPack:
    text: str
    tokens: int
    left_out: tuple[str, ...]


def prompt_pack(
    manifest: Manifest,
    html_by_id: Mapping[str, str],
    patterns: list[str],
    lang: str,
    budget: int,
    count: Callable[[str], int],
    budget_name: str = "--budget",
) -> PromptPack:
    """The least-trimmed pack of the selected sections whose whole text counts <= budget tokens.

    All sections are first trimmed to the same level (the first that fits); then, in the order the sections were
    asked for, each gets back as much as still fits, whole levels first, then item by item. LimitError when even
    the most trimmed pack is over the budget (the message names the size needed, and calls the budget
    budget_name); SelectionError for a language the snapshot has no examples in.
    """
    if budget <= 0:
        raise LimitError(f"{budget_name} {budget} must be a positive number of tokens")
    check_language(lang, manifest.languages)
    sections = select(manifest, patterns)
    html = {s.id: one_language(html_by_id[s.id], lang) for s in sections}
    packer = _Packer(manifest, sections, html, lang, trim_levels(sections, html), count)
    top = len(packer.levels) - 1
    least = packer.pack([(top, (), ())] * len(sections))
    if least.tokens > budget:
        raise LimitError(
            f"{budget_name} {budget} is too small: the shortest pack of these sections needs {least.tokens} "
            f"tokens; raise {budget_name} to at least {least.tokens}"
            f"{' or choose fewer sections' if len(sections) > 1 else ''}"
        )
    return packer.best(budget)


class _Packer:
    """Renders packs whose sections sit at given states, converting each (section, state) once."""

    def __init__(self, manifest: Manifest, sections: list[Section], html: Mapping[str, str], lang: str,
                 levels: list[Level], count: Callable[[str], int]) -> None:
        self.manifest, self.sections, self.html, self.levels, self.count = manifest, sections, html, levels, count
        self.head = (f"# {manifest.title}: {len(sections)} section{'s' if len(sections) != 1 else ''} for {lang}\n\n"
                     f"From {page_url(manifest)} (snapshot {manifest.scraped_at}). Examples in {lang}; an example "
                     f"without {lang} shows its closest language.\n")
        self.bodies: dict[tuple[int, State], tuple[str, int]] = {}
        self.soups = [BeautifulSoup(html[s.id], "lxml") for s in sections]
        self.found: dict[tuple[int, str], bool] = {}
        self.items: dict[int, tuple[str, dict[int, list[tuple[int, int]]], dict[int, int]]] = {}

    def body(self, i: int, state: State) -> tuple[str, int]:
        if (i, state) not in self.bodies:
            sec, (level, given, cut) = self.sections[i], state
            if given or cut:
                markup, options = self.given_back(i, level, given, cut), self.levels[0].options
            else:
                markup, options = trimmed(self.html[sec.id], self.levels[level]), self.levels[level].options
            text = convert_section(markup, sec, self.manifest.origin, options)
            self.bodies[i, state] = (text, self.count(text))
        return self.bodies[i, state]

    def given_back(self, i: int, level: int, given: tuple[int, ...], cut: Cut = ()) -> str:
        """Section i's full markup less every item that levels 1..level remove, except the items given, and the
        cut ones with their code shortened to its first characters."""
        soup = BeautifulSoup(self.marked(i)[0], "lxml")
        chars = dict(cut)
        keep = set(given) | set(chars)
        for el in soup.select(f"[{ITEM_ATTR}]"):
            if el.decomposed:  # (inside an item removed just before)
                continue
            k, item = map(int, str(el[ITEM_ATTR]).split(":"))
            if k <= level and item not in keep:
                el.decompose()
            elif item in chars:
                shorten_code(el, chars[item])
        drop_empty_lists(soup)
        return str(soup)

    def marked(self, i: int) -> tuple[str, dict[int, list[tuple[int, int]]], dict[int, int]]:
        """Section i's full markup with each item a level removes marked "level:item"; and per level, its items
        (item number, guessed tokens) in order of importance; and the lines of code in each item holding code."""
        if i not in self.items:
            soup = BeautifulSoup(self.html[self.sections[i].id], "lxml")
            per_level: dict[int, list[tuple[int, int]]] = {}
            code: dict[int, int] = {}
            for k, level in enumerate(self.levels):
                found = [el for el in soup.select(level.removes) if not el.has_attr(ITEM_ATTR)] if level.removes else []
                per_level[k] = []
                for el in by_importance(found):
                    item = sum(len(v) for v in per_level.values())
                    el[ITEM_ATTR] = f"{k}:{item}"
                    per_level[k].append((item, own_size(el)))
                    if pres := el.select("pre"):
                        code[item] = max(len(pre.get_text()) for pre in pres)
            self.items[i] = (str(soup), per_level, code)
        return self.items[i]

    def sequence(self, i: int, level: int) -> list[tuple[int, int]]:
        """The items section i can get back at this level, in order: what this level removes (by importance),
        then what each level before it removes (deeper nesting, further variants, ...)."""
        per_level = self.marked(i)[1]
        return [pair for k in range(level, 0, -1) for pair in per_level.get(k, [])]

    def left_out(self, vector: list[State]) -> tuple[str, ...]:
        """What the levels leave out, each named with the sections it took something from unless it took from all."""
        notes = list(dict.fromkeys(note for lv in self.levels for note in lv.left_out))
        out = []
        for note in notes:
            where = [
                s.title
                for i, (s, (v, *_)) in enumerate(zip(self.sections, vector, strict=True))
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

    def note(self, vector: list[State]) -> str:
        left = self.left_out(vector)
        return (f"\n---\n\nLeft out to fit the token budget: {'; '.join(left)}. The complete reference is at "
                f"{page_url(self.manifest)}.\n") if left else ""

    def estimate(self, vector: list[State]) -> int:
        """Tokens of the pack, counted per part (joins may count a few more or less: `pack` counts exactly)."""
        parts = [self.body(i, v)[1] for i, v in enumerate(vector)]
        return self.count(self.head) + sum(parts) + self.count(self.note(vector)) + len(parts)

    def pack(self, vector: list[State]) -> PromptPack:
        text = "\n".join([self.head, *(self.body(i, v)[0] for i, v in enumerate(vector))]) + self.note(vector)
        return PromptPack(text, self.count(text), self.left_out(vector))

    def best(self, budget: int) -> PromptPack:
        n, top = len(self.sections), len(self.levels) - 1
        lo, hi = 0, top  # hi fits; the first level that fits for all sections alike
        while lo < hi:
            mid = (lo + hi) // 2
            lo, hi = (lo, mid) if self.pack([(mid, (), ())] * n).tokens <= budget else (mid + 1, hi)
        tried: list[list[State]] = [[(hi, (), ())] * n]
        for i in range(n):  # give whole levels back, section by section in the order asked
            while tried[-1][i][0] > 0:
                vector = [*tried[-1][:i], (tried[-1][i][0] - 1, (), ()), *tried[-1][i + 1 :]]
                if self.estimate(vector) > budget:
                    break
                tried.append(vector)
        while len(tried) > 1 and self.pack(tried[-1]).tokens > budget:  # estimates were off: step back
            tried.pop()
        vector = tried[-1]
        for i in range(n):  # then items of the level that did not fit, section by section
            vector = self.fill(vector, i, budget)
        return self.pack(vector)

    def fill(self, vector: list[State], i: int, budget: int) -> list[State]:
        """The vector with section i given back the most items that still fit (exact counts), in the order of
        `sequence`: the longest run from the first, then, past an item that did not fit, the longest run after
        it, and so on (at most MAX_SKIPS items stepped over)."""
        level = vector[i][0]
        items = self.sequence(i, level) if level else []
        ids, sizes = [item for item, _ in items], [size for _, size in items]
        with_items: Callable[[list[int]], list[State]] = lambda given: [  # noqa: E731
            *vector[:i], (level, tuple(sorted(given)), ()), *vector[i + 1 :]]
        given: list[int] = []
        stepped: list[int] = []
        at, skips, left = 0, 0, budget - self.pack(vector).tokens
        while skips <= MAX_SKIPS:
            while at < len(sizes) and sizes[at] >= left:  # (guessed too big: stepped over without a render)
                stepped, at = [*stepped, at], at + 1
            if at >= len(sizes):
                break
            start, base = at, list(given)

            def fits(run: int, base: list[int] = base, start: int = start) -> bool:
                return self.pack(with_items([*base, *ids[start:start + run]])).tokens <= budget

            guess = sum(1 for total in itertools.accumulate(sizes[start:]) if total < left)
            most = len(sizes) - start - (1 if start == 0 else 0)  # every item back would be a level that did not fit
            run = last_true(fits, 0, most, guess)
            given, at, skips = [*base, *ids[start:start + run]], start + run + 1, skips + 1
            stepped += [start + run] if start + run < len(sizes) else []
            left = budget - self.pack(with_items(given)).tokens
        return self.cut_code(vector, i, budget, with_items(given), [ids[r] for r in sorted(stepped)])

    def cut_code(
        self, vector: list[State], i: int, budget: int, filled: list[State], stepped: list[int]
    ) -> list[State]:
        """The filled vector, plus the first stepped-over item that holds code (an example response, a variant)
        given back with as many first characters of each code block as still fit."""
        level, given, _ = filled[i]
        code_chars = self.marked(i)[2]
        item = next((it for it in stepped if code_chars.get(it, 0) > 1), None)
        if item is None:
            return filled
        with_cut: Callable[[int], list[State]] = lambda n: [*vector[:i], (level, given, ((item, n),)), *vector[i + 1 :]]  # noqa: E731
        fits: Callable[[int], bool] = lambda n: self.pack(with_cut(n)).tokens <= budget  # noqa: E731
        if not fits(1):
            return filled
        left = budget - self.pack(filled).tokens
        return with_cut(last_true(fits, 1, code_chars[item] - 1, left * CHARS_PER_TOKEN // 2))


def last_true(fits: Callable[[int], bool], lo: int, hi: int, guess: int) -> int:
    """The largest r in [lo, hi] with fits(r), for fits true up to some point and false after (fits(lo) is taken
    as true), probing from a guess outwards in doubling steps, then bisecting: few probes when the guess is good."""
    g = min(max(guess, lo), hi)
    if g == lo or fits(g):
        a, step = g, 1
        while a + step <= hi and fits(a + step):
            a, step = a + step, step * 2
        b = min(a + step, hi + 1)  # (b does not fit, or is past hi)
    else:
        b, step = g, 1
        while b - step > lo and not fits(b - step):
            b, step = b - step, step * 2
        a = max(b - step, lo)
    while b - a > 1:
        mid = (a + b) // 2
        a, b = (mid, b) if fits(mid) else (a, mid)
    return a


def by_importance(items: list[Tag]) -> list[Tag]:
    """Elements in the order they are given back: shallower parameter rows (or descriptions of them) first, then
    required before optional, then page order."""
    def key(pair: tuple[int, Tag]) -> tuple[int, int, int]:
        k, el = pair
        row = el if el.name == "li" else el.find_parent("li", class_="apiref-param")
        depth = str(row.get("data-depth") or "0") if row else "0"
        required = row is not None and row.get("data-required") == "true"
        return (int(depth) if depth.isdigit() else 0, 0 if required else 1, k)
    return [el for _, el in sorted(enumerate(items), key=key)]


def shorten_code(el: Tag, chars: int) -> None:
    """Keep the first characters of each code block in el (longer than that), then a line saying the rest was cut."""
    for pre in el.select("pre"):
        target = pre.select_one("code") or pre
        text = target.get_text()
        if len(text) > chars:
            target.string = text[:chars].rstrip("\n") + "\n" + CUT_LINE


def own_size(el: Tag) -> int:
    """Guessed tokens of an item without the items nested in it (a row's own name, type and description)."""
    text = "".join(c.get_text() if isinstance(c, Tag) else str(c) for c in el.children
                   if not (isinstance(c, Tag) and c.select_one("li")))
    return len(text) // CHARS_PER_TOKEN + ITEM_MARKUP


def drop_empty_lists(soup: BeautifulSoup) -> None:
    """Parameter lists (and parameter blocks) left without rows go, as the converter's own depth cut does."""
    for ul in soup.select("ul"):
        if not ul.decomposed and ul.find_parent(class_="apiref-params") and not ul.select_one("li"):
            ul.decompose()
    for block in soup.select(".apiref-params"):
        if not block.select_one("li"):
            block.decompose()


def trim_levels(sections: list[Section], html: Mapping[str, str]) -> list[Level]:
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
        rows = f"li.apiref-param[data-depth='{depth + 1}']"
        levels.append(Level(options=replace(PROMPT_OPTIONS, max_depth=depth), left_out=(what,), evidence=(rows,),
                            removes=rows))

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
        levels.append(replace(last, options=options or last.options, left_out=notes, evidence=found, removes=evidence,
                              **change))

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
    """Section markup with each example request reduced to one language: lang, else its family, else the first;
    on a multi-language site, that language's SDK rows (signature, its own names and types) replace the default
    language's tables."""
    soup = BeautifulSoup(html, "lxml")
    section = soup.select_one(".apiref-section")
    if section is not None:
        family = FAMILIES.get(lang.lower())
        choose_sdk(section, {lang.lower()} | {name for name, f in FAMILIES.items() if family and f == family})
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
