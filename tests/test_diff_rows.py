"""Rows made comparable across kinds of site (chunks/diff_rows.py and the spellings it relies on), one rule at a
time on small tables with the real spellings of the legacy page and of a Stainless site: each rule makes two
renderings of one fact equal, and a real change still shows, at full precision (one kind of site) always."""

from __future__ import annotations

import pytest

from apiref.chunks.diff import diff, load_view, param_changes
from apiref.chunks.diff_rows import Markup, comparable_rows, row_markup
from apiref.chunks.spelling import (
    FULL,
    Precision,
    is_member_row,
    name_key,
    same_prose,
    same_type,
)
from test_diff_small import P, make_snapshot

ACROSS = Precision(integer=False, null=False, literal=False, default=False, returns=False, variants=False,
                   badges=False, prose=False, maps=False, one_renderer=False)  # legacy page x Stainless site
TYPE = "type"


def kinds(*type_rows: str) -> Markup:
    return Markup({i: TYPE for i in type_rows}, {})


def changes(old, new, precision=ACROSS, markup=None, kind="endpoint", **kw):
    """(key, change, level, fields) of each row change, as param_changes reports them."""
    markup = markup or (kinds(), kinds())
    return [(c.key, c.change, c.level, sorted(c.fields))
            for c in param_changes(old, new, kind, precision, markup, **kw)]


# An object: the legacy page lists its properties; Stainless draws the model row over them.
LEGACY_OBJECT = [P("o-id", "id", required=True), P("o-error", "error", type="object or null", required=True),
                 P("o-error-code", "code", 1, required=True)]
STAINLESS_OBJECT = [P("m", "FineTuningJob", 0, "object { id, error }", group="model",
                      declaration="FineTuningJob object { id, error }"),
                    P("m>id", "id", 1, required=True, declaration="id: string"),
                    P("m>error", "error", 1, "object { code }", required=True, declaration="error: object { code }"),
                    P("m>error>code", "code", 2, required=True, declaration="code: string")]


def test_an_objects_model_row_is_unwrapped():
    assert changes(LEGACY_OBJECT, STAINLESS_OBJECT, markup=(kinds(), kinds("m")), kind="object") == []
    rows = comparable_rows(STAINLESS_OBJECT, kinds("m"), "object")
    assert [(r.key, r.param.depth, r.path, r.model) for r in rows] == [
        ("(model)", 0, "FineTuningJob", True), ("id", 0, "id", False), ("error", 0, "error", False),
        ("error.code", 1, "error.code", False)]
    gone = [p for p in STAINLESS_OBJECT if p.name != "code"]
    assert changes(LEGACY_OBJECT, gone, markup=(kinds(), kinds("m")), kind="object") == [
        ("error.code", "removed", "breaking", [])]


def test_a_renamed_model_is_news_within_one_site():
    renamed = [STAINLESS_OBJECT[0].model_copy(update={"name": "FineTuningJobObject"}), *STAINLESS_OBJECT[1:]]
    got = changes(STAINLESS_OBJECT, renamed, FULL, (kinds("m"), kinds("m")), "object")
    assert got == [("(model)", "changed", "docs", ["name"])]


# An endpoint's Returns: what a client reads.
RETURNS = [P("q-limit", "limit", group="query", declaration="limit: optional number"),
           P("r", "ListFilesResponse", 0, "object { data }", group="returns"),
           P("r>data", "data", 1, "array of object", True, group="returns"),
           P("r>data>id", "id", 2, required=True, group="returns")]


def test_returns_rows_are_left_out_where_a_site_never_shows_them():
    legacy = [P("files-list-limit", "limit", type="integer")]
    assert changes(legacy, RETURNS, markup=(kinds(), kinds("r"))) == []


def test_returns_rows_change_with_an_objects_levels_within_one_site():
    fewer = [p for p in RETURNS if p.name != "id"]
    more = RETURNS + [P("r>data>size", "size", 2, "number", True, group="returns")]
    both = (kinds("r"), kinds("r"))
    assert changes(RETURNS, fewer, FULL, both) == [("(returns).data.id", "removed", "breaking", [])]
    # required in a response
    assert changes(RETURNS, more, FULL, both) == [("(returns).data.size", "added", "non-breaking", [])]
    [c] = param_changes(RETURNS, fewer, "endpoint", FULL, both)
    assert c.returns and c.path == "ListFilesResponse.data.id" and c.depth == 2


def test_a_union_inside_a_union_is_one_union():
    legacy = [P("in", "input", type="array", required=True),
              P("in-msg", "Input message", 1, "object"), P("in-msg-role", "role", 2, required=True),
              P("in-item", "Item", 1, "object"),
              P("in-item-out", "Output message", 2, "object"), P("in-item-out-id", "id", 3, required=True),
              P("in-item-call", "Function call", 2, "object"), P("in-item-call-name", "name", 3, required=True),
              P("in-ref", "Item reference", 1, "object"), P("in-ref-id", "id", 2, required=True)]
    stainless = [P("s", "input", type="array of object { role } or object { id } or 2 more", required=True),
                 P("s0", "Message", 1, "object { role }"), P("s0r", "role", 2, required=True),
                 P("s1", "OutputMessage", 1, "object { id }"), P("s1i", "id", 2, required=True),
                 P("s2", "FunctionCall", 1, "object { name }"), P("s2n", "name", 2, required=True),
                 P("s3", "ItemReference", 1, "object { id }"), P("s3i", "id", 2, required=True)]
    markup = (kinds("in-msg", "in-item", "in-item-out", "in-item-call", "in-ref"), kinds("s0", "s1", "s2", "s3"))
    assert changes(legacy, stainless, markup=markup) == []
    rows = comparable_rows(legacy, markup[0], "endpoint")
    assert [r.key for r in rows][:4] == ["input", "input.#0", "input.#0.role", "input.#1"]
    wrong = [p.model_copy(update={"name": "call_id"}) if p.id == "s2n" else p for p in stainless]
    assert changes(legacy, wrong, markup=markup) == [("input.#2.name", "removed", "breaking", []),
                                                     ("input.#2.call_id", "added", "breaking", [])]


def test_an_enum_value_row_is_left_out_but_a_literal_alternative_is_kept():
    enum = P("d", "detail", type='optional "auto" or "low"')
    union = P("f", "response_format", type='optional "auto" or object { type }')
    auto = P("x", "", 1, '"auto"')
    assert is_member_row(auto, enum) and not is_member_row(auto, union) and is_member_row(auto)
    legacy = [P("rf", "response_format", type="string or object"), P("rf-s", "string", 1),
              P("rf-o", "object", 1, "object"), P("rf-o-type", "type", 2, required=True)]
    stainless = [union, P("f0", "", 1, '"auto"'), P("f1", "ResponseFormatJsonObject", 1, "object { type }"),
                 P("f1t", "type", 2, '"json_object"', True)]
    assert changes(legacy, stainless, markup=(kinds("rf-s", "rf-o"), kinds("f0", "f1"))) == []


def test_alternatives_without_rows_across_sites_and_within_one():
    legacy = [P("stop", "stop", type="string / array / null")]
    stainless = [P("s", "stop", type="optional string or array of string"), P("s0", "", 1, "string"),
                 P("s1", "", 1, "array of string")]
    markup = (kinds(), kinds("s0", "s1"))
    assert changes(legacy, stainless, markup=markup) == []  # the legacy page draws alternatives for some unions only
    within = changes(stainless[:1], stainless, FULL, (kinds(), kinds("s0", "s1")))
    assert within == [("stop.#0", "added", "non-breaking", []), ("stop.#1", "added", "non-breaking", [])]


def test_path_parameters_pair_by_slot():
    legacy = [P("cert-cert_id", "cert_id", required=True), P("cert-include", "include", type="array")]
    stainless = [P("p", "certificate_id", required=True, group="path"),
                 P("q", "include", type="array of string", group="query")]
    markup = (Markup({}, {"cert-cert_id": "path", "cert-include": "query"}), kinds())
    assert changes(legacy, stainless, markup=markup) == [("certificate_id", "changed", "docs", ["name"])]
    extra = [P("pp", "project_id", required=True, group="path"), *stainless[1:]]
    # the path names it already
    assert changes(legacy[1:], extra, markup=markup) == [("project_id", "added", "docs", [])]
    assert changes(legacy[1:], extra, markup=markup, same_path=False) == [("project_id", "added", "breaking", [])]


def test_rows_below_a_closed_row_or_an_unknown_say_nothing():
    legacy = [P("f", "filters", type="array"), P("f-c", "Compound", 1, "object"),
              P("f-c-type", "type", 2, required=True)]
    stainless = [P("g", "filters", type="array of object { type } or unknown"), P("g0", "", 1, "unknown")]
    markup = (kinds("f-c"), kinds("g0"))
    assert changes(legacy, stainless, markup=markup) == []
    within = [P("g", "filters", type="array of object { type }"), P("g0", "", 1, "object"),
              P("g0t", "type", 2, required=True)]
    assert changes(within, stainless, FULL, (kinds("g0"), kinds("g0"))) == [
        ("filters.#0.type", "removed", "breaking", [])]
    deeper = [*legacy, P("f-c-more", "more", 2)]
    assert changes(legacy, deeper, FULL, (kinds("f-c"), kinds("f-c"))) == [
        ("filters.#0.more", "added", "non-breaking", [])]
    assert changes(legacy, deeper, FULL, (kinds("f-c"), kinds("f-c")), cuts=(frozenset({"f-c"}), frozenset())) == []


@pytest.mark.parametrize("a,b", [("map", "optional map[number]"), ("object or null", "optional map[string]"),
                                 ("object", "map[unknown]"), ("object", "optional ProjectUser { id, email, 3 more }"),
                                 ("file or array", "string or array of string")])
def test_spellings_of_maps_models_and_uploads(a, b):
    assert same_type(a, b, ACROSS)


def test_one_renderer_keeps_them_apart():
    assert not same_type("file", "string") and not same_type("map", "object") and same_type("object", "map[unknown]")
    assert same_type("map", "map[string]") and not same_type("object", "string", ACROSS)


def test_names_and_prose():
    assert name_key('"hate/threatening"') == "hate/threatening" and name_key("include[]") == "include"
    assert same_prose("Accepts a map.Mathematically, it's", "Accepts a map.\nMathematically, it’s", ACROSS)
    assert not same_prose("Accepts a map.Mathematically", "Accepts a map.\nMathematically")
    assert not same_prose("Accepts a map.", "Accepts a list.", ACROSS)


def test_markup_of_the_default_language_only():
    html = ('<section><div class="apiref-params" data-title="Path parameters"><ul>'
            '<li class="apiref-param" id="a" data-kind="property"></li></ul></div>'
            '<div class="apiref-params" data-group="query"><ul>'
            '<li class="apiref-param" id="b" data-kind="type"></li></ul></div>'
            '<div class="apiref-params" data-group="parameters" data-lang="ruby"><ul>'
            '<li class="apiref-param" id="a" data-kind="type"></li></ul></div></section>')
    assert row_markup(html) == Markup({"a": "property", "b": "type"}, {"a": "path", "b": "query"})


def test_badges_count_only_where_both_sites_show_them(tmp_path):
    legacy = [{"id": "assistants/list", "kind": "endpoint", "title": "List assistants", "method": "get",
               "path": "/assistants", "badges": ["Beta"]}]
    stainless = [{**legacy[0], "id": "assistants/list", "badges": []}]
    across = diff(load_view(make_snapshot(tmp_path / "a", legacy, profile="openai")),
                  load_view(make_snapshot(tmp_path / "b", stainless, profile="stainless")))
    assert across.levels["non-breaking"] == []
    within = diff(load_view(make_snapshot(tmp_path / "c", legacy, profile="openai")),
                  load_view(make_snapshot(tmp_path / "d", stainless, profile="openai")))
    assert [i.what for i in within.levels["non-breaking"]] == ["badges: ['Beta'] → []"]
