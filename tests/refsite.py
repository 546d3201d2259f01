"""The local reproduction of the reference page (../shared/refsite): build a spec, serve it on 127.0.0.1.

Used by the tests and by scripts/bench_*. refsite is treated as the real site: read, never edited.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("APIREF_SHARED", ROOT.parent / "shared")).resolve()
REFSITE = SHARED / "refsite"
SPECS = sorted((SHARED / "specs").glob("openai-openapi-*.yaml"))
SPEC_NAMES = [p.name.removeprefix("openai-openapi-").removesuffix(".yaml") for p in SPECS]  # "2023-11-28", ...


def spec_path(name: str) -> Path:
    return SHARED / "specs" / f"openai-openapi-{name}.yaml"


def build(name: str, work: Path) -> tuple[Path, dict]:
    """Build the refsite page for a spec into work/<name>/ (once); return (site dir, truth)."""
    site, truth_path = work / name, work / f"{name}.truth.json"
    if not truth_path.is_file():
        subprocess.run(
            [sys.executable, str(REFSITE / "build.py"), str(spec_path(name)), str(site), "--truth", str(truth_path)],
            check=True,
            stdout=subprocess.DEVNULL,
        )
    return site, json.loads(truth_path.read_text(encoding="utf-8"))


@contextlib.contextmanager
def serve(site: Path, *flags: str, script: Path = REFSITE / "serve.py") -> Iterator[str]:
    """Serve a built site with its serve.py on a free port of 127.0.0.1; yield the URL it prints first
    (refsite: http://127.0.0.1:P/docs/api-reference; stainless: http://127.0.0.1:P/api)."""
    proc = subprocess.Popen(
        [sys.executable, str(script), str(site), "--port", "0", *flags],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        line = proc.stdout.readline() if proc.stdout else ""
        m = re.search(r"http://\S+", line)
        if not m:
            raise RuntimeError(f"{script} did not start: {line!r}")
        yield m.group(0)
    finally:
        stop(proc)


def stop(proc: subprocess.Popen) -> None:
    """Stop a server: SIGTERM, then SIGKILL if it has not gone within 10 s."""
    proc.terminate()
    try:
        proc.wait(10)
    except subprocess.TimeoutExpired:
        proc.kill()


def scraped_once(name: str, work: Path, rescrape: bool = False, markdown: bool = True) -> Path:
    """A snapshot of the refsite page for a spec, scraped once into work/<name>/snapshot and reused (benchmarks)."""
    import shutil

    from apiref.scraper.profile import load_profile
    from apiref.scraper.scrape import scrape
    from apiref.scraper.store import MANIFEST

    snap = work / name / "snapshot"
    if rescrape and snap.exists():
        shutil.rmtree(snap)
    if not (snap / MANIFEST).is_file():
        site, _ = build(name, work / "refsite")
        with serve(site) as url:
            print(f"scraping {url} ...", file=sys.stderr)
            scrape(url, snap, load_profile(None), markdown=markdown)
    return snap
