"""A multi-file spec: the real 2023-11-28 spec split as people split theirs (its schemas in a YAML file of their own,
a path item in a file under paths/ that refers back to both), behind the real Redoc page, served on 127.0.0.1.

Read from its spec (the default), it gives the same snapshot as the same spec bundled into one document; every
document is listed in the manifest, and a re-scrape revalidates each and keeps an unchanged snapshot, but reads a
changed referenced document. `apiref audit --spec` reads the split spec from the web or from disk. A document that
cannot be had is a one-line error naming the $ref and the document, and the previous snapshot stays."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from apiref.scraper.auto import scrape_site
from apiref.scraper.crawl import CrawlOptions
from apiref.scraper.errors import SpecError
from apiref.scraper.store import read_manifest
from faulty_site import faulty_site, status
from renderer_site import build, load_truth
from renderer_truth import found

SPEC = "2023-11-28"
MOVED = "/chat/completions"  # the path item that lives in a file of its own
SCHEMAS = "#/components/schemas/"


def rewrite_refs(value: Any, rewrite: Any) -> Any:
    """value with every $ref string passed through rewrite."""
    if isinstance(value, dict):
        return {k: rewrite(v) if k == "$ref" and isinstance(v, str) else rewrite_refs(v, rewrite)
                for k, v in value.items()}
    if isinstance(value, list):
        return [rewrite_refs(v, rewrite) for v in value]
    return value


def split(spec: dict[str, Any]) -> dict[str, Any]:
    """relative path -> document: spec.json without its schemas and one path item, schemas/all.yaml, paths/chat.json."""
    spec = json.loads(json.dumps(spec))
    schemas = spec["components"].pop("schemas")
    item = spec["paths"][MOVED]
    spec["paths"][MOVED] = {"$ref": "paths/chat.json"}

    def from_main(ref: str) -> str:
        return "schemas/all.yaml#/" + ref[len(SCHEMAS):] if ref.startswith(SCHEMAS) else ref

    def from_schemas(ref: str) -> str:
        return "#/" + ref[len(SCHEMAS):] if ref.startswith(SCHEMAS) else ref

    def from_paths(ref: str) -> str:
        return "../schemas/all.yaml#/" + ref[len(SCHEMAS):] if ref.startswith(SCHEMAS) else "../spec.json" + ref

    return {"spec.json": rewrite_refs(spec, from_main), "schemas/all.yaml": rewrite_refs(schemas, from_schemas),
            "paths/chat.json": rewrite_refs(item, from_paths)}


def write_site(root: Path, built: Path, documents: dict[str, Any]) -> None:
    (root / "redoc").mkdir(parents=True)
    shutil.copy(built / "redoc" / "index.html", root / "redoc" / "index.html")
    for name, doc in documents.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        text = yaml.safe_dump(doc, sort_keys=False) if name.endswith(".yaml") else json.dumps(doc)
        (root / name).write_text(text, encoding="utf-8")


def snapshot_texts(out: Path, base: str) -> dict[str, str]:
    """Every file of a snapshot but its manifest, with the site's address taken out."""
    return {str(p.relative_to(out)): p.read_text(encoding="utf-8").replace(base, "SITE")
            for p in out.rglob("*") if p.is_file() and p.name != "manifest.json"}


@pytest.fixture(scope="module")
def sites(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, Path]:
    """(the built site, a site of the bundled spec, a site of the same spec split in three documents)"""
    built = build(SPEC)
    root = tmp_path_factory.mktemp("multifile")
    spec = json.loads((built / "spec.json").read_text(encoding="utf-8"))
    write_site(root / "bundled", built, {"spec.json": spec})
    write_site(root / "split", built, split(spec))
    return built, root / "bundled", root / "split"


def test_a_split_spec_reads_like_its_bundle(sites, tmp_path: Path) -> None:
    built, bundled, parts = sites
    with faulty_site(bundled, {}) as (base, _):
        scrape_site(f"{base}/redoc/", tmp_path / "bundled")
        one = snapshot_texts(tmp_path / "bundled", base)
    with faulty_site(parts, {}) as (base, seen):
        manifest = scrape_site(f"{base}/redoc/", tmp_path / "split")
        assert snapshot_texts(tmp_path / "split", base) == one
        assert [(p.kind, p.url[len(base):]) for p in manifest.pages] == [
            ("spec", "/spec.json"), ("spec", "/paths/chat.json"), ("spec", "/schemas/all.yaml")]
        assert seen.count("/schemas/all.yaml") == seen.count("/paths/chat.json") == 1  # (read once each)
        report = tmp_path / "audit.json"
        for spec in (f"{base}/spec.json", str(parts / "spec.json")):  # from the web and from disk
            result = subprocess.run([sys.executable, "-m", "apiref", "audit", str(tmp_path / "split"), "--spec", spec,
                                     "--json", str(report)], capture_output=True, text=True)
            assert result.returncode == 0, result.stderr
            truth = load_truth(built)
            assert found(json.loads(report.read_text(encoding="utf-8")))["samples"] == \
                truth["counts"]["samples_total"]
            assert found(json.loads(report.read_text(encoding="utf-8")))["operations"] == \
                truth["counts"]["operations"] == 57


@pytest.mark.browser
def test_a_split_spec_named_only_in_a_script_is_caught_and_its_documents_read(sites, tmp_path: Path) -> None:
    """Redoc with its init in a script file: Chromium loads the page until the spec arrives, the documents it names
    are read by HTTP."""
    built, _, parts = sites
    root = tmp_path / "site"
    shutil.copytree(parts, root)
    shutil.copy(built / "redoc" / "redoc.standalone.js", root / "redoc")
    page = (root / "redoc" / "index.html").read_text(encoding="utf-8")
    start = page.index("<script>\n  Redoc.init")
    end = page.index("</script>", start) + len("</script>")
    (root / "redoc" / "init.js").write_text(page[start + len("<script>"):end - len("</script>")], encoding="utf-8")
    (root / "redoc" / "index.html").write_text(page[:start] + '<script src="init.js"></script>' + page[end:],
                                               encoding="utf-8")
    said: list[str] = []
    with faulty_site(root, {}) as (base, _):
        manifest = scrape_site(f"{base}/redoc/", tmp_path / "caught", said=said.append)
        assert said == [f"{base}/redoc/: an OpenAPI reference rendered by redoc; loading it in Chromium"]
        assert [(p.via, p.url[len(base):]) for p in manifest.pages] == [
            ("browser", "/spec.json"), ("http", "/paths/chat.json"), ("http", "/schemas/all.yaml")]
        caught = snapshot_texts(tmp_path / "caught", base)
    with faulty_site(parts, {}) as (base, _):
        scrape_site(f"{base}/redoc/", tmp_path / "read")
        assert snapshot_texts(tmp_path / "read", base) == caught


def test_a_rescrape_revalidates_every_document_and_reads_a_changed_one(sites, tmp_path: Path) -> None:
    _, _, parts = sites
    root = tmp_path / "site"
    shutil.copytree(parts, root)
    out = tmp_path / "snap"
    with faulty_site(root, {}) as (base, seen):
        first = scrape_site(f"{base}/redoc/", out)
        files = snapshot_texts(out, base)
        said = subprocess.run([sys.executable, "-m", "apiref", "scrape", f"{base}/redoc/", "-o", str(out),
                               "--max-depth", str(first.max_depth)], capture_output=True, text=True).stderr.splitlines()
        assert said[1].startswith(f"scraped {base}/redoc/: unchanged since the previous snapshot (the spec "
                                  f"{base}/spec.json revalidated, 3 requests); its files kept; in ")
        assert snapshot_texts(out, base) == files and seen.count("/schemas/all.yaml") == 2
        schemas = yaml.safe_load((root / "schemas/all.yaml").read_text(encoding="utf-8"))
        schemas["CreateChatCompletionRequest"]["properties"]["temperature"]["description"] = "How hot, changed."
        (root / "schemas/all.yaml").write_text(yaml.safe_dump(schemas, sort_keys=False), encoding="utf-8")
        scrape_site(f"{base}/redoc/", out)
    assert seen.count("/schemas/all.yaml") == 4  # (asked conditionally, then read again for the new snapshot)
    chat = (out / "reference.md").read_text(encoding="utf-8")
    assert "How hot, changed." in chat
    assert read_manifest(out).pages[0].url == f"{base}/spec.json"


def test_a_document_that_cannot_be_had_is_one_line_and_keeps_the_snapshot(sites, tmp_path: Path) -> None:
    _, _, parts = sites
    out = tmp_path / "snap"
    out.mkdir()
    (out / "manifest.json").write_text("previous", encoding="utf-8")
    with faulty_site(parts, {"/schemas/all.yaml": status(404, body=b"gone")}) as (base, _):
        with pytest.raises(SpecError) as e:
            scrape_site(f"{base}/redoc/", out, options=CrawlOptions(read="spec"))
    message = str(e.value)
    assert "\n" not in message
    # (the first $ref read is in /paths/chat.json)
    assert message == (f"spec {base}/spec.json: $ref '../schemas/all.yaml#/CreateChatCompletionRequest': document "
                       f"{base}/schemas/all.yaml answered HTTP 404; check the URL")
    assert (out / "manifest.json").read_text(encoding="utf-8") == "previous"
