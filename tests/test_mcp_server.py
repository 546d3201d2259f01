"""`apiref mcp` as a real subprocess, driven by the MCP SDK's own client over stdio and streamable HTTP (127.0.0.1),
serving the scraped 2025-04-29 refsite snapshot and a Stainless-shaped one side by side."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import threading

import anyio
import pytest
from mcp import Client
from mcp.client.stdio import StdioServerParameters

from apiref.chunks.tokens import count_tokens
from stainless_like import write_stainless_like

PAGE = "2025-04-29"
START_TIMEOUT = 60  # seconds for the HTTP server to say where it listens (a loaded CI machine is slow)


@pytest.fixture(scope="module")
def snaps(scraped, tmp_path_factory):
    return scraped(PAGE), write_stainless_like(tmp_path_factory.mktemp("stainless") / "snap")


def server_args(snaps) -> list[str]:
    legacy, stainless = snaps
    return ["-m", "apiref", "mcp", str(legacy), str(stainless), "--name", "legacy", "--name", "stainless"]


def text(result) -> str:
    return result.content[0].text


async def conversation(client: Client) -> None:
    """What a model does: list tools, search, get an endpoint within a budget, make mistakes, read a resource."""
    count = count_tokens("o200k_base")
    tools = {t.name: t for t in (await client.list_tools()).tools}
    assert set(tools) == {"search_reference", "get_endpoint", "list_sections"}
    assert {"query", "k", "language"} <= set(tools["search_reference"].input_schema["properties"])
    assert {"id", "language", "max_tokens"} <= set(tools["get_endpoint"].input_schema["properties"])

    found = await client.call_tool("search_reference", {"query": "transcribe an mp3 recording", "k": 4})
    hits = found.structured_content["result"]
    assert not found.is_error and len(hits) == 4
    assert {(h["snapshot"], h["id"]) for h in hits} >= {("legacy", "audio/createTranscription"),
                                                       ("stainless", "audio/transcriptions/create")}
    only = await client.call_tool("search_reference", {"query": "delete a file", "k": 1, "snapshot": "stainless",
                                                       "language": "go"})
    assert [(h["id"], h["method"], h["path"]) for h in only.structured_content["result"]] == [
        ("files/delete", "DELETE", "/files/{file_id}")]

    got = await client.call_tool("get_endpoint", {"id": "chat/create", "language": "python", "max_tokens": 2000})
    pack = got.structured_content
    assert not got.is_error and pack["snapshot"] == "legacy"
    assert pack["tokens"] == count(pack["text"]) and 0.9 * 2000 <= pack["tokens"] <= 2000
    assert pack["text"].startswith("# OpenAI API reference: 1 section for python") and pack["left_out"]
    go = await client.call_tool("get_endpoint", {"id": "chat/completions/create", "language": "go", "max_tokens": 1000})
    assert "client.Chat.Completions.Create(ctx)" in go.structured_content["text"]

    for args, message in [
        ({"id": "chat/creat"}, "no section 'chat/creat' in this snapshot; did you mean chat/create"),
        ({"id": "chat/create", "language": "cobol"}, "no examples in 'cobol' in this snapshot; choose one of: curl"),
        ({"id": "chat/create", "max_tokens": 50}, "max_tokens 50 is too small"),
        ({"id": "chat/*"}, "is a pattern; give one section id"),
        ({"id": "files/delete", "snapshot": "v9"}, "no snapshot labelled 'v9'; choose one of: legacy, stainless"),
    ]:
        bad = await client.call_tool("get_endpoint", args)
        assert bad.is_error and message in text(bad), text(bad)
    small = await client.call_tool("get_endpoint", {"id": "chat/create", "max_tokens": 50})
    need = int(re.search(r"at least (\d+)", text(small))[1])
    fits = await client.call_tool("get_endpoint", {"id": "chat/create", "max_tokens": need})
    assert not fits.is_error and fits.structured_content["tokens"] <= need  # the minimum named is enough
    assert (await client.call_tool("search_reference", {"query": "files", "k": 0})).is_error

    listed = (await client.call_tool("list_sections", {"pattern": "audio/*"})).structured_content["result"]
    assert {(s["snapshot"], s["id"]) for s in listed} >= {("legacy", "audio/createSpeech"),
                                                          ("stainless", "audio/transcriptions/create")}
    resources = (await client.list_resources()).resources
    uris = {str(r.uri) for r in resources}
    assert "apiref://section/legacy/chat/create" in uris and "apiref://section/stainless/files/delete" in uris
    read = await client.read_resource("apiref://section/stainless/files/delete")
    assert read.contents[0].text.startswith("# Delete file\n\nDELETE https://api.openai.com/v1/files/{file_id}")


def test_stdio(snaps):
    async def main():
        params = StdioServerParameters(command=sys.executable, args=server_args(snaps))
        async with Client(params) as client:
            await conversation(client)

    anyio.run(main)


def test_http_on_127_0_0_1(snaps):
    proc = subprocess.Popen([sys.executable, *server_args(snaps), "--http", "127.0.0.1:0"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        line = proc.stderr.readline()  # "apiref mcp: serving legacy, stainless on http://127.0.0.1:PORT/mcp"
        url = re.search(r"http://127\.0\.0\.1:\d+/mcp", line)
        assert url, line

        async def main():
            async with Client(url.group(0)) as client:
                await conversation(client)

        anyio.run(main)
    finally:
        proc.terminate()
        proc.wait(10)
    assert proc.stdout.read() == ""


def test_stdout_holds_nothing_but_protocol(snaps):
    """Raw JSON-RPC over the pipe, a bad call included: every stdout line is a JSON-RPC message."""
    messages = [
        {
            "jsonrpc": "2.0",
            "id": 1,
            "method": "initialize",
            "params": {
                "protocolVersion": "2025-06-18",
                "capabilities": {},
                "clientInfo": {"name": "test", "version": "0"},
            },
        },
        {"jsonrpc": "2.0", "method": "notifications/initialized"},
        {
            "jsonrpc": "2.0",
            "id": 2,
            "method": "tools/call",
            "params": {"name": "get_endpoint", "arguments": {"id": "nope"}},
        },
        {
            "jsonrpc": "2.0",
            "id": 3,
            "method": "tools/call",
            "params": {"name": "search_reference", "arguments": {"query": "create an image"}},
        },
    ]
    proc = subprocess.Popen([sys.executable, *server_args(snaps)], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            stderr=subprocess.DEVNULL, text=True)
    watchdog = threading.Timer(120, proc.kill)  # a server that never answers fails the test instead of hanging it
    watchdog.start()
    try:
        proc.stdin.write("".join(json.dumps(m) + "\n" for m in messages))
        proc.stdin.flush()
        replies = []
        while not any(r.get("id") == 3 for r in replies) and (line := proc.stdout.readline()):
            replies.append(json.loads(line))  # (a line that is not JSON fails here)
        proc.stdin.close()  # end of input: the server exits
        replies += [json.loads(line) for line in proc.stdout]
        assert proc.wait(30) == 0
    finally:
        watchdog.cancel()
        proc.kill()
    assert all(r["jsonrpc"] == "2.0" for r in replies)
    by_id = {r["id"]: r for r in replies if "id" in r}
    assert set(by_id) == {1, 2, 3}
    assert by_id[2]["result"]["isError"] and "no section 'nope'" in by_id[2]["result"]["content"][0]["text"]
    assert "/images/generations" in {h["path"] for h in by_id[3]["result"]["structuredContent"]["result"]}
