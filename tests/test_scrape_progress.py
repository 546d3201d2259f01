"""The progress bar of `apiref scrape` (a Stainless site's crawl): on a terminal, pages done / total per language
on stderr while crawling, gone at the end; in a pipe or a log, no bar at all (and rich is not loaded)."""

from __future__ import annotations

import json
import os
import pty
import re
import subprocess
import sys

from stainless_site import build, serve_stainless

BAR = re.compile(r"pages (\w+) .*? (\d+)/(\d+)")
ESCAPE = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")  # a terminal's colour and cursor codes


def scrape(url: str, out, terminal: bool) -> tuple[int, str]:
    """Run `apiref scrape url -o out` with its stderr on a pseudo-terminal or a pipe; (exit code, stderr)."""
    args = [sys.executable, "-m", "apiref", "scrape", url, "-o", str(out)]
    env = {**os.environ, "COLUMNS": "120", "TERM": "xterm"}
    if not terminal:
        done = subprocess.run(args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env, timeout=300)
        return done.returncode, done.stderr.decode()
    master, slave = pty.openpty()
    proc = subprocess.Popen(args, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=slave, env=env)
    os.close(slave)
    chunks = []
    while True:
        try:
            data = os.read(master, 65536)
        except OSError:  # EIO: the process closed the terminal's last end
            break
        if not data:
            break
        chunks.append(data)
    os.close(master)
    return proc.wait(timeout=300), b"".join(chunks).decode("utf-8", "replace")


def test_the_bar_counts_every_languages_pages_on_a_terminal_only(tmp_path):
    site, _ = build("2023-11-28")
    with serve_stainless(site) as url:
        code, shown = scrape(url, tmp_path / "tty", terminal=True)
        assert code == 0, shown
        piped_code, piped = scrape(url, tmp_path / "pipe", terminal=False)
    manifest = json.loads((tmp_path / "tty" / "manifest.json").read_text())
    totals: dict[str, int] = {}
    for page in manifest["pages"]:
        totals[page["language"]] = totals.get(page["language"], 0) + 1
    seen: dict[str, set[tuple[int, int]]] = {}
    for lang, done, total in BAR.findall(ESCAPE.sub("", shown)):
        seen.setdefault(lang, set()).add((int(done), int(total)))
    assert set(seen) == set(totals) and len(totals) > 1
    for lang, total in totals.items():
        assert (total, total) in seen[lang] and {t for _, t in seen[lang]} == {total}, lang  # counted to its end
        assert len(seen[lang]) > 2, lang  # and along the way
    assert "snapshot written to" in shown.splitlines()[-1]
    assert piped_code == 0 and "\x1b" not in piped and not BAR.search(piped)
    assert piped.splitlines()[-1] == f"snapshot written to {tmp_path / 'pipe'}"
