"""The reveal copes with what a React page does and refsite does not: updates that land after the click (a later
task, not synchronously), dropdown option lists rendered elsewhere in the document (portals), and menus that only
answer a real press (pointerdown first, as Radix-style menus open on pointerdown and ignore a bare click()). Each
is made real here by patching the served refsite page in Chromium, then the manifest must still equal the truth."""

from __future__ import annotations

import pytest

from apiref.scraper.browser import open_page
from apiref.scraper.profile import load_profile
from apiref.scraper.scrape import Budgets, build_manifest, reveal
from refsite import SPEC_NAMES, serve
from test_scrape_refsite import differences

pytestmark = pytest.mark.browser

LATE_CLICKS = """() => {
  const click = HTMLElement.prototype.click;
  HTMLElement.prototype.click = function () { setTimeout(() => click.call(this), 25); };
}"""
PORTALS = """() => {
  new MutationObserver((records) => { for (const r of records) for (const n of r.addedNodes)
    if (n.nodeType === 1 && n.matches('[role=listbox]') && n.parentElement !== document.body) document.body.append(n);
  }).observe(document.body, {childList: true, subtree: true});
}"""

PRESS_ONLY = """() => {
  let armed = null;
  document.addEventListener('pointerdown', (e) => { armed = e.target.closest('button[aria-haspopup=listbox]'); }, true);
  document.addEventListener('click', (e) => {
    const b = e.target.closest('button[aria-haspopup=listbox]');
    if (b && b !== armed) e.stopImmediatePropagation();
    armed = null;
  }, true);
}"""

# Probes that the patches took effect (each leaves the page as it found it).
LATE_PROBE = """async () => {
  const b = document.querySelector('.param-expand-button');
  b.click();
  const at_once = b.getAttribute('aria-expanded');
  await new Promise((r) => setTimeout(r, 100));
  const later = b.getAttribute('aria-expanded');
  b.click();
  await new Promise((r) => setTimeout(r, 100));
  return [at_once, later, b.getAttribute('aria-expanded')];
}"""
PORTAL_PROBE = """async () => {
  const b = document.querySelector('button[aria-label="Select library"]');
  b.click();
  await new Promise((r) => setTimeout(r, 100));
  const moved = !!document.querySelector('body > [role=listbox]') && !b.parentElement.querySelector('[role=listbox]');
  b.click();
  await new Promise((r) => setTimeout(r, 100));
  return [moved, document.querySelectorAll('[role=listbox]').length];
}"""


PRESS_PROBE = """async () => {
  const b = document.querySelector('button[aria-label="Select library"]');
  b.click();
  await new Promise((r) => setTimeout(r, 50));
  return b.getAttribute('aria-expanded');
}"""


@pytest.mark.parametrize("patches", [[LATE_CLICKS], [PORTALS], [LATE_CLICKS, PORTALS], [PRESS_ONLY]],
                         ids=["late", "portal", "both", "press"])
def test_reveal_survives_react_like_pages(refsite_build, patches):
    name = SPEC_NAMES[0]
    site, truth = refsite_build(name)
    profile = load_profile()
    with serve(site) as url, open_page(url, profile) as page:
        for patch in patches:
            page.page.evaluate(patch)
        if LATE_CLICKS in patches:
            assert page.page.evaluate(LATE_PROBE) == ["false", "true", "false"]
        if PORTALS in patches:
            assert page.page.evaluate(PORTAL_PROBE) == [True, 0]
        if PRESS_ONLY in patches:
            assert page.page.evaluate(PRESS_PROBE) == "false"  # a bare click() no longer opens a menu
        revealed = reveal(page, profile, Budgets())
    m, _ = build_manifest(revealed, profile, url, Budgets())
    assert differences(m, truth) == []
