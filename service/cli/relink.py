"""``linkwright inbound URL`` and ``linkwright relink plan|mark|apply|undo``.

The commands parse options, call ``service.engine.inbound`` / ``service.relink`` and
print; the work itself lives there. ``apply`` and ``undo`` need no models.

Test hook: ``LINKWRIGHT_TEST_CRASH_AFTER=N`` (the hidden ``--crash-after`` option) makes
``relink apply`` kill itself with SIGKILL right after it has replaced N files, so tests can
check that a crash leaves every file whole and that ``undo`` still works.
"""

from __future__ import annotations

import json
import os
import signal
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

import click

from service.cli.context import CliContext

if TYPE_CHECKING:
    from service.engine.engine import Engine
    from service.engine.inbound import InboundResult
    from service.engine.types import Options
    from service.relink.apply import FileResult
    from service.relink.planfile import Edit

DEFAULT_PLAN = Path("relink-plan.jsonl")
DATE_FORMATS = ["%Y-%m-%d", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M:%S"]


@click.command("inbound")
@click.argument("url")
@click.option("--threshold", type=click.FloatRange(0, 1), help="Lowest score, 0-1.")
@click.option(
    "--max-sources",
    type=click.IntRange(1, 500),
    default=30,
    show_default=True,
    help="Most source posts to parse (nearest first).",
)
@click.option("--json", "as_json", is_flag=True, help="Print the JSON POST /v1/inbound returns.")
@click.pass_obj
def inbound_command(
    obj: CliContext, url: str, threshold: float | None, max_sources: int, as_json: bool
) -> None:
    """Where OTHER posts could link to the post at URL (it must be in the index)."""
    from service.batch_schema import inbound_to_json
    from service.engine.inbound import inbound
    from service.engine.types import EngineError

    engine = _engine(obj)
    try:
        result = inbound(engine, [url], _options(threshold, None), max_sources=max_sources)
    except EngineError as exc:
        raise click.ClickException(str(exc)) from None
    if as_json:
        click.echo(json.dumps(inbound_to_json(result), indent=2))
        return
    _print_inbound(result)


@click.group("relink")
def relink() -> None:
    """Batch re-linking: plan links from old posts to new ones, review, apply, undo."""


@relink.command("plan")
@click.option("--since", type=click.DateTime(DATE_FORMATS), help="Posts dated on or after this.")
@click.option("--url", "urls", multiple=True, help="A post to link to (repeatable).")
@click.option("--category", "categories", multiple=True, help="Posts in this category.")
@click.option("--all", "all_posts", is_flag=True, help="Every published post.")
@click.option(
    "-o",
    "--out",
    type=click.Path(dir_okay=False, path_type=Path),
    default=DEFAULT_PLAN,
    show_default=True,
    help="The plan file to write (JSONL); the review page goes beside it.",
)
@click.option("--threshold", type=click.FloatRange(0, 1), help="Lowest score, 0-1.")
@click.option(
    "--max-per-post",
    type=click.IntRange(1, 100),
    default=3,
    show_default=True,
    help="Most new links in one source post.",
)
@click.option(
    "--max-sources",
    type=click.IntRange(1, 500),
    default=30,
    show_default=True,
    help="Source posts considered per target (nearest first).",
)
@click.option(
    "--workers",
    type=click.IntRange(1, 64),
    default=1,
    show_default=True,
    help="Worker processes for the per-post map (each loads the models once).",
)
@click.option("--force", is_flag=True, help="Overwrite an existing plan that was never applied.")
@click.pass_obj
def plan_command(
    obj: CliContext,
    since: datetime | None,
    urls: tuple[str, ...],
    categories: tuple[str, ...],
    all_posts: bool,
    out: Path,
    threshold: float | None,
    max_per_post: int,
    max_sources: int,
    workers: int,
    force: bool,
) -> None:
    """Plan inbound links to the posts in scope, from the rest of the site."""
    from rich.console import Console

    from service.cli.progress import progress_bar
    from service.engine.types import EngineError
    from service.relink.apply import journal_dir
    from service.relink.plan import Scope, make_plan

    scope = Scope(since, urls, categories, all_posts)
    if scope.empty:
        raise click.UsageError("say which posts need links: --since, --url, --category or --all")
    if _review_path(out) == out:
        raise click.UsageError(
            f"--out {out}: the plan's review page would overwrite it; name the plan "
            "with another extension, e.g. relink.jsonl (the page goes beside it as .html)"
        )
    if journal_dir(out).exists():
        raise click.ClickException(
            f"{out} has been applied ({journal_dir(out)} exists): run `linkwright relink undo "
            f"{out}` and delete the journal, or write the new plan elsewhere with --out"
        )
    if out.exists() and not force:
        raise click.ClickException(f"{out} exists: choose another --out, or add --force")
    engine = _engine(obj)
    mapper = None
    if workers > 1:
        from service.relink.pool import process_mapper

        mapper = process_mapper(obj.settings, workers)
    console = Console(stderr=True)
    try:
        with progress_bar(console) as report:
            plan = make_plan(
                engine,
                scope,
                _options(threshold, max_per_post),
                max_sources=max_sources,
                progress=report,
                mapper=mapper,
            )
    except EngineError as exc:
        raise click.ClickException(str(exc)) from None
    _save(out, list(plan.edits))
    for note in plan.notes:
        console.print(f"note: {note}", style="yellow", highlight=False)
    files = len({e.file for e in plan.edits})
    click.echo(
        f"planned {len(plan.edits)} link(s) in {files} file(s) to {plan.targets} post(s) "
        f"({plan.sources} source posts read) -> {out}"
    )
    click.echo(f"review: {_review_path(out)}")


@relink.command("mark")
@click.argument("plan", type=click.Path(dir_okay=False, path_type=Path))
@click.argument("ids", nargs=-1)
@click.option("--accept", is_flag=True, help="Accept the edits IDS.")
@click.option("--reject", is_flag=True, help="Reject the edits IDS.")
@click.option("--all-accept", is_flag=True, help="Accept every edit of the plan.")
@click.option("--all-reject", is_flag=True, help="Reject every edit of the plan.")
def mark_command(
    plan: Path,
    ids: tuple[str, ...],
    accept: bool,
    reject: bool,
    all_accept: bool,
    all_reject: bool,
) -> None:
    """Set the status of edits of PLAN (ids or unique id prefixes)."""
    from service.relink.planfile import mark, mark_all

    if accept + reject + all_accept + all_reject > 1:
        raise click.UsageError("give one of --accept, --reject, --all-accept, --all-reject")
    edits = _read(plan)
    if all_accept or all_reject:
        if ids:
            raise click.UsageError("use --all-accept or --all-reject alone, without IDS")
        edits = mark_all(edits, "accepted" if all_accept else "rejected")
        changed = len(edits)
    else:
        if not (accept or reject) or not ids:
            raise click.UsageError("give IDS and --accept or --reject (or --all-accept)")
        edits, bad = mark(edits, ids, "accepted" if accept else "rejected")
        if bad:
            raise click.ClickException(
                f"no single edit in {plan} has the id {', '.join(bad)}: copy ids from the "
                f"review page {_review_path(plan)}; nothing was changed"
            )
        changed = len(ids)
    _save(plan, edits)
    counts = {s: sum(e.status == s for e in edits) for s in ("proposed", "accepted", "rejected")}
    click.echo(
        f"marked {changed} edit(s); {plan} now has "
        + ", ".join(f"{n} {s}" for s, n in counts.items())
    )


@relink.command("apply")
@click.argument("plan", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--crash-after",
    type=int,
    envvar="LINKWRIGHT_TEST_CRASH_AFTER",
    hidden=True,
    help="Test hook: SIGKILL this process after replacing N files.",
)
def apply_command(plan: Path, crash_after: int | None) -> None:
    """Edit the files for the ACCEPTED edits of PLAN, journalling the originals first."""
    from service.relink.apply import apply_plan, journal_dir

    edits = _read(plan)
    if not any(e.status == "accepted" for e in edits) and not journal_dir(plan).exists():
        raise click.ClickException(
            f"no accepted edits in {plan}: accept some with `linkwright relink mark {plan} "
            "ID... --accept` (or --all-accept)"
        )
    replaced = 0

    def on_file(result: FileResult) -> None:
        nonlocal replaced
        click.echo(result.message, err=result.outcome in SKIPPED)
        replaced += result.outcome == "applied"
        if crash_after is not None and replaced >= crash_after:
            os.kill(os.getpid(), signal.SIGKILL)

    try:
        results = apply_plan(plan, edits, on_file)
    except OSError as exc:
        raise click.ClickException(
            f"apply stopped: {exc}. Files already changed are journalled in "
            f"{journal_dir(plan)}: `linkwright relink undo {plan}` restores them"
        ) from None
    _finish(results, "applied", f"undo with `linkwright relink undo {plan}`")


@relink.command("undo")
@click.argument("plan", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--force", is_flag=True, help="Restore files even if they changed after apply.")
def undo_command(plan: Path, force: bool) -> None:
    """Restore, byte for byte, every file that `relink apply PLAN` changed."""
    from service.relink.apply import JournalError, undo_plan

    try:
        results = undo_plan(plan, force, lambda r: click.echo(r.message, err=r.outcome in SKIPPED))
    except JournalError as exc:
        raise click.ClickException(str(exc)) from None
    _finish(results, "restored", "")


#: Outcomes of apply and undo that leave a file as it was, for a reason the user must see.
SKIPPED = frozenset({"changed", "missing", "mismatch", "refused"})


def _finish(results: list[FileResult], verb: str, hint: str) -> None:
    done = sum(r.outcome == verb for r in results)
    skipped = [r for r in results if r.outcome in SKIPPED]
    click.echo(f"{verb} {done} file(s); {len(results) - done - len(skipped)} already {verb}")
    if skipped:
        raise click.ClickException(f"{len(skipped)} file(s) skipped (see the messages above)")
    if done and hint:
        click.echo(hint)


def _engine(obj: CliContext) -> Engine:
    from service.engine.engine import Engine

    engine = obj.load_engine()
    if not isinstance(engine, Engine):
        raise click.ClickException("batch re-linking needs the real engine over a built index")
    return engine


def _options(threshold: float | None, max_per_post: int | None) -> Options:
    from dataclasses import replace

    from service.engine.types import Options

    opts = Options()
    if threshold is not None:
        opts = replace(opts, threshold=threshold)
    if max_per_post is not None:
        opts = replace(opts, max_internal=max_per_post, max_suggestions=max_per_post)
    return opts


def _read(plan: Path) -> list[Edit]:
    from service.relink.planfile import PlanError, read_plan

    try:
        return read_plan(plan)
    except PlanError as exc:
        raise click.ClickException(str(exc)) from None


def _review_path(plan: Path) -> Path:
    from service.relink.review import review_path

    return review_path(plan)


def _save(plan: Path, edits: list[Edit]) -> None:
    """Write the plan, then its review page."""
    from service.relink.atomic import write_atomic
    from service.relink.planfile import write_plan
    from service.relink.review import render

    try:
        write_plan(plan, edits)
        write_atomic(_review_path(plan), render(plan, edits).encode("utf-8"))
    except OSError as exc:
        raise click.ClickException(f"cannot write {plan}: {exc}") from None


def _print_inbound(result: InboundResult) -> None:
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    console = Console(highlight=False)
    target = result.targets[0]
    console.print(Text.assemble("links to ", (target.title, "bold"), " ", (target.url, "cyan")))
    if result.suggestions:
        table = Table(show_lines=True, expand=True)
        table.add_column("in post", overflow="fold", ratio=2)
        table.add_column("anchor", overflow="fold", ratio=1)
        table.add_column("context", overflow="fold", ratio=3)
        table.add_column("score", justify="right", no_wrap=True)
        for item in result.suggestions:
            a = item.suggestion.anchor
            table.add_row(
                Text.assemble(item.source.title, "\n", (item.source.url, "cyan")),
                Text(a.text, style="bold"),
                Text.assemble(
                    "…" + a.context_before[-40:], (a.text, "bold"), a.context_after[:40] + "…"
                ),
                f"{item.suggestion.score:.2f}",
            )
        console.print(table)
    elif result.sources_considered > result.unreadable:
        console.print("No place in other posts scores above the threshold.")
    for note in result.notes:
        console.print(Text(f"note: {note}", style="yellow"))
    console.print(
        Text(
            f"{len(result.suggestions)} suggestion(s) from {result.sources_considered} "
            f"source post(s) in {result.timing_ms['total']:.0f} ms",
            style="dim",
        )
    )
