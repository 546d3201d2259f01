"""Site profiles: the built-in one loads, a user's file is validated and a bad field is named."""

from __future__ import annotations

import json

import pytest

from apiref.scraper.errors import ProfileError
from apiref.scraper.profile import Profile, load_profile

BUILTIN_JSON = json.loads(load_profile().model_dump_json())


def write(tmp_path, data) -> str:
    path = tmp_path / "site.json"
    path.write_text(data if isinstance(data, str) else json.dumps(data))
    return str(path)


def test_builtin_profile_holds_the_site_specifics():
    p = load_profile()
    assert p.name == "openai" and p.title == "OpenAI API reference"
    assert p.url == "https://platform.openai.com/docs/api-reference"
    assert "Just a moment..." in p.page.interstitial_titles
    assert p.samples.language_picker == 'button[aria-label="Select library"]'
    assert p.samples.variant_picker == 'button[aria-label="Code example"]'
    assert p.params.default_prefix == "Defaults to "


def test_user_file_loads(tmp_path):
    data = dict(BUILTIN_JSON, name="mine", title="My API")
    p = load_profile(write(tmp_path, data))
    assert isinstance(p, Profile) and p.name == "mine" and p.sections == load_profile().sections


@pytest.mark.parametrize("path,value,field", [
    (("page", "ready"), 5, "page.ready"),
    (("waits", "settle_ms"), -1, "waits.settle_ms"),
    (("samples", "fence_tags"), ["bash"], "samples.fence_tags"),
])
def test_bad_field_is_named(tmp_path, path, value, field):
    data = json.loads(json.dumps(BUILTIN_JSON))
    data[path[0]][path[1]] = value
    with pytest.raises(ProfileError, match=rf"field '{field}'"):
        load_profile(write(tmp_path, data))


def test_missing_and_unknown_fields(tmp_path):
    data = json.loads(json.dumps(BUILTIN_JSON))
    del data["params"]
    with pytest.raises(ProfileError, match=r"field 'params': Field required"):
        load_profile(write(tmp_path, data))
    data = dict(BUILTIN_JSON, selectorz={})
    with pytest.raises(ProfileError, match=r"field 'selectorz': Extra inputs are not permitted"):
        load_profile(write(tmp_path, data))


def test_not_json_missing_file_unknown_name(tmp_path):
    with pytest.raises(ProfileError, match="not valid JSON"):
        load_profile(write(tmp_path, "{nope"))
    with pytest.raises(ProfileError, match="not found"):
        load_profile(str(tmp_path / "absent.json"))
    with pytest.raises(ProfileError, match="no built-in profile 'zzz'"):
        load_profile("zzz")


def test_error_is_one_line(tmp_path):
    with pytest.raises(ProfileError) as e:
        load_profile(write(tmp_path, {"name": "x"}))
    assert "\n" not in str(e.value)
