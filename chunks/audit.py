"""A snapshot against the OpenAPI document its site was built from: which operations, parameters, nested body
properties and code samples the page should have shown and the snapshot lacks (missing), and which it holds that
the document does not have (extra).

Operations pair by method (upper case) and exact path. Parameters pair by group (path, query, header, cookie,
body) and name; body properties by their dotted path (`messages.content`), made from the rows' depth order: a
row that names no property (a "possible types" alternative, a `One of` header, an enum value restated under its
parameter) adds no segment, so every kind of site reads alike whatever its row ids look like. A row's group is
its own (`Param.group`) or its table's (the legacy page heads its tables `Request body`; read from the markup).

A spec sample is found when an example of its operation holds the same code (trailing whitespace aside). Which
samples a renderer can show at all is its adapter's rule (`SAMPLES`, see `scraper.sites.openapi.reading`); those
it cannot show are reported as not shown, not as missing. Other kinds of site are held to every sample.

Pure: `audit(manifest, markups, spec)` takes values and returns a `Report`; `audit_snapshot` reads them.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import computed_field

from apiref.scraper.openapi_spec import BODY, DEFAULT_DEPTH, GROUPS, Operation, Spec, load_spec
from apiref.scraper.sites.openapi import ADAPTERS
from apiref.scraper.sites.openapi.reading import shown_samples
from apiref.scraper.snapshot import SPEC_KIND, Manifest, Param, Record, Section
from apiref.scraper.store import read_manifest, read_section_html

from .diff_rows import Markup, no_markup, row_markup, without_members
from .spelling import name_key

PROPERTIES = "properties"  # the category of nested body properties (depth 1 and deeper)
OPERATIONS, SAMPLES = "operations", "samples"
CATEGORIES = (OPERATIONS, *GROUPS, PROPERTIES, SAMPLES)
TYPE_ROW = "type"  # Markup.kinds of a "possible types" row: an alternative, not a property


class Finding(Record):
    """One thing missing, extra or not shown."""

    category: str  # one of CATEGORIES
    operation: str  # `POST /chat/completions`
    name: str = ""  # the parameter, the dotted body path, the sample's label ("" for an operation)


class Coverage(Record):
    """One category's count: what the spec expects, how much of it the snapshot has, what it has besides."""

    category: str
    expected: int
    found: int
    extra: int = 0

    @computed_field  # type: ignore[prop-decorator]
    @property
    def percent(self) -> float | None:
        return round(100 * self.found / self.expected, 1) if self.expected else None


class Report(Record):
    """What `apiref audit` found."""

    snapshot: str
    spec: str
    site_kind: str
    max_depth: int
    samples_rule: str  # which samples the site can show: `all`, `first-per-lang`, `elements`, `none`
    spec_has_samples: bool
    coverage: list[Coverage]
    missing: list[Finding]
    extra: list[Finding]
    not_shown: list[Finding]  # spec samples the site's renderer cannot show
    notes: list[str] = []  # what bears on the numbers: the snapshot's own depth cap, its cuts

    @computed_field  # type: ignore[prop-decorator]
    @property
    def complete(self) -> bool:
        return not self.missing


@dataclass
class PageOperation:
    """One endpoint as the snapshot holds it, keyed like the spec's."""

    key: str
    params: dict[str, set[str]] = field(default_factory=dict)  # group -> top-level names (name_key)
    body: dict[str, int] = field(default_factory=dict)  # dotted path -> depth
    samples: list[tuple[str, str]] = field(default_factory=list)  # (label, code without trailing whitespace)


# ---------------------------------------------------------------------------------------------------- the page

def page_operations(manifest: Manifest, markups: dict[str, Markup]) -> dict[str, PageOperation]:
    """Every endpoint section of a snapshot by `METHOD /path` (two sections of one operation are one)."""
    out: dict[str, PageOperation] = {}
    for sec in manifest.sections:
        if sec.kind == "endpoint" and sec.method and sec.path:
            key = f"{sec.method.upper()} {sec.path}"
            read_section(sec, markups.get(sec.id, no_markup()), out.setdefault(key, PageOperation(key)))
    return out


def read_section(sec: Section, markup: Markup, into: PageOperation) -> None:
    rows = without_members(sec.params)
    for group in GROUPS:
        for path, depth in dotted_paths([p for p in rows if group_of(p, markup) == group], markup):
            if depth == 0:
                into.params.setdefault(group, set()).add(path)
            if group == BODY:
                into.body.setdefault(path, depth)
    for ex in sec.examples:
        for lang, code in ex.request.items():
            label = f"{lang} ({ex.variant})" if ex.variant else lang
            into.samples.append((label, code.rstrip()))


def group_of(p: Param, markup: Markup) -> str:
    return p.group or markup.groups.get(p.id, "")


def dotted_paths(rows: Iterable[Param], markup: Markup) -> Iterator[tuple[str, int]]:
    """Each property row's dotted path and depth in properties, from the rows' depth-first order; rows that name
    no property (alternatives, headers) add no segment."""
    stack: list[str] = []
    for p in rows:
        del stack[p.depth:]
        stack += [""] * (p.depth - len(stack))  # a parent row left out: its level names nothing
        names_property = bool(p.name) and markup.kinds.get(p.id) != TYPE_ROW
        stack.append(name_key(p.name) if names_property else "")
        if names_property:
            names = [s for s in stack if s]
            yield ".".join(names), len(names) - 1


# ---------------------------------------------------------------------------------------------------- comparing

def audit(manifest: Manifest, markups: dict[str, Markup], spec: Spec, snapshot: str = "") -> Report:
    """The report of one snapshot against one spec (the snapshot's rows below spec.max_depth are not compared)."""
    rule = samples_rule(manifest)
    page = page_operations(manifest, markups)
    tally = Tally()
    for op in spec.operations:
        got = page.get(op.key)
        tally.expect(OPERATIONS, op.key, "", got is not None)
        compare_params(tally, op, got, spec.max_depth)
        compare_samples(tally, op, got, rule)
    for key in sorted(page.keys() - {op.key for op in spec.operations}):
        tally.surplus(OPERATIONS, key, "")
    return Report(snapshot=snapshot, spec=spec.source, site_kind=manifest.site_kind, max_depth=spec.max_depth,
                  samples_rule=rule, spec_has_samples=spec.has_samples, coverage=list(tally.counts.values()),
                  missing=sorted(tally.missing, key=_order), extra=sorted(tally.extra, key=_order),
                  not_shown=tally.not_shown,
                  notes=notes(manifest, spec.max_depth))


@dataclass
class Tally:
    """The counts and findings as the comparison goes."""

    counts: dict[str, Coverage] = field(default_factory=lambda: {c: Coverage(category=c, expected=0, found=0)
                                                                 for c in CATEGORIES})
    missing: list[Finding] = field(default_factory=list)
    extra: list[Finding] = field(default_factory=list)
    not_shown: list[Finding] = field(default_factory=list)

    def expect(self, category: str, operation: str, name: str, found: bool, named: bool = True) -> None:
        """One thing the spec expects; `named`: list it when missing (the parts of a missing operation are not
        listed one by one: the operation is)."""
        count = self.counts[category]
        count.expected += 1
        count.found += int(found)
        if not found and named:
            self.missing.append(Finding(category=category, operation=operation, name=name))

    def surplus(self, category: str, operation: str, name: str) -> None:
        self.counts[category].extra += 1
        self.extra.append(Finding(category=category, operation=operation, name=name))


def samples_rule(manifest: Manifest) -> str:
    """Which x-codeSamples a snapshot can hold: its renderer's rule when it was read from the page, else (other
    kinds of site, a page read from its spec) all."""
    adapter = ADAPTERS.get(manifest.site_kind)
    if adapter is None or any(p.kind == SPEC_KIND for p in manifest.pages):
        return "all"
    return str(adapter.SAMPLES)


def compare_params(tally: Tally, op: Operation, got: PageOperation | None, max_depth: int) -> None:
    """Top-level parameters per group, then nested body properties."""
    page = got or PageOperation(op.key)
    for group in GROUPS:
        compare_names(tally, group, op.key, {name_key(n): n for n in op.params[group]}, page.params.get(group, set()),
                      got is not None)
    want = {path: path for path, depth in op.body.items() if depth > 0}
    have = {path for path, depth in page.body.items() if 0 < depth <= max_depth}
    compare_names(tally, PROPERTIES, op.key, want, have, got is not None)


def compare_names(tally: Tally, category: str, operation: str, want: dict[str, str], have: set[str],
                  named: bool) -> None:
    """want: key -> the spec's name; have: the page's keys."""
    for key, name in want.items():
        tally.expect(category, operation, name, key in have, named)
    for key in sorted(have - want.keys()):
        tally.surplus(category, operation, key)


def compare_samples(tally: Tally, op: Operation, got: PageOperation | None, rule: str) -> None:
    if not op.samples:
        return
    shown = set(shown_samples(rule, [(s.spec_lang, s.label) for s in op.samples]))
    codes = {code for _, code in got.samples} if got else set()
    for i, sample in enumerate(op.samples):
        if i in shown:
            tally.expect(SAMPLES, op.key, sample.label, sample.source.rstrip() in codes, got is not None)
        else:
            tally.not_shown.append(Finding(category=SAMPLES, operation=op.key, name=sample.label))
    sources = {s.source.rstrip() for s in op.samples}
    for label, code in got.samples if got else []:
        if code not in sources:
            tally.surplus(SAMPLES, op.key, label)


def _order(f: Finding) -> tuple[int, str, str]:
    return CATEGORIES.index(f.category), f.operation, f.name


def notes(manifest: Manifest, max_depth: int) -> list[str]:
    out = []
    if manifest.max_depth < max_depth:
        out.append(f"the snapshot was scraped to depth {manifest.max_depth}, the audit compares to {max_depth}")
    for cut in manifest.cuts:
        out.append(f"the scrape left {cut.count} row(s) closed ({cut.reason})")
    return out


# ---------------------------------------------------------------------------------------------------- reading

def audit_snapshot(snapshot: Path, spec_source: str, max_depth: int = DEFAULT_DEPTH) -> Report:
    """Read a snapshot and a spec (file or URL) and audit one against the other."""
    manifest = read_manifest(snapshot)
    spec = load_spec(spec_source, max_depth)
    return audit(manifest, load_markups(snapshot, manifest), spec, str(snapshot))


def load_markups(snapshot: Path, manifest: Manifest) -> dict[str, Markup]:
    """What each endpoint section's markup says of its rows (their tables and kinds)."""
    return {sec.id: row_markup(read_section_html(snapshot, sec))
            for sec in manifest.sections if sec.kind == "endpoint" and sec.params}
