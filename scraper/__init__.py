"""Render, reveal, extract and convert an API reference page (see ARCHITECTURE in the README)."""
