"""Safe file paths from page anchors. A hostile page can put `../`, absolute paths or odd characters in an anchor;
section ids are kept as the page gives them, but the files they are written to come from here."""

from __future__ import annotations

import hashlib
import re

UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")  # anything else in a path segment becomes "-"
MAX_SEGMENT = 80  # well under every file system's 255-byte name limit, leaving room for suffixes


def safe_segment(segment: str) -> str:
    """One path segment made of [A-Za-z0-9._-], never '.', '..' or empty, never starting with a dot."""
    s = UNSAFE.sub("-", segment).strip("-.") or "_"
    if len(s) > MAX_SEGMENT:
        digest = hashlib.sha256(segment.encode()).hexdigest()[:10]
        s = s[: MAX_SEGMENT - 11] + "-" + digest
    return s


def safe_relpath(section_id: str) -> str:
    """A relative POSIX path for a section id: `chat/create` stays `chat/create`, `../../etc` becomes `etc`."""
    parts = [safe_segment(p) for p in section_id.split("/") if p not in ("", ".", "..")]
    return "/".join(parts) or "_"


def unique_relpaths(section_ids: list[str]) -> dict[str, str]:
    """Safe relative paths for ids, made unique (case-insensitively, for case-folding file systems) in order.

    A path that is also a directory prefix of another (`chat` and `chat/create`) is fine: files get a suffix.
    """
    out: dict[str, str] = {}
    taken: set[str] = set()
    for sid in section_ids:
        base = safe_relpath(sid)
        path, n = base, 1
        while path.lower() in taken:
            n += 1
            path = f"{base}-{n}"
        taken.add(path.lower())
        out[sid] = path
    return out
