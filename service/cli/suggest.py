"""``linkwright suggest FILE``: suggestions for one draft, as the HTTP API gives them."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from service.cli.context import CliContext

if TYPE_CHECKING:
    from service.engine.types import EngineError

#: Request fields named by the options that set them, for error messages.
OPTION_NAMES = {
    "options.threshold": "--threshold",
    "options.max_suggestions": "--max",
    "url": "--url",
    "format": "--format",
    "text": "the draft",
}


@click.command()
@click.argument("file", type=click.Path(dir_okay=False, allow_dash=True, path_type=Path))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["markdown", "html", "text"]),
    help="How to read the draft [default: from the extension; markdown for stdin].",
)
@click.option("--url", help="The draft's own URL (never suggested).")
@click.option("--threshold", type=float, help="Lowest score for an internal link, 0-1.")
@click.option("--max", "max_suggestions", type=int, help="Most suggestions in all.")
@click.option("--json", "as_json", is_flag=True, help="Print the JSON the HTTP API returns.")
@click.pass_obj
def suggest(
    obj: CliContext,
    file: Path,
    fmt: str | None,
    url: str | None,
    threshold: float | None,
    max_suggestions: int | None,
    as_json: bool,
) -> None:
    """Suggest internal links and citations for the draft in FILE (- for stdin)."""
    from service.cli.output import print_json, print_table
    from service.engine.types import EngineError
    from service.schema import parse_draft

    text = read_draft(file)
    options: dict[str, Any] = {"threshold": threshold, "max_suggestions": max_suggestions}
    body = {
        "text": text,
        "format": fmt or draft_format(file),
        "url": url,
        "options": {k: v for k, v in options.items() if v is not None},
    }
    try:
        draft = parse_draft(body, obj.settings)
        result = obj.load_engine().suggest(draft)
    except EngineError as exc:
        raise click.ClickException(describe(exc)) from None
    if as_json:
        print_json(result)
    else:
        print_table(result, draft.text)


def read_draft(file: Path) -> str:
    """The draft's text, exactly as written (line endings kept, so offsets match)."""
    from service.cli.check_inputs import read_text

    return read_text(str(file))[0]


def draft_format(file: Path) -> str:
    """The format the draft's extension says; Markdown for stdin and anything else."""
    from indexer.readers import EXTENSIONS

    return EXTENSIONS.get(file.suffix.lower(), "markdown")


def describe(exc: EngineError) -> str:
    """An engine error as a CLI message, naming options rather than JSON fields."""
    errors: tuple[dict[str, str], ...] = getattr(exc, "errors", ())
    if not errors:
        return str(exc)
    lines = [f"{OPTION_NAMES.get(e['field'], e['field'])}: {e['message']}" for e in errors]
    return "\n".join(lines)
