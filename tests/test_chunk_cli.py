"""apiref chunk through the real console script: outputs, summary line, refused limits."""

from __future__ import annotations

import json
import subprocess

import pytest

from apiref.chunks.records import Chunk

pytestmark = pytest.mark.browser


def apiref(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(["apiref", *args], capture_output=True, text=True, timeout=300)


def test_default_output_and_summary(scraped, tmp_path):
    snap = tmp_path / "snap"
    import shutil

    shutil.copytree(scraped("2023-11-28"), snap)
    r = apiref("chunk", str(snap))
    assert r.returncode == 0, r.stderr
    lines = (snap / "chunks.jsonl").read_text(encoding="utf-8").splitlines()
    chunks = [Chunk.model_validate_json(line) for line in lines]
    assert r.stdout == ""
    assert r.stderr == (
        f"{len(chunks)} chunks from {len({c.section_id for c in chunks})} sections; largest "
        f"{max(c.tokens for c in chunks)} tokens, {max(c.chars for c in chunks)} chars -> {snap / 'chunks.jsonl'}\n"
    )
    assert max(c.tokens for c in chunks) <= 1000 and all(c.encoding == "o200k_base" for c in chunks)


def test_stdout_and_options(scraped):
    snap = scraped("2023-11-28")
    r = apiref("chunk", str(snap), "--max-tokens", "150", "--max-chars", "900", "--encoding", "cl100k_base", "-o", "-")
    assert r.returncode == 0, r.stderr
    chunks = [json.loads(line) for line in r.stdout.splitlines()]
    assert chunks and all(c["tokens"] <= 150 and c["chars"] <= 900 and c["encoding"] == "cl100k_base" for c in chunks)
    assert r.stderr.endswith("-> stdout\n")


@pytest.mark.parametrize(
    "args,message",
    [
        (
            ["--max-tokens", "20"],
            r"^apiref: error: --max-tokens 20 cannot hold a breadcrumb and one line \(needs at least \d+\);"
            r" raise --max-tokens\n$",
        ),
        (
            ["--max-chars", "50"],
            r"^apiref: error: --max-chars 50 cannot hold a breadcrumb and one line \(needs at least \d+\);"
            r" raise --max-chars\n$",
        ),
        (
            ["--max-tokens", "0"],
            r"^apiref: error: --max-tokens 0 is not a positive number of tokens; give a positive integer\n$",
        ),
    ],
)
def test_refused_limits_are_one_line_errors(scraped, tmp_path, args, message):
    out = tmp_path / "c.jsonl"
    r = apiref("chunk", str(scraped("2023-11-28")), *args, "-o", str(out))
    assert r.returncode == 2 and r.stdout == "" and not out.exists()
    assert __import__("re").match(message, r.stderr), r.stderr


def test_not_a_snapshot(tmp_path):
    r = apiref("chunk", str(tmp_path))
    assert r.returncode == 1 and r.stderr.startswith("apiref: error: ") and r.stderr.count("\n") == 1


def test_help():
    r = apiref("chunk", "--help")
    assert r.returncode == 0 and "Usage:" in r.stdout and "--max-tokens" in r.stdout
