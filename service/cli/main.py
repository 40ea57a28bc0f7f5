"""The ``linkwright`` console script: one root group, one context object."""

from __future__ import annotations

from pathlib import Path

import click

from service.cli.check import check_command
from service.cli.context import CliContext
from service.cli.eval import eval_command
from service.cli.index import index_command
from service.cli.relink import inbound_command, relink
from service.cli.report import report_command
from service.cli.serve import serve
from service.cli.suggest import suggest


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--index",
    type=click.Path(file_okay=False, path_type=Path),
    envvar="LINKWRIGHT_INDEX",
    show_envvar=True,
    help="Index directory (default: var/index).",
)
@click.pass_context
def cli(ctx: click.Context, index: Path | None) -> None:
    """linkwright: internal links and citations for your drafts, from your own index."""
    obj = ctx.ensure_object(CliContext)
    if index is not None:
        obj.index = index


cli.add_command(index_command)
cli.add_command(suggest)
cli.add_command(serve)
cli.add_command(inbound_command)
cli.add_command(relink)
cli.add_command(report_command)
cli.add_command(check_command)
cli.add_command(eval_command)
