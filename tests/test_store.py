"""Snapshot files are written atomically, with the user's usual permissions, and a failed write keeps the old."""

import os
import stat
import tracemalloc

import pytest
from pydantic import TypeAdapter

from apiref.scraper import store
from apiref.scraper.errors import SnapshotError
from apiref.scraper.snapshot import Manifest, Param, Section


def test_written_files_and_dirs_get_the_umask_mode(tmp_path):
    with store.replacing_dir(tmp_path / "snap") as tmp:
        store.write_text(tmp / "a" / "b.md", "x\n")
    f, d = tmp_path / "snap" / "a" / "b.md", tmp_path / "snap"
    assert stat.S_IMODE(f.stat().st_mode) == 0o666 & ~store.UMASK
    assert stat.S_IMODE(d.stat().st_mode) == 0o777 & ~store.UMASK
    assert f.read_text() == "x\n"


def test_failed_replacement_keeps_the_previous_directory(tmp_path):
    target = tmp_path / "snap"
    with store.replacing_dir(target) as tmp:
        store.write_text(tmp / "manifest.json", "old\n")
    with pytest.raises(RuntimeError):
        with store.replacing_dir(target) as tmp:
            store.write_text(tmp / "manifest.json", "new\n")
            raise RuntimeError("interrupted")
    assert (target / "manifest.json").read_text() == "old\n"
    assert sorted(os.listdir(tmp_path)) == ["snap"]  # no temporary directory left behind


def test_the_section_list_is_found_in_a_written_manifest():
    """sections_span finds the list's end from the end of the file, which holds only while no field sorted after
    `sections` can hold a list: a new one must change sections_span too."""
    after = [name for name in sorted(Manifest.model_fields) if name > "sections"]
    assert after and not [name for name in after if "list" in str(Manifest.model_fields[name].annotation)]
    sections = [Section(id=f"s{i}", kind="endpoint", title="T", file=f"s{i}",
                        params=[Param(id="p", name="p", depth=0, type="string", required=True, badges=["x"])])
                for i in range(3)]
    full = Manifest(apiref_version="0", source_url="u", scraped_at="t", profile="p", origin="o", max_depth=6,
                    sections=sections, stats={"pages": 3.0}, title="Z", languages=["http"])
    text = b"".join(store.manifest_json(full))
    start, end = store.sections_span(text)
    assert [s.id for s in TypeAdapter(list[Section]).validate_json(text[start:end])] == ["s0", "s1", "s2"]
    empty = b"".join(store.manifest_json(full.model_copy(update={"sections": []})))
    assert empty[slice(*store.sections_span(empty))] == b"[]"


def big_manifest(n: int, rows: int = 10) -> Manifest:
    sections = [Section(id=f"s{i}", kind="endpoint", title=f"T{i}", file=f"s{i}",
                        params=[Param(id=f"p{k}", name=f"p{k}", depth=0, type="string", required=False,
                              description="d " * 20)
                                for k in range(rows)])
                for i in range(n)]
    return Manifest(apiref_version="0", source_url="u", scraped_at="t", profile="p", origin="o", max_depth=6,
                    sections=sections, stats={"pages": 3.0}, title="Z", languages=["http"])


def test_a_manifest_rewritten_around_its_section_list_copies_it_from_the_file_without_holding_it(tmp_path):
    full = big_manifest(1000)
    text = b"".join(store.manifest_json(full))
    snap = tmp_path / "snap"
    snap.mkdir()
    (snap / "manifest.json").write_bytes(text)
    tracemalloc.start()
    head, kept = store.read_manifest_head(snap)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert head.sections == [] and head.title == "Z" and len(text) > 2_000_000 and peak < len(text) / 20
    store.replace_manifest(snap, head.model_copy(update={"scraped_at": "later"}), kept)
    again = (snap / "manifest.json").read_bytes()
    assert again[slice(*store.sections_span(again))] == text[slice(*store.sections_span(text))]
    assert store.read_manifest(snap) == full.model_copy(update={"scraped_at": "later"})


def test_a_section_list_whose_file_was_replaced_meanwhile_is_not_copied(tmp_path):
    snap = tmp_path / "snap"
    snap.mkdir()
    (snap / "manifest.json").write_bytes(b"".join(store.manifest_json(big_manifest(3))))
    head, kept = store.read_manifest_head(snap)
    other = b"".join(store.manifest_json(big_manifest(4)))
    store.write_new(snap / "manifest.json.new", [other])
    os.replace(snap / "manifest.json.new", snap / "manifest.json")  # another scrape's atomic write
    with pytest.raises(SnapshotError, match="changed while apiref was scraping; scrape again"):
        store.replace_manifest(snap, head, kept)
    assert (snap / "manifest.json").read_bytes() == other


@pytest.mark.parametrize("layout", ["written", "compact"])
def test_a_manifest_read_without_rows_parses_one_section_at_a_time(tmp_path, layout):
    """read_manifest(rows=False) parses each section's entry apart (never the whole JSON tree: its peak memory is a
    small part of the file's size), or the whole file where it is not laid out as apiref writes it; either way
    the manifest but its rows."""
    full = big_manifest(100, rows=100)
    text = b"".join(store.manifest_json(full)) if layout == "written" else full.model_dump_json().encode()
    snap = tmp_path / "snap"
    snap.mkdir()
    (snap / "manifest.json").write_bytes(text)
    tracemalloc.start()
    light = store.read_manifest(snap, rows=False)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert light == full.model_copy(update={"sections": [s.model_copy(update={"params": []}) for s in full.sections]})
    assert len(text) > 2_000_000 and (peak < len(text) / 4 if layout == "written" else peak > len(text) / 4)


def test_a_broken_manifest_read_without_rows_names_the_field(tmp_path):
    text = b"".join(store.manifest_json(big_manifest(3))).replace(b'"title": "T1"', b'"title": 7', 1)
    (tmp_path / "manifest.json").write_bytes(text)
    with pytest.raises(SnapshotError, match=r"invalid field 'sections\.1\.title'.*re-create the snapshot"):
        store.read_manifest(tmp_path, rows=False)


@pytest.mark.parametrize("rows", [True, False])
def test_a_truncated_manifest_is_said_to_be_no_json(tmp_path, rows):
    text = b"".join(store.manifest_json(big_manifest(3)))
    (tmp_path / "manifest.json").write_bytes(text[: len(text) // 2])
    with pytest.raises(SnapshotError, match=r"manifest\.json: is not valid JSON \(Invalid JSON: EOF.*re-create"):
        store.read_manifest(tmp_path, rows=rows)
