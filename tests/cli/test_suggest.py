"""``linkwright suggest``: the same answer as the HTTP API, and clear user errors."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from service.engine.types import IndexUnavailable
from service.http.app import create_app
from service.settings import Settings
from tests.cli.conftest import Invoke
from tests.fakes.engine import FakeEngine

DRAFT = "# Title\n\nGood anchor text helps.\r\nA citation makes it checkable.\n"


def http_body(settings: Settings, request: dict[str, Any]) -> dict[str, Any]:
    client = create_app(settings, engine=FakeEngine()).test_client()
    response = client.post("/v1/suggestions", json=request)
    assert response.status_code == 200
    body: dict[str, Any] = response.get_json()
    return body


def without_timing(body: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in body.items() if k != "timing_ms"}


@pytest.mark.parametrize(
    ("args", "request_extra"),
    [
        ([], {}),
        (
            ["--threshold", "0.8", "--max", "1", "--url", "/me/", "--format", "text"],
            {"format": "text", "url": "/me/", "options": {"threshold": 0.8, "max_suggestions": 1}},
        ),
    ],
)
def test_json_equals_the_http_body(
    invoke: Invoke, settings: Settings, tmp_path: Path, args: list[str], request_extra: dict
) -> None:
    draft = tmp_path / "draft.md"
    draft.write_bytes(DRAFT.encode())
    result = invoke(["suggest", str(draft), "--json", *args])
    assert result.exit_code == 0, result.output
    cli_body = json.loads(result.stdout)
    assert cli_body["suggestions"]
    http = http_body(settings, {"text": DRAFT, **request_extra})
    assert without_timing(cli_body) == without_timing(http)
    assert result.stdout == json.dumps(cli_body, indent=2) + "\n"


def test_offsets_index_the_file_as_written(invoke: Invoke, tmp_path: Path) -> None:
    draft = tmp_path / "draft.md"
    draft.write_bytes(DRAFT.encode())
    result = invoke(["suggest", str(draft), "--json"])
    for suggestion in json.loads(result.stdout)["suggestions"]:
        anchor = suggestion["anchor"]
        assert DRAFT[anchor["start"] : anchor["end"]] == anchor["text"]


def test_stdin(invoke: Invoke, fake_engine: FakeEngine) -> None:
    result = invoke(["suggest", "-", "--json"], input="Some anchor here.")
    assert result.exit_code == 0, result.output
    [suggestion] = json.loads(result.stdout)["suggestions"]
    assert suggestion["anchor"]["start"] == 5
    assert fake_engine.drafts[0].format == "markdown"


@pytest.mark.parametrize(
    ("name", "fmt"), [("post.html", "html"), ("notes.txt", "text"), ("post.markdown", "markdown")]
)
def test_format_from_the_extension(
    invoke: Invoke, fake_engine: FakeEngine, tmp_path: Path, name: str, fmt: str
) -> None:
    (tmp_path / name).write_text("an anchor", encoding="utf-8")
    assert invoke(["suggest", str(tmp_path / name), "--json"]).exit_code == 0
    assert fake_engine.drafts[0].format == fmt


def test_table_output(invoke: Invoke, tmp_path: Path) -> None:
    """Each row says where the words are, the target, the score, and for a citation the
    lead-in and the ``rel`` its link needs."""
    draft = tmp_path / "draft.md"
    draft.write_text("Intro line.\nThe anchor is here, with a citation.\n", encoding="utf-8")
    result = invoke(["suggest", str(draft)], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "internal" in out and "citation" in out
    assert "2:5" in out  # "anchor" starts at line 2, column 5
    assert "/blog/2023/anchor-text-guide/" in out
    assert "0.93" in out
    assert "lead-in: “According to Mozilla,”" in out
    assert 'rel="nofollow"' in out
    assert "2 suggestion(s)" in out


def test_missing_file(invoke: Invoke, tmp_path: Path) -> None:
    result = invoke(["suggest", str(tmp_path / "nope.md")])
    assert result.exit_code != 0
    assert "no such file" in result.output and "nope.md" in result.output


def test_stdin_is_read_as_the_files_are(invoke: Invoke, fake_engine: FakeEngine) -> None:
    result = invoke(["suggest", "-"], input=b"caf\xe9 keyword research\n")
    assert result.exit_code == 2 and "<stdin>: not UTF-8 text" in result.output
    result = invoke(["suggest", "-", "--json"], input=b"\xef\xbb\xbfOne line.\r\nAn anchor.\r\n")
    assert result.exit_code == 0, result.output
    assert fake_engine.drafts[-1].text == "One line.\r\nAn anchor.\r\n"  # no BOM, CRLF kept


def test_empty_draft(invoke: Invoke, built_with: list[Settings]) -> None:
    result = invoke(["suggest", "-"], input="  \n")
    assert result.exit_code == 1
    assert "the draft: the draft is empty" in result.output
    assert built_with == []  # no models loaded for a request that cannot succeed


def test_bad_option_names_the_option(invoke: Invoke) -> None:
    result = invoke(["suggest", "-", "--threshold", "2"], input="an anchor")
    assert result.exit_code == 1
    assert "--threshold: Input should be less than or equal to 1" in result.output


def test_no_index(settings: Settings) -> None:
    from click.testing import CliRunner

    from service.cli.context import CliContext
    from service.cli.main import cli

    def no_index(used: Settings) -> FakeEngine:
        raise IndexUnavailable(f"no manifest in {used.index}")

    obj = CliContext(settings=settings, engine_factory=no_index)
    result = CliRunner().invoke(cli, ["suggest", "-"], input="an anchor", obj=obj)
    assert result.exit_code == 1
    assert (  # the hint builds the index the command looked for, not the default one
        f"no index at {settings.index}: run `linkwright --index {settings.index} index "
        "sample_corpus/site --sources sample_corpus/sources.yaml`" in result.output
    )


def test_index_option_overrides_settings(
    invoke: Invoke, built_with: list[Settings], tmp_path: Path
) -> None:
    other = tmp_path / "other-index"
    result = invoke(["--index", str(other), "suggest", "-", "--json"], input="an anchor")
    assert result.exit_code == 0, result.output
    assert built_with[0].index == other


def test_help_imports_nothing_heavy() -> None:
    code = (
        "import sys; from service.cli.main import cli\n"
        "heavy = ['torch', 'flask', 'rich', 'pydantic', 'spacy', 'faiss', 'service.engine.build']\n"
        "print([m for m in heavy if m in sys.modules])"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert out.strip() == "[]"
