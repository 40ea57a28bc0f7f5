"""What the app holds for its lifetime, kept in ``app.extensions["linkwright"]``."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from flask import current_app
from flask.sansio.app import App

if TYPE_CHECKING:
    from service.engine.reload import IndexWatcher
    from service.engine.types import SuggestionEngine
    from service.settings import Settings

EXTENSION = "linkwright"


@dataclass
class ServiceState:
    """App-wide state, built once per process by :func:`service.http.app.create_app`.

    Attributes:
        settings: the settings the app was built with.
        engine: the loaded engine, or None when the index could not be loaded. Replaced
            between requests when ``watcher`` has loaded a new index build.
        unavailable: why there is no engine ("" when there is one).
        openapi: the OpenAPI document served at ``/openapi.json``.
        cors_origins: origins allowed to call the API from a browser ("*" for any).
        watcher: picks up new index builds (None when the app was handed its engine).
    """

    settings: Settings
    engine: SuggestionEngine | None
    unavailable: str
    openapi: dict[str, Any]
    cors_origins: frozenset[str]
    watcher: IndexWatcher[SuggestionEngine] | None = None


def get_state(app: App | None = None) -> ServiceState:
    """The state of ``app`` (a Flask app, or ``setup.app`` in a blueprint's ``record``),
    or of the app handling the current request."""
    state: ServiceState = (app or current_app).extensions[EXTENSION]
    return state
