"""The pure part of the scraper: reveal output -> records and section markup; the pipeline's call order and
budget bookkeeping, driven through a fake renderer."""

from __future__ import annotations

import pytest

from apiref.scraper.errors import PageError
from apiref.scraper.extract import build_sections, section_kinds, url_path
from apiref.scraper.profile import load_profile
from apiref.scraper.scrape import Budgets, build_manifest, reveal

TAGS = {"curl": "bash", "node.js": "javascript"}


def raw(id, endpoint=False, method=None, **kw):
    r = {"id": id, "title": id.title(), "badges": [], "endpoint": endpoint, "method": method, "url": None,
         "summary": "", "tables": [], "returns": None, "samples": None, "object": None,
         "body": None if endpoint else {"html": "<p>x</p>", "code": []}}
    r.update(kw)
    return r


def row(id, depth=0, rows=(), cut=None, **kw):
    r = {"id": id, "kind": "property", "name": id, "type": "string", "required": False, "depth": depth,
         "default": None, "deprecated": False, "desc": "<p>d</p>", "text": "d", "rows": list(rows),
         "children": "properties" if rows or cut else None, "cut": cut}
    r.update(kw)
    return r


def test_kinds_static_then_groups_including_childless_ones():
    secs = [raw("intro"), raw("auth"), raw("chat"), raw("chat/create", True, "POST"), raw("chat/object", True),
            raw("empty"), raw("files"), raw("files/list", True, "GET")]
    assert section_kinds(secs) == ["static", "static", "group", "endpoint", "object", "group", "group", "endpoint"]
    assert section_kinds([raw("a"), raw("b")]) == ["static", "static"]


def test_url_path():
    assert url_path("https://api.openai.com/v1/chat/completions") == "/chat/completions"
    assert url_path("https://api.example.com/files/{id}") == "/files/{id}"
    assert url_path("https://api.openai.com/v1") == "/"


def test_records_groups_params_and_examples():
    ex = {"variants": ["Default", "Streaming"],
          "request": [{"curl": {"code": "curl x", "tag": "bash"}, "node.js": {"code": "n", "tag": ""}}, {}],
          "response": ["{}", None]}
    tables = [{"title": "Request body", "rows": [row("a", rows=[row("a-b", 1, cut="depth")],
                                                     default="1", deprecated=True)]}]
    secs, html = build_sections([raw("chat"), raw("chat/create", True, "POST", url="https://h/v1/chat", tables=tables,
                                                  samples=ex)], TAGS)
    g, e = secs
    assert (g.kind, g.group, e.kind, e.group, e.method, e.path) == ("group", None, "endpoint", "chat", "post", "/chat")
    assert [(p.id, p.depth, p.default, p.deprecated) for p in e.params] == [
        ("a", 0, "1", True),
        ("a-b", 1, None, False),
    ]
    assert [(x.variant, x.request, x.request_tags, x.response) for x in e.examples] == [
        ("Default", {"curl": "curl x", "node.js": "n"}, {"curl": "bash", "node.js": "javascript"}, "{}"),
        ("Streaming", {}, {}, None)]
    h = html["chat/create"]
    assert '<span class="apiref-method">post</span> <span class="apiref-url">https://h/v1/chat</span>' in h
    assert 'data-default="1" data-deprecated="true"' in h
    assert '<p class="apiref-cut" data-reason="depth">properties not expanded</p>' in h
    assert '<pre class="apiref-code" data-lang="node.js"><code class="language-javascript">n</code></pre>' in h
    assert h.count('class="apiref-example"') == 2


def test_static_body_code_and_subheadings_are_normalised_and_escaped():
    body = {"html": '<p>Hi</p><h2 data-apiref-sub="auth-org">Org</h2><pre data-apiref-code="0"></pre>',
            "code": [{"code": "a < b && c", "tag": "bash", "lang": "curl"}]}
    secs, html = build_sections([raw("intro", body=body)], TAGS)
    assert secs[0].code == ["a < b && c"]
    assert ('<h2 class="apiref-subheading" id="auth-org">Org</h2><pre class="apiref-code" data-lang="curl">'
            '<code class="language-bash">a &lt; b &amp;&amp; c</code></pre>') in html["intro"]


def test_hostile_and_repeated_ids_get_safe_unique_files():
    secs, html = build_sections([raw("../../evil"), raw("../../evil"), raw("/abs/x"), raw("")], TAGS)
    assert [s.id for s in secs] == ["../../evil", "../../evil-2", "/abs/x", "section"]
    assert [s.file for s in secs] == ["evil", "evil-2", "abs/x", "section"]
    assert 'data-id="../../evil"' in html["../../evil"]


class FakePage:
    """A renderer that answers reveal.js calls from a script and records them."""

    def __init__(self, pending=(), chosen=True):
        self.calls: list[tuple] = []
        self.pending, self.chosen = list(pending), chosen

    def call(self, fn, *args):
        self.calls.append((fn, *args))
        if fn == "expandLevel":
            depth = args[0]
            cuts = [{"reason": "clicks", "count": 2, "where": ["r1", "r2"]}] if depth == 1 else []
            return {"rows": 10, "clicks": 3, "next": 0 if depth == 2 else 4, "cuts": cuts}
        return {"init": {"sections": 90}, "renderLazy": {"pending": self.pending, "total": 90}, "hide": True,
                "show": True, "discover": {"languages": ["curl", "python"], "samples": 5},
                "sweep": {"read": 2, "chosen": self.chosen}, "extract": [raw("intro")] * 40,
                "pageBytes": 1234}[fn]


def test_pipeline_order_and_bookkeeping():
    page, seen = FakePage(), []
    out = reveal(page, load_profile(), Budgets(max_clicks=100), lambda *a: seen.append(a))
    names = [c[0] for c in page.calls]
    assert names == ["init", "renderLazy", "hide", "expandLevel", "expandLevel", "expandLevel", "discover", "sweep",
                     "sweep", "extract", "extract", "extract", "pageBytes", "show"]
    levels = [c for c in page.calls if c[0] == "expandLevel"]
    assert [(c[1], c[3]) for c in levels] == [(0, 100), (1, 97), (2, 94)]  # the click budget shrinks as it is spent
    assert [c[1:] for c in page.calls if c[0] == "extract"] == [(0, 40), (40, 40), (80, 40)]
    assert out["stats"]["clicks"] == 9 and out["stats"]["rows"] == 30 and out["stats"]["html_bytes"] == 1234
    assert [(c.reason, c.count, c.where) for c in out["cuts"]] == [("clicks", 2, ["r1", "r2"])]
    assert ("samples", 2, 2) in seen and ("extract", 90, 90) in seen
    m, _ = build_manifest(out, load_profile(), "http://h:1/docs/", Budgets())
    assert m.origin == "https://platform.openai.com/docs/api-reference"  # the profile's canonical URL
    assert m.source_url == "http://h:1/docs/"
    own = load_profile().model_copy(update={"canonical_url": ""})
    assert build_manifest(out, own, "http://h:1/docs/?lang=curl#x", Budgets())[0].origin == "http://h:1/docs"
    assert m.languages == ["curl", "python"] and m.cuts == out["cuts"]


def test_pipeline_failures_are_page_errors_and_the_page_is_restored():
    profile = load_profile().model_copy(
        update={"waits": load_profile().waits.model_copy(update={"lazy_timeout_s": 0.2})}
    )
    stuck = FakePage(pending=["s9"])
    with pytest.raises(PageError, match=r"never rendered .* \(first: s9\)"):
        reveal(stuck, profile, Budgets())
    assert [c[0] for c in stuck.calls].count("renderLazy") > 1  # it kept trying until the deadline
    page = FakePage(chosen=False)
    with pytest.raises(PageError, match="would not switch to 'curl'"):
        reveal(page, load_profile(), Budgets())
    assert page.calls[-1] == ("show",)
