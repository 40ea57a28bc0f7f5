"""``linkwright check``: exit codes, outputs equal to ``POST /v1/check``, and bad input.

These run the real engine (session fixture over sample_corpus), injected through the
click context object as the other CLI tests inject theirs.
"""

from __future__ import annotations

import json
import os
import re
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from service.cli.context import CliContext
from service.cli.main import cli
from service.http.app import create_app
from service.settings import Settings
from tests.http.conftest import make_settings

pytestmark = pytest.mark.models

#: A broken internal link (error), a generic anchor and a link in a heading (warnings),
#: the draft's keyphrase as an anchor, and a sponsored domain without rel (error).
DRAFT = (
    "---\ntitle: Checking links\nkeyphrase: anchor text\n---\n"
    "# Links, and [why](/blog/2021/09/14/internal-linking-strategy/)\n\n"
    "Good anchor text tells readers where a link goes; read the [anchor text guide]"
    "(/blog/2023/04/12/internal-anchor-text-variety/) or [click here]"
    "(/blog/2023/04/12/no-such-post/).\r\n"
    "Our [partner](https://shop.example/deal) sells audits for internal linking.\n"
)
CLEAN = (
    "Internal links help readers find related posts. Our notes on "
    "[varying anchor text](/blog/2023/04/12/internal-anchor-text-variety/) explain why "
    "descriptive links matter for readers and for search engines alike.\n"
)
CONFIG = '[check]\nsponsored_domains = ["shop.example"]\n[check.rules]\noverused-anchor = false\n'

Invoke = Callable[..., Result]


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return make_settings(tmp_path / "no-index-needed")


@pytest.fixture
def workdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A site folder with a linkwright.toml, as the current directory."""
    site = tmp_path / "site"
    site.mkdir()
    (site / "linkwright.toml").write_text(CONFIG)
    (site / "draft.md").write_bytes(DRAFT.encode())
    (site / "clean.md").write_text(CLEAN)
    monkeypatch.chdir(site)
    return site


@pytest.fixture
def invoke(engine: Any, settings: Settings) -> Invoke:
    def run(args: list[str], **kwargs: Any) -> Result:
        obj = CliContext(settings=settings, engine_factory=lambda _: engine)
        return CliRunner().invoke(cli, ["check", *args], obj=obj, **kwargs)

    return run


def without_timing(body: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in body.items() if k != "timing_ms"}


def test_json_equals_the_http_body(invoke: Invoke, workdir: Path, engine: Any, settings: Settings):
    result = invoke(["draft.md", "--output", "json", "--url", "/blog/checking-links/"])
    assert result.exit_code == 1, result.output
    cli_body = json.loads(result.stdout)
    request = {
        "text": DRAFT,
        "format": "markdown",
        "url": "/blog/checking-links/",
        "config": {"sponsored_domains": ["shop.example"], "rules": {"overused-anchor": False}},
    }
    response = create_app(settings, engine=engine).test_client().post("/v1/check", json=request)
    assert response.status_code == 200, response.get_json()
    assert without_timing(cli_body) == without_timing(response.get_json())
    rules = [(f["rule"], f["severity"], f["line"]) for f in cli_body["findings"]]
    assert rules == [
        ("link-in-heading", "warning", 5),
        ("keyphrase-as-anchor", "warning", 7),
        ("broken-internal", "error", 7),
        ("generic-anchor", "warning", 7),
        ("too-many-links", "warning", 7),  # the third link in some 40 words
        ("missing-rel", "error", 8),
    ]
    assert cli_body["summary"]["keyphrase"] == "anchor text"  # from the front matter
    for s in cli_body["suggestions"]:
        assert DRAFT[s["anchor"]["start"] : s["anchor"]["end"]] == s["anchor"]["text"]


@pytest.mark.parametrize(
    ("args", "code"),
    [
        (["clean.md"], 0),
        (["draft.md"], 1),
        (["draft.md", "--fail-on", "never"], 0),
        (["clean.md", "--fail-on", "info"], 0),
        (["clean.md", "draft.md", "--fail-on", "warning"], 1),
    ],
)
def test_exit_codes(invoke: Invoke, workdir: Path, args: list[str], code: int) -> None:
    result = invoke([*args, "--no-suggestions"])
    assert result.exit_code == code, result.output


def test_text_report(invoke: Invoke, workdir: Path) -> None:
    result = invoke(["draft.md", "clean.md"])
    out = result.stdout
    assert "draft.md" in out and "clean.md" in out
    assert re.search(r"7:\d+\s+error\s+broken-internal", out)
    assert "fix: correct the URL" in out
    assert "no problems with the links" in out
    assert "2 files checked: 2 error(s), 4 warning(s), 0 info" in out


def test_github_annotations(invoke: Invoke, workdir: Path) -> None:
    result = invoke(["draft.md", "--output", "github"])
    lines = result.stdout.splitlines()
    pattern = re.compile(
        r"::(error|warning|notice) file=draft\.md,line=\d+,col=\d+"
        r"(,endLine=\d+,endColumn=\d+,title=[a-z-]+|,title=suggested link)::\S.*"
    )
    assert lines and all(pattern.fullmatch(line) for line in lines), lines
    assert any(line.startswith("::error ") and "title=missing-rel" in line for line in lines)


def test_globs_folders_and_stdin(invoke: Invoke, workdir: Path) -> None:
    result = invoke(["*.md", "-", "--output", "json", "--no-suggestions"], input=CLEAN)
    assert result.exit_code == 1, result.output
    files = [body["file"] for body in json.loads(result.stdout)]
    assert files == ["clean.md", "draft.md", "<stdin>"]
    folder = invoke([str(workdir), "--output", "json", "--fail-on", "never", "--no-suggestions"])
    assert folder.exit_code == 0 and len(json.loads(folder.stdout)) == 2


def test_a_pipe_named_on_the_command_line_is_read(invoke: Invoke, workdir: Path) -> None:
    """``linkwright check <(git show HEAD:post.md) --format markdown`` names a pipe."""
    pipe = workdir / "from-git"
    os.mkfifo(pipe)
    writer = threading.Thread(
        target=pipe.write_text, args=(CLEAN,), kwargs={"encoding": "utf-8"}, daemon=True
    )  # a daemon: if the pipe is never read, it must not keep the tests from ending
    writer.start()
    result = invoke([str(pipe), "--format", "markdown", "--output", "json", "--no-suggestions"])
    writer.join(timeout=10)
    assert result.exit_code == 0, result.output  # CLEAN is clean, so it was read whole
    (workdir / "same.md").write_text(CLEAN, encoding="utf-8")
    same = invoke([str(workdir / "same.md"), "--output", "json", "--no-suggestions"])
    assert json.loads(result.stdout)["summary"] == json.loads(same.stdout)["summary"]


def test_the_server_gives_the_same_findings(
    invoke: Invoke, workdir: Path, engine: Any, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    import requests

    client = create_app(make_settings(workdir, api_key="k"), engine=engine).test_client()
    seen: list[dict[str, Any]] = []

    class Answer:
        def __init__(self, response: Any) -> None:
            self.status_code, self.reason = response.status_code, response.status
            self._body = response.get_json()

        def json(self) -> Any:
            return self._body

    def post(url: str, json: Any, headers: dict[str, str], timeout: float) -> Answer:
        seen.append({"url": url, "timeout": timeout})
        return Answer(client.post("/v1/check", json=json, headers=headers))

    monkeypatch.setattr(requests, "post", post)
    local = invoke(["draft.md", "--output", "json"])
    remote = invoke(
        ["draft.md", "--output", "json", "--server", "http://lw:8000/", "--api-key", "k"]
    )
    assert remote.exit_code == local.exit_code == 1, remote.output
    assert without_timing(json.loads(remote.stdout)) == without_timing(json.loads(local.stdout))
    assert seen == [{"url": "http://lw:8000/v1/check", "timeout": 60.0}]
    denied = invoke(["draft.md", "--server", "http://lw:8000", "--api-key", "wrong"])
    assert denied.exit_code == 2 and "answered 401" in denied.output


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("missing.md", None, "missing.md: no such file"),
        ("image.md", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR", "image.md: a binary file"),
        ("empty.md", b" \n\n", "empty.md: empty"),
        ("notes.rst", b"Some notes.", "notes.rst: unknown file type"),
        ("*.nothing", None, "*.nothing: no files match"),
    ],
)
def test_bad_input_exits_2(
    invoke: Invoke, workdir: Path, name: str, content: bytes | None, message: str
) -> None:
    if content is not None:
        (workdir / name).write_bytes(content)
    result = invoke(["clean.md", name])
    assert result.exit_code == 2
    assert message in result.output
    assert result.stdout == ""  # nothing checked when an input is bad


def test_stdin_that_is_not_utf8_exits_2(invoke: Invoke, workdir: Path) -> None:
    result = invoke(["-"], input=b"caf\xe9 keyword research\n")
    assert result.exit_code == 2 and "<stdin>: not UTF-8 text" in result.output


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["*.md", "--url", "/x/"], "--url names one draft's URL, but 2 files"),
        (["draft.md", "--server", "http://127.0.0.1:9", "--timeout", "0"], "--timeout"),
        (["draft.md", "--server", "localhost:9"], "give the URL with http://"),
    ],
    ids=["url-for-a-glob", "timeout-0", "server-without-scheme"],
)
def test_bad_options_exit_2(invoke: Invoke, workdir: Path, args: list[str], message: str) -> None:
    result = invoke(args)
    assert result.exit_code == 2 and message in result.output, result.output


def test_a_config_file_that_is_not_utf8_exits_2(invoke: Invoke, workdir: Path) -> None:
    (workdir / "linkwright.toml").write_bytes(b'title = "caf\xe9"\n')
    result = invoke(["clean.md"])
    assert result.exit_code == 2 and "linkwright.toml: not UTF-8 text" in result.output


def test_bad_config_exits_2(invoke: Invoke, workdir: Path) -> None:
    (workdir / "linkwright.toml").write_text("[check]\nwords_per_link = -1\n")
    result = invoke(["clean.md"])
    assert result.exit_code == 2
    assert f"{workdir / 'linkwright.toml'} [check]: words_per_link" in result.output


def test_an_index_that_does_not_exist(
    workdir: Path, tmp_path: Path, analyser: Any, embedder: Any
) -> None:
    from service.engine.engine import Engine
    from service.engine.index import load_index

    def build(used: Settings) -> Engine:
        index = load_index(used.index, embedder.name, embedder.dimension, analyser.name)
        return Engine(index, analyser, embedder)

    missing = tmp_path / "nowhere"
    obj = CliContext(settings=make_settings(missing), engine_factory=build)
    result = CliRunner().invoke(cli, ["check", "clean.md"], obj=obj)
    assert result.exit_code == 2
    assert f"no index at {missing}: run `linkwright --index {missing} index" in result.output


def test_links_in_other_forms_of_an_indexed_url_are_recognised(
    invoke: Invoke, workdir: Path
) -> None:
    """A query string, percent-escapes, http or www. do not hide the indexed page; a
    post's old URL (``redirect_from``) names it, with a warning to link it directly."""
    (workdir / "forms.md").write_text(
        "Backlinks matter: [tracked](/blog/2021/05/11/what-is-a-backlink/?utm_source=mail), "
        "[escaped](/blog/2021/05/11/what%2Dis%2Da%2Dbacklink/), and orphans at their "
        "[old URL](https://rankingnotes.example/blog/orphan-pages/). Background on "
        "[SEO](http://www.en.wikipedia.org/wiki/Search_engine_optimization) is useful, and "
        "so is [authority](http://www.moz.com/learn/seo/domain-authority?ref=1).\n"
    )
    result = invoke(["forms.md", "--output", "json", "--no-suggestions"])
    found = [(f["rule"], f["anchor"]) for f in json.loads(result.stdout)["findings"]]
    assert not [f for f in found if f[0] == "broken-internal"], found
    assert ("redirected-link", "old URL") in found  # the post's redirect_from
    assert ("missing-rel", "SEO") in found  # the curated sources ask for nofollow
    assert ("missing-rel", "authority") in found  # (moz.com's other sources do not)


def test_a_rule_lists_its_first_hundred_findings_and_counts_the_rest(
    invoke: Invoke, workdir: Path
) -> None:
    """A draft of 150 generic links: the answer lists 100 of them, the summary and the
    exit code still count all 150."""
    link = "[click here](/blog/2023/04/12/internal-anchor-text-variety/)"
    (workdir / "many.md").write_text(
        "".join(f"Paragraph {n} of the draft: {link}.\n\n" for n in range(150)), encoding="utf-8"
    )
    result = invoke(["many.md", "--output", "json", "--no-suggestions", "--fail-on", "warning"])
    assert result.exit_code == 1, result.output
    body = json.loads(result.stdout)
    listed = [f for f in body["findings"] if f["rule"] == "generic-anchor"]
    assert len(listed) == 100 and listed[-1]["line"] == 199  # the first 100, in text order
    summary = body["summary"]
    assert summary["by_rule"]["generic-anchor"] == 150
    assert summary["omitted"]["generic-anchor"] == 50
    assert summary["findings"] == len(body["findings"]) + sum(summary["omitted"].values())
    assert summary["by_severity"]["warning"] >= 150
    (note,) = body["notes"]
    assert "first 100 findings of each rule" in note and "50 generic-anchor" in note
    report = invoke(["many.md", "--no-suggestions", "--fail-on", "warning"])
    assert report.exit_code == 1
    warnings = summary["by_severity"]["warning"]
    assert f"{warnings} warning(s)" in report.stdout and "50 generic-anchor" in report.stdout
