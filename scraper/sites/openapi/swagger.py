"""The swagger adapter (work in progress)."""

from __future__ import annotations

from typing import Any

from .reading import Raw, Reading

NAME = "swagger"
MARKERS = (b"swagger-ui-bundle.js", b"SwaggerUIBundle", b"swagger-ui.css")
READY = "body"
SAMPLES = "all"


def read(page: Any, ctx: Reading) -> list[Raw]:
    raise ctx.error("is not read yet")
