"""The same spec rendered by two kinds of site: the legacy OpenAI page and a Stainless site. Hand-made snapshots
with real spellings from both (the legacy page's manifest of 2023-11-28 and the Stainless truth of the same spec:
declarations such as `optional "auto" or "none" or object { function, type }`): every endpoint is matched by
method + path and reported moved, objects by the endpoints that return them, and no top-level parameter is
removed, newly required or retyped. Also the spelling rules one by one."""

from __future__ import annotations

import pytest

from apiref.chunks.diff import diff, load_view
from apiref.chunks.spelling import (
    Precision,
    endpoint_key,
    same_type,
    title_key,
    type_shape,
)
from test_diff_small import P, make_snapshot

COARSE = Precision(integer=False, null=False, literal=False, default=False)  # what a Stainless http page spells


def legacy() -> list[dict]:
    chat = [P("chat-create-messages", "messages", type="array", required=True),
            P("chat-create-messages-system_message", "System message", 1, "object"),
            P("chat-create-messages-system_message-content", "content", 2, "string or null", True),
            P("chat-create-messages-system_message-role", "role", 2, "string", True),
            P("chat-create-messages-system_message-name", "name", 2, "string"),
            P("chat-create-messages-user_message", "User message", 1, "object"),
            P("chat-create-messages-user_message-content", "content", 2, "string / array / null", True),
            P("chat-create-messages-user_message-content-text_content", "Text content", 3, "string"),
            P("chat-create-messages-user_message-content-array_of_content_parts", "Array of content parts", 3, "array"),
            P("chat-create-model", "model", type="string", required=True),
            P("chat-create-frequency_penalty", "frequency_penalty", type="number or null", default="0"),
            P("chat-create-logit_bias", "logit_bias", type="map", default="null"),
            P("chat-create-max_tokens", "max_tokens", type="integer or null"),
            P("chat-create-n", "n", type="integer or null", default="1"),
            P("chat-create-response_format", "response_format", type="object"),
            P("chat-create-response_format-type", "type", 1, "string", default="text"),
            P("chat-create-stop", "stop", type="string / array / null", default="null"),
            P("chat-create-tool_choice", "tool_choice", type="string or object")]
    run = [P("runs-getrun-thread_id", "thread_id", required=True), P("runs-getrun-run_id", "run_id", required=True)]
    obj = [P("chat-object-id", "id", required=True), P("chat-object-created", "created", type="integer", required=True)]
    link = "<a href='/docs/api-reference/chat/object'>chat completion</a>"
    return [
        {"id": "chat", "kind": "group", "title": "Chat"},
        {
            "id": "chat/create",
            "kind": "endpoint",
            "title": "Create chat completion",
            "method": "post",
            "path": "/chat/completions",
            "group": "chat",
            "params": chat,
            "returns": f"Returns a {link} object.",
            "type_rows": {p.id for p in chat if p.name[0].isupper()},
        },
        {"id": "chat/object", "kind": "object", "title": "The chat completion object", "group": "chat", "params": obj},
        {"id": "runs", "kind": "group", "title": "Runs"},
        {
            "id": "runs/getRun",
            "kind": "endpoint",
            "title": "Retrieve run",
            "method": "get",
            "path": "/threads/{thread_id}/runs/{run_id}",
            "group": "runs",
            "params": run,
        },
    ]


def stainless() -> list[dict]:
    s = "(resource) chat.completions > (method) create > (params) 0 > (param) "
    chat = [
        P(
            s + "messages",
            "messages",
            type="array of object { content, role, name } or object { content, role, name } or 2 more",
            required=True,
        ),
        P(s + "messages > 0", "ChatCompletionRequestSystemMessage", 1, "object { content, role, name }"),
        P(s + "messages > 0 > content", "content", 2, "string", True),
        P(s + "messages > 0 > role", "role", 2, '"system"', True),
        P(s + "messages > 0 > name", "name", 2, "optional string"),
        P(s + "messages > 1", "ChatCompletionRequestUserMessage", 1, "object { content, role, name }"),
        P(
            s + "messages > 1 > content",
            "content",
            2,
            "string or array of object { text, type } or object { image_url, type }",
            True,
        ),
        P(s + "messages > 1 > content > 0", "TextContent", 3, "string"),
        P(
            s + "messages > 1 > content > 1",
            "ArrayOfContentParts",
            3,
            "array of object { text, type } or object { image_url, type }",
        ),
        P(
            s + "model",
            "model",
            type='string or "gpt-4-1106-preview" or "gpt-4-vision-preview" or "gpt-4" or 11 more',
            required=True,
        ),
        P(s + "frequency_penalty", "frequency_penalty", type="optional number"),
        P(s + "logit_bias", "logit_bias", type="optional map[number]"),
        P(s + "max_tokens", "max_tokens", type="optional number"),
        P(s + "n", "n", type="optional number"),
        P(s + "response_format", "response_format", type="optional object { type }"),
        P(s + "response_format > type", "type", 1, 'optional "text" or "json_object"'),
        P(s + "response_format > type > 0", '"text"', 2, '"text"'),
        P(s + "response_format > type > 1", '"json_object"', 2, '"json_object"'),
        P(s + "stop", "stop", type="optional string or array of string"),
        P(s + "tool_choice", "tool_choice", type='optional "none" or "auto" or object { function, type }'),
    ]
    run = [
        P("(resource) threads.runs > (method) retrieve > (params) 0 > (param) thread_id", "thread_id", required=True),
        P("(resource) threads.runs > (method) retrieve > (params) 0 > (param) run_id", "run_id", required=True),
    ]
    obj = [P("ccr-id", "id", required=True), P("ccr-created", "created", type="number", required=True)]
    link = ("<a href='/api/resources/chat/subresources/completions#chat/completions/models/"
            "create_chat_completion_response'>CreateChatCompletionResponse</a>")
    return [
        {"id": "chat", "kind": "group", "title": "Chat"},
        {"id": "chat/completions", "kind": "group", "title": "Completions"},
        {
            "id": "chat/completions/create",
            "kind": "endpoint",
            "title": "Create chat completion",
            "method": "post",
            "path": "/chat/completions",
            "group": "chat/completions",
            "params": chat,
            "returns": f"Returns {link}",
            "type_rows": {p.id for p in chat if p.name[0].isupper()},
        },
        {
            "id": "chat/completions/models/create_chat_completion_response",
            "kind": "object",
            "title": "CreateChatCompletionResponse",
            "group": "chat/completions",
            "params": obj,
        },
        {
            "id": "threads/runs/retrieve",
            "kind": "endpoint",
            "title": "Retrieve run",
            "method": "get",
            "path": "https://api.openai.com/v1/threads/{thread_id}/runs/{id}",
            "params": run,
        },
    ]


@pytest.fixture
def cross(tmp_path):
    a = make_snapshot(tmp_path / "legacy", legacy(), profile="openai")
    b = make_snapshot(tmp_path / "stainless", stainless(), profile="stainless")
    return diff(load_view(a), load_view(b))


def test_endpoints_are_matched_by_method_and_path_and_reported_moved(cross):
    moved = {r.old_id: (r.id, r.matched_by) for r in cross.moved}
    assert moved["chat/create"] == ("chat/completions/create", "endpoint")
    assert moved["runs/getRun"] == ("threads/runs/retrieve", "endpoint")
    assert moved["chat/object"] == ("chat/completions/models/create_chat_completion_response", "returns")
    assert not [r for r in cross.added + cross.removed if r.kind in ("endpoint", "object")]
    assert [r.id for r in cross.added] == ["chat/completions"] and cross.added[0].level == "docs"


def test_no_parameter_is_removed_newly_required_or_retyped(cross):
    changes = {c.id: c for c in cross.changed}
    chat = changes["chat/completions/create"]
    assert chat.old_id == "chat/create"
    assert not [
        p for p in chat.params if p.depth == 0 and (p.change != "changed" or {"type", "required"} & set(p.fields))
    ]
    assert not [p for c in cross.changed for p in c.params if p.level == "breaking"], "the same spec: nothing breaks"
    assert cross.levels["breaking"] == []


def test_a_real_change_still_shows_across_sites(tmp_path):
    changed = stainless()
    changed[2]["params"] = [
        p.model_copy(update={"type": "optional string"}) if p.name == "n" else p for p in changed[2]["params"]
    ]
    changed[2]["params"] = [p for p in changed[2]["params"] if p.name != "stop"]
    d = diff(load_view(make_snapshot(tmp_path / "a", legacy(), profile="openai")),
             load_view(make_snapshot(tmp_path / "b", changed, profile="stainless")))
    got = {(p.path, p.change, tuple(p.fields)) for c in d.changed for p in c.params if p.level == "breaking"}
    assert got == {("n", "changed", ("type",)), ("stop", "removed", ())}


@pytest.mark.parametrize("a,b", [
    ("string or null", "string"),
    ("string / array / null", "optional string or array of string"),
    ("string or object", 'optional "none" or "auto" or object { function, type }'),
    ("integer or null", "optional number"),
    ("map", "optional map[number]"),
    ("array", "array of object { content, role, name } or object { content, role, name } or 2 more"),
    ("string", 'string or "whisper-1"'),
    ("string", '"auto" | "none"'),
    ("object", "unknown"),
])
def test_spellings_of_one_type_compare_equal_across_sites(a, b):
    assert same_type(a, b, COARSE)


@pytest.mark.parametrize(
    "a,b", [("string", "number"), ("array", "string"), ("string or array", "string"), ("object", "optional string")]
)
def test_different_types_stay_different_across_sites(a, b):
    assert not same_type(a, b, COARSE)


def test_one_site_keeps_its_full_precision():
    assert not same_type("integer", "number") and not same_type("string or null", "string")
    assert same_type("string or null", "null or string") and same_type("string", "optional string")
    assert type_shape('optional "auto" or "low" or 3 more') == {'"auto"', '"low"'}


def test_paths_and_titles():
    assert endpoint_key("POST", "https://api.openai.com/v1/threads/{thread_id}/runs") == "post /threads/{}/runs"
    assert endpoint_key("post", "/v1/chat/completions") == endpoint_key("post", "/chat/completions/")
    assert endpoint_key("get", "/threads/{id}/runs/{run_id}") == endpoint_key("get", "/threads/{thread_id}/runs/{id}")
    assert endpoint_key("get", "/threads/{id}") != endpoint_key("post", "/threads/{id}")
    assert title_key("The assistant object") == title_key("AssistantObject") == "assistant"
