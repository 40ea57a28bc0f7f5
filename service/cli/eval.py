"""``linkwright eval SITE --cutoff DATE``: backtest on a site that already has links."""

from __future__ import annotations

import sys
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

import click

if TYPE_CHECKING:
    from rich.console import Console

    from service.eval.report import EvalReport
    from service.settings import Settings


@click.command("eval")
@click.argument("site", type=click.Path(path_type=Path))
@click.option(
    "--cutoff",
    required=True,
    type=click.DateTime(formats=["%Y-%m-%d"]),
    help="First day of the test period (YYYY-MM-DD): posts before it are indexed, "
    "posts on or after it are tested.",
)
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    help="Where report.json and pr.png go (default: bench/out/eval-<cutoff>).",
)
@click.option(
    "--until",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    help="Test only posts before this day: an older split to tune on, leaving the newer "
    "posts unseen for the reported run.",
)
@click.option("--limit", type=click.IntRange(min=1), help="Test at most this many posts.")
@click.option(
    "--index-dir",
    type=click.Path(file_okay=False, path_type=Path),
    help="Where the backtest's own index is built (default: <out>/index; kept between "
    "runs, so unchanged passages are not embedded again).",
)
@click.pass_context
def eval_command(
    ctx: click.Context,
    site: Path,
    cutoff: datetime,
    out: Path | None,
    until: datetime | None,
    limit: int | None,
    index_dir: Path | None,
) -> None:
    """Backtest linkwright and a title-match baseline on SITE: index the posts before
    --cutoff, strip every link from each later post, and score the suggestions against
    the links the author wrote. Prints a table; writes report.json and pr.png."""
    from rich.console import Console

    from indexer.corpus import CorpusError

    if not site.is_dir():
        what = "is a file, not a site folder" if site.exists() else "no such site folder"
        raise click.ClickException(f"{site}: {what} (give a Jekyll/Hugo site root)")
    day = cutoff.date()
    last = until.date() if until else None
    if last is not None and last <= day:
        raise click.BadParameter(f"{last} is not after the cutoff {day}", param_hint="--until")
    out = out or Path("bench/out") / f"eval-{day.isoformat()}"
    index_dir = index_dir or out / "index"
    settings = _settings(ctx)
    _claim(index_dir, settings.index)
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise click.ClickException(f"cannot write the report to {out}: {exc}") from None
    console = Console(stderr=True)
    try:
        report = _run(settings, site, (day, last), out, index_dir, limit, console)
    except CorpusError as exc:
        raise click.ClickException(str(exc)) from exc
    except OSError as exc:
        raise click.ClickException(f"cannot write {exc.filename or out}: {exc.strerror}") from None
    print_summary(report)
    click.echo(f"wrote {out / 'report.json'} and {out / 'pr.png'}")


#: Marks a folder as a backtest's own index, which each run may replace.
EVAL_MARKER = "EVAL_INDEX"


def _claim(index_dir: Path, live: Path) -> None:
    """Make ``index_dir`` the backtest's own, refusing the index the service and the other
    commands use, and any folder holding an index this command did not build."""
    if index_dir.resolve() == live.resolve():
        raise click.BadParameter(
            f"{index_dir} is the index linkwright serves and suggests from; the backtest "
            "builds its own there and would replace it: give another folder",
            param_hint="--index-dir",
        )
    marker = index_dir / EVAL_MARKER
    if not marker.exists() and (
        (index_dir / "current").exists() or (index_dir / "builds").exists()
    ):
        raise click.BadParameter(
            f"{index_dir} holds an index that `linkwright eval` did not build (no "
            f"{EVAL_MARKER} file); the backtest would replace it: give an empty or new folder",
            param_hint="--index-dir",
        )
    try:
        index_dir.mkdir(parents=True, exist_ok=True)
        marker.write_text("built by `linkwright eval`; each run may replace it\n", encoding="utf-8")
    except OSError as exc:
        raise click.ClickException(
            f"cannot write the backtest's index to {index_dir}: {exc}"
        ) from None


def _settings(ctx: click.Context) -> Settings:
    from service.cli.context import CliContext

    obj = ctx.find_object(CliContext) or CliContext()
    return obj.settings


def _run(
    settings: Settings,
    site: Path,
    period: tuple[date, date | None],
    out: Path,
    index_dir: Path,
    limit: int | None,
    console: Console,
) -> EvalReport:
    from service.cli.progress import progress_bar
    from service.engine.build import build_analyser, build_embedder
    from service.eval.backtest import split_site
    from service.eval.plot import plot_pr
    from service.eval.runner import run_eval

    read = split_site(site, period[0], limit=limit, until=period[1])  # before the models
    console.print("loading models…")
    analyser, embedder = build_analyser(settings), build_embedder(settings)
    with progress_bar(console) as report:
        result = run_eval(
            site,
            period[0],
            until=period[1],
            analyser=analyser,
            embedder=embedder,
            index_dir=index_dir,
            limit=limit,
            progress=report,
            read=read,
        )
    result.write_json(out / "report.json")
    plot_pr(result, out / "pr.png")
    return result


def print_summary(report: EvalReport) -> None:
    """The comparison table, then counts, retrieval recall, the best precision@k possible
    and timings."""
    from rich.console import Console
    from rich.table import Table

    from service.eval.metrics import KS
    from service.eval.report import SUMMARY_HEADER, summary_rows

    console = Console(highlight=False, width=None if sys.stdout.isatty() else 120)
    period = f"cutoff {report.cutoff}" + (f", until {report.until}" if report.until else "")
    period += f", first {report.limit} test posts" if report.limit else ""
    table = Table(title=f"{Path(report.site).name}, {period}")
    for i, name in enumerate(SUMMARY_HEADER):
        table.add_column(name, justify="left" if i < 3 else "right")
    for row in summary_rows(report):
        table.add_row(*row)
    console.print(table)
    lw = report.systems["linkwright"]
    for kind in ("internal", "citation"):
        ks = getattr(lw, kind)
        retrieval = ks.retrieval or {}
        console.print(
            f"{kind}: {ks.gold} gold links in {ks.posts} of {report.tested_posts} posts; "
            f"engine candidates hold {retrieval.get('recall', 0):.3f} of them "
            f"({retrieval.get('recall@10', 0):.3f} in the top 10)"
        )
        ceiling = ", ".join(f"P@{k} {ks.precision_ceiling[f'precision@{k}']:.3f}" for k in KS)
        console.print(f"{kind}: best possible {ceiling} given how many links each post has")
    bl = report.systems["baseline"]
    console.print(
        f"indexed {report.indexed_posts} posts and {report.sources} derived sources in "
        f"{report.build_seconds:.0f} s; whole run {report.seconds:.0f} s; latency per draft "
        f"p50 {lw.latency_ms['p50']:.0f} ms, p95 {lw.latency_ms['p95']:.0f} ms "
        f"(baseline p50 {bl.latency_ms['p50']:.0f} ms); "
        f"links left in drafts: {report.leaked_links}; errors: {lw.errors}"
    )
    d = report.default_thresholds
    console.print(
        f"P@def and R@def: at the default thresholds, internal {d['internal']:.2f}, "
        f"citation {d['citation']:.2f}"
    )
    if not lw.internal.gold and not lw.citation.gold:
        console.print(
            "warning: no test post links an indexed post or a derived source, so there is "
            "nothing to score (every figure is 0); pick a cutoff with more posts before it",
            style="yellow",
        )
    console.print(f"weights: {report.weights}", style="dim")
