"""A deployment that renders property expanders on the client (the renderer's `virtualExpanders` setting: a
`div.stldocs-expander` whose content exists only once its summary is clicked). The page below is a real page of the
2023-11-28 build with each native `<details>` turned into such an expander, its content held back until a click,
as the renderer's VirtualExpander component does. apiref must notice the page needs Chromium, open every
expander there, and read the same facts as from the static page."""

from __future__ import annotations

import pytest
from lxml import etree, html as lxml_html

from apiref.scraper.auto import scrape_site
from apiref.scraper.crawl import CrawlOptions
from apiref.scraper.sites.stainless import needs_browser
from apiref.scraper.store import read_manifest
from faulty_site import faulty_site, status
from stainless_site import build, load_truth
from stainless_truth import truth_view

SPEC = "2023-11-28"
PAGE = "/api/resources/chat/subresources/completions/methods/create/"
OPEN_ON_CLICK = """document.addEventListener("click", e => {
  const summary = e.target.closest(".stldocs-expander-summary"); if (!summary) return;
  const box = summary.parentElement; if (box.dataset.open === "true") return;
  const held = box.querySelector(":scope > template");
  box.dataset.open = "true";
  if (held) { box.appendChild(held.content.cloneNode(true)); held.remove(); }
});"""


def client_rendered(page: bytes) -> bytes:
    """The page with every property expander rendered on the client (deepest first, so nested ones are too)."""
    doc = lxml_html.fromstring(page)
    for details in reversed(doc.xpath("//details[contains(@class, 'stldocs-expander')]")):
        box = etree.Element("div", {"class": "stldocs-expander", "data-open": "false"})
        for child in list(details):
            if "stldocs-expander-summary" in (child.get("class") or ""):
                child.tag = "div"
                box.append(child)
            elif "stldocs-expander-content" in (child.get("class") or ""):
                held = etree.SubElement(box, "template")
                held.append(child)
        box.tail = details.tail
        details.getparent().replace(details, box)
    script = etree.SubElement(doc.find("body"), "script")
    script.text = OPEN_ON_CLICK
    return b"<!DOCTYPE html>" + lxml_html.tostring(doc)


@pytest.mark.browser
def test_client_rendered_expanders_are_opened_in_chromium(tmp_path):
    site, truth_file = build(SPEC)
    page = client_rendered((site / PAGE.lstrip("/") / "index.html").read_bytes())
    assert needs_browser(page) and b"stldocs-property-description" not in page.split(b"<template>")[0]

    def serve_page(h):
        status(200, {"Content-Type": "text/html; charset=utf-8"}, page)(h)

    with faulty_site(site, {PAGE: serve_page}) as (base, _):
        m = scrape_site(base + "/api", tmp_path / "snap", options=CrawlOptions(concurrency=8))
    via = {p.url.removeprefix(base): p.via for p in m.pages}
    assert via[PAGE] == "browser" and list(via.values()).count("browser") == 1
    truth = {(s["language"], s["id"]): s for s in load_truth(truth_file)["sections"]}
    got = truth_view(read_manifest(tmp_path / "snap"))["http", "chat/completions/create"]
    want = truth["http", "chat/completions/create"]
    assert got == want
    assert sum(len(g["properties"]) for g in got["groups"]) > 100
