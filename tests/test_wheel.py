"""The wheel: built from this checkout, it holds one top-level package (apiref) with its data files, and once
installed into a fresh venv, apiref works from any directory (console script, scrape, chunk, Python API).

The fresh venv gets the wheel and nothing else of apiref. Its dependencies (playwright, tiktoken, lxml, ...) are
not downloaded again, which would take minutes: a .pth file puts this interpreter's site-packages directories
after the venv's own. A directory named in a .pth file goes on sys.path, but the .pth files inside it are not
run, so an editable install of apiref there (a .pth import hook) stays off: `apiref` can only come from the
wheel, and the test checks that it does (its __file__ is in the venv). The file list of the wheel is checked
too, since a dependency path cannot hide a missing file of apiref's own.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from apiref.chunks.snapshot_chunks import chunk_snapshot, chunks_jsonl
from apiref.chunks.split import Limits
from refsite import serve

ROOT = Path(__file__).resolve().parent.parent
PACKAGE_DIRS = {"apiref": "apiref", "apiref/scraper": "scraper", "apiref/chunks": "chunks"}  # pyproject.toml
DATA = ["apiref/py.typed", "apiref/scraper/reveal.js"]  # files the package needs that are not Python modules
LEFT_OUT = {".git", ".work", "build", "dist", "out", "__pycache__", ".pytest_cache", ".hypothesis", ".mypy_cache",
            ".ruff_cache", ".venv", "venv"}

pytestmark = pytest.mark.browser  # (the installed apiref scrapes the local reference page)


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    """The wheel built from a copy of this checkout (the checkout itself stays as it was)."""
    work = tmp_path_factory.mktemp("wheel")
    src = work / "src"
    shutil.copytree(ROOT, src, ignore=lambda d, names: [n for n in names if n in LEFT_OUT or n.endswith(".egg-info")])
    build = [sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", str(work / "dist"), str(src)]
    subprocess.run(build, check=True, capture_output=True, timeout=300)
    (built,) = (work / "dist").glob("apiref-*.whl")
    return built


@pytest.fixture(scope="module")
def venv(wheel, tmp_path_factory) -> Path:
    """A fresh venv with the wheel installed, this interpreter's dependencies behind it; returns its bin dir."""
    env = tmp_path_factory.mktemp("venv") / "env"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(env)], check=True, timeout=300)  # (no ensurepip)
    py = env / "bin" / "python"
    site = subprocess.run([str(py), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                          check=True, capture_output=True, text=True).stdout.strip()
    ours = [p for p in sys.path if Path(p).name in ("site-packages", "dist-packages") and Path(p).is_dir()]
    Path(site, "zz_dependencies.pth").write_text("".join(f"{p}\n" for p in ours), encoding="utf-8")
    install = [sys.executable, "-m", "pip", "--python", str(py), "install", "-q", "--no-deps", "--no-index", str(wheel)]
    subprocess.run(install, check=True, timeout=300)  # (this environment's pip, installing into the venv)
    return env / "bin"


def run(bin_dir: Path, cwd: Path, *args: str) -> subprocess.CompletedProcess:
    """A command of the venv, run in cwd with nothing of this checkout on its path."""
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME")}
    env["PATH"] = f"{bin_dir}{os.pathsep}{env.get('PATH', '')}"
    return subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, timeout=300)


def test_the_wheel_holds_apiref_and_nothing_else(wheel):
    names = zipfile.ZipFile(wheel).namelist()
    tops = {n.split("/", 1)[0] for n in names}
    assert tops == {"apiref", f"{wheel.name.split('-')[0]}-{wheel.name.split('-')[1]}.dist-info"}
    modules = {f"{package}/{p.relative_to(ROOT / folder).as_posix()}"
               for package, folder in PACKAGE_DIRS.items() for p in (ROOT / folder).rglob("*.py")}
    profiles = {f"apiref/scraper/profiles/{p.name}" for p in (ROOT / "scraper" / "profiles").glob("*.json")}
    assert profiles, "scraper/profiles has no profile"
    missing = sorted((modules | profiles | set(DATA)) - set(names))
    assert not missing, f"not in the wheel: {missing} (list new packages in pyproject.toml's [tool.setuptools])"
    entry_points = next(n for n in names if n.endswith(".dist-info/entry_points.txt"))
    assert "apiref = apiref.cli:main" in zipfile.ZipFile(wheel).read(entry_points).decode()


def test_the_installed_wheel_works_from_another_directory(venv, refsite_build, tmp_path):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    files = "import apiref, apiref.scraper.profile as p; print(apiref.__file__, p.__file__)"
    where = run(venv, elsewhere, "python", "-c", files)
    assert where.returncode == 0, where.stderr
    assert all(Path(f).is_relative_to(venv.parent) for f in where.stdout.split()), where.stdout  # the wheel's copy
    for name in ("scraper", "chunks"):
        r = run(venv, elsewhere, "python", "-c", f"import {name}")
        assert r.returncode != 0 and f"No module named '{name}'" in r.stderr, (name, r.stdout, r.stderr)

    r = run(venv, elsewhere, "apiref", "--help")
    assert r.returncode == 0 and "Usage: apiref" in r.stdout and "chunk" in r.stdout, r.stderr

    site, _ = refsite_build("2023-11-28")
    with serve(site) as url:
        r = run(venv, elsewhere, "apiref", "scrape", url, "-o", "snap")  # (reveal.js and the profile: package data)
    assert r.returncode == 0, r.stderr
    r = run(venv, elsewhere, "apiref", "chunk", "snap", "--max-tokens", "300", "-o", "chunks.jsonl")
    assert r.returncode == 0, r.stderr
    written = (elsewhere / "chunks.jsonl").read_text(encoding="utf-8")
    assert written == chunks_jsonl(chunk_snapshot(elsewhere / "snap", Limits(300, 32000)))  # as this checkout's code
    assert len(written.splitlines()) > 100 and all(json.loads(line)["tokens"] <= 300 for line in written.splitlines())

    api = ("from apiref.chunks.snapshot_chunks import chunk_snapshot; from apiref.chunks.split import Limits; "
           "print(len(chunk_snapshot(__import__('pathlib').Path('snap'), Limits(300, 32000))))")
    r = run(venv, elsewhere, "python", "-c", api)
    assert r.returncode == 0 and int(r.stdout) == len(written.splitlines()), r.stderr
