"""Convert: a snapshot's section markup (docs/snapshot-format.md) to Markdown, one file per section plus the
whole reference in page order.

Each section's subtree is selected and pruned to the RenderOptions first, then converted by the one markdownify
subclass in `scraper.markdown_rules`, then normalised (fence-aware): trailing whitespace, blank-line runs, heading
offset, one final newline. Same HTML in, byte-identical Markdown out.

The shape of a section file (headings at these levels + heading_offset; reference.md puts groups and static
sections at ##, their endpoints and objects at ###):

    # Create chat completion (Beta)             title, badges as words in parentheses
    POST https://api.openai.com/v1/chat/...      endpoints: method upper-case, URL as shown
    <summary / body: the page's own HTML as Markdown; its sub-headings at ##>
    ## Path parameters | Query parameters | Request body | Properties (an object's table)
    - `name` (type, Required|Optional, Defaults to `x`, Deprecated)
      <description, indented under its row>
      - `child` (...)                            properties, indented under their parent at every depth
      - **Possible type title** (type)           possible types: the title in bold, no Required/Optional
    ## Returns
    ## Examples / ### <variant> / **<picker name>** + ```<fence tag> per language / **Response** + ```json
    ## Example                                   objects: the JSON sample

Parameter rows use `-`; descriptions' own lists use `*`, so a description's list never merges with the rows after it.
"""

from __future__ import annotations

import functools
import re
from concurrent.futures import Executor
from dataclasses import dataclass
from pathlib import Path

from bs4 import BeautifulSoup, Tag

from . import store
from .errors import LimitError, SnapshotError
from .markdown_rules import ApirefMarkdown, has_class, part
from .markdown_text import MAX_LEVEL, SPECIAL, block, fold, joined, reference_of
from .snapshot import Manifest, Section

SECTION_CLASS = "apiref-section"
EXAMPLES_CLASS = "apiref-examples"  # a section's examples: after its parameter tables (markup.own_parts)
ROW_FRAME = ('<section class="apiref-section"><div class="apiref-params"><ul class="apiref-param-list">'
             '<li class="apiref-param"><div class="apiref-desc">{}</div><ul class="apiref-param-list"></ul></li>'
             '</ul></div></section>')  # where a row's description sits (a row of a default-language table, with
# children: markup.groups_html); the parts it is in, outermost first, each alone in the one before
FRAME_PARTS = ("apiref-params", "apiref-param-list", "apiref-param")
PLAIN_PARAGRAPH = re.compile(r"<p>([^<>&]+)</p>")  # a description of one paragraph, no markup or entity inside
DESCRIPTIONS_KEPT = 4096  # descriptions' Markdown cached per process (the 2025-04-29 Stainless build has 1,419)
MERGED_INLINE = frozenset({"code", "em", "i", "strong", "b", "del", "s"})  # spans that cannot sit side by side
CHROME_TAGS = frozenset(
    {"button", "script", "style", "template", "svg", "nav", "select", "input", "noscript"}
)  # never content
TIDIED = CHROME_TAGS | MERGED_INLINE | {"br"}  # the tags select() looks at
FENCE_LINE = re.compile(r"^[ \t]*(`{3,}|~{3,})(.*)$", re.M)  # CommonMark fence (any indent: list items indent theirs)
HEADING_LINE = re.compile(r"^(#{1,6})(?= |$)", re.M)  # an ATX heading at column 0 (the converter writes no other)
TRAILING_SPACE = re.compile(r"[ \t]+$", re.M)
BLANK_RUN = re.compile(r"\n[ \t]*\n(?:[ \t]*\n)+")  # two or more blank lines
GROUP_OFFSET = 1  # reference.md: group and static sections at ##, under the page title
MEMBER_OFFSET = 2  # reference.md: endpoints and objects at ###, under their group


@dataclass(frozen=True)
class RenderOptions:
    """What to keep and how to shape it. The default keeps everything: the complete reference."""

    languages: tuple[str, ...] | None = None  # picker names (or fence tags) of request code to keep; None = all
    max_depth: int | None = None  # drop params nested deeper than this depth (0 = top level only)
    max_variants: int | None = None  # keep only the first N example variants
    responses: bool = True  # include example responses / object examples
    sdk_descriptions: bool = False  # SDK rows' descriptions (the default language's rows already carry them)
    details: bool = False  # wrap each nested property list in Discourse [details="Show properties"]...[/details]
    heading_offset: int = 0  # add to every heading level (for embedding in a bigger document)

    def __post_init__(self) -> None:
        for name in ("max_depth", "max_variants", "heading_offset"):
            value = getattr(self, name)
            if value is not None and value < 0:
                raise LimitError(f"RenderOptions.{name} = {value} is negative; use 0 or more (or None for no limit)")
        if isinstance(self.languages, str) or isinstance(self.languages, list):  # one name, or a list: as a tuple
            langs = (self.languages,) if isinstance(self.languages, str) else tuple(self.languages)
            object.__setattr__(self, "languages", langs)


DEFAULTS = RenderOptions()


@dataclass(frozen=True)
class Converted:
    """What convert_dir wrote: how many section files, and the characters of reference.md."""

    sections: int
    chars: int


# ---------------------------------------------------------------- select and prune
class SectionTag(Tag):
    """A bs4 Tag whose `find_parent(name)` walks `.parent` directly instead of through bs4's generic matcher:
    markdownify asks every tag for its `pre` ancestor, which otherwise costs as much as the rest of the conversion
    on deeply nested parameter lists."""

    def find_parent(self, name=None, attrs=None, **kwargs):  # type: ignore[no-untyped-def]
        if not isinstance(name, str) or attrs or kwargs:
            return super().find_parent(name, attrs, **kwargs)
        node = self.parent
        while node is not None and node.name != name:
            node = node.parent
        return node


def select(html: str, section: Section) -> Tag:
    """The section's `<section class="apiref-section">` element, chrome removed."""
    el = section_element(html)
    if el is None:
        raise SnapshotError(
            f"section {section.id!r} has no <section class=\"{SECTION_CLASS}\"> element in its HTML; "
            "re-create the snapshot with `apiref scrape`"
        )
    tidy(el)
    return el


def section_element(html: str) -> Tag | None:
    """The HTML's `<section class="apiref-section">` element, parsed. (`class` is kept as one string: parsing is
    faster and nothing here needs it split up front.)"""
    soup = BeautifulSoup(html, "lxml", multi_valued_attributes=None, element_classes={Tag: SectionTag})
    el = soup.find("section", class_=SECTION_CLASS) or soup.find(class_=SECTION_CLASS)
    return el if isinstance(el, Tag) else None


def tidy(el: Tag) -> None:
    """Chrome removed, stray edge line breaks removed, same inline spans side by side merged, in place."""
    tags = [t for t in el.descendants if isinstance(t, Tag) and t.name in TIDIED]
    for tag in tags:
        if tag.decomposed:
            continue
        if tag.name in CHROME_TAGS or (tag.name == "br" and at_block_edge(tag)):  # an edge break: a stray "\"
            tag.decompose()
        elif tag.name in MERGED_INLINE:
            merge_next(tag)


def merge_next(tag: Tag) -> None:
    """Absorb the same inline elements that follow right after (`<code>a</code><code>b</code>` is `ab` in code):
    two Markdown spans side by side would read as other markup (``` `a``b` ```)."""
    nxt = tag.next_sibling
    while isinstance(nxt, Tag) and nxt.name == tag.name and not nxt.attrs:
        following = nxt.next_sibling
        tag.extend(list(nxt.contents))
        nxt.decompose()
        nxt = following


def at_block_edge(el: Tag) -> bool:
    """Nothing but whitespace and other line breaks before it, or after it, in its parent."""

    def blank(nodes) -> bool:  # type: ignore[no-untyped-def]
        return all(n.name == "br" if isinstance(n, Tag) else not str(n).strip() for n in nodes)

    return blank(el.previous_siblings) or blank(el.next_siblings)


def prune(el: Tag, options: RenderOptions) -> None:
    """Remove what the options leave out, in place."""
    if options.languages is not None:
        keep = {lang.lower() for lang in options.languages}
        for pre in el.select(".apiref-request > pre"):
            if not {str(pre.get("data-lang") or "").lower(), ApirefMarkdown.fence_tag(pre).lower()} & keep:
                pre.decompose()
        choose_sdk(el, keep)
    if options.max_depth is not None:
        for li in el.select("li.apiref-param"):
            if not li.decomposed and param_depth(li) > options.max_depth:
                parent = li.parent
                li.decompose()
                if isinstance(parent, Tag) and not parent.find("li"):
                    parent.decompose()
    if options.max_variants is not None:
        for extra in el.select(".apiref-examples > .apiref-example")[max(0, options.max_variants):]:
            extra.decompose()
    if not options.sdk_descriptions:
        for desc in unchosen_sdk_descriptions(el):
            if not desc.decomposed:
                desc.decompose()
    if not options.responses:
        for node in el.select(".apiref-response, .apiref-object-example"):
            node.decompose()


def unchosen_sdk_descriptions(el: Tag) -> list[Tag]:
    """What `.apiref-sdk:not([data-chosen]) .apiref-desc` selects (a description below an SDK block not chosen), in
    one walk: soupsieve's select took a quarter of a section's conversion, most sections having no SDK block."""
    found = []
    for sdk in el.descendants:
        if isinstance(sdk, Tag) and has_class(sdk, "apiref-sdk") and "data-chosen" not in sdk.attrs:
            found += [d for d in sdk.descendants if isinstance(d, Tag) and has_class(d, "apiref-desc")]
    return found


def choose_sdk(el: Tag, keep: set[str]) -> None:
    """Only the chosen languages' SDK blocks stay; when one stays, its typed rows (with their descriptions) take the
    place of the default language's tables: a prompt for one SDK shows that SDK's names and types."""
    kept = [sdk for sdk in el.select(".apiref-sdk") if str(sdk.get("data-lang") or "").lower() in keep]
    for sdk in el.select(".apiref-sdk"):
        if sdk not in kept:
            sdk.decompose()
    if kept:
        tables = el.find_all("div", class_="apiref-params", recursive=False)
        for sdk in kept:
            sdk["data-chosen"] = "true"
            if tables:
                tables[0].insert_before(sdk.extract())  # where the default language's tables were
        for table in tables:
            table.decompose()


def param_depth(li: Tag) -> int:
    """The row's data-depth, else its nesting among parameter rows."""
    given = str(li.get("data-depth") or "")
    if given.isdigit():
        return int(given)
    return sum(1 for p in li.parents if has_class(p, "apiref-param"))


# ---------------------------------------------------------------- normalise
def segments(markdown: str) -> list[tuple[str, bool]]:
    """The text cut into (piece, is_code): fenced code blocks (fence lines included) and the prose between."""
    out: list[tuple[str, bool]] = []
    at, opener, start = 0, "", 0
    for m in FENCE_LINE.finditer(markdown):
        run, rest = m.group(1), m.group(2)
        if not opener:
            out.append((markdown[at : m.start()], False))
            opener, start = run, m.start()
        elif run[0] == opener[0] and len(run) >= len(opener) and not rest.strip():
            out.append((markdown[start : m.end()], True))
            opener, at = "", m.end()
    out.append((markdown[start:], True) if opener else (markdown[at:], False))
    return out


def normalise(markdown: str, heading_offset: int = 0) -> str:
    """Outside code: no trailing whitespace, no runs of blank lines, headings shifted by heading_offset (at most
    ######). Code is left exactly as it is. Exactly one trailing newline."""

    def shift(m: re.Match[str]) -> str:
        return "#" * min(MAX_LEVEL, len(m.group(1)) + heading_offset)

    pieces = []
    for piece, is_code in segments(markdown):
        if not is_code:
            piece = BLANK_RUN.sub("\n\n", TRAILING_SPACE.sub("", piece))
            piece = HEADING_LINE.sub(shift, piece) if heading_offset else piece
        pieces.append(piece)
    return "".join(pieces).strip("\n") + "\n"


# ---------------------------------------------------------------- public API
@functools.lru_cache(maxsize=8)
def converter(origin: str, details: bool) -> ApirefMarkdown:
    """One converter per (origin, details): it holds nothing but options and a cache of its rule methods."""
    return ApirefMarkdown(origin=origin, details=details)


def convert_section(html: str, section: Section, origin: str, options: RenderOptions = DEFAULTS,
                    tables: str = "", sdks: str = "") -> str:
    """The Markdown of one section: its title at `#` (+ heading_offset), links absolute against origin. For the
    default options, what the html leaves out can come as Markdown, put where the converter would have put it:
    tables, the Markdown of its parameter tables (`table_markdown`), before its examples; sdks, the Markdown of its
    SDK blocks (`sdk_markdown`), after the rest."""
    assert not (tables or sdks) or options == DEFAULTS, "Markdown written from records follows the default options"
    el = select(html, section)
    prune(el, options)
    convert = converter(origin, options.details)
    examples = el.find("div", class_=EXAMPLES_CLASS, recursive=False) if tables else None
    after = convert.process_tag(examples.extract(), parent_tags={el.name}) if isinstance(examples, Tag) else ""
    raw = convert.process_tag(el, parent_tags=set())
    return normalise(block(joined([raw, tables, after, sdks])) if tables or sdks else raw, options.heading_offset)


@functools.lru_cache(maxsize=DESCRIPTIONS_KEPT)
def description_markdown(html: str, origin: str) -> str | None:
    """A parameter row's description (what its `apiref-desc` holds: `markup.row_description`) as the converter
    makes it in its row, parsed inside the elements a row sits in; None where its HTML would not stay inside its
    element (a closing tag of its own without its opening one, or an opening `div` without its closing one, would
    reshape the rows around it). Cached: descriptions repeat across rows and pages, and a crawl's worker reads many
    pages. One paragraph of plain words (most descriptions) is written as the converter writes it, unparsed."""
    plain = PLAIN_PARAGRAPH.fullmatch(html)
    if plain and (text := plain.group(1)) == fold(text) and text.isprintable() and not SPECIAL.search(text):
        return block(text)
    return framed_markdown(html, origin)


def framed_markdown(html: str, origin: str) -> str | None:
    """description_markdown by the converter itself: the description parsed in its row's frame."""
    frame = section_element(ROW_FRAME.format(html))
    if frame is None or frame.name != "section" or frame.parent is None or len(frame.parent.contents) != 1:
        return None
    chain = [frame]
    for expected in FRAME_PARTS:
        inside = chain[-1].contents
        if len(inside) != 1 or not isinstance(inside[0], Tag) or part(inside[0]) != expected:
            return None
        chain.append(inside[0])
    desc, *after = chain[-1].contents  # the row's description, then its children's (empty) list
    if not isinstance(desc, Tag) or part(desc) != "apiref-desc" or len(after) != 1 or not isinstance(after[0], Tag) \
            or part(after[0]) != "apiref-param-list" or after[0].contents:
        return None
    tidy(frame)
    return converter(origin, False).process_tag(desc, parent_tags={c.name for c in chain})


def reference_offset(section: Section) -> int:
    """Where a section sits in reference.md: groups and static sections under the title, members under groups."""
    return MEMBER_OFFSET if section.group is not None and section.kind not in ("group", "static") else GROUP_OFFSET


def convert_snapshot(
    manifest: Manifest, html_by_id: dict[str, str], helper: Executor | None = None
) -> tuple[dict[str, str], str]:
    """(Markdown of each section keyed by section id, the whole reference in page order).

    With a helper (an executor with one worker process), the later half of the page, by HTML size, is converted
    there while this process converts the first half: the same output, in about half the time on two cores."""
    for sec in manifest.sections:
        if sec.id not in html_by_id:
            raise SnapshotError(f"section {sec.id!r} has no HTML; re-create the snapshot with `apiref scrape`")
    jobs = [(sec, html_by_id[sec.id]) for sec in manifest.sections]
    cut = halfway(jobs) if helper is not None else len(jobs)
    later = helper.submit(convert_many, jobs[cut:], manifest.origin) if helper is not None else None
    markdown = convert_many(jobs[:cut], manifest.origin) + (later.result() if later else [])
    per_section = {sec.id: md for (sec, _), md in zip(jobs, markdown, strict=True)}
    return per_section, whole_reference(manifest, per_section)


def whole_reference(manifest: Manifest, per_section: dict[str, str]) -> str:
    """reference.md: the reference's title, then every section's Markdown in page order, headings shifted under it."""
    return reference_of(manifest.title, [reference_part(per_section[s.id], s) for s in manifest.sections])


def reference_part(markdown: str, section: Section) -> str:
    """A section's part of reference.md: its Markdown, headings shifted under the reference's title or its group."""
    return normalise(markdown, reference_offset(section))


def convert_many(jobs: list[tuple[Section, str]], origin: str) -> list[str]:
    """The Markdown of each (section, html), in order (also run in a helper process)."""
    return [convert_section(html, sec, origin) for sec, html in jobs]


def convert_parted(jobs: list[tuple[Section, str, str, str]], origin: str) -> list[tuple[str, str]]:
    """The Markdown of each (section, html without what comes as Markdown, its tables' Markdown, its SDK blocks'),
    in order, with its part of reference.md (run in a worker)."""
    done = [(sec, convert_section(html, sec, origin, tables=tables, sdks=sdks)) for sec, html, tables, sdks in jobs]
    return [(markdown, reference_part(markdown, sec)) for sec, markdown in done]


def halfway(jobs: list[tuple[Section, str]]) -> int:
    """The index that splits the jobs into two runs of about equal HTML size."""
    total, run = sum(len(h) for _, h in jobs), 0
    for i, (_, html) in enumerate(jobs):
        run += len(html)
        if 2 * run >= total:
            return i + 1
    return len(jobs)


def convert_dir(snapshot: Path) -> Converted:
    """Re-read a snapshot's section HTML and rewrite its markdown/ and reference.md (atomically)."""
    manifest = store.read_manifest(snapshot)
    html = store.read_sections_html(snapshot, manifest)
    per_section, reference = convert_snapshot(manifest, html)
    store.write_markdown(snapshot, manifest, per_section, reference)
    return Converted(sections=len(per_section), chars=len(reference))
