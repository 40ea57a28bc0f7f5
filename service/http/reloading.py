"""Serving a new index build without a restart: between requests, take what the watcher
(:class:`service.engine.reload.IndexWatcher`) has loaded in the background."""

from __future__ import annotations

from flask import Flask

from service.http.state import get_state


def init_app(app: Flask) -> None:
    """Check for a newly loaded engine before each request (a lock and a clock read)."""
    app.before_request(_swap)


def _swap() -> None:
    state = get_state()
    if state.watcher is None:
        return
    engine = state.watcher.poll()
    if engine is not None:
        state.engine, state.unavailable = engine, ""
    elif state.engine is None and state.watcher.error:
        state.unavailable = state.watcher.error
