"""Fixtures for the HTTP API tests: the real app around a fake engine."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from flask.testing import FlaskClient

from service.http.app import create_app
from service.settings import Settings
from tests.fakes.engine import FakeEngine
from tests.http.live import gunicorn_server

MakeClient = Callable[..., FlaskClient]

#: The key of the ``keyed_live_server`` fixture.
LIVE_API_KEY = "editor-test-key"


def make_settings(index: Path, **overrides: Any) -> Settings:
    """Settings independent of the caller's LINKWRIGHT_* environment."""
    values: dict[str, Any] = {
        "index": index,
        "api_key": "",
        "cors_origins": "",
        "max_body_bytes": 1_000_000,
        "max_draft_chars": 200_000,
        "log_level": "INFO",
    }
    return Settings(**{**values, **overrides})


@pytest.fixture
def fake_engine() -> FakeEngine:
    return FakeEngine()


@pytest.fixture
def make_client(tmp_path: Path, fake_engine: FakeEngine) -> MakeClient:
    """``make_client(api_key="k")``: a test client of an app with those settings."""

    def make(engine: Any = fake_engine, **overrides: Any) -> FlaskClient:
        app = create_app(make_settings(tmp_path / "index", **overrides), engine=engine)
        return app.test_client()

    return make


@pytest.fixture
def client(make_client: MakeClient) -> FlaskClient:
    return make_client()


@pytest.fixture(scope="session")
def live_server(built_index: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A real gunicorn process over the sample index; yields its base URL."""
    with gunicorn_server(built_index, tmp_path_factory.mktemp("live")) as url:
        yield url


@pytest.fixture(scope="session")
def keyed_live_server(built_index: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Like ``live_server``, but /v1 requires ``X-API-Key: LIVE_API_KEY``."""
    logs = tmp_path_factory.mktemp("live-keyed")
    with gunicorn_server(built_index, logs, LINKWRIGHT_API_KEY=LIVE_API_KEY) as url:
        yield url
