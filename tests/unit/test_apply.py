"""Applying a plan: only accepted edits, journalled, atomic, re-runnable, undoable."""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest
from click.testing import CliRunner

from service.cli.main import cli
from service.relink.apply import (
    MANIFEST,
    apply_edits,
    apply_plan,
    journal_dir,
    read_journal,
    undo_plan,
)
from service.relink.atomic import sha256_bytes
from service.relink.plan import link_markup
from service.relink.planfile import Edit, edit_id, read_plan, write_plan
from tests.conftest import ROOT, SAMPLE

WORD = re.compile(r"\b(?:search engines|readers|pages)\b")


def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def proposed(path: Path, target: str, status: str = "accepted", nth: int = 0) -> Edit:
    """An edit linking the ``nth`` match of WORD in the body of ``path`` to ``target``."""
    data = path.read_bytes()
    text = data.decode("utf-8")
    body = text.index("\n---", 3) + 4
    m = list(WORD.finditer(text, body))[nth]
    fmt = "html" if path.suffix == ".html" else "markdown"
    markup = link_markup(fmt, m.group(), target)
    assert markup is not None
    return Edit(
        id=edit_id(str(path), target, m.start(), m.end(), m.group()),
        file=str(path),
        sha256=sha256_bytes(data),
        source_url="/src/",
        source_title="Source",
        target_url=target,
        target_title="Target",
        anchor=m.group(),
        start=m.start(),
        end=m.end(),
        replacement=markup,
        score=0.9,
        status=status,  # type: ignore[arg-type]
    )


@pytest.fixture
def site(tmp_path: Path) -> Path:
    dest = tmp_path / "site"
    shutil.copytree(SAMPLE / "site", dest)
    odd = dest / "_posts" / "2020-01-01-odd.md"  # CRLF, a BOM and non-ASCII before the anchor
    odd.write_bytes("\ufeff---\r\ntitle: Café\r\n---\r\nNaïve readers love pages.\r\n".encode())
    return dest


@pytest.fixture
def plan(site: Path, tmp_path: Path) -> Path:
    posts = sorted((site / "_posts").iterdir())
    edits = [proposed(p, f"/target/{i}/") for i, p in enumerate(posts[:5])]
    edits.append(proposed(posts[0], "/second/", nth=1))  # two edits in one file
    edits.append(proposed(posts[5], "/rejected/", status="rejected"))
    edits.append(proposed(posts[6], "/proposed/", status="proposed"))
    path = tmp_path / "plan.jsonl"
    write_plan(path, edits)
    return path


def test_apply_then_undo_restores_every_byte(site: Path, plan: Path) -> None:
    before = snapshot(site)
    results = apply_plan(plan, read_plan(plan))
    assert [r.outcome for r in results] == ["applied"] * 5
    after = snapshot(site)
    changed = {k for k in before if before[k] != after[k]}
    assert len(changed) == 5  # only files with accepted edits
    edits = read_plan(plan)
    for e in edits:
        text = Path(e.file).read_bytes().decode()
        assert (e.replacement in text) == (e.status == "accepted")
    assert undo_plan(plan)[0].outcome == "restored"
    assert snapshot(site) == before


def test_a_review_changed_after_an_apply_is_applied_from_the_original(
    site: Path, tmp_path: Path
) -> None:
    """Accept one, apply; accept another, apply; reject the first, apply; reject all."""
    post = sorted((site / "_posts").iterdir())[0]  # two places to link (as in `plan`)
    original = post.read_bytes()
    first, second = proposed(post, "/first/"), proposed(post, "/second/", nth=1)
    path = tmp_path / "plan.jsonl"

    def apply_with(*accepted: Edit) -> list[str]:
        ids = {e.id for e in accepted}
        write_plan(
            path,
            [replace(e, status="accepted" if e.id in ids else "rejected") for e in (first, second)],
        )
        return [r.outcome for r in apply_plan(path, read_plan(path))]

    assert apply_with(first) == ["applied"]
    assert apply_with(first) == ["already_applied"]
    assert apply_with(first, second) == ["applied"]
    text = post.read_text(encoding="utf-8")
    assert first.replacement in text and second.replacement in text
    assert apply_with(second) == ["applied"]
    text = post.read_text(encoding="utf-8")
    assert first.replacement not in text and second.replacement in text
    assert apply_with() == ["restored"]
    assert post.read_bytes() == original
    assert apply_with(second) == ["applied"]
    assert [r.outcome for r in undo_plan(path)] == ["restored"]
    assert post.read_bytes() == original


def test_a_symlinked_post_stays_a_symlink_through_apply_and_undo(
    site: Path, tmp_path: Path
) -> None:
    posts = site / "_posts"
    real = tmp_path / "elsewhere.md"
    first = sorted(posts.iterdir())[0]
    real.write_bytes(first.read_bytes())
    first.unlink()
    first.symlink_to(real)
    before = real.read_bytes()
    path = tmp_path / "plan.jsonl"
    write_plan(path, [proposed(first, "/target/")])
    assert [r.outcome for r in apply_plan(path, read_plan(path))] == ["applied"]
    assert first.is_symlink() and b"](/target/)" in real.read_bytes()
    assert undo_plan(path)[0].outcome == "restored"
    assert first.is_symlink() and real.read_bytes() == before


def test_offsets_count_characters_and_line_ends_are_kept(site: Path, tmp_path: Path) -> None:
    odd = site / "_posts" / "2020-01-01-odd.md"
    edit = proposed(odd, "/x/")
    plan = tmp_path / "odd.jsonl"
    write_plan(plan, [edit])
    apply_plan(plan, read_plan(plan))
    assert odd.read_bytes().decode() == (
        "\ufeff---\r\ntitle: Café\r\n---\r\nNaïve [readers](/x/) love pages.\r\n"
    )


def test_a_file_changed_after_planning_is_skipped_with_a_message(site: Path, plan: Path) -> None:
    edits = read_plan(plan)
    victim = Path(edits[0].file)
    victim.write_bytes(victim.read_bytes() + b"\nA late edit.\n")
    edited = victim.read_bytes()
    result = CliRunner().invoke(cli, ["relink", "apply", str(plan)])
    assert result.exit_code == 1
    assert f"{victim} changed since the plan was made" in result.output
    assert "1 file(s) skipped" in result.output
    assert victim.read_bytes() == edited
    assert "applied 4 file(s)" in result.output


def test_rerunning_apply_is_a_no_op(site: Path, plan: Path) -> None:
    apply_plan(plan, read_plan(plan))
    once = snapshot(site)
    journal = read_journal(journal_dir(plan))
    again = apply_plan(plan, read_plan(plan))
    assert {r.outcome for r in again} == {"already_applied"}
    assert snapshot(site) == once
    assert read_journal(journal_dir(plan)) == journal
    result = CliRunner().invoke(cli, ["relink", "apply", str(plan)])
    assert result.exit_code == 0, result.output
    assert "applied 0 file(s); 5 already applied" in result.output


def test_undo_refuses_a_file_changed_since_apply_unless_forced(site: Path, plan: Path) -> None:
    before = snapshot(site)
    apply_plan(plan, read_plan(plan))
    victim = Path(read_plan(plan)[0].file)
    victim.write_bytes(victim.read_bytes() + b"more")
    result = CliRunner().invoke(cli, ["relink", "undo", str(plan)])
    assert result.exit_code == 1
    assert f"{victim} changed after the links were added" in result.output
    assert "--force" in result.output
    assert snapshot(site) != before
    result = CliRunner().invoke(cli, ["relink", "undo", str(plan), "--force"])
    assert result.exit_code == 0, result.output
    assert snapshot(site) == before
    again = CliRunner().invoke(cli, ["relink", "undo", str(plan)])  # nothing left to do
    assert again.exit_code == 0 and "restored 0 file(s)" in again.output


def test_a_crash_mid_apply_leaves_whole_files_and_undo_restores(site: Path, plan: Path) -> None:
    before = snapshot(site)
    edits = read_plan(plan)
    accepted = [e for e in edits if e.status == "accepted"]
    new = {}
    for file in {e.file for e in accepted}:
        mine = [e for e in accepted if e.file == file]
        new[file] = apply_edits(Path(file).read_bytes().decode(), mine).encode()
    cmd = [sys.executable, "-c", "from service.cli.main import cli; cli()"]
    env = {**os.environ, "LINKWRIGHT_TEST_CRASH_AFTER": "2"}
    proc = subprocess.run(
        [*cmd, "relink", "apply", str(plan)], cwd=ROOT, env=env, capture_output=True, timeout=120
    )
    assert proc.returncode == -signal.SIGKILL, proc.stderr.decode()
    states = {f: Path(f).read_bytes() for f in new}
    assert all(data in (before[_rel(site, f)], new[f]) for f, data in states.items())
    assert sum(data == new[f] for f, data in states.items()) == 2
    undo = subprocess.run([*cmd, "relink", "undo", str(plan)], cwd=ROOT, capture_output=True)
    assert undo.returncode == 0, undo.stderr.decode()
    assert snapshot(site) == before
    finish = subprocess.run([*cmd, "relink", "apply", str(plan)], cwd=ROOT, capture_output=True)
    assert finish.returncode == 0, finish.stderr.decode()
    assert all(Path(f).read_bytes() == data for f, data in new.items())


def _rel(site: Path, file: str) -> str:
    return str(Path(file).relative_to(site))


def test_a_torn_journal_line_is_ignored(site: Path, plan: Path) -> None:
    before = snapshot(site)
    apply_plan(plan, read_plan(plan))
    manifest = journal_dir(plan) / MANIFEST
    with manifest.open("a") as fh:
        fh.write('{"path": "/half')  # a crash while appending
    assert len(read_journal(journal_dir(plan))) == 5
    undo_plan(plan)
    assert snapshot(site) == before


def test_edits_are_checked_against_the_text() -> None:
    e = Edit("i", "f", "s", "/", "", "/t/", "", "word", 4, 8, "[word](/t/)", 1.0)
    assert apply_edits("the word here", [e]) == "the [word](/t/) here"
    with pytest.raises(ValueError, match="is not at"):
        apply_edits("the text here", [e])
    with pytest.raises(ValueError, match="overlap"):
        apply_edits("the word here", [e, replace(e, id="j", start=6, end=13, anchor="rd here")])


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "no plan file at"),
        ("not json\n", "line 1 is not a plan edit"),
        ('{"id": "x"}\n', "line 1 is not a plan edit"),
    ],
)
def test_bad_plan_files_say_what_to_do(tmp_path: Path, content: str | None, message: str) -> None:
    plan = tmp_path / "plan.jsonl"
    if content is not None:
        plan.write_text(content)
    for args in (["apply", str(plan)], ["mark", str(plan), "--all-accept"]):
        result = CliRunner().invoke(cli, ["relink", *args])
        assert result.exit_code == 1
        assert message in result.output


def test_apply_needs_accepted_edits_and_undo_needs_a_journal(plan: Path) -> None:
    edits = [replace(e, status="proposed") for e in read_plan(plan)]
    write_plan(plan, edits)
    result = CliRunner().invoke(cli, ["relink", "apply", str(plan)])
    assert result.exit_code == 1 and "--accept" in result.output
    result = CliRunner().invoke(cli, ["relink", "undo", str(plan)])
    assert result.exit_code == 1 and "no journal" in result.output


def test_mark_by_id_prefix_and_unknown_ids(plan: Path) -> None:
    edits = read_plan(plan)
    target = next(e for e in edits if e.status == "proposed")
    result = CliRunner().invoke(cli, ["relink", "mark", str(plan), target.id[:8], "--accept"])
    assert result.exit_code == 0, result.output
    assert next(e for e in read_plan(plan) if e.id == target.id).status == "accepted"
    assert plan.with_suffix(".html").exists()
    result = CliRunner().invoke(cli, ["relink", "mark", str(plan), "nope", "--reject"])
    assert result.exit_code == 1 and "nope" in result.output
    lines = [json.loads(line) for line in plan.read_text().splitlines()]
    assert [line["id"] for line in lines] == [e.id for e in edits]
