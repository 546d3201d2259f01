"""Site profiles: everything specific to one reference site (URL, selectors, picker labels, waits) as data.

The engine (reveal.js and the Python around it) reads selectors only from a Profile. `openai` is built in
(scraper/profiles/openai.json); `--profile FILE` loads a user's JSON with the same fields.
"""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path
from typing import Literal

from pydantic import Field, ValidationError

from .errors import ProfileError
from .snapshot import Record

BUILTIN = "openai"  # the profile used when none is named


class PageMarkers(Record):
    """How to tell the page's state: reference shown, still loading, failed, or behind a bot check."""

    ready: str  # present once reference content shows
    loading: str = ""  # present while data is still arriving
    error: str = ""  # the page's own "failed to load" message
    scroller: str = ""  # the element that scrolls the reference (empty: the window)
    offstage: str = ""  # taken out of layout while revealing, so clicks don't re-lay out the page (empty: none)
    # How controls are activated: "pointer" sends a press's pointer and mouse events before the click (as a user's
    # click does; menus that open on pointerdown need it), "click" sends the click alone.
    activation: Literal["pointer", "click"] = "pointer"
    interstitial_titles: list[str] = []  # document titles of a bot-check page
    interstitial_markers: list[str] = []  # selectors only a bot-check page has


class SectionSelectors(Record):
    """Sections, their headings and the parts of an endpoint/object body."""

    section: str
    heading: str
    id_attr: str
    title: str
    badge: str
    lazy_placeholder: str
    endpoint_body: str
    left: str
    method: str
    url: str
    summary: str
    param_block: str
    param_block_title: str
    returns_title: str
    subheading: str
    unwrap: str = ""  # a wrapper around described HTML that is chrome, not content


class ParamSelectors(Record):
    """Parameter tables, rows, the parts of a row and its expand button (all relative to a row)."""

    table: str
    row: str
    name: str
    type_title: str
    type: str
    required: str
    default: str
    default_prefix: str
    deprecated: str
    description: str
    expand_button: str
    expanded_attr: str
    types_label: str  # text in an expand button whose children are alternatives, not properties


class SampleSelectors(Record):
    """Code samples and the two pickers (language, example variant)."""

    examples: str
    sample: str
    sample_title: str
    request_title: str
    response_title: str
    object_title_prefix: str
    language_picker: str
    variant_picker: str
    option_list: str
    option: str
    current_value: str
    single_language: str
    default_variant: str
    code: str
    gutter: str
    fence_tags: dict[str, str] = {}  # picker name -> fence tag when the code has no language-* class


class Waits(Record):
    """Bounded waits, in seconds or milliseconds as named."""

    page_timeout_s: float = Field(30, gt=0)
    interstitial_timeout_s: float = Field(30, gt=0)
    settle_ms: int = Field(3000, gt=0)
    lazy_timeout_s: float = Field(60, gt=0)


class Profile(Record):
    """One site profile."""

    name: str
    title: str
    url: str  # the page scraped when no URL is given
    # The page's public URL. Links and section URLs are made absolute against it whatever host served the copy
    # that was scraped (a mirror, a proxy, a local reproduction); empty: the scraped URL itself.
    canonical_url: str = ""
    page: PageMarkers
    sections: SectionSelectors
    params: ParamSelectors
    samples: SampleSelectors
    chrome: list[str] = []  # selectors of page chrome dropped from stored HTML
    waits: Waits = Waits()


def load_profile(name_or_file: str | None = None) -> Profile:
    """The built-in profile by name (default `openai`), or a user's JSON file; invalid -> ProfileError."""
    spec = name_or_file or BUILTIN
    path = Path(spec)
    if path.suffix == ".json" or path.exists():
        if not path.is_file():
            raise ProfileError(
                f"profile file {spec} not found; pass an existing JSON file or a built-in name ({BUILTIN})"
            )
        return parse_profile(path.read_text(encoding="utf-8"), str(path))
    builtin = resources.files("apiref.scraper") / "profiles" / f"{spec}.json"
    if not builtin.is_file():
        raise ProfileError(f"no built-in profile {spec!r}; use {BUILTIN!r} or pass a JSON file")
    return parse_profile(builtin.read_text(encoding="utf-8"), spec)


def parse_profile(text: str, where: str) -> Profile:
    """Validate profile JSON; the error names the first bad field."""
    try:
        return Profile.model_validate(json.loads(text))
    except json.JSONDecodeError as e:
        raise ProfileError(f"profile {where} is not valid JSON ({e}); fix the file") from None
    except ValidationError as e:
        err = e.errors()[0]
        field = ".".join(str(p) for p in err["loc"]) or "(top level)"
        raise ProfileError(f"profile {where}: field {field!r}: {err['msg']}; fix the file") from None
