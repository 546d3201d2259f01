"""Levels on a real diff (legacy page, 2023-11-28 -> 2023-12-15): the breaking changes the diff reports are exactly
those computed straight from the two OpenAPI specs (tests/spec_rows.py: rows removed, required request rows added,
types changed, request rows made required, response rows made optional, request defaults changed; nested tables
expanded to depth 6 as on the page)."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from apiref.cli import (
    cli,
    cmd_uses,  # noqa: F401
)
from refsite import spec_path
from spec_rows import Spec, breaking

OLD, NEW = "2023-11-28", "2023-12-15"
FIELD_CHANGES = ("type", "required", "default")


@pytest.fixture(scope="module")
def report(scraped) -> dict:
    result = CliRunner().invoke(cli, ["diff", str(scraped(OLD)), str(scraped(NEW)), "--format", "json"])
    assert result.exit_code == 1, result.output
    return json.loads(result.stdout)


def reported_breaking(d: dict) -> set[tuple[str, str, str]]:
    out = set()
    for c in d["changed"]:
        for p in c["params"]:
            if p["level"] != "breaking":
                continue
            whats = [p["change"]] if p["change"] != "changed" else [f for f in FIELD_CHANGES if f in p["fields"]]
            out |= {(c["id"], p["key"], w) for w in whats}
    return out


def test_breaking_changes_equal_those_computed_from_the_specs(report):
    expected = breaking(Spec(spec_path(OLD)).sections(), Spec(spec_path(NEW)).sections())
    assert expected, "the two specs differ in a breaking way"
    assert reported_breaking(report) == expected
    assert not report["added"] and not report["removed"] and not report["moved"]
    assert len(report["levels"]["breaking"]) == len(expected)
    print(f"\n{len(expected)} breaking changes, as the specs say: {sorted(expected)}")


def test_every_change_has_a_level_and_the_lists_add_up(report):
    levels = report["levels"]
    assert set(levels) == {"breaking", "non-breaking", "docs"} and all(levels.values())
    assert {i["section_id"] for items in levels.values() for i in items} == {c["id"] for c in report["changed"]}
    description_only = {c["id"] for c in report["changed"] if c["description_only"]}
    assert all(c["level"] == "docs" for c in report["changed"] if c["id"] in description_only)


def test_fail_on_breaking_for_ci(scraped):
    runner = CliRunner()
    broke = runner.invoke(cli, ["diff", str(scraped(OLD)), str(scraped(NEW)), "--fail-on", "breaking"])
    assert broke.exit_code == 1 and "\n## Breaking\n" in broke.stdout
    same = runner.invoke(cli, ["diff", str(scraped(OLD)), str(scraped(OLD)), "--fail-on", "breaking"])
    assert same.exit_code == 0
