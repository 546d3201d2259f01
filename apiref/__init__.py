"""apiref: turn a script-driven API reference page into clean, complete, chunked Markdown."""

__version__ = "0.1.0"
