"""The elements adapter (work in progress)."""

from __future__ import annotations

from typing import Any

from .reading import Raw, Reading

NAME = "elements"
MARKERS = (b"<elements-api", b"@stoplight/elements")
READY = "body"
SAMPLES = "all"


def read(page: Any, ctx: Reading) -> list[Raw]:
    raise ctx.error("is not read yet")
