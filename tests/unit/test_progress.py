"""Progress of long CLI work reaches a log, not only a terminal."""

from __future__ import annotations

import io

from rich.console import Console

from service.cli.progress import progress_bar


def test_a_log_gets_a_line_per_tenth_of_each_stage() -> None:
    out = io.StringIO()
    with progress_bar(Console(file=out, force_terminal=False)) as report:
        for done in range(1, 101):
            report("embed", done, 100)
    lines = [line for line in out.getvalue().splitlines() if line.startswith("embed:")]
    assert lines[0] == "embed: 1/100"
    assert lines[-1] == "embed: 100/100"
    assert len(lines) == 11
