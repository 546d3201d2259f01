"""apiref audit: a snapshot against the OpenAPI spec its site was built from."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import click

from apiref.scraper.errors import ApirefError
from apiref.scraper.store import dump_json, write_text

from . import cli

AUDIT_TROUBLE = 2  # 0 complete, 1 something missing, 2 the audit could not run (as `apiref diff`)
TITLES = {"operations": "operations", "path": "path params", "query": "query params", "header": "header params",
          "cookie": "cookie params", "body": "body params", "properties": "nested body props",
          "samples": "code samples"}


@cli.command()
@click.argument("snapshot", type=click.Path(path_type=Path))
@click.option("--spec", "spec_source", required=True, metavar="FILE_OR_URL",
              help="The OpenAPI 3.0/3.1 document (JSON or YAML) the site was built from: a file or an http(s) URL.")
@click.option("--json", "json_out", type=click.Path(dir_okay=False, path_type=Path),
              help="Also write the whole report as JSON here.")
@click.option("--max-depth", type=click.IntRange(0), default=6, show_default=True,
              help="Compare nested body properties down to this depth (0 = top level only).")
def audit(snapshot: Path, spec_source: str, json_out: Path | None, max_depth: int) -> None:
    """Check a snapshot against the OpenAPI spec: what it misses, what it has besides.

    Lists the operations (method + path), parameters (path, query, header, cookie, top-level body), nested body
    properties (to --max-depth) and x-codeSamples that the spec has and the snapshot lacks (missing), or the
    snapshot has and the spec does not (extra), then a coverage table per category. Samples the site's renderer
    cannot show at all (Scalar and Elements show one per language, Swagger UI none) are listed as not shown.
    Exit status: 0 nothing missing, 1 something missing (extras alone do not fail), 2 the audit could not run.

    Usage:

    \b
        apiref audit snap --spec openapi.yaml
        apiref audit snap --spec https://example.com/openapi.json --json audit.json
        apiref audit snap --spec openapi.yaml --max-depth 2
    """
    from apiref.chunks.audit import audit_snapshot

    try:
        report = audit_snapshot(snapshot, spec_source, max_depth)
    except ApirefError as e:
        click.echo(f"apiref: error: {e}", err=True)
        sys.exit(AUDIT_TROUBLE)
    for line in findings_lines(report):
        click.echo(line)
    print_coverage(report)
    if json_out is not None:
        write_text(json_out, dump_json(report.model_dump(mode="json")))
        click.echo(f"wrote {json_out}", err=True)
    sys.exit(1 if report.missing else 0)


def findings_lines(report) -> Iterator[str]:
    for title, findings in (("missing", report.missing), ("extra", report.extra),
                            (f"not shown by {report.site_kind}", report.not_shown)):
        for f in findings:
            yield f"{title}: {TITLES[f.category]}: {f.operation}" + (f" {f.name}" if f.name else "")
    if not report.spec_has_samples:
        yield "note: the spec has no x-codeSamples: code samples are not compared"
    for note in report.notes:
        yield f"note: {note}"


def print_coverage(report) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table(title=f"{report.snapshot} against {report.spec}")
    for column in ("category", "found", "expected", "%", "extra"):
        table.add_column(column, justify="left" if column == "category" else "right")
    for c in report.coverage:
        if c.category == "samples" and not report.spec_has_samples:
            table.add_row(TITLES[c.category], "", "", "n/a", "")
        elif c.expected or c.extra:
            percent = "n/a" if c.percent is None else f"{c.percent:g}"
            table.add_row(TITLES[c.category], str(c.found), str(c.expected), percent, str(c.extra or ""))
    Console(soft_wrap=False).print(table)
