"""Snapshot files are written atomically, with the user's usual permissions, and a failed write keeps the old."""

import os
import stat

import pytest

from apiref.scraper import store


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
