"""Progress display for long CLI work (index builds, batch runs), on standard error.

On a terminal, a live bar per stage; elsewhere (a log file, CI) a line per tenth of each
stage, since a log shows no live bar."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TaskID, TimeElapsedColumn


@contextmanager
def progress_bar(console: Console) -> Iterator[Callable[[str, int, int], None]]:
    """Yield a ``report(stage, done, total)`` callback that drives one bar per stage."""
    shown: dict[str, int] = {}
    with Progress(
        "[progress.description]{task.description}",
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
        transient=not console.is_terminal,
    ) as bar:
        tasks: dict[str, TaskID] = {}

        def report(stage: str, done: int, total: int) -> None:
            if stage not in tasks:
                tasks[stage] = bar.add_task(stage, total=total)
            bar.update(tasks[stage], completed=done, total=total)
            tenth = done * 10 // max(total, 1)
            if not console.is_terminal and shown.get(stage, -1) < tenth:
                shown[stage] = tenth
                console.print(f"{stage}: {done}/{total}")

        yield report
