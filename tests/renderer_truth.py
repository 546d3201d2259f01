"""A renderer snapshot checked through `apiref audit` against the renderers' truth.json.

truth.json (../shared/renderers/spectruth.py, written when the pages are built) counts what the spec says a page
must show: operations, parameters per group, body properties per depth (to 6), and which code samples each renderer
can show. The audit (run as the `apiref audit` command, the way a user runs it) compares the snapshot with the same
spec; its coverage must equal those counts, with the code of every sample exact (the audit matches code), nothing
extra, and no renderer UI text in the Markdown.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

UI_TEXT = ("Copy", "Try it", "Try it out", "Expand all", "Collapse all", "Show more", "Copy link", "Execute",
           "Example Value", "Show Child Attributes", "Show additional properties", "Hide Child Attributes")
FENCE = re.compile(r"^(```+|~~~+).*?^\1\s*$", re.S | re.M)
GROUPS = ("path", "query", "header", "body")


def ui_text(markdown: str) -> list[str]:
    """Renderer UI strings in the Markdown, outside code blocks (code may well say `Copy`)."""
    prose = FENCE.sub("", markdown)
    return [ui for ui in UI_TEXT if re.search(rf"(?<![\w-]){re.escape(ui)}(?![\w-])", prose)]


def audit(snapshot: Path, site: Path, tmp: Path) -> tuple[int, dict[str, Any]]:
    """`apiref audit SNAPSHOT --spec site/spec.json --json ...`: (exit code, report)."""
    report = tmp / "audit.json"
    result = subprocess.run([sys.executable, "-m", "apiref", "audit", str(snapshot), "--spec", str(site / "spec.json"),
                             "--json", str(report)], capture_output=True, text=True)
    assert result.returncode in (0, 1), result.stderr
    return result.returncode, json.loads(report.read_text(encoding="utf-8"))


def expected(truth: dict[str, Any], renderer: str) -> dict[str, int]:
    """What the audit's coverage must find, from truth.json's counts."""
    counts = truth["counts"]
    nested = sum(n for depth, n in counts["body_props_by_depth"].items() if int(depth) > 0)
    out = {"operations": counts["operations"], "properties": nested,
           "samples": counts["samples_shown_by"].get(renderer, 0)}
    out.update({g: counts["params"][g] for g in GROUPS})
    return out


def found(report: dict[str, Any]) -> dict[str, int]:
    return {c["category"]: c["found"] for c in report["coverage"] if c["category"] != "cookie"}


def missing(report: dict[str, Any], category: str) -> list[str]:
    return [f"{f['operation']} {f['name']}".strip() for f in report["missing"] if f["category"] == category]
