"""The live OpenAI reference's renderer (the real Stainless build, ../shared/stainless), crawled over real HTTP on
127.0.0.1 in every server mode: the manifest states exactly what the site's truth file states."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from apiref.scraper.store import read_manifest
from stainless_site import load_truth
from stainless_truth import truth_view

SPEC = "2023-11-28"
MODES = ["plain", "challenge", "rate-limit", "slow"]


def differences(snapshot: Path, truth_file: Path) -> list[str]:
    """Every (language, section, field) where the manifest and the truth differ, described."""
    truth = {(s["language"], s["id"]): s for s in load_truth(truth_file)["sections"]}
    got = truth_view(read_manifest(snapshot))
    out = [f"missing {k}" for k in truth if k not in got] + [f"extra {k}" for k in got if k not in truth]
    for k, want in truth.items():
        have = got.get(k, {})
        out += [f"{k} {f}: want {json.dumps(want.get(f))[:200]} got {json.dumps(have.get(f))[:200]}"
                for f in sorted(set(want) | set(have)) if k in got and want.get(f) != have.get(f)]
    return out


@pytest.mark.parametrize("spec, mode", [(SPEC, m) for m in MODES] + [("2025-04-29", "plain")])
def test_manifest_equals_truth(stainless_crawled, spec, mode):
    snap, truth = stainless_crawled(spec, mode)
    assert differences(snap, truth) == []


EVERY_LANGUAGE = "http,node,python,go,java,kotlin,ruby,csharp,php"  # every SDK target the renderer builds


def test_every_sdk_language_equals_truth(stainless_crawled):
    """A site with all nine SDK trees (Kotlin, C# and PHP too: PHP's model pages show no description, which the
    manifest says as such instead of taking the section's)."""
    snap, truth = stainless_crawled(SPEC, "plain", EVERY_LANGUAGE)
    assert differences(snap, truth) == []
    m = read_manifest(snap)
    assert m.languages == ["http", "node", "python", "java", "kotlin", "go", "ruby", "php", "csharp"]
    assert any(v.description == "" for s in m.sections for lang, v in s.languages.items() if lang == "php")


def test_counts_match_truth(stainless_crawled):
    snap, truth = stainless_crawled(SPEC)
    counts = load_truth(truth)["counts"]
    m = read_manifest(snap)
    rows = sum(len(s.params) + sum(len(v.params) for v in s.languages.values()) for s in m.sections)
    assert rows == counts["properties"]
    assert sum(len(e.request) for s in m.sections for e in s.examples) == counts["examples"]
    assert m.languages == ["http", "node", "python", "java", "go", "ruby"]
    assert len(m.pages) == counts["pages"] and not m.missing


@pytest.mark.parametrize("mode", MODES[1:])
def test_modes_give_identical_sections(stainless_crawled, mode):
    plain, _ = stainless_crawled(SPEC)
    other, _ = stainless_crawled(SPEC, mode)
    files = sorted(p.relative_to(plain) for p in (plain / "sections").rglob("*.html"))
    assert files == sorted(p.relative_to(other) for p in (other / "sections").rglob("*.html"))
    assert all((plain / f).read_bytes() == (other / f).read_bytes() for f in files)


def test_markdown_has_every_language_and_no_chrome(stainless_crawled):
    snap, truth = stainless_crawled(SPEC)
    m = read_manifest(snap)
    sec = next(s for s in m.sections if s.id == "chat/completions/create")
    md = (snap / "markdown" / (sec.file + ".md")).read_text()
    for ex in sec.examples:
        for lang, code in ex.request.items():
            assert code in md, (ex.variant, lang)
    for lang in ("node", "python", "java", "go", "ruby"):
        assert f"## SDK: {lang}" in md and sec.languages[lang].signature in md
    for chrome in ("Copy Markdown", "Open in Claude", "Expand Collapse", "Link to this property"):
        assert chrome not in md
