"""``linkwright report``: the site's link report from the index (no models loaded)."""

from __future__ import annotations

import csv
import json
import sys
from typing import TYPE_CHECKING

import click

from service.cli.context import CliContext

if TYPE_CHECKING:
    from service.engine.report import PostReport, SiteReport

COLUMNS = (
    "url",
    "title",
    "date",
    "path",
    "inbound",
    "inbound_posts",
    "outbound_internal",
    "outbound_external",
    "noindex",
    "orphan",
    "pagerank",
)


@click.command("report")
@click.option("--orphans", is_flag=True, help="List only orphans (no inbound links).")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "csv", "json"]),
    default="table",
    show_default=True,
    help="table for people; csv or json for other tools (json = GET /v1/report).",
)
@click.pass_obj
def report_command(obj: CliContext, orphans: bool, fmt: str) -> None:
    """Per post: inbound and outbound links, orphans, and link equity (PageRank)."""
    import sqlite3

    from indexer.manifest import BadIndex
    from service.batch_schema import report_to_json
    from service.cli.context import no_index_message
    from service.engine.report import site_report

    try:
        report = site_report(obj.index_path)
    except (BadIndex, sqlite3.Error) as exc:
        raise click.ClickException(no_index_message(obj.index_path, exc)) from None
    if fmt == "json":
        click.echo(json.dumps(report_to_json(report, orphans), indent=2))
        return
    rows = report.orphans if orphans else report.posts
    if fmt == "csv":
        writer = csv.writer(sys.stdout, lineterminator="\n")
        writer.writerow(COLUMNS)
        for p in rows:
            writer.writerow([_cell(p, c) for c in COLUMNS])
        return
    _print_table(report, rows, orphans)


def _cell(p: PostReport, column: str) -> object:
    value = getattr(p, column)
    if column == "pagerank":
        return f"{value:.6f}"
    if isinstance(value, bool):
        return int(value)
    return "" if value is None else value


def _print_table(report: SiteReport, rows: tuple[PostReport, ...], orphans: bool) -> None:
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    console = Console(highlight=False)
    n = len(report.posts)
    if rows:
        table = Table(expand=True)
        table.add_column("#", justify="right", no_wrap=True)
        table.add_column("post", overflow="fold", ratio=3)
        table.add_column("in", justify="right", no_wrap=True)
        table.add_column("out", justify="right", no_wrap=True)
        table.add_column("ext", justify="right", no_wrap=True)
        table.add_column("PageRank", justify="right", no_wrap=True)
        table.add_column("", no_wrap=True)
        rank = {p.url: i for i, p in enumerate(report.posts, start=1)}
        for p in rows:
            flag = "orphan" if p.orphan else ("noindex" if p.noindex else "")
            table.add_row(
                str(rank[p.url]),
                Text.assemble(p.title, "\n", (p.url, "cyan")),
                f"{p.inbound} ({p.inbound_posts})"
                if p.inbound != p.inbound_posts
                else str(p.inbound),
                str(p.outbound_internal),
                str(p.outbound_external),
                f"{p.pagerank * n:.2f}",
                Text(flag, style="yellow" if p.orphan else "dim"),
            )
        console.print(table)
    elif orphans:
        console.print("No orphans: every published post has an inbound link.")
    console.print(
        Text(
            f"{n} posts, {len(report.orphans)} orphan(s). in = internal links from other posts "
            "(distinct posts in brackets); PageRank x posts: 1.00 is an average post.",
            style="dim",
        )
    )
