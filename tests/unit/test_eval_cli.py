"""`linkwright eval` input errors (no models are loaded before the input is checked)."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from service.cli.eval import eval_command


def test_missing_site_folder_is_a_clear_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        eval_command, [str(tmp_path / "nope"), "--cutoff", "2021-01-01", "--out", str(tmp_path)]
    )
    assert result.exit_code == 1
    assert "no such site folder" in result.output
    assert not (tmp_path / "report.json").exists()


def test_cutoff_must_be_a_date(tmp_path: Path) -> None:
    result = CliRunner().invoke(eval_command, [str(tmp_path), "--cutoff", "soon"])
    assert result.exit_code == 2
    assert "--cutoff" in result.output


def test_until_must_come_after_the_cutoff(tmp_path: Path) -> None:
    out = tmp_path / "out"
    args = [str(tmp_path), "--cutoff", "2021-01-01", "--until", "2020-01-01", "--out", str(out)]
    result = CliRunner().invoke(eval_command, args)
    assert result.exit_code == 2
    assert "not after the cutoff" in result.output
    assert not out.exists()


def _site(tmp_path: Path) -> Path:
    site = tmp_path / "site"
    (site / "_posts").mkdir(parents=True)
    return site


def test_the_live_index_is_never_the_backtests(tmp_path: Path) -> None:
    from service.cli.context import CliContext
    from tests.http.conftest import make_settings

    live = tmp_path / "live"
    (live / "builds").mkdir(parents=True)
    obj = CliContext(settings=make_settings(live))
    args = [str(_site(tmp_path)), "--cutoff", "2021-01-01", "--out", str(tmp_path / "o")]
    result = CliRunner().invoke(eval_command, [*args, "--index-dir", str(live)], obj=obj)
    assert result.exit_code == 2 and "the index linkwright serves" in result.output
    other = tmp_path / "other"
    (other / "builds").mkdir(parents=True)
    result = CliRunner().invoke(eval_command, [*args, "--index-dir", str(other)], obj=obj)
    assert result.exit_code == 2 and "did not build" in result.output
    assert sorted(p.name for p in other.iterdir()) == ["builds"]


def test_an_out_folder_that_cannot_be_made_is_a_clear_error(tmp_path: Path) -> None:
    (tmp_path / "afile").write_text("x")
    args = [str(_site(tmp_path)), "--cutoff", "2021-01-01", "--out", str(tmp_path / "afile/o")]
    result = CliRunner().invoke(eval_command, args)
    assert result.exit_code == 1 and "cannot write" in result.output
    result = CliRunner().invoke(eval_command, [str(tmp_path / "afile"), "--cutoff", "2021-01-01"])
    assert result.exit_code == 1 and "is a file, not a site folder" in result.output


def test_dates_with_no_posts_after_them_are_refused_before_the_models_load(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    site = _site(tmp_path)
    for day in ("2020-01-02", "2020-03-04"):
        (site / "_posts" / f"{day}-post.md").write_text(f"---\ntitle: Post {day}\n---\n\nText.\n")

    def no_models(settings: object) -> None:
        raise AssertionError("the models were loaded before the dates were checked")

    monkeypatch.setattr("service.engine.build.build_analyser", no_models)
    out = tmp_path / "out"
    result = CliRunner().invoke(
        eval_command, [str(site), "--cutoff", "2021-01-01", "--out", str(out)]
    )
    assert result.exit_code == 1, result.output
    assert "2 posts before 2021-01-01 and 0 on or after it" in result.output
    assert not (out / "report.json").exists()
