"""The five real OpenAPI renderers' pages of a spec (../shared/renderers): built once per machine, served on
127.0.0.1.

build.py installs the renderers with npm once (about 2.5 minutes, cached by build.py itself under
~/.cache/apiref-renderers), then renders a spec in under a second; the pages and truth.json are kept under
~/.cache/apiref-sites/renderers-<spec>-<recipe hash>/ (or $APIREF_SITES) and reused while the recipe is unchanged.
The pages are read, never edited.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

from refsite import SHARED, spec_path, stop

RENDERERS_DIR = SHARED / "renderers"
CACHE = Path(os.environ.get("APIREF_SITES", Path.home() / ".cache" / "apiref-sites"))
NAMES = ("redoc", "scalar", "swagger", "rapidoc", "elements")


def recipe_key() -> str:
    h = hashlib.sha256()
    for name in ("build.py", "spectruth.py", "package.json", "package-lock.json"):
        h.update((RENDERERS_DIR / name).read_bytes())
    return h.hexdigest()[:12]


def build(spec: str) -> Path:
    """The built pages of a spec (OUT_DIR with spec.json, truth.json and one folder per renderer)."""
    out = CACHE / f"renderers-{spec}-{recipe_key()}"
    CACHE.mkdir(parents=True, exist_ok=True)
    with open(CACHE / ".lock-renderers", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not (out / "truth.json").is_file():
            print(f"building the renderers' pages of {spec} (npm install once: about 2.5 minutes) ...", file=sys.stderr)
            subprocess.run([sys.executable, str(RENDERERS_DIR / "build.py"), str(spec_path(spec)), str(out)],
                           check=True, stdout=subprocess.DEVNULL)
    return out


def load_truth(out: Path) -> dict:
    return json.loads((out / "truth.json").read_text(encoding="utf-8"))


@contextlib.contextmanager
def serving(out: Path) -> Iterator[dict[str, str]]:
    """Serve the pages with the renderers' serve.py; yield each renderer's page URL."""
    proc = subprocess.Popen([sys.executable, str(RENDERERS_DIR / "serve.py"), str(out), "--port", "0"],
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        urls: dict[str, str] = {}
        assert proc.stdout is not None
        first = proc.stdout.readline()
        if not first.startswith("Serving"):
            raise RuntimeError(f"serve.py did not start: {first!r}")
        for _ in NAMES:
            m = re.match(r"(\w+) (http://\S+)", proc.stdout.readline())
            if m:
                urls[m.group(1)] = m.group(2)
        yield urls
    finally:
        stop(proc)
