"""Ways to show a SnapshotDiff: a Markdown report, JSON (the model itself) and one self-contained HTML page.

Each report first lists every change in one line, grouped by level (breaking, non-breaking, docs only), then the
details of each changed section (fields, rows, examples, a unified diff of its Markdown).

Each renderer is a generator of text pieces that the command prints or writes; none does I/O.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator

from apiref.scraper.store import dump_json

from .diff import ParamChange, SectionChange, SnapshotDiff
from .diff_items import Item
from .diff_levels import LEVEL_TITLES, LEVELS

FORMATS = ("md", "json", "html")
BACKTICKS = re.compile(r"`+")
MAX_VALUE = 120  # characters of an old/new value shown in reports (descriptions can be paragraphs)

STYLE = """
body{font:15px/1.5 system-ui,sans-serif;margin:0;background:#f6f7f9;color:#1d1f24}
main{max-width:1100px;margin:0 auto;padding:24px}
h1{font-size:24px;margin:0 0 4px} h2{font-size:19px;margin:28px 0 8px}
.meta{color:#5b616e;font-size:13px}
.summary span{display:inline-block;margin-right:14px;font-weight:600}
.added{color:#116329} .removed{color:#a40e26} .changed{color:#7d4e00}
details.section{background:#fff;border:1px solid #d8dce3;border-radius:8px;margin:10px 0;padding:8px 14px}
details.section>summary{cursor:pointer;font-weight:600}
code{font:13px ui-monospace,monospace;background:#eef0f4;padding:1px 4px;border-radius:4px}
table{border-collapse:collapse;margin:8px 0;font-size:13px}
td,th{border:1px solid #d8dce3;padding:3px 8px;text-align:left;vertical-align:top}
pre.udiff{background:#fbfbfc;border:1px solid #e3e6eb;padding:8px;overflow:auto;font:12px/1.4 ui-monospace,monospace}
pre.udiff .a{background:#e6ffec;display:block} pre.udiff .r{background:#ffebe9;display:block}
pre.udiff .h{color:#6e40c9;display:block}
pre.udiff .ws{background:#ffd7a8}  /* trailing whitespace: a change you could not see otherwise */
.breaking{color:#a40e26} .non-breaking{color:#7d4e00} .docs{color:#5b616e}
ul.level li{margin:2px 0}
.tag{font-size:12px;font-weight:400;border-radius:10px;padding:1px 8px;background:#eef0f4;margin-left:6px}
"""


def render(d: SnapshotDiff, fmt: str) -> Iterator[str]:
    """The diff in one of FORMATS."""
    if fmt == "json":
        yield dump_json(d.model_dump(mode="json"))
    elif fmt == "html":
        yield from html_page(d)
    else:
        yield from markdown_report(d)


# ---------------------------------------------------------------- Markdown
def markdown_report(d: SnapshotDiff) -> Iterator[str]:
    """A readable report: counts, added/removed lists, then each changed section with its details and diff."""
    yield "# API reference changes\n\n"
    yield f"- old: {d.old.source_url} ({d.old.scraped_at}, {d.old.sections} sections)\n"
    yield f"- new: {d.new.source_url} ({d.new.scraped_at}, {d.new.sections} sections)\n"
    note = " (description-only changes ignored)" if d.ignore_descriptions else ""
    yield (f"- {len(d.added)} added, {len(d.removed)} removed, {len(d.changed)} changed, {d.unchanged} unchanged, "
           f"{len(d.moved)} moved{note}\n")
    yield f"- {level_counts(d)}\n"
    for level in LEVELS:
        if d.levels.get(level):
            yield f"\n## {LEVEL_TITLES[level]}\n\n" + "".join(f"- {_md_item(i)}\n" for i in d.levels[level])
    for title, refs in (("Added", d.added), ("Removed", d.removed)):
        if refs:
            yield f"\n## {title}\n\n" + "".join(f"- `{r.id}` {r.title} ({r.kind})\n" for r in refs)
    if d.moved:
        yield "\n## Moved\n\n" + "".join(f"- `{r.old_id}` → `{r.id}` {r.title} (by {r.matched_by})\n" for r in d.moved)
    if d.changed:
        yield "\n## Changed\n"
    for c in d.changed:
        yield from _md_section(c)


def level_counts(d: SnapshotDiff) -> str:
    """`2 breaking, 5 non-breaking, 40 docs-only changes`."""
    n = {lv: len(d.levels.get(lv, [])) for lv in LEVELS}
    return f"{n['breaking']} breaking, {n['non-breaking']} non-breaking, {n['docs']} docs-only changes"


def _md_item(i: Item) -> str:
    return f"`{i.section_id}` {i.title}: {i.what}"


def _md_section(c: SectionChange) -> Iterator[str]:
    tag = " (description only)" if c.description_only else ""
    moved = f" (was `{c.old_id}`)" if c.old_id else ""
    yield f"\n### `{c.id}` {c.title}{tag}{moved}\n\nlevel: {c.level}\n\n"
    for name, v in c.fields.items():
        yield f"- {name}: {_short(v.old)} → {_short(v.new)}\n"
    if c.summary_changed:
        yield "- summary changed\n"
    for p in c.params:
        yield f"- param `{p.path}`: {_param_line(p)}\n"
    for e in c.examples:
        yield f"- example {e.variant} / {e.language}: {e.change}\n"
    if c.markdown_diff:
        ticks = "`" * max(3, 1 + max((len(run) for run in BACKTICKS.findall(c.markdown_diff)), default=0))
        yield f"\n{ticks}diff\n{c.markdown_diff}{ticks}\n"  # longer than any backtick run inside: never closed early


def _param_line(p: ParamChange) -> str:
    if p.change != "changed":
        return p.change
    return "; ".join(f"{k} {_short(v.old)} → {_short(v.new)}" for k, v in p.fields.items())


def _short(value: object) -> str:
    text = "none" if value is None else str(value)
    return text if len(text) <= MAX_VALUE else text[: MAX_VALUE - 1] + "…"


# ---------------------------------------------------------------- HTML
def html_page(d: SnapshotDiff) -> Iterator[str]:
    """One self-contained page (inline CSS, no scripts or external resources); every text is escaped."""
    e = html.escape
    yield ('<!doctype html>\n<html lang="en"><head><meta charset="utf-8"><title>API reference changes</title>'
           f"<style>{STYLE}</style></head>\n")
    yield "<body><main>\n<h1>API reference changes</h1>\n"
    yield (f'<p class="meta">old: {e(d.old.source_url)} ({e(d.old.scraped_at)})<br>'
           f"new: {e(d.new.source_url)} ({e(d.new.scraped_at)})</p>\n")
    note = " · description-only changes ignored" if d.ignore_descriptions else ""
    yield (
        f'<p class="summary" id="summary"><span class="added">{len(d.added)} added</span>'
        f'<span class="removed">{len(d.removed)} removed</span><span>{len(d.moved)} moved</span>'
        f'<span class="changed">{len(d.changed)} changed</span><span>{d.unchanged} unchanged</span>{e(note)}</p>\n'
    )
    yield f'<p class="summary" id="levels">{e(level_counts(d))}</p>\n'
    for level in LEVELS:
        if d.levels.get(level):
            yield (
                f'<h2 class="{level}">{LEVEL_TITLES[level]}</h2>\n<ul class="level" id="level-{level}">'
                + "".join(
                    f'<li><a href="#{e(i.section_id)}"><code>{e(i.section_id)}</code></a> '
                    f"{e(i.title)}: {e(i.what)}</li>"
                    for i in d.levels[level]
                )
                + "</ul>\n"
            )
    for title, cls, refs in (("Added", "added", d.added), ("Removed", "removed", d.removed)):
        if refs:
            yield (
                f'<h2 class="{cls}">{title}</h2>\n<ul>'
                + "".join(f"<li><code>{e(r.id)}</code> {e(r.title)}</li>" for r in refs)
                + "</ul>\n"
            )
    if d.changed:
        yield '<h2 class="changed">Changed</h2>\n'
    for c in d.changed:
        yield from _html_section(c)
    yield "</main></body></html>\n"


def _html_section(c: SectionChange) -> Iterator[str]:
    e = html.escape
    tag = '<span class="tag">description only</span>' if c.description_only else ""
    level = f'<span class="level {c.level}">{c.level}</span>'
    yield (f'<details class="section" id="{e(c.id)}" open><summary><code>{e(c.id)}</code> '
           f"{e(c.title)} {level}{tag}</summary>\n")
    rows = [(k, v) for k, v in c.fields.items()]
    if rows or c.summary_changed:
        yield "<table><tr><th>field</th><th>old</th><th>new</th></tr>"
        yield "".join(
            f"<tr><td>{e(k)}</td><td>{e(_short(v.old))}</td><td>{e(_short(v.new))}</td></tr>" for k, v in rows
        )
        yield "<tr><td>summary</td><td colspan=2>changed</td></tr>" if c.summary_changed else ""
        yield "</table>\n"
    if c.params:
        yield "<table><tr><th>parameter</th><th>change</th></tr>"
        yield "".join(
            f'<tr><td><code title="{e(p.id)}">{e(p.path)}</code></td>'
            f'<td class="{p.change}">{e(_param_line(p))}</td></tr>'
            for p in c.params
        )
        yield "</table>\n"
    if c.examples:
        yield "<table><tr><th>example</th><th>language</th><th>change</th></tr>"
        yield "".join(
            f'<tr><td>{e(x.variant)}</td><td>{e(x.language)}</td><td class="{x.change}">{x.change}</td></tr>'
            for x in c.examples
        )
        yield "</table>\n"
    if c.markdown_diff:
        yield '<pre class="udiff">' + "".join(_diff_line(line) for line in c.markdown_diff.splitlines()) + "</pre>\n"
    yield "</details>\n"


def _diff_line(line: str) -> str:
    cls = ("h" if line.startswith(("@@", "---", "+++")) else "a" if line.startswith("+")
           else "r" if line.startswith("-") else "")
    body = line.rstrip(" \t") if cls in ("a", "r") else line
    body = body if len(body) > 0 else line[:1]  # the +/- mark itself is not trailing whitespace
    tail = line[len(body):]
    text = html.escape(body) + (f'<span class="ws">{tail}</span>' if tail else "") or " "
    return f'<span class="{cls}">{text}</span>' if cls else text + "\n"
