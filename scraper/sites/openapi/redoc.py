"""The redoc adapter (work in progress)."""

from __future__ import annotations

from typing import Any

from .reading import Raw, Reading

NAME = "redoc"
MARKERS = (b"redoc.standalone.js", b"Redoc.init", b"<redoc ")
READY = "body"
SAMPLES = "all"


def read(page: Any, ctx: Reading) -> list[Raw]:
    raise ctx.error("is not read yet")
