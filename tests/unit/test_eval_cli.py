"""`linkwright eval` input errors (no models are loaded before the input is checked)."""

from __future__ import annotations

from pathlib import Path

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
