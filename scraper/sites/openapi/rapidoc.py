"""The rapidoc adapter (work in progress)."""

from __future__ import annotations

from typing import Any

from .reading import Raw, Reading

NAME = "rapidoc"
MARKERS = (b"<rapi-doc", b"rapidoc-min.js")
READY = "body"
SAMPLES = "all"


def read(page: Any, ctx: Reading) -> list[Raw]:
    raise ctx.error("is not read yet")
