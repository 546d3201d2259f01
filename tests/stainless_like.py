"""A small snapshot shaped like a Stainless docs site's (ids like `chat/completions/create`, examples keyed
http / python / node / go / java / ruby), written through apiref's own store and converter: what search and the
MCP server must handle besides the legacy page."""

from __future__ import annotations

from html import escape
from pathlib import Path

from apiref.scraper.convert import convert_dir
from apiref.scraper.snapshot import Example, Manifest, Param, Section
from apiref.scraper.store import write_snapshot

LANGS = ("http", "python", "node", "go", "java", "ruby")
ENDPOINTS = [  # id, method, path, title, summary, [(param, required, description)]
    ("chat/completions/create", "post", "/chat/completions", "Create chat completion",
     "Creates a model response for the given chat conversation.",
     [("messages", True, "A list of messages comprising the conversation so far."),
      ("model", True, "Model ID used to generate the response, like gpt-4o."),
      ("temperature", False, "What sampling temperature to use, between 0 and 2.")]),
    ("audio/transcriptions/create", "post", "/audio/transcriptions", "Create transcription",
     "Transcribes audio into the input language.",
     [("file", True, "The audio file object to transcribe, in one of these formats: flac, mp3, mp4, wav."),
      ("model", True, "ID of the model to use.")]),
    ("files/delete", "delete", "/files/{file_id}", "Delete file", "Delete a file.",
     [("file_id", True, "The ID of the file, for example an audio file uploaded earlier for a transcription.")]),
    ("vector_stores/search", "post", "/vector_stores/{vector_store_id}/search", "Search vector store",
     "Search a vector store for relevant chunks based on a query and file attributes filter.",
     [("query", True, "A query string for a search."), ("max_num_results", False, "The maximum number of results.")]),
]


def code(lang: str, sid: str) -> str:
    call = sid.replace("/", ".")
    return {"http": f"curl https://api.openai.com/v1/{sid}", "python": f"client.{call}()",
            "node": f"await client.{call}();", "go": f"client.{call.title()}(ctx)",
            "java": f"client.{call}().execute();", "ruby": f"openai.{call}"}[lang]


def section_html(sid: str, method: str, path: str, title: str, summary: str, params) -> str:
    rows = "".join(
        f'<li class="apiref-param" data-name="{n}" data-type="string" data-required="{str(r).lower()}" '
        f'data-kind="property" data-depth="0"><div class="apiref-desc"><p>{escape(d)}</p></div></li>'
        for n, r, d in params)
    pres = "".join(
        f'<pre class="apiref-code" data-lang="{lang}"><code>{escape(code(lang, sid))}</code></pre>' for lang in LANGS
    )
    return (
        f'<section class="apiref-section" data-id="{sid}" data-kind="endpoint"><h1 class="apiref-title">{title}</h1>'
        f'<p class="apiref-endpoint"><span class="apiref-method">{method}</span> <span class="apiref-url">'
        f'https://api.openai.com/v1{path}</span></p><div class="apiref-summary"><p>{escape(summary)}</p></div>'
        f'<div class="apiref-params" data-title="Body parameters"><ul class="apiref-param-list">{rows}</ul></div>'
        f'<div class="apiref-examples"><div class="apiref-example" data-variant="Default"><div class="apiref-request">'
        f"{pres}</div></div></div></section>\n"
    )


def write_stainless_like(target: Path) -> Path:
    """Write the snapshot (manifest, section markup, Markdown) at target; return target."""
    sections, html = [], {}
    for sid, method, path, title, summary, params in ENDPOINTS:
        sections.append(
            Section(
                id=sid,
                kind="endpoint",
                title=title,
                method=method,
                path=path,
                file=sid,
                params=[
                    Param(id=f"{sid}-{n}", name=n, depth=0, type="string", required=r, description=d)
                    for n, r, d in params
                ],
                examples=[Example(variant="Default", request={lang: code(lang, sid) for lang in LANGS})],
            )
        )
        html[sid] = section_html(sid, method, path, title, summary, params)
    manifest = Manifest(apiref_version="test", source_url="http://127.0.0.1/api", scraped_at="2026-01-01T00:00:00Z",
                        profile="stainless", title="OpenAI API", origin="https://platform.openai.com/docs/api-reference",
                        max_depth=6, languages=list(LANGS), sections=sections)
    write_snapshot(target, manifest, html)
    convert_dir(target)
    return target
