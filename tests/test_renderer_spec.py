"""A renderer's page read from the OpenAPI document it renders (`apiref scrape URL`, `--read auto`, the default):
the five real renderers' pages of two real specs, served on 127.0.0.1. The spec the page's HTML names is read by
HTTP; a page that names it only in a script is loaded in Chromium and the spec caught as it arrives; `--read spec`
with no readable spec is a one-line error that leaves the previous snapshot alone. Checked through `apiref audit`
against truth.json (every operation, parameter, nested property and every code sample of the spec, exact code),
and against the same page revealed in Chromium (`--read page`): the same operations, rows and samples."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from apiref.chunks.audit import load_markups, page_operations
from apiref.scraper.auto import scrape_site
from apiref.scraper.crawl import CrawlOptions
from apiref.scraper.errors import SpecError
from apiref.scraper.store import read_manifest
from faulty_site import faulty_site, status
from renderer_site import NAMES, build, load_truth, serving
from renderer_truth import audit, expected, found, ui_text

pytestmark = pytest.mark.browser
SPECS = ("2023-11-28", "2025-04-29")


@pytest.fixture(scope="module")
def from_spec(tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[str, str], Path]:
    """Every renderer's page of both specs, scraped by the command a user runs (no flags)."""
    root = tmp_path_factory.mktemp("from-spec")
    out = {}
    for spec in SPECS:
        with serving(build(spec)) as urls:
            for renderer in NAMES:
                snap = root / f"{renderer}-{spec}"
                result = subprocess.run([sys.executable, "-m", "apiref", "scrape", urls[renderer], "-o", str(snap)],
                                        capture_output=True, text=True)
                assert result.returncode == 0, result.stderr
                assert f"reading the spec it renders, {urls[renderer].rsplit('/', 2)[0]}/spec.json" in result.stderr
                assert f"(rendered by {renderer})" in result.stderr
                out[renderer, spec] = snap
    return out


def every_sample(truth: dict) -> dict[str, int]:
    """The audit's coverage of a snapshot holding the whole spec: every sample, not just those a page shows."""
    return dict(expected(truth, "redoc"), samples=truth["counts"]["samples_total"])


@pytest.mark.parametrize("spec", SPECS)
@pytest.mark.parametrize("renderer", NAMES)
def test_the_spec_read_holds_everything_the_spec_says(from_spec, renderer: str, spec: str, tmp_path: Path) -> None:
    snap, site = from_spec[renderer, spec], build(spec)
    code, report = audit(snap, site, tmp_path)
    assert (code, found(report)) == (0, every_sample(load_truth(site)))
    assert report["samples_rule"] == "all" and report["extra"] == [] and report["not_shown"] == []
    manifest = read_manifest(snap)
    assert manifest.site_kind == renderer
    assert [(p.kind, p.via, p.url.rsplit("/", 1)[1]) for p in manifest.pages] == [("spec", "http", "spec.json")]
    assert ui_text((snap / "reference.md").read_text(encoding="utf-8")) == []


def test_the_spec_read_is_deterministic_and_the_same_on_every_renderer(from_spec) -> None:
    """The same spec gives the same Markdown whichever renderer shows it (the page's title and links aside)."""
    for spec in SPECS:
        texts = {r: (from_spec[r, spec] / "reference.md").read_text(encoding="utf-8") for r in NAMES}
        bare = {r: "\n".join(line for line in t.splitlines()[1:] if "http://127.0.0.1" not in line)
                for r, t in texts.items()}
        assert len(set(bare.values())) == 1
        assert len(texts["redoc"]) > 100_000


@pytest.mark.parametrize("renderer", ["redoc", "rapidoc"])
def test_the_spec_read_matches_the_page_revealed(from_spec, renderer_scraped, renderer: str) -> None:
    """Against the page itself (Redoc and RapiDoc show every sample): the same operations, the same top-level
    parameters and nested body properties, and every sample the page shows with the same code and variant."""
    spec = "2023-11-28"
    page_snap, _ = renderer_scraped(renderer, spec)
    spec_snap = from_spec[renderer, spec]
    ops = {}
    for snap in (page_snap, spec_snap):
        manifest = read_manifest(snap)
        ops[snap] = page_operations(manifest, load_markups(snap, manifest))
    page, read = ops[page_snap], ops[spec_snap]
    assert page.keys() == read.keys()
    for key, op in page.items():
        assert op.params == {g: n for g, n in read[key].params.items() if g in op.params or n}, key
        assert op.body == read[key].body, key
        assert set(op.samples) <= set(read[key].samples), key
    by_id = {s.id: s for s in read_manifest(spec_snap).sections}
    for sec in read_manifest(page_snap).sections:
        if sec.kind == "endpoint":
            assert sec.id in by_id and fragment(sec.url) == fragment(by_id[sec.id].url), sec.id


def fragment(url: str | None) -> str:
    return (url or "").partition("#")[2]


def test_a_spec_named_only_in_a_script_is_caught_in_chromium(tmp_path: Path) -> None:
    """Swagger UI as swagger-ui-dist ships it: the configuration (and the spec's URL) in swagger-initializer.js."""
    built = build(SPECS[0])
    root = tmp_path / "site"
    (root / "swagger").mkdir(parents=True)
    shutil.copy(built / "spec.json", root / "spec.json")
    for f in (built / "swagger").iterdir():
        if f.suffix in (".js", ".css"):
            shutil.copy(f, root / "swagger" / f.name)
    page = (built / "swagger" / "index.html").read_text(encoding="utf-8")
    start, end = page.index("<script>\n  window.ui"), page.index("</script>", page.index("window.ui")) + 9
    (root / "swagger" / "swagger-initializer.js").write_text(page[start + 8:end - 9], encoding="utf-8")
    (root / "swagger" / "index.html").write_text(
        page[:start] + '<script src="swagger-initializer.js"></script>' + page[end:], encoding="utf-8")
    assert "spec.json" not in (root / "swagger" / "index.html").read_text(encoding="utf-8")
    said: list[str] = []
    with faulty_site(root, {}) as (base, seen):
        manifest = scrape_site(f"{base}/swagger/", tmp_path / "snap", said=said.append)
    assert said == [f"{base}/swagger/: an OpenAPI reference rendered by swagger; loading it in Chromium"]
    assert [(p.kind, p.via, p.url) for p in manifest.pages] == [("spec", "browser", f"{base}/spec.json")]
    assert seen.count("/spec.json") == 1
    code, report = audit(tmp_path / "snap", built, tmp_path)
    assert (code, found(report)) == (0, every_sample(load_truth(built)))


def test_read_spec_without_a_readable_spec_is_one_line_and_keeps_the_snapshot(tmp_path: Path) -> None:
    site = build(SPECS[0])
    out = tmp_path / "snap"
    out.mkdir()
    (out / "manifest.json").write_text("previous", encoding="utf-8")
    with faulty_site(site, {"/spec.json": status(200, {"Content-Type": "application/json"}, b'{"hello": 1}')}) \
            as (base, _):
        with pytest.raises(SpecError) as e:
            scrape_site(f"{base}/rapidoc/", out, options=CrawlOptions(read="spec"))
    assert str(e.value) == (f"spec {base}/spec.json is not an OpenAPI 3 document (openapi: None); give the OpenAPI "
                            "JSON or YAML file the site was built from")
    assert (out / "manifest.json").read_text(encoding="utf-8") == "previous"


def test_the_spec_read_says_where_each_section_came_from(from_spec) -> None:
    """Each operation links to the page's own anchor for it, as the renderer's links do."""
    snap = from_spec["redoc", "2023-11-28"]
    manifest = json.loads((snap / "manifest.json").read_text(encoding="utf-8"))
    chat = next(s for s in manifest["sections"] if s["id"] == "chat/completions/post")
    assert chat["url"].endswith("/redoc/#tag/Chat/operation/createChatCompletion")
    assert [s["id"] for s in manifest["sections"] if s["kind"] == "group"][:3] == \
        ["tags/assistants", "tags/audio", "tags/chat"]


def snapshot_files(out: Path) -> dict[Path, bytes]:
    """Every file of a snapshot but its manifest (which says when it was scraped)."""
    return {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file() and p.name != "manifest.json"}


def test_a_rescrape_asks_for_the_spec_conditionally_and_keeps_an_unchanged_snapshot(tmp_path: Path) -> None:
    built = build(SPECS[0])
    root = tmp_path / "site"
    (root / "rapidoc").mkdir(parents=True)
    shutil.copy(built / "spec.json", root / "spec.json")
    shutil.copy(built / "rapidoc" / "index.html", root / "rapidoc" / "index.html")
    out = tmp_path / "snap"
    with faulty_site(root, {}) as (base, seen):
        first = scrape_site(f"{base}/rapidoc/", out)
        files = snapshot_files(out)
        again = scrape_site(f"{base}/rapidoc/", out)
        assert snapshot_files(out) == files
        assert again.pages == first.pages and again.stats["operations"] == first.stats["operations"] == 57
        assert [s.id for s in read_manifest(out).sections] == [s.id for s in first.sections]
        said = subprocess.run([sys.executable, "-m", "apiref", "scrape", f"{base}/rapidoc/", "-o", str(out),
                               "--max-depth", str(first.max_depth)], capture_output=True, text=True).stderr.splitlines()
        assert said[1].startswith(f"scraped {base}/rapidoc/: unchanged since the previous snapshot (the spec "
                                  f"{base}/spec.json revalidated, 1 request); its files kept; in ")
        spec = json.loads((root / "spec.json").read_text(encoding="utf-8"))
        spec["paths"]["/chat/completions"]["post"]["summary"] = "Chat, changed"
        (root / "spec.json").write_text(json.dumps(spec), encoding="utf-8")
        changed = scrape_site(f"{base}/rapidoc/", out)
    assert seen.count("/spec.json") == 4
    assert changed.pages[0].sha256 != first.pages[0].sha256
    assert next(s.title for s in read_manifest(out).sections if s.id == "chat/completions/post") == "Chat, changed"


@pytest.mark.parametrize("renderer", ["redoc", "scalar"])
def test_a_bundled_page_carrying_its_spec_is_read_without_a_browser(renderer: str, tmp_path: Path) -> None:
    """Redoc as `redocly build-docs` bundles it (the spec in `__redoc_state`), Scalar with the spec inside its
    configuration's script element: no spec to fetch, nothing to render."""
    built = build(SPECS[0])
    spec = (built / "spec.json").read_text(encoding="utf-8")
    root = tmp_path / "site"
    (root / renderer).mkdir(parents=True)
    if renderer == "redoc":
        body = ('<div id="redoc"></div><script src="redoc.standalone.js"></script><script>\n'
                f'const __redoc_state = {{"menu": {{"activeItemIdx": -1}}, "spec": {{"data": {spec}}}}};\n'
                "Redoc.hydrate(__redoc_state, document.getElementById('redoc'));</script>")
    else:
        body = (f'<script id="api-reference" type="application/json">{spec}</script>'
                '<script src="standalone.js"></script>')
    (root / renderer / "index.html").write_text(f"<!doctype html><title>Bundled</title>{body}", encoding="utf-8")
    said: list[str] = []
    with faulty_site(root, {}) as (base, seen):
        manifest = scrape_site(f"{base}/{renderer}/", tmp_path / "snap", said=said.append)
        again = scrape_site(f"{base}/{renderer}/", tmp_path / "snap")
    assert said == [f"{base}/{renderer}/: an OpenAPI reference rendered by {renderer}; reading the spec it renders, "
                    "inside the page"]
    assert not [p for p in seen if not p.startswith(f"/{renderer}/") and p != "/robots.txt"]
    assert [(p.kind, p.url) for p in manifest.pages] == [("spec", f"{base}/{renderer}/")] and again.pages == \
        manifest.pages
    code, report = audit(tmp_path / "snap", built, tmp_path)
    assert (code, found(report)) == (0, every_sample(load_truth(built)))
