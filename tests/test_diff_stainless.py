"""One spec, two kinds of site: the legacy single page (refsite, really scraped) against the real Stainless build of
the same spec (really crawled), diffed end to end through `apiref diff`. Issue 11's criterion: every endpoint is
matched by method + path (reported moved where its id changed), no endpoint is added or removed, and no top-level
parameter is removed, newly required or of another type. Nothing breaks at any depth either. The endpoints each
side has are read from its own manifest and compared by a path normalisation written here, not apiref's.

And normalising never hides a real change: a few edits to the Stainless snapshot (a parameter removed, one retyped,
one made required, a nested property removed) show as exactly those breaking changes, against the legacy page and
against the unedited Stainless snapshot alike."""

from __future__ import annotations

import json
import re

import pytest
from click.testing import CliRunner

from apiref.chunks.diff import SnapshotView, diff, load_view
from apiref.cli import (
    cli,
    cmd_uses,  # noqa: F401
)
from apiref.scraper.store import read_manifest

SPECS = ("2023-11-28", "2025-04-29")
EDITED = "2023-11-28"  # the spec whose Stainless snapshot gets the edits
SLOT = re.compile(r"\{[^}]*\}")  # a path parameter, whatever each site names it
SYSTEM_NAME = re.compile(r"\(param\) messages > .*\(variant\) 0 > \(property\) name$")  # the system message's name


def endpoints(snapshot) -> dict[tuple[str, str], str]:
    """(METHOD, path with its slots unnamed and no /v1) -> section id, from a snapshot's manifest."""
    out = {}
    for s in read_manifest(snapshot).sections:
        if s.kind == "endpoint":
            path = SLOT.sub("{}", re.sub(r"^(https?://[^/]+)?(/v1)?", "", s.path or ""))
            out[(s.method or "").upper(), path] = s.id
    return out


@pytest.fixture(scope="module", params=SPECS)
def cross(request, scraped, stainless_crawled):
    """(legacy snapshot, Stainless snapshot, the json report, the exit status of `--fail-on breaking`)."""
    legacy, (stainless, _) = scraped(request.param), stainless_crawled(request.param)
    result = CliRunner().invoke(cli, ["diff", str(legacy), str(stainless), "--format", "json", "--fail-on", "breaking"])
    assert result.exit_code in (0, 1), result.output
    return legacy, stainless, json.loads(result.stdout), result.exit_code


def test_every_endpoint_is_matched_by_method_and_path(cross):
    legacy, stainless, report, _ = cross
    old, new = endpoints(legacy), endpoints(stainless)
    assert len(old) > 50 and set(old) == set(new), "the two sites of one spec list the same endpoints"
    moved = {r["old_id"]: (r["id"], r["matched_by"]) for r in report["moved"]}
    for key, old_id in old.items():
        if old_id != new[key]:
            assert moved[old_id] == (new[key], "endpoint"), key
        else:
            assert old_id not in moved
    assert [r for r in report["added"] + report["removed"] if r["kind"] == "endpoint"] == []
    renamed = sum(old[k] != new[k] for k in old)
    assert renamed and len([r for r in report["moved"] if r["matched_by"] == "endpoint"]) == renamed
    print(f"\n{len(old)} endpoints, all matched by method + path, {renamed} of them moved")


def test_no_top_level_parameter_removed_newly_required_or_retyped(cross):
    _, _, report, _ = cross
    top = [(c["id"], p) for c in report["changed"] if c["kind"] == "endpoint" for p in c["params"]
           if p["depth"] == 0 and not p["returns"]]
    assert top, "top-level rows are compared (descriptions, path slots)"
    removed = [(sid, p["path"]) for sid, p in top if p["change"] == "removed"]
    required = [(sid, p["path"]) for sid, p in top if (p["fields"].get("required") or {}).get("new") is True
                or (p["change"] == "added" and p["level"] == "breaking")]
    retyped = [(sid, p["path"], p["fields"]["type"]) for sid, p in top if "type" in p["fields"]]
    assert (removed, required, retyped) == ([], [], [])


def test_nothing_breaks_at_any_depth(cross):
    _, _, report, fail_on_breaking = cross
    assert report["levels"]["breaking"] == []
    assert fail_on_breaking == 0
    assert report["changed"], "two kinds of site: descriptions, examples and languages differ"
    counts = {lv: len(items) for lv, items in report["levels"].items()}
    print(f"\nlevels across the redesign: {counts}")


def edit(view: SnapshotView) -> tuple[SnapshotView, set[tuple[str, str, str]]]:
    """The Stainless view with chat completions edited: `stop` removed, `n` retyped, `user` made required, the
    system message's `name` removed; and the breaking changes that makes, as (section id, path end, change)."""
    sections = list(view.manifest.sections)
    i, chat = next((i, s) for i, s in enumerate(sections) if s.kind == "endpoint" and s.path == "/chat/completions")
    params = []
    for p in chat.params:
        if p.depth == 0 and p.name == "n":
            p = p.model_copy(update={"type": "string", "declaration": "n: optional string"})
        elif p.depth == 0 and p.name == "user":
            p = p.model_copy(update={"required": True, "optional": False, "declaration": "user: string"})
        elif (p.depth == 0 and p.name == "stop") or SYSTEM_NAME.search(p.id):
            continue
        params.append(p)
    params = _without_children(params, chat.params, "stop")
    sections[i] = chat.model_copy(update={"params": params})
    expected = {(chat.id, "n", "type"), (chat.id, "user", "required"), (chat.id, "stop", "removed"),
                (chat.id, "name", "removed")}
    return view.model_copy(update={"manifest": view.manifest.model_copy(update={"sections": sections})}), expected


def _without_children(kept: list, original: list, name: str) -> list:
    """kept without the rows below the top-level row `name` of original (they went with it)."""
    start = next(i for i, p in enumerate(original) if p.depth == 0 and p.name == name)
    end = next((j for j in range(start + 1, len(original)) if original[j].depth == 0), len(original))
    below = {p.id for p in original[start + 1:end]}
    return [p for p in kept if p.id not in below]


def breaking_set(d) -> set[tuple[str, str, str]]:
    """(section id, last name of the row's path, change) of each breaking row change, rows inside a removed row
    left out (they went with it)."""
    out = set()
    for c in d.changed:
        gone = [p.key for p in c.params if p.change == "removed"]
        for p in c.params:
            if p.level == "breaking" and not any(p.key.startswith(k + ".") for k in gone):
                whats = [p.change] if p.change != "changed" else [f for f in ("type", "required") if f in p.fields]
                out |= {(c.id, p.path.rsplit(".", 1)[-1], w) for w in whats}
    return out


def test_a_real_change_shows_across_sites_and_within_one(scraped, stainless_crawled):
    legacy = load_view(scraped(EDITED))
    stainless = load_view(stainless_crawled(EDITED)[0], rows=True)  # (rows edited in memory)
    edited, expected = edit(stainless)
    across = diff(legacy, edited)
    assert breaking_set(across) == expected
    assert {i.what for i in across.levels["breaking"]} >= {
        "param `stop` removed", "param `n`: type integer or null → optional string"}
    within = diff(stainless, edited)
    assert breaking_set(within) == expected
    assert len(within.changed) == 1 and not (within.added or within.removed or within.moved)


def test_a_diff_reads_the_rows_only_of_the_sections_whose_entries_differ(stainless_crawled, tmp_path, monkeypatch):
    """Two snapshots of one site, moved to another host, one sentence of a row's description edited in the
    manifest: the diff finds those changes, and parses rows from manifest.json only for the sections that hold
    it, one per side (the rest are the same byte for byte, the old host read as the new one)."""
    import shutil

    from apiref.scraper import store

    snap = stainless_crawled(EDITED)[0]
    moved = tmp_path / "moved"
    shutil.copytree(snap, moved)
    origin = read_manifest(snap).origin
    site = re.match(r"https?://[^/]+", origin).group(0)  # type: ignore[union-attr]
    for path in [moved / "manifest.json", *moved.rglob("*.md"), *moved.rglob("*.html")]:
        path.write_bytes(path.read_bytes().replace(site.encode(), b"https://docs.example.com"))
    manifest = moved / "manifest.json"
    text = manifest.read_bytes()
    assert text.count(b"Up to 4 sequences where the API will stop") >= 1
    manifest.write_bytes(text.replace(b"Up to 4 sequences where the API will stop",  # (in every language)
                                      b"Up to 8 sequences where the API will stop"))
    parsed: list[str] = []
    real = store.ManifestSections.section
    monkeypatch.setattr(store.ManifestSections, "section",
                        lambda self, sid: parsed.append(sid) or real(self, sid))
    d = diff(load_view(snap), load_view(moved))
    ids = [c.id for c in d.changed]
    assert sorted(ids) == ["chat/completions/create", "completions/create"]  # (the two that say so)
    assert sorted(parsed) == sorted(ids * 2) and d.unchanged == len(read_manifest(snap).sections) - 2
    assert [p.fields["description"].new[:17] for c in d.changed for p in c.params] == ["Up to 8 sequences"] * 2
    assert not (d.added or d.removed or d.moved)
