"""``POST /v1/check``: findings about a draft's links, plus suggestions."""

from __future__ import annotations

import logging

from flask import Blueprint, Response, jsonify

from service.check_schema import check_to_json, parse_check
from service.engine.check.run import CheckableEngine
from service.engine.types import IndexUnavailable
from service.http import views
from service.http.requestlog import request_id
from service.http.state import get_state

logger = logging.getLogger(__name__)

bp = Blueprint("v1_check", __name__, url_prefix="/v1")

# The same guard as the rest of /v1: the API key first, then readiness.
bp.before_request(views._guard)


@bp.post("/check")
def check() -> Response:
    """Check the links of the draft in the JSON body and suggest missing ones."""
    state = get_state()
    req = parse_check(views._json_body(), state.settings)
    result = req.run(_checkable())
    logger.info(
        "request_id=%s check chars=%d format=%s findings=%d suggestions=%d engine_ms=%.1f",
        request_id(),
        len(req.draft.text),
        req.draft.format,
        len(result.findings) + sum(result.omitted.values()),
        len(result.suggestions.suggestions) if result.suggestions else 0,
        result.timing_ms["total"],
    )
    return jsonify(check_to_json(result))


def _checkable() -> CheckableEngine:
    engine = views._engine()
    if not hasattr(engine, "index"):
        raise IndexUnavailable("This service's engine has no index to check links against.")
    return engine  # type: ignore[return-value]
