"""What a split is given: the limits every chunk stays within, and the token counter (a callable)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from apiref.scraper.errors import LimitError

Counter = Callable[[str], int]


@dataclass(frozen=True)
class Limits:
    """Both limits a chunk's text must stay within."""

    max_tokens: int
    max_chars: int

    def __post_init__(self) -> None:
        for option, value in (("--max-tokens", self.max_tokens), ("--max-chars", self.max_chars)):
            if not isinstance(value, int) or value <= 0:
                raise LimitError(f"{option} {value} is not a positive number of {option[6:]}; give a positive integer")
