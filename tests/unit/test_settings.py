"""The LINKWRIGHT_* settings: bad values are refused at start, naming the variable."""

from __future__ import annotations

import subprocess
import sys

import pytest

from service.settings import load_settings
from tests.conftest import ROOT


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("LINKWRIGHT_MAX_BODY_BYTES", "-1"),
        ("LINKWRIGHT_MAX_DRAFT_CHARS", "0"),
        ("LINKWRIGHT_TORCH_THREADS", "0"),
        ("LINKWRIGHT_EMBEDDING_PRECISION", "half"),
        ("LINKWRIGHT_RELOAD_INTERVAL", "-1"),
        ("LINKWRIGHT_LOG_LEVEL", "garbage"),
    ],
)
def test_a_bad_value_names_the_variable(
    monkeypatch: pytest.MonkeyPatch, name: str, value: str
) -> None:
    monkeypatch.setenv(name, value)
    with pytest.raises(ValueError, match=f"bad setting: {name}: "):
        load_settings()


def test_log_level_takes_any_case(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LINKWRIGHT_LOG_LEVEL", "warning")
    assert load_settings().log_level == "WARNING"


def test_gunicorn_stops_before_any_worker_on_a_bad_setting() -> None:
    env = {"HF_HUB_OFFLINE": "1", "LINKWRIGHT_LOG_LEVEL": "garbage", "PATH": "/usr/bin:/bin"}
    command = [sys.executable, "-m", "gunicorn", "-c", "service/http/gunicorn_conf.py"]
    command += ["--bind", "127.0.0.1:0", "service.http.app:create_app()"]
    done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode != 0
    assert "linkwright: bad setting: LINKWRIGHT_LOG_LEVEL" in done.stderr
    assert "Booting worker" not in done.stderr
