"""Faults on a renderer's page: a page that never renders its operations is a one-line error naming the renderer and
the page, within the time given, and the previous snapshot stays as it was; a renderer is recognized from its page
alone (no flag), and an unknown page still says what it saw."""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest

from apiref.scraper.auto import scrape_site
from apiref.scraper.crawl import CrawlOptions
from apiref.scraper.errors import PageError
from apiref.scraper.sites import KINDS, recognize
from faulty_site import faulty_site, status
from renderer_site import build

pytestmark = pytest.mark.browser


def test_a_page_that_never_renders_is_an_error_naming_renderer_and_page(tmp_path: Path) -> None:
    site = build("2023-11-28")
    out = tmp_path / "snap"
    out.mkdir()
    (out / "manifest.json").write_text("previous", encoding="utf-8")
    with faulty_site(site, {"/spec.json": status(500, body=b"broken")}) as (base, seen):
        t0 = time.monotonic()
        with pytest.raises(PageError) as e:
            scrape_site(f"{base}/redoc/", out, options=CrawlOptions(timeout=6))
        took = time.monotonic() - t0
    page = re.escape(f"{base}/redoc/")
    assert re.fullmatch(rf"redoc page {page} never showed its operations within 6s .*raise --timeout.*", str(e.value))
    assert "\n" not in str(e.value) and took < 40
    assert "/spec.json" in seen
    assert (out / "manifest.json").read_text(encoding="utf-8") == "previous"


@pytest.mark.parametrize("renderer", ["redoc", "scalar", "swagger", "rapidoc", "elements"])
def test_each_renderer_is_recognized_from_its_page(renderer: str) -> None:
    page = (build("2023-11-28") / renderer / "index.html").read_bytes()
    assert recognize(page) == renderer
    assert renderer in KINDS


def test_an_unknown_page_names_what_it_saw_and_every_kind(tmp_path: Path) -> None:
    (tmp_path / "index.html").write_text("<html><title>Some blog</title><p>hello</p></html>", encoding="utf-8")
    with faulty_site(tmp_path, {}) as (base, _):
        with pytest.raises(PageError) as e:
            scrape_site(f"{base}/", tmp_path / "snap")
    assert "title 'Some blog'" in str(e.value) and "redoc, scalar, swagger, rapidoc, elements" in str(e.value)
