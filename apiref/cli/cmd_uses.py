"""apiref uses commands."""

from __future__ import annotations

from . import cli  # noqa: F401
