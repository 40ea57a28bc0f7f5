"""How ``linkwright suggest`` prints a result: the API's JSON, or a table for people."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

import click

if TYPE_CHECKING:
    from service.engine.types import SuggestionResult


def print_json(result: SuggestionResult) -> None:
    """Print exactly the body ``POST /v1/suggestions`` returns."""
    from service.schema import result_to_json

    click.echo(json.dumps(result_to_json(result), indent=2))


def line_col(text: str, offset: int) -> str:
    """1-based ``line:column`` of a character offset."""
    line = text.count("\n", 0, offset) + 1
    column = offset - (text.rfind("\n", 0, offset) + 1) + 1
    return f"{line}:{column}"


def print_table(result: SuggestionResult, text: str) -> None:
    """Print the suggestions as a table, then notes and a one-line summary."""
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    console = Console(highlight=False)
    if result.suggestions:
        table = Table(show_lines=True, expand=True)
        table.add_column("kind", no_wrap=True)
        table.add_column("at", justify="right", no_wrap=True)
        table.add_column("anchor", ratio=2)  # a lead-in goes below its anchor
        table.add_column("target", overflow="fold", ratio=3)  # URLs are copied: never cut
        table.add_column("score", justify="right", no_wrap=True)
        for s in result.suggestions:
            words = Text(s.anchor.text, style="bold")
            if s.lead_in:
                words.append(f"\nlead-in: “{s.lead_in.strip()}”", style="dim")
            target = Text.assemble(s.target.title, "\n", (s.target.url, "cyan"))
            if s.rel:
                target.append(f'\nrel="{s.rel}"', style="dim")
            table.add_row(s.kind, line_col(text, s.anchor.start), words, target, f"{s.score:.2f}")
        console.print(table)
    else:
        console.print("No suggestions above the threshold.")
    for note in result.notes:
        console.print(Text(f"note: {note}", style="yellow"))
    info = result.index
    elapsed = result.timing_ms.get("total", sum(result.timing_ms.values()))
    console.print(
        Text(
            f"{len(result.suggestions)} suggestion(s) from {info.posts} posts and "
            f"{info.sources} sources in {elapsed:.0f} ms",
            style="dim",
        )
    )
