"""Retrieval evaluation for `apiref search` on the 2025-04-29 refsite snapshot: tasks as a developer would type
them (not section titles), each with the endpoint that does it (method and path as in the manifest).

Used by tests/test_search_eval.py (recall@5 >= RECALL_GOAL) and scripts/bench_search.py (recall, latency).
"""

from __future__ import annotations

from collections.abc import Sequence

SPEC = "2025-04-29"
K = 5
RECALL_GOAL = 0.9

TASKS: list[tuple[str, str]] = [
    ("transcribe an mp3 recording to text", "POST /audio/transcriptions"),
    ("turn a paragraph of text into spoken audio", "POST /audio/speech"),
    ("translate a french voice memo into english text", "POST /audio/translations"),
    ("generate a picture from a text prompt", "POST /images/generations"),
    ("edit part of an existing image using a mask", "POST /images/edits"),
    ("make a few variations of a png I already have", "POST /images/variations"),
    ("get a vector representation of a sentence for semantic search", "POST /embeddings"),
    ("check whether user input is hateful or violent before posting it", "POST /moderations"),
    ("send a conversation to gpt-4o and get the assistant's reply", "POST /chat/completions"),
    ("stream the tokens of a chat reply as they are generated", "POST /chat/completions"),
    ("see the chat completions I saved earlier with store=true", "GET /chat/completions"),
    ("remove a saved chat completion by its id", "DELETE /chat/completions/{completion_id}"),
    ("upload a jsonl training file", "POST /files"),
    ("download the contents of a file I uploaded", "GET /files/{file_id}/content"),
    ("start fine-tuning gpt-4o-mini on my own examples", "POST /fine_tuning/jobs"),
    ("watch the progress messages of my fine-tune job", "GET /fine_tuning/jobs/{fine_tuning_job_id}/events"),
    ("stop a fine-tune that is still running", "POST /fine_tuning/jobs/{fine_tuning_job_id}/cancel"),
    ("run thousands of requests asynchronously from a file at lower cost", "POST /batches"),
    ("abort a batch that is in progress", "POST /batches/{batch_id}/cancel"),
    ("which models can my api key use", "GET /models"),
    ("get rid of a fine-tuned model I no longer need", "DELETE /models/{model}"),
    ("upload a very large file in several parts", "POST /uploads"),
    ("finish a multipart upload after all parts are sent", "POST /uploads/{upload_id}/complete"),
    ("set up a vector store for file search", "POST /vector_stores"),
    ("attach an uploaded file to my vector store", "POST /vector_stores/{vector_store_id}/files"),
    ("find the most relevant chunks in a vector store for a question", "POST /vector_stores/{vector_store_id}/search"),
    ("add many files to a vector store in one request", "POST /vector_stores/{vector_store_id}/file_batches"),
    ("build an assistant that has code interpreter and custom instructions", "POST /assistants"),
    ("start a new conversation thread for an assistant", "POST /threads"),
    ("add a user message to an existing thread", "POST /threads/{thread_id}/messages"),
    ("run my assistant on a thread", "POST /threads/{thread_id}/runs"),
    (
        "send function call results back to a run that requires action",
        "POST /threads/{thread_id}/runs/{run_id}/submit_tool_outputs",
    ),
    ("see each step a run went through", "GET /threads/{thread_id}/runs/{run_id}/steps"),
    ("generate a model response that uses the web search tool", "POST /responses"),
    ("fetch an earlier model response by its id", "GET /responses/{response_id}"),
    ("see what input was sent to a model response", "GET /responses/{response_id}/input_items"),
    ("get an ephemeral key so a browser can talk to the realtime api", "POST /realtime/sessions"),
    ("invite a new teammate to my organization by email", "POST /organization/invites"),
    ("kick a user out of the organization", "DELETE /organization/users/{user_id}"),
    ("change someone's role inside a project", "POST /organization/projects/{project_id}/users/{user_id}"),
    (
        "make a bot account with its own api key in a project",
        "POST /organization/projects/{project_id}/service_accounts",
    ),
    ("archive a project we no longer use", "POST /organization/projects/{project_id}/archive"),
    ("see who changed settings in my organization", "GET /organization/audit_logs"),
    ("how much did my organization spend this month", "GET /organization/costs"),
    ("token usage of completions across my organization", "GET /organization/usage/completions"),
    (
        "raise the requests per minute limit of a model for one project",
        "POST /organization/projects/{project_id}/rate_limits/{rate_limit_id}",
    ),
    ("create an evaluation that grades model outputs", "POST /evals"),
    ("kick off an eval run on a dataset of prompts", "POST /evals/{eval_id}/runs"),
    ("create a new admin api key", "POST /organization/admin_api_keys"),
    ("legacy text completion from a single prompt string", "POST /completions"),
    ("upload an mTLS certificate for my organization", "POST /organization/certificates"),
    (
        "let another organization use my fine-tuned checkpoint",
        "POST /fine_tuning/checkpoints/{fine_tuned_model_checkpoint}/permissions",
    ),
]


def endpoint(method: str | None, path: str | None) -> str:
    """"POST /audio/transcriptions" for a section (what TASKS expect)."""
    return f"{(method or '').upper()} {path or ''}"


def recall_at_k(search, tasks: Sequence[tuple[str, str]] = TASKS, k: int = K) -> tuple[float, list[str]]:
    """(share of tasks whose endpoint is among the top k hits of search(query, k), the tasks that missed)."""
    missed = [q for q, want in tasks if want not in {endpoint(h.method, h.path) for h in search(q, k)}]
    return 1 - len(missed) / len(tasks), missed
