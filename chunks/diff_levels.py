"""How much a change matters to code that calls the API: breaking, non-breaking or docs-only.

The levels follow what API diff tools for specs do (oasdiff's error / warning / info), applied to what a reference
page shows. An endpoint's parameter table is the request (what a client sends); an object's table is a response
(what a client reads), so the same edit can break one and not the other:

| change | endpoint (request) | object (response) |
|---|---|---|
| section removed | breaking | docs |
| section added | non-breaking | non-breaking |
| row removed | breaking | breaking |
| row added | breaking if required, else non-breaking | non-breaking |
| row became required | breaking | non-breaking |
| row became optional | non-breaking | breaking |
| type changed (after `spelling` normalisation) | breaking | breaking |
| default changed | breaking | non-breaking |
| method or path changed | breaking | - |
| deprecated, badges | non-breaking | non-breaking |
| descriptions, titles, examples, moved sections, Markdown | docs | docs |

Groups and static sections are prose: any change to them is docs-only.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Literal

Level = Literal["breaking", "non-breaking", "docs"]
LEVELS: tuple[Level, ...] = ("breaking", "non-breaking", "docs")  # most severe first
LEVEL_TITLES = {"breaking": "Breaking", "non-breaking": "Non-breaking", "docs": "Docs only"}
FAIL_ON = ("any", "breaking", "non-breaking")  # --fail-on: any change, breaking only, breaking or non-breaking

REQUEST_KINDS = ("endpoint",)
RESPONSE_KINDS = ("object",)
SECTION_FIELD_LEVELS: dict[str, Level] = {"method": "breaking", "path": "breaking", "badges": "non-breaking"}


def worst(levels: Iterable[Level]) -> Level:
    """The most severe of some levels ("docs" when there are none)."""
    found = set(levels)
    return next((lv for lv in LEVELS if lv in found), "docs")


def at_least(level: Level, threshold: Level) -> bool:
    """Whether level is as severe as threshold or more."""
    return LEVELS.index(level) <= LEVELS.index(threshold)


def section_level(kind: str, change: Literal["added", "removed"]) -> Level:
    if kind in REQUEST_KINDS:
        return "breaking" if change == "removed" else "non-breaking"
    if kind in RESPONSE_KINDS:
        return "docs" if change == "removed" else "non-breaking"
    return "docs"


def section_field_level(kind: str, field: str) -> Level:
    if kind not in REQUEST_KINDS + RESPONSE_KINDS:
        return "docs"
    return SECTION_FIELD_LEVELS.get(field, "docs")


def row_level(kind: str, change: str, required: bool) -> Level:
    """A parameter row added or removed, in a section of this kind."""
    if kind not in REQUEST_KINDS + RESPONSE_KINDS:
        return "docs"
    if change == "removed":
        return "breaking"
    return "breaking" if kind in REQUEST_KINDS and required else "non-breaking"


def field_level(kind: str, field: str, old: object, new: object) -> Level:
    """One field of a parameter row changed (values after normalisation)."""
    if kind not in REQUEST_KINDS + RESPONSE_KINDS or field in ("description", "name"):
        return "docs"
    request = kind in REQUEST_KINDS
    if field == "type":
        return "breaking"
    if field == "required":
        became_required = bool(new) and not old
        return "breaking" if became_required == request else "non-breaking"
    if field == "default":
        return "breaking" if request else "non-breaking"
    return "non-breaking"  # deprecated, depth
