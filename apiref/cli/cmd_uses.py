"""apiref uses commands: what people do with a snapshot (forum excerpts, prompt packs, llms.txt, diffs)."""

from __future__ import annotations

import sys
from collections.abc import Iterable
from pathlib import Path

import click

from apiref.scraper.errors import ApirefError
from apiref.scraper.store import write_text

from . import cli

DIFF_TROUBLE = 2  # like diff(1): 0 same, 1 different, 2 trouble


def _emit(pieces: Iterable[str], output: Path | None) -> None:
    """Print generated text, or write it atomically to a file."""
    if output is None:
        for piece in pieces:
            click.echo(piece, nl=False)
    else:
        write_text(output, "".join(pieces))
        click.echo(f"wrote {output}", err=True)


@cli.command()
@click.argument("old", type=click.Path(path_type=Path))
@click.argument("new", type=click.Path(path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["md", "json", "html"]), default="md", show_default=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="Write here instead of stdout.")
@click.option("--ignore-descriptions", is_flag=True, help="Leave out changes that touch only descriptions.")
@click.option("--fail-on", type=click.Choice(["any", "breaking", "non-breaking"]), default="any", show_default=True,
              help="Exit 1 only for changes of this level or worse (non-breaking: breaking or non-breaking).")
def diff(old: Path, new: Path, fmt: str, output: Path | None, ignore_descriptions: bool, fail_on: str) -> None:
    """Compare two snapshots, section by section, each change with its level.

    Sections are paired by identity (endpoints by method + path, objects by title or by the endpoints that return
    them), so a site redesign shows moved sections, not everything removed and added. Each change is breaking,
    non-breaking or docs-only. Exit status as diff(1): 0 no changes, 1 changes (of --fail-on's level), 2 trouble.

    Usage:

    \b
        apiref diff snap-old snap-new
        apiref diff snap-old snap-new --fail-on breaking      # for CI: exit 1 only for breaking changes
        apiref diff snap-old snap-new --format html -o changes.html
        apiref diff snap-old snap-new --format json --ignore-descriptions
    """
    from apiref.chunks.diff import diff as diff_views, load_view
    from apiref.chunks.diff_levels import at_least
    from apiref.chunks.diff_render import render

    try:
        result = diff_views(load_view(old), load_view(new), ignore_descriptions=ignore_descriptions)
        _emit(render(result, fmt), output)
    except ApirefError as e:
        click.echo(f"apiref: error: {e}", err=True)
        sys.exit(DIFF_TROUBLE)
    level = result.level
    sys.exit(1 if level is not None and (fail_on == "any" or at_least(level, fail_on)) else 0)  # type: ignore[arg-type]


@cli.command()
@click.argument("snapshot", type=click.Path(path_type=Path))
@click.option("-o", "--output", "out_dir", type=click.Path(file_okay=False, path_type=Path), required=True,
              help="Directory for llms.txt and llms-full.txt.")
def llms(snapshot: Path, out_dir: Path) -> None:
    """Write llms.txt and llms-full.txt for a snapshot.

    llms.txt (llmstxt.org): the title, a summary, then one H2 per group linking each section; llms-full.txt: the
    whole reference Markdown.

    Usage:

    \b
        apiref llms snap -o site/
    """
    from apiref.chunks.llms import llms_files

    for name, text in llms_files(snapshot).items():
        write_text(out_dir / name, text)
        click.echo(f"wrote {out_dir / name} ({len(text):,} characters)", err=True)


@cli.command()
@click.argument("snapshot", type=click.Path(path_type=Path))
@click.argument("section_ids", nargs=-1)
@click.option("--query", help="Pick the sections by searching for this task instead of naming them.")
@click.option("-k", "k", type=int, default=3, show_default=True, help="With --query: how many sections to pick.")
@click.option("--lang", required=True, help="The one language whose examples to keep (python, node.js, curl, ...).")
@click.option("--budget", type=int, required=True, help="Most tokens the whole document may count.")
@click.option("--encoding", default="o200k_base", show_default=True, help="tiktoken encoding to count with.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="Write here instead of stdout.")
def prompt(snapshot: Path, section_ids: tuple[str, ...], query: str | None, k: int, lang: str, budget: int,
           encoding: str, output: Path | None) -> None:
    """Write a prompt pack: chosen sections in one language, within a token budget.

    One compact Markdown document for a code-writing model, counted exactly with tiktoken. Name the sections
    (ids accept globs), or let --query pick the -k best matches of a search. Over budget, nested properties,
    extra variants, responses and optional details are left out, the most important given back first until the
    budget is full (a note at the end says what is out). A language the snapshot has no examples in is refused.

    Usage:

    \b
        apiref prompt snap chat/create --lang python --budget 6000
        apiref prompt snap 'chat/*' 'files/*' --lang node.js --budget 12000 -o pack.md
        apiref prompt snap --query "transcribe an mp3" --lang python --budget 6000
    """
    from apiref.chunks.prompt import prompt_pack
    from apiref.chunks.selection import read_html
    from apiref.chunks.tokens import count_tokens

    if bool(section_ids) == bool(query):
        raise click.UsageError("give section ids or --query (one of the two)")
    manifest, html = read_html(snapshot)
    if query:
        from apiref.chunks.search_cache import load_index

        section_ids = tuple(h.section_id for h in load_index(snapshot).search(query, k, lang))
        click.echo(f"picked by search: {', '.join(section_ids) or 'nothing'}", err=True)
    pack = prompt_pack(manifest, html, list(section_ids), lang, budget, count_tokens(encoding))
    _emit([pack.text], output)
    left = f"; left out: {'; '.join(pack.left_out)}" if pack.left_out else ""
    click.echo(f"{pack.tokens} tokens ({encoding}) of {budget}{left}", err=True)


@cli.command()
@click.argument("snapshot", type=click.Path(path_type=Path))
@click.argument("section_ids", nargs=-1, required=True)
@click.option("--max-chars", type=int, default=32_000, show_default=True, help="Most raw characters a post may have.")
@click.option("--details/--no-details", default=True, show_default=True,
              help='Put nested properties inside [details="Show properties"] blocks.')
@click.option("-o", "--output", "out_dir", type=click.Path(file_okay=False, path_type=Path),
              help="Write DIR/<section>-<n>.md files (needed when there is more than one post).")
def excerpt(snapshot: Path, section_ids: tuple[str, ...], max_chars: int, details: bool, out_dir: Path | None) -> None:
    """Write endpoints as numbered forum posts, each within --max-chars.

    Discourse posts with the endpoint's title and URL, split at headings, list items, paragraphs. Section ids
    accept globs. One post is printed; more need -o.

    Usage:

    \b
        apiref excerpt snap chat/create
        apiref excerpt snap chat/create 'files/*' -o posts/
    """
    from apiref.chunks.excerpt import excerpt as make_posts
    from apiref.chunks.selection import read_html

    manifest, html = read_html(snapshot)
    posts = make_posts(manifest, html, list(section_ids), max_chars, details)
    if out_dir is None:
        if len(posts) > 1:
            raise click.UsageError(f"{len(posts)} posts: give -o DIR to write them as files")
        click.echo(posts[0].text, nl=False)
        return
    files = {s.id: s.file for s in manifest.sections}
    for post in posts:
        path = out_dir / f"{files[post.section_id]}-{post.number}.md"
        write_text(path, post.text)
        click.echo(
            f"wrote {path} ({len(post.text):,} characters, post {post.number}/{post.total} of {post.section_id})",
            err=True,
        )
