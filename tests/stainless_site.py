"""The real Stainless renderer's build of a spec (../shared/stainless): built once per machine, served on 127.0.0.1.

build.sh takes about 2 minutes a spec (after a one-time set-up of Node and the renderer, cached by build.sh itself);
the built site and its truth file are kept under ~/.cache/apiref-sites/<spec>/ (or $APIREF_SITES) and reused while
the renderer recipe is unchanged. Used by the tests and by scripts/bench_crawl. The site is read, never edited.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

from refsite import SHARED, serve, spec_path

STAINLESS = SHARED / "stainless"
CACHE = Path(os.environ.get("APIREF_SITES", Path.home() / ".cache" / "apiref-sites"))


def recipe_key() -> str:
    """A hash of what the build depends on (build.sh, its config generator, the site's lockfile)."""
    h = hashlib.sha256()
    for name in ("build.sh", "gen_stainless_config.py", "truth.py", "site/package-lock.json", "site/astro.config.ts"):
        h.update((STAINLESS / name).read_bytes())
    return h.hexdigest()[:12]


def build(name: str, langs: str | None = None) -> tuple[Path, Path]:
    """(site dir, truth file) of the Stainless build of a spec, built now if the cache has none."""
    key = f"{name}-{langs.replace(',', '-') if langs else 'default'}-{recipe_key()}"
    home = CACHE / key
    site, truth = home / "site", home / "truth.json"
    CACHE.mkdir(parents=True, exist_ok=True)
    with open(CACHE / ".lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # one build at a time (and none twice)
        if not truth.is_file():
            shutil.rmtree(home, ignore_errors=True)
            home.mkdir(parents=True)
            cmd = ["bash", str(STAINLESS / "build.sh"), str(spec_path(name)), str(site)]
            cmd += ["--langs", langs] if langs else []
            print(f"building the Stainless site of {name} (about 2-7 minutes) ...", file=sys.stderr)
            subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
            subprocess.run([sys.executable, str(STAINLESS / "truth.py"), str(site), str(truth) + ".tmp"], check=True,
                           stderr=subprocess.DEVNULL)
            os.replace(str(truth) + ".tmp", truth)
    return site, truth


def load_truth(truth: Path) -> dict:
    return json.loads(truth.read_text(encoding="utf-8"))


@contextlib.contextmanager
def serve_stainless(site: Path, *flags: str) -> Iterator[str]:
    """Serve a built site (serve.py flags: --challenge N, --rate-limit R, --slow-ms MS); yield its root URL."""
    with serve(site, *flags, script=STAINLESS / "serve.py") as url:
        yield url
