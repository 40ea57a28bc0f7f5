"""Fixtures for the CLI tests: the real click group around a fake engine."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from service.cli.context import CliContext
from service.cli.main import cli
from service.settings import Settings
from tests.fakes.engine import FakeEngine
from tests.http.conftest import make_settings

Invoke = Callable[..., Result]


@pytest.fixture
def fake_engine() -> FakeEngine:
    return FakeEngine()


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return make_settings(tmp_path / "index")


@pytest.fixture
def built_with() -> list[Settings]:
    """The settings each engine was built with."""
    return []


@pytest.fixture
def invoke(settings: Settings, fake_engine: FakeEngine, built_with: list[Settings]) -> Invoke:
    """``invoke(["suggest", "-"], input=...)``: run ``linkwright`` in-process."""

    def factory(used: Settings) -> FakeEngine:
        built_with.append(used)
        return fake_engine

    def run(args: list[str], **kwargs: object) -> Result:
        obj = CliContext(settings=settings, engine_factory=factory)
        return CliRunner().invoke(cli, args, obj=obj, **kwargs)  # type: ignore[arg-type]

    return run
