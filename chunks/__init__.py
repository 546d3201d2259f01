"""Split snapshot Markdown into chunks with stable IDs; diffs and exports built on snapshots and chunks."""
