"""A crawl writes each section's rows into its manifest entry without making a model of each (`merge.param_entry`):
the entries are the same bytes as those of the sections made whole (`merge.section`, every row a `Param`)."""

from __future__ import annotations

import gzip

import orjson
import pytest

from apiref.scraper import store
from apiref.scraper.merge import param, param_entry, section, section_and_rows, section_id
from apiref.scraper.sites import stainless
from apiref.scraper.snapshot import Param

SPEC = "2023-11-28"


def by_section(snapshot) -> tuple[dict[str, dict[str, dict]], str]:
    """The records of a crawled snapshot's page cache, by section id and language, and the default language."""
    default = store.read_manifest(snapshot).default_language or ""
    grouped: dict[str, dict[str, dict]] = {}
    with gzip.open(snapshot / "pages.json.gz") as f:
        for line in f:
            for raw in orjson.loads(line)["records"]:
                grouped.setdefault(section_id(raw, default), {})[raw["language"]] = raw
    return grouped, default


def test_entries_written_from_rows_equal_those_of_whole_sections(stainless_crawled):
    snapshot, _ = stainless_crawled(SPEC)
    grouped, default = by_section(snapshot)
    rows_seen = 0
    for sid, by_lang in grouped.items():
        whole = section(sid, by_lang, default, stainless.FENCE_TAGS)
        light, rows = section_and_rows(sid, by_lang, default, stainless.FENCE_TAGS, param_entry)
        assert not light.params and not any(v.params for v in light.languages.values())
        assert store.section_entry(light, rows) == store.section_entry(whole), sid
        rows_seen += sum(map(len, rows.values()))
    assert rows_seen > 10_000  # (every row of every language of the site)


@pytest.mark.parametrize("record", [
    {"depth": 0},  # every field at its default
    {"id": "a", "name": "a", "depth": 2, "type": "string", "optional": False, "default": "x", "deprecated": "use b",
     "description": "D", "group": "body", "declaration": "a: string", "constraints": "max 3", "annotation": "One of",
     "badges": ["beta"], "tooltips": ["t"], "expandable": True},  # none at its default
    {"depth": 1, "optional": True, "deprecated": True, "badges": [], "expandable": False, "default": None},
])
def test_a_row_entry_is_its_models_dump(record):
    assert param_entry(record, {}) == param(record, {}).model_dump(mode="json", exclude_defaults=True)


def test_a_renamed_entry_is_the_entry_of_the_renamed_section(stainless_crawled):
    snapshot, _ = stainless_crawled(SPEC)
    grouped, default = by_section(snapshot)
    sid, by_lang = next((sid, b) for sid, b in grouped.items() if len(b) > 1 and section(sid, b, default, {}).params)
    light, rows = section_and_rows(sid, by_lang, default, stainless.FENCE_TAGS, param_entry)
    renamed = store.with_file(store.section_entry(light, rows), "other-2")
    whole = section(sid, by_lang, default, stainless.FENCE_TAGS)
    whole.file = "other-2"
    assert renamed == store.section_entry(whole)
    assert Param.model_validate(orjson.loads(renamed)["params"][0])  # (rows read back as models)


def test_a_language_page_without_the_description_says_so(stainless_crawled):
    """A language's page that shows no description of a model the main page describes (the PHP pages' models) is
    told apart from one that repeats it: "" against None (both against the section's own description)."""
    snapshot, _ = stainless_crawled(SPEC)
    grouped, default = by_section(snapshot)
    sid, by_lang = next((sid, b) for sid, b in grouped.items()
                        if len(b) > 2 and b[default]["kind"] == "object" and b[default].get("description"))
    bare, other = [lang for lang in by_lang if lang != default][:2]
    by_lang = dict(by_lang, **{bare: {k: v for k, v in by_lang[bare].items() if k != "description"}})
    by_lang[other] = dict(by_lang[other], description="Something else.")
    sec = section(sid, by_lang, default, stainless.FENCE_TAGS)
    assert sec.description == by_lang[default]["description"]
    assert sec.languages[bare].description == ""
    assert sec.languages[other].description == "Something else."
    assert all(v.description is None for lang, v in sec.languages.items() if lang not in (bare, other))
