"""A history of real snapshots (the legacy page of each of the 4 specs, then a second scrape of the last one) and its
changelog: the repeat costs almost nothing, every consecutive diff is listed newest first, and the Atom feed parses
with feedparser and links each entry to its section."""

from __future__ import annotations

import json

import feedparser
import pytest
from click.testing import CliRunner

from apiref.chunks.diff import diff, load_view
from apiref.chunks.history import (
    append_snapshot,
    folder_bytes,
    load_entry,
    read_history,
)
from apiref.cli import cli, cmd_history, cmd_uses  # noqa: F401
from apiref.scraper.errors import SnapshotError
from refsite import SPEC_NAMES
from test_diff_small import base_sections, edited, make_snapshot

REPEAT_MAX_BYTES = 4_000  # a second scrape of an unchanged page: one head blob and one line of history.json


def apiref(*args: str):
    return CliRunner().invoke(cli, list(args))


@pytest.fixture(scope="module")
def history(scraped, tmp_path_factory) -> dict:
    folder = tmp_path_factory.mktemp("hist") / "h"
    sizes = []
    for name in SPEC_NAMES:
        r = apiref("history", str(folder), "--add", str(scraped(name)), "--date", name)
        assert r.exit_code == 0, r.output
        sizes.append(folder_bytes(folder))
    repeat = scraped(SPEC_NAMES[-1], "lazy")  # a real second scrape of the same page
    r = apiref("history", str(folder), "--add", str(repeat), "--date", "2025-05-01")
    assert r.exit_code == 0, r.output
    sizes.append(folder_bytes(folder))
    return {"folder": folder, "sizes": sizes, "snapshots": [scraped(n) for n in SPEC_NAMES] + [repeat]}


def test_a_repeat_costs_almost_nothing(history):
    sizes, snaps = history["sizes"], history["snapshots"]
    raw = sum(p.stat().st_size for s in snaps for p in s.rglob("*") if p.is_file())
    repeat = sizes[-1] - sizes[-2]
    print(
        f"\nhistory bytes after each add: {sizes}; the repeat added {repeat} bytes; the 5 snapshots take {raw:,} bytes"
    )
    assert 0 < repeat < REPEAT_MAX_BYTES
    assert sizes[-1] < raw / 5


def test_history_lists_the_entries_and_gives_back_each_snapshot(history):
    r = apiref("history", str(history["folder"]))
    assert r.exit_code == 0
    assert [line.split("\t")[0] for line in r.stdout.splitlines()] == [*SPEC_NAMES, "2025-05-01"]
    entries = read_history(history["folder"]).entries
    assert entries[-1].tree == entries[-2].tree and entries[-1].head != entries[-2].head
    view = load_entry(history["folder"], entries[0])
    original = load_view(history["snapshots"][0], rows=True)
    assert view == original and not diff(view, load_view(history["snapshots"][0])).has_changes


@pytest.fixture(scope="module")
def log(history) -> dict:
    r = apiref("changelog", str(history["folder"]), "--format", "json")
    assert r.exit_code == 0, r.output
    return json.loads(r.stdout)


def test_changelog_lists_each_consecutive_diff_newest_first(history, log):
    steps, names = log["steps"], [*SPEC_NAMES, "2025-05-01"]
    assert [(s["previous"], s["entry"]) for s in steps] == list(zip(names[:-1], names[1:], strict=True))[::-1]
    assert steps[0]["changes"] == [] and all(s["changes"] for s in steps[1:])
    entries = read_history(history["folder"]).entries
    d = diff(load_entry(history["folder"], entries[0]), load_entry(history["folder"], entries[1]))
    oldest = steps[-1]
    assert oldest["counts"] == {lv: len(items) for lv, items in d.levels.items()}
    assert {c["section_id"] for c in oldest["changes"]} == {c.id for c in d.changed}
    md = apiref("changelog", str(history["folder"]), "--since", SPEC_NAMES[-1]).stdout
    assert [line for line in md.splitlines() if line.startswith("## ")] == [
        f"## 2025-05-01 (since {SPEC_NAMES[-1]})", f"## {SPEC_NAMES[-1]} (since {SPEC_NAMES[-2]})"]
    assert "### Breaking" in md


def test_atom_feed_parses_and_links_each_section(history, log, tmp_path):
    out = tmp_path / "changes.atom"
    r = apiref("changelog", str(history["folder"]), "--format", "atom", "--since", SPEC_NAMES[-1], "-o", str(out))
    assert r.exit_code == 0, r.output
    feed = feedparser.parse(out.read_bytes())
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.version == "atom10" and feed.feed.title == "OpenAI API reference changes"
    expected = {(s["entry"], c["section_id"]) for s in log["steps"][:2] for c in s["changes"]}
    assert len(feed.entries) == len(expected) and len({e.id for e in feed.entries}) == len(expected)
    first = feed.entries[0]
    assert first.tags[0].term == "breaking", "most severe first"
    assert first.link.startswith("https://platform.openai.com/docs/api-reference/") and first.updated.startswith(
        SPEC_NAMES[-1]
    )
    assert all(e.link.endswith("/" + e.title.rsplit("(", 1)[1].rstrip(")")) for e in feed.entries)


def test_adds_are_atomic_and_bad_input_is_one_line(tmp_path):
    folder = tmp_path / "h"
    a = make_snapshot(tmp_path / "a", base_sections())
    append_snapshot(folder, a)
    before = (folder / "history.json").read_bytes()
    with pytest.raises(SnapshotError, match="is not a snapshot"):
        append_snapshot(folder, tmp_path / "missing")
    assert (folder / "history.json").read_bytes() == before
    r = apiref("history", str(folder), "--add", str(a), "--date", "yesterday")
    assert r.exit_code == 1 and "not a date" in r.stderr and (folder / "history.json").read_bytes() == before
    not_history = tmp_path / "other"
    not_history.mkdir()
    (not_history / "notes.txt").write_text("x")
    assert "is not a history" in apiref("changelog", str(not_history)).stderr


def test_small_history_changelog_levels(tmp_path, monkeypatch):
    """The changelog of two entries: the one change at its level, rows read only for the section whose record
    changed (its blob's hash), one per side."""
    from apiref.chunks.history import StoredSections

    read: list[str] = []
    whole = StoredSections.section
    monkeypatch.setattr(StoredSections, "section", lambda self, sid: read.append(sid) or whole(self, sid))
    folder = tmp_path / "h"
    old = make_snapshot(tmp_path / "a", base_sections(), scraped_at="2024-01-01T00:00:00Z")
    def drop_limit(sec):
        return {"params": []}
    new = make_snapshot(tmp_path / "b", edited(things__list=drop_limit), scraped_at="2024-01-02T00:00:00Z")
    append_snapshot(folder, new)
    append_snapshot(folder, old)  # added out of order: entries are kept by date
    assert [e.date for e in read_history(folder).entries] == ["2024-01-01T00:00:00Z", "2024-01-02T00:00:00Z"]
    log = json.loads(apiref("changelog", str(folder), "--format", "json").stdout)
    [step] = log["steps"]
    assert [(c["level"], c["section_id"], c["what"]) for c in step["changes"]] == [
        ("breaking", "things/list", "param `limit` removed")
    ]
    assert read == ["things/list", "things/list"]


@pytest.mark.browser
def test_scrape_into_history_adds_the_new_snapshot(refsite_build, tmp_path):
    from apiref.cli import cmd_scrape  # noqa: F401
    from refsite import serve

    site, _ = refsite_build(SPEC_NAMES[0])
    folder = tmp_path / "hist"
    with serve(site) as url:
        r = apiref("scrape", url, "-o", str(tmp_path / "snap"), "--into-history", str(folder))
    assert r.exit_code == 0, r.output
    [entry] = read_history(folder).entries
    assert f"added to history {folder} as {entry.id}" in r.stderr
    assert load_entry(folder, entry) == load_view(tmp_path / "snap", rows=True)
