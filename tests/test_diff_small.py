"""diff on small hand-made snapshots: each kind of change is found, reported and rendered; exit codes like diff(1).

Also holds `make_snapshot`, the hand-made snapshot writer the other export tests use for exact small cases.
"""

from __future__ import annotations

import html as h
import json
from pathlib import Path

from click.testing import CliRunner

from apiref.chunks.diff import SnapshotDiff, diff, load_view
from apiref.chunks.diff_render import render
from apiref.cli import (
    cli,
    cmd_uses,  # noqa: F401  (adds the commands)
)
from apiref.scraper.convert import convert_snapshot
from apiref.scraper.paths import unique_relpaths
from apiref.scraper.snapshot import Example, Manifest, Param, Section
from apiref.scraper.store import write_snapshot


def param_html(p: Param, children: str = "", type_rows: frozenset[str] = frozenset()) -> str:
    default = f' data-default="{h.escape(p.default)}"' if p.default is not None else ""
    kind = "type" if p.id in type_rows else "property"
    return (f'<li class="apiref-param" id="{p.id}" data-name="{h.escape(p.name)}" data-type="{h.escape(p.type)}" '
            f'data-required="{str(p.required).lower()}" data-kind="{kind}" data-depth="{p.depth}"{default}>'
            f'<div class="apiref-desc"><p>{h.escape(p.description)}</p></div>{children}</li>')


def params_html(params: list[Param], type_rows: frozenset[str] = frozenset()) -> str:
    """Nest a depth-first row list back into the contract's lists (rows in type_rows are "possible types")."""
    out, i = [], 0
    while i < len(params):
        p, j = params[i], i + 1
        while j < len(params) and params[j].depth > p.depth:
            j += 1
        kids = params[i + 1 : j]
        inner = (
            f'<ul class="apiref-param-list" data-children="properties">{params_html(kids, type_rows)}</ul>'
            if kids
            else ""
        )
        out.append(param_html(p, inner, type_rows))
        i = j
    return "".join(out)


def section_html(s: Section, summary: str = "", type_rows: frozenset[str] = frozenset(), returns: str = "") -> str:
    parts = [f'<section class="apiref-section" data-id="{h.escape(s.id)}" data-kind="{s.kind}">'
             f'<h1 class="apiref-title">{h.escape(s.title)}</h1>']
    if s.method:
        parts.append(f'<p class="apiref-endpoint"><span class="apiref-method">{s.method}</span> <span class="apiref-url">https://api.example.com/v1{s.path}</span></p>')
    parts.append(f'<div class="apiref-summary"><p>{summary}</p></div>')
    if s.params:
        parts.append('<div class="apiref-params" data-title="Request body"><ul class="apiref-param-list">'
                     f"{params_html(s.params, type_rows)}</ul></div>")
    if returns:
        parts.append(f'<div class="apiref-returns"><p>{returns}</p></div>')
    if s.examples:
        parts.append('<div class="apiref-examples">')
        for ex in s.examples:
            codes = "".join(f'<pre class="apiref-code" data-lang="{lang}"><code class="language-'
                            f'{ex.request_tags.get(lang, lang)}">{h.escape(c)}</code></pre>'
                            for lang, c in ex.request.items())
            resp = ('<div class="apiref-response"><pre class="apiref-code" data-lang="json">'
                    f'<code class="language-json">{h.escape(ex.response)}</code></pre></div>') if ex.response else ""
            parts.append(f'<div class="apiref-example" data-variant="{h.escape(ex.variant)}">'
                         f'<div class="apiref-request">{codes}</div>{resp}</div>')
        parts.append("</div>")
    return "".join(parts) + "</section>"


EXTRAS = ("summary", "type_rows", "returns")  # hand-made section dicts: markup facts that are not Section fields


def make_snapshot(target: Path, sections: list[dict], origin: str = "https://example.com", profile: str = "test",
                  scraped_at: str = "2024-01-01T00:00:00Z") -> Path:
    """Write a snapshot of hand-made sections: dicts of Section fields plus optional "summary" (HTML text),
    "type_rows" (ids of "possible types" rows) and "returns" (HTML of the Returns text)."""
    files = unique_relpaths([d["id"] for d in sections])
    secs = [Section(file=files[d["id"]], **{k: v for k, v in d.items() if k not in EXTRAS}) for d in sections]
    extra = {d["id"]: d for d in sections}
    manifest = Manifest(
        apiref_version="test",
        source_url=f"{origin}/docs/api-reference",
        scraped_at=scraped_at,
        profile=profile,
        origin=f"{origin}/docs/api-reference",
        max_depth=6,
        title="Example API",
        sections=secs,
        languages=sorted({lang for s in secs for e in s.examples for lang in e.request}),
    )
    html = {s.id: section_html(s, extra[s.id].get("summary", ""), frozenset(extra[s.id].get("type_rows", ())),
                               extra[s.id].get("returns", "")) for s in secs}
    md, reference = convert_snapshot(manifest, html)
    write_snapshot(target, manifest, html, md, reference)
    return target


def P(
    pid: str, name: str, depth: int = 0, type: str = "string", required: bool = False, description: str = "", **kw
) -> Param:
    return Param(id=pid, name=name, depth=depth, type=type, required=required, description=description, **kw)


def base_sections() -> list[dict]:
    ex = Example(
        variant="Default",
        request={"curl": "curl https://api.example.com/v1/things", "python": "client.things.create()"},
        request_tags={"curl": "bash"},
        response='{"id": "t1"}',
    )
    return [
        {"id": "things", "kind": "group", "title": "Things", "summary": "All about things."},
        {
            "id": "things/create",
            "kind": "endpoint",
            "title": "Create thing",
            "method": "post",
            "path": "/things",
            "group": "things",
            "summary": "Creates a thing. See <a href='https://example.com/docs/guide'>the guide</a>.",
            "params": [
                P("things-create-name", "name", required=True, description="The name."),
                P("things-create-meta", "meta", type="object", description="Metadata."),
                P("things-create-meta-color", "color", depth=1, description="A color."),
            ],
            "examples": [ex],
        },
        {
            "id": "things/list",
            "kind": "endpoint",
            "title": "List things",
            "method": "get",
            "path": "/things",
            "group": "things",
            "summary": "Lists things.",
            "params": [P("things-list-limit", "limit", type="integer", default="20", description="How many.")],
        },
    ]


def edited(**changes) -> list[dict]:
    secs = base_sections()
    for sid, update in changes.items():
        sec = next(s for s in secs if s["id"] == sid.replace("__", "/"))
        sec.update(update(sec) if callable(update) else update)
    return secs


def run_diff(tmp_path: Path, old: list[dict], new: list[dict], ignore: bool = False, **kw) -> SnapshotDiff:
    a = make_snapshot(tmp_path / "old", old, **kw.get("old_kw", {}))
    b = make_snapshot(tmp_path / "new", new, **kw.get("new_kw", {}))
    return diff(load_view(a), load_view(b), ignore_descriptions=ignore)


def test_same_content_under_another_origin_is_no_change(tmp_path):
    d = run_diff(tmp_path, base_sections(), base_sections(), new_kw={"origin": "http://127.0.0.1:8123"},
                 old_kw={"origin": "http://127.0.0.1:9000"})
    assert not d.has_changes and d.unchanged == 3


def test_param_type_default_and_added_rows_are_reported(tmp_path):
    def change(sec):
        ps = [
            p.model_copy(update={"type": "number", "default": "50"}) if p.name == "limit" else p for p in sec["params"]
        ]
        return {"params": ps + [P("things-list-after", "after", description="Cursor.")]}
    d = run_diff(tmp_path, base_sections(), edited(things__list=change))
    assert [c.id for c in d.changed] == ["things/list"] and not d.changed[0].description_only
    params = {p.id: p for p in d.changed[0].params}
    assert {k: (v.old, v.new) for k, v in params["things-list-limit"].fields.items()} == {
        "type": ("integer", "number"), "default": ("20", "50")}
    assert params["things-list-after"].change == "added"
    assert "+- `after` (string, Optional)" in d.changed[0].markdown_diff


def test_description_only_changes_are_marked_and_can_be_ignored(tmp_path):
    def reword(sec):
        return {
            "params": [
                p.model_copy(update={"description": "The thing's name."}) if p.name == "name" else p
                for p in sec["params"]
            ]
        }

    new = edited(things__create=reword, things__list={"summary": "Lists all things."})
    d = run_diff(tmp_path, base_sections(), new)
    assert {c.id: c.description_only for c in d.changed} == {"things/create": True, "things/list": True}
    assert d.changed[1].summary_changed
    assert not run_diff(tmp_path, base_sections(), new, ignore=True).has_changes


def test_mixed_change_keeps_only_real_param_changes_when_ignoring_descriptions(tmp_path):
    def mixed(sec):
        ps = [p.model_copy(update={"description": "Reworded."}) if p.name == "name" else
              p.model_copy(update={"required": True}) if p.name == "meta" else p for p in sec["params"]]
        return {"params": ps}
    d = run_diff(tmp_path, base_sections(), edited(things__create=mixed), ignore=True)
    assert [(p.id, list(p.fields)) for p in d.changed[0].params] == [("things-create-meta", ["required"])]


def test_examples_added_removed_and_changed_per_variant_and_language(tmp_path):
    def examples(sec):
        ex = sec["examples"][0]
        return {
            "examples": [
                ex.model_copy(update={"request": {"curl": ex.request["curl"] + " -d x", "node.js": "x()"}}),
                Example(variant="Streaming", request={"curl": "curl -N"}),
            ]
        }

    d = run_diff(tmp_path, base_sections(), edited(things__create=examples))
    got = {(e.variant, e.language): e.change for e in d.changed[0].examples}
    assert got == {("Default", "python"): "removed", ("Default", "curl"): "changed", ("Default", "node.js"): "added",
                   ("Streaming", "curl"): "added"}


def test_sections_added_and_removed(tmp_path):
    new = base_sections()[:2] + [
        {
            "id": "things/delete",
            "kind": "endpoint",
            "title": "Delete thing",
            "method": "delete",
            "path": "/things/{id}",
            "group": "things",
        }
    ]
    d = run_diff(tmp_path, base_sections(), new)
    assert [r.id for r in d.added] == ["things/delete"] and [r.id for r in d.removed] == ["things/list"]


def test_renderers_show_every_change_and_escape_html(tmp_path):
    new = edited(things__list={"title": "List <things>"})
    d = run_diff(tmp_path, base_sections(), new)
    page = "".join(render(d, "html"))
    assert "List &lt;things&gt;" in page and "<things>" not in page
    assert "http" not in page.split("<main>")[0]  # no external resource in the head
    md = "".join(render(d, "md"))
    assert "### `things/list` List <things>" in md and "title: List things → List <things>" in md
    assert SnapshotDiff.model_validate_json("".join(render(d, "json"))) == d


def test_cli_exit_status_like_diff(tmp_path):
    a = make_snapshot(tmp_path / "a", base_sections())
    b = make_snapshot(tmp_path / "b", edited(things__list={"summary": "Lists all things."}))
    runner = CliRunner()
    same = runner.invoke(cli, ["diff", str(a), str(a)])
    assert same.exit_code == 0, same.output
    changed = runner.invoke(cli, ["diff", str(a), str(b), "--format", "json"])
    assert changed.exit_code == 1 and json.loads(changed.stdout)["changed"][0]["id"] == "things/list"
    ignored = runner.invoke(cli, ["diff", str(a), str(b), "--ignore-descriptions"])
    assert ignored.exit_code == 0, ignored.output
    trouble = runner.invoke(cli, ["diff", str(a), str(tmp_path / "missing")])
    assert trouble.exit_code == 2 and "is not a snapshot" in trouble.stderr
    out = tmp_path / "d.html"
    wrote = runner.invoke(cli, ["diff", str(a), str(b), "--format", "html", "-o", str(out)])
    assert wrote.exit_code == 1 and "things/list" in out.read_text()


def test_markdown_only_change_is_a_change_but_not_a_description_one(tmp_path):
    a = make_snapshot(tmp_path / "a", base_sections())
    b = make_snapshot(tmp_path / "b", base_sections())
    md = b / "markdown" / "things" / "list.md"
    md.write_text(md.read_text().replace("How many.", "How many!"))
    d = diff(load_view(a), load_view(b), ignore_descriptions=True)
    assert [(c.id, c.description_only, c.params) for c in d.changed] == [("things/list", False, [])]
    assert "+  How many!" in d.changed[0].markdown_diff


def test_param_changes_name_their_path_from_the_top_level_row():
    from apiref.chunks.diff import name_paths, param_changes

    old = [
        P("a-choices", "choices"),
        P("a-choices-message", "message", depth=1),
        P("a-choices-message-role", "role", depth=2),
        P("a-choices-index", "index", depth=1),
        P("a-model", "model"),
    ]
    new = old[:3] + [P("a-choices-message-refusal", "refusal", depth=2)] + old[3:]
    assert name_paths(old) == ["choices", "choices.message", "choices.message.role", "choices.index", "model"]
    [added] = param_changes(old, new)
    assert (added.change, added.path, added.id) == ("added", "choices.message.refusal", "a-choices-message-refusal")
