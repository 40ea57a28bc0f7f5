"""``linkwright check FILES...``: the pre-publish gate for a draft's links.

Exit codes: 0 clean, 1 findings at or above ``--fail-on``, 2 usage or input errors.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

import click

from service.cli.check_inputs import DraftFile, InputError, expand, read_draft, site_url
from service.cli.context import CliContext

if TYPE_CHECKING:
    from service.check_config import LoadedConfig
    from service.cli.check_output import Checked
    from service.engine.check.run import CheckableEngine

SEVERITY_RANK = {"error": 0, "warning": 1, "info": 2}


@click.command("check")
@click.argument("files", nargs=-1, required=True)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["markdown", "html", "text"]),
    help="How to read the drafts [default: from the extension; markdown for stdin].",
)
@click.option("--url", help="The draft's own URL [default: front matter, or the site's rule].")
@click.option("--keyphrase", help="The draft's focus keyphrase [default: front matter].")
@click.option(
    "--output",
    type=click.Choice(["text", "json", "github"]),
    default="text",
    show_default=True,
    help="A report, the API's JSON, or GitHub workflow annotations.",
)
@click.option(
    "--fail-on",
    type=click.Choice(["error", "warning", "info", "never"]),
    help="Exit 1 on findings this serious or more [default: config fail_on, else error].",
)
@click.option("--no-suggestions", is_flag=True, help="Only check; do not suggest links.")
@click.option("--server", metavar="URL", help="Ask a running service instead of the local index.")
@click.option("--api-key", envvar="LINKWRIGHT_API_KEY", help="The service's API key.")
@click.option(
    "--timeout",
    type=click.FloatRange(min=0, min_open=True, max=3600),
    default=60.0,
    show_default=True,
    help="Seconds per request.",
)
@click.pass_obj
def check_command(
    obj: CliContext,
    files: tuple[str, ...],
    fmt: str | None,
    url: str | None,
    keyphrase: str | None,
    output: str,
    fail_on: str | None,
    no_suggestions: bool,
    server: str | None,
    api_key: str | None,
    timeout: float,
) -> None:
    """Check the links of drafts before they are published, and suggest missing ones.

    FILES are files, folders, globs (quoted or not) or - for stdin. Settings come from
    linkwright.toml or [tool.linkwright.check] in pyproject.toml, from here upward.
    Exit codes: 0 clean, 1 findings at or above --fail-on, 2 usage or input errors.
    """
    from service.check_config import ConfigError, find_config

    try:
        config = find_config(Path.cwd())
    except ConfigError as exc:
        raise InputError(f"{exc}; fix the configuration file") from None
    names = expand(files)
    if url and len(names) > 1:
        raise InputError(
            f"--url names one draft's URL, but {len(names)} files were given: "
            "give it with a single file"
        )
    drafts = _read_all(names, fmt)
    bodies = [_request(d, url, keyphrase, config, not no_suggestions) for d in drafts]
    if server:
        answers = _each(bodies, lambda body: _ask_server(server, body, api_key, timeout))
    else:
        answers = _each(bodies, _local_checker(obj))
    checked: Checked = [(d.name, a) for d, a in zip(drafts, answers, strict=True)]
    _print(output, checked, {d.name: d.text for d in drafts})
    threshold = fail_on or config.fail_on or "error"
    if _fails(checked, threshold):
        click.get_current_context().exit(1)


def _read_all(names: list[str], fmt: str | None) -> list[DraftFile]:
    drafts, problems = [], []
    for name in names:
        try:
            drafts.append(read_draft(name, fmt))  # type: ignore[arg-type]
        except InputError as exc:
            problems.append(exc.message)
    if problems:
        raise InputError("\n".join(problems))
    return drafts


def _request(
    draft: DraftFile, url: str | None, keyphrase: str | None, config: LoadedConfig, suggest: bool
) -> dict[str, Any]:
    """The ``POST /v1/check`` body for one draft."""
    own = url or (site_url(draft.path) if draft.path else None)
    body: dict[str, Any] = {"text": draft.text, "format": draft.format, "url": own}
    if keyphrase:
        body["keyphrase"] = keyphrase
    if config.table:
        body["config"] = config.table
    if not suggest:
        body["suggest"] = False
    return body


def _local_checker(obj: CliContext) -> Callable[[dict[str, Any]], dict[str, Any]]:
    """Load the engine once; return what checks one request body with it."""
    from service.check_schema import check_to_json, parse_check
    from service.cli.context import no_index_message
    from service.cli.suggest import describe
    from service.engine.types import EngineError, IndexUnavailable

    settings = obj.settings
    try:
        engine = obj.engine_factory(settings)
    except IndexUnavailable as exc:
        raise InputError(no_index_message(settings.index, exc)) from None
    if not hasattr(engine, "index"):
        raise InputError("this engine has no index to check links against")
    checkable = cast("CheckableEngine", engine)

    def check_one(body: dict[str, Any]) -> dict[str, Any]:
        try:
            req = parse_check(body, settings)
            result = req.run(checkable)
        except EngineError as exc:
            raise InputError(describe(exc)) from None
        return check_to_json(result)

    return check_one


def _each(
    bodies: list[dict[str, Any]], check_one: Callable[[dict[str, Any]], dict[str, Any]]
) -> list[dict[str, Any]]:
    """Check every body, with progress on stderr for several."""
    if len(bodies) < 2:
        return [check_one(body) for body in bodies]
    from rich.console import Console

    from service.cli.progress import progress_bar

    answers = []
    with progress_bar(Console(stderr=True)) as report:
        for done, body in enumerate(bodies, 1):
            answers.append(check_one(body))
            report("checking", done, len(bodies))
    return answers


def _ask_server(
    server: str, body: dict[str, Any], api_key: str | None, timeout: float
) -> dict[str, Any]:
    import requests

    url = server.rstrip("/") + "/v1/check"
    headers = {"X-API-Key": api_key} if api_key else {}
    try:
        response = requests.post(url, json=body, headers=headers, timeout=timeout)
    except requests.Timeout:
        raise InputError(f"{url} did not answer within {timeout:g} s; try --timeout") from None
    except (requests.exceptions.MissingSchema, requests.exceptions.InvalidSchema):
        raise InputError(f"--server {server}: give the URL with http:// or https://") from None
    except requests.RequestException as exc:
        raise InputError(
            f"cannot reach {url} ({type(exc).__name__}); is `linkwright serve` running there?"
        ) from None
    try:
        answer: dict[str, Any] = response.json()
    except ValueError:
        answer = {}
    if response.status_code != 200:
        reason = answer.get("error") or response.reason
        raise InputError(f"{url} answered {response.status_code}: {reason}")
    if "findings" not in answer:
        raise InputError(f"{url} did not answer with a check result; is it a linkwright service?")
    return answer


def _print(output: str, checked: Checked, texts: dict[str, str]) -> None:
    from service.cli import check_output

    if output == "json":
        check_output.print_json(checked)
    elif output == "github":
        check_output.print_github(checked, texts)
    else:
        check_output.print_report(checked, texts)


def _fails(checked: Checked, threshold: str) -> bool:
    if threshold == "never":
        return False
    floor = SEVERITY_RANK[threshold]
    return any(
        SEVERITY_RANK[f["severity"]] <= floor for _, body in checked for f in body["findings"]
    )
