"""How ``linkwright check`` prints results: a report for people, JSON, or GitHub annotations.

Every printer takes the JSON bodies (``POST /v1/check``), so a local check and one
against ``--server`` print the same.
"""

from __future__ import annotations

import json
from collections import Counter
from typing import Any

import click

Body = dict[str, Any]
Checked = list[tuple[str, Body]]  # (file name, body), in argument order

_STYLES = {"error": "bold red", "warning": "yellow", "info": "cyan"}
_GITHUB_LEVEL = {"error": "error", "warning": "warning", "info": "notice"}


def print_json(checked: Checked) -> None:
    """One file: exactly the API body. Several: a list of bodies, each with its ``file``."""
    if len(checked) == 1:
        data: Any = checked[0][1]
    else:
        data = [{"file": name, **body} for name, body in checked]
    click.echo(json.dumps(data, indent=2))


def print_github(checked: Checked, texts: dict[str, str]) -> None:
    """One workflow command per finding and suggestion (``::error file=…::message``)."""
    for name, body in checked:
        for f in body["findings"]:
            props = {
                "file": name,
                "line": f["line"],
                "col": f["column"],
                "endLine": f["end_line"],
                "endColumn": f["end_column"],
                "title": f["rule"],
            }
            message = f"{f['message']}. Fix: {f['fix']}"
            click.echo(_command(_GITHUB_LEVEL[f["severity"]], props, message))
        for s in body["suggestions"]:
            line, column = _line_col(texts.get(name, ""), s["anchor"]["start"])
            props = {"file": name, "line": line, "col": column, "title": "suggested link"}
            message = (
                f"link {_q(s['anchor']['text'])} to {s['target']['title']} ({s['target']['url']})"
            )
            click.echo(_command("notice", props, message))


def _command(level: str, props: dict[str, Any], message: str) -> str:
    fields = ",".join(f"{k}={_escape_property(str(v))}" for k, v in props.items())
    return f"::{level} {fields}::{_escape_data(message)}"


def _escape_data(value: str) -> str:
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(value: str) -> str:
    return _escape_data(value).replace(":", "%3A").replace(",", "%2C")


def print_report(checked: Checked, texts: dict[str, str]) -> None:
    """A readable report grouped by file, in colour on a terminal."""
    from rich.console import Console
    from rich.text import Text

    console = Console(highlight=False, soft_wrap=True)
    totals: Counter[str] = Counter()
    suggested = 0
    for name, body in checked:
        url = body["summary"].get("url")
        console.print(Text.assemble((name, "bold underline"), (f"  {url}" if url else "", "dim")))
        totals.update(body["summary"]["by_severity"])
        for f in body["findings"]:
            where = f"{f['line']}:{f['column']}"
            console.print(
                Text.assemble(
                    f"  {where:>8}  ",
                    (f"{f['severity']:<8}", _STYLES[f["severity"]]),
                    (f"{f['rule']:<20}", "bold"),
                    f" {f['message']}",
                )
            )
            console.print(Text(f"{'':>40}fix: {f['fix']}", style="dim"))
        if not body["findings"]:
            console.print(Text("  no problems with the links", style="green"))
        if body["suggestions"]:
            console.print(Text("  suggested links", style="bold"))
        for s in body["suggestions"]:
            suggested += 1
            line, column = _line_col(texts.get(name, ""), s["anchor"]["start"])
            where = f"{line}:{column}"
            lead = f"  lead-in: {_q(s['lead_in'])}" if s.get("lead_in") else ""
            console.print(
                Text.assemble(
                    f"  {where:>8}  ",
                    (_q(s["anchor"]["text"]), "bold"),
                    " → ",
                    s["target"]["title"],
                    (f" {s['target']['url']}", "cyan"),
                    (f"  {s['score']:.2f}{lead}", "dim"),
                )
            )
        for note in body.get("notes", ()):
            console.print(Text(f"  note: {note}", style="yellow"))
        console.print()
    console.print(Text(_summary(len(checked), totals, suggested), style="bold"))


def _summary(files: int, totals: Counter[str], suggested: int) -> str:
    counts = f"{totals['error']} error(s), {totals['warning']} warning(s), {totals['info']} info"
    noun = "file" if files == 1 else "files"
    return f"{files} {noun} checked: {counts}; {suggested} suggested link(s)"


def _line_col(text: str, offset: int) -> tuple[int, int]:
    """1-based line and column of an offset (as findings give them)."""
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


def _q(text: str) -> str:
    return f'"{" ".join(text.split())}"'
