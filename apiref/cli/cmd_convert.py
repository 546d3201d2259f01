"""apiref convert command."""

from __future__ import annotations

from . import cli  # noqa: F401
