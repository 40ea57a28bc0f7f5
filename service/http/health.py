"""Liveness and readiness probes (never behind the API key)."""

from __future__ import annotations

from flask import Blueprint, Response, jsonify

from service.http.state import get_state
from service.schema import index_to_json

bp = Blueprint("health", __name__)


@bp.get("/healthz")
def healthz() -> Response:
    """The process is up."""
    return jsonify({"ok": True})


@bp.get("/readyz")
def readyz() -> tuple[Response, int]:
    """The engine and its index are loaded (200), or why not (503)."""
    state = get_state()
    if state.engine is None:
        return jsonify({"ready": False, "reason": state.unavailable}), 503
    return jsonify({"ready": True, "index": index_to_json(state.engine.info())}), 200
