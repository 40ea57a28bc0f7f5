"""The Flask application factory.

gunicorn calls it once per worker: ``gunicorn -c service/http/gunicorn_conf.py
"service.http.app:create_app()"``; tests call it with their own settings and engine.
"""

from __future__ import annotations

import logging
import sys
from typing import TYPE_CHECKING

from flask import Flask
from flask.json.provider import DefaultJSONProvider

from service.http import (
    batch_views,
    check_views,
    cors,
    editor,
    errors,
    health,
    openapi,
    reloading,
    requestlog,
    views,
)
from service.http.state import EXTENSION, ServiceState
from service.settings import Settings, load_settings

if TYPE_CHECKING:
    from pathlib import Path

    from service.engine.reload import IndexWatcher
    from service.engine.types import SuggestionEngine

logger = logging.getLogger(__name__)


class _OrderedJSON(DefaultJSONProvider):
    """Keep the documented key order, so responses read like the schema."""

    sort_keys = False


def create_app(settings: Settings | None = None, engine: SuggestionEngine | None = None) -> Flask:
    """Build the app.

    Args:
        settings: defaults to :func:`load_settings` (the ``LINKWRIGHT_*`` environment).
        engine: the engine to serve; when None it is built from ``settings`` here, once.
            If the index cannot be loaded the app still starts: ``/readyz`` and the
            ``/v1`` endpoints answer 503 with the reason.
    """
    settings = settings or load_settings()
    _configure_logging(settings)
    unavailable = ""
    watch = engine is None
    if engine is None:
        engine, unavailable = _load_engine(settings)
    app = Flask(__name__, static_folder=None)
    app.json = _OrderedJSON(app)
    app.config["MAX_CONTENT_LENGTH"] = settings.max_body_bytes
    state = ServiceState(
        settings=settings,
        engine=engine,
        unavailable=unavailable,
        openapi=openapi.load_document(),
        cors_origins=cors.parse_origins(settings.cors_origins),
    )
    if watch and settings.reload_interval > 0:
        state.watcher = _watcher(settings, state)
    app.extensions[EXTENSION] = state
    requestlog.init_app(app)
    reloading.init_app(app)
    cors.init_app(app)
    errors.init_app(app)
    views.init_app(app)
    app.register_blueprint(health.bp)
    app.register_blueprint(openapi.bp)
    app.register_blueprint(views.bp)
    app.register_blueprint(editor.bp)
    app.register_blueprint(check_views.bp)
    app.register_blueprint(batch_views.bp)
    return app


def _load_engine(settings: Settings) -> tuple[SuggestionEngine | None, str]:
    """Build the engine once; on a missing or unusable index return (None, reason)."""
    from service.engine.build import build_engine
    from service.engine.types import IndexUnavailable

    try:
        return build_engine(settings), ""
    except IndexUnavailable as exc:
        reason = str(exc) or type(exc).__name__
        logger.error(
            "index not loaded from %s: %s. Serving /healthz; /readyz and /v1 answer 503 "
            "until a good build is made current (checked every %s s) or the service restarts.",
            settings.index,
            reason,
            settings.reload_interval,
        )
        return None, reason


def _watcher(settings: Settings, state: ServiceState) -> IndexWatcher[SuggestionEngine]:
    """Watch the index root for new builds; load them with the models already in memory."""
    from service.engine.engine import Engine
    from service.engine.reload import IndexWatcher, current_build

    def load() -> tuple[SuggestionEngine, Path]:
        from service.engine.build import reload_engine

        current = state.engine if isinstance(state.engine, Engine) else None
        engine = reload_engine(settings, current)
        return engine, engine.index.path

    engine = state.engine
    seen = engine.index.path if isinstance(engine, Engine) else current_build(settings.index)
    return IndexWatcher(settings.index, seen, load, settings.reload_interval)


def _configure_logging(settings: Settings) -> None:
    """Set our loggers' level; add a stderr handler only if nobody configured logging."""
    root = logging.getLogger("service")
    root.setLevel(settings.log_level.upper())
    if not root.hasHandlers():
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(
            logging.Formatter("%(asctime)s [%(process)d] [%(levelname)s] %(name)s: %(message)s")
        )
        root.addHandler(handler)
