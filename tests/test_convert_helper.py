"""Converting half of a page in a helper process gives exactly the Markdown of converting it all here."""

from __future__ import annotations

import multiprocessing
import os
import sys
from concurrent.futures import ProcessPoolExecutor

import pytest

from apiref.scraper import store
from apiref.scraper.convert import convert_snapshot, halfway
from apiref.scraper.scrape import conversion_helper

pytestmark = pytest.mark.browser  # (the snapshot comes from a real scrape)


def test_helper_process_gives_the_same_markdown(scraped):
    snap = scraped("2025-04-29")
    manifest = store.read_manifest(snap)
    html = {s.id: store.read_section_html(snap, s) for s in manifest.sections}
    alone = convert_snapshot(manifest, html)
    with ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("fork")) as pool:
        assert convert_snapshot(manifest, html, pool) == alone
    assert alone[0] == {s.id: store.read_section_markdown(snap, s) for s in manifest.sections}  # what scrape wrote


def test_halfway_splits_by_size():
    jobs = [(None, "x" * n) for n in (10, 10, 10, 30)]
    assert halfway(jobs) == 3  # 30 of 60 characters before the cut
    assert halfway(jobs[:1]) == 1 and halfway([]) == 0


def test_helper_only_where_it_pays():
    with conversion_helper(False) as helper:
        assert helper is None
    with conversion_helper(True) as helper:
        assert (helper is not None) == ((os.cpu_count() or 1) >= 2 and sys.platform == "linux")
        if helper is not None:
            assert helper.submit(sum, [1, 2]).result() == 3
