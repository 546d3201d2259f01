"""The scalar adapter (work in progress)."""

from __future__ import annotations

from typing import Any

from .reading import Raw, Reading

NAME = "scalar"
MARKERS = (b"@scalar/api-reference", b"createApiReference", b"id=\"api-reference\"")
READY = "body"
SAMPLES = "all"


def read(page: Any, ctx: Reading) -> list[Raw]:
    raise ctx.error("is not read yet")
