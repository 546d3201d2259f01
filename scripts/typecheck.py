"""mypy over the library under its installed module names: scraper/x.py is apiref.scraper.x, chunks/x.py is
apiref.chunks.x (the folders are mapped in pyproject.toml's [tool.setuptools.package-dir]).

mypy finds modules by their place on disk, and cannot follow the import hook of an editable install, so this
hands it every file with its module name (mypy's own build API); the options are [tool.mypy] in pyproject.toml.

usage: python3 scripts/typecheck.py
"""

from __future__ import annotations

import sys
from pathlib import Path

from mypy import build
from mypy.main import process_options
from mypy.modulefinder import BuildSource

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10
    import tomli as tomllib

ROOT = Path(__file__).resolve().parent.parent


def sources(package_dirs: dict[str, str]) -> list[BuildSource]:
    """Every .py file of every mapped package, named by its module (a package folder inside another package's
    folder is left to its own mapping)."""
    folders = {ROOT / folder: name for name, folder in package_dirs.items()}
    out = []
    for folder, package in folders.items():
        for path in sorted(folder.rglob("*.py")):
            if any(parent in folders and parent != folder for parent in path.parents):
                continue
            parts = [p for p in path.relative_to(folder).with_suffix("").parts if p != "__init__"]
            out.append(BuildSource(str(path.relative_to(ROOT)), ".".join([package, *parts])))
    return out


def main() -> int:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    _, options = process_options(["--config-file", str(ROOT / "pyproject.toml"), "-c", ""])
    result = build.build(sources(config["tool"]["setuptools"]["package-dir"]), options)
    for line in result.errors:
        print(line)
    files = len({e.split(":", 1)[0] for e in result.errors if ": error:" in e})
    errors = sum(": error:" in e for e in result.errors)
    print(f"mypy: {errors} errors in {files} files" if errors else "mypy: no issues", file=sys.stderr)
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
