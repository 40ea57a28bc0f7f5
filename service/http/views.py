"""The versioned API: ``/v1/index`` and ``/v1/suggestions``."""

from __future__ import annotations

import hmac
import json
import logging
from typing import Any

from flask import Blueprint, Flask, Response, jsonify, request
from werkzeug.exceptions import (
    BadRequest,
    RequestEntityTooLarge,
    Unauthorized,
    UnsupportedMediaType,
)

from service.engine.types import IndexUnavailable, SuggestionEngine
from service.http.requestlog import request_id
from service.http.state import get_state
from service.schema import index_to_json, parse_draft, refuse_lone_surrogates, result_to_json

logger = logging.getLogger(__name__)

bp = Blueprint("v1", __name__, url_prefix="/v1")

API_KEY_HEADER = "X-API-Key"


def init_app(app: Flask) -> None:
    """Every ``/v1`` request needs the key, routed or not: without it an unknown path or
    method is a 401 as well, so the answers say nothing of which endpoints exist."""
    app.before_request(_require_key)


def _require_key() -> None:
    path = request.path
    if request.method != "OPTIONS" and (path == "/v1" or path.startswith("/v1/")):
        _check_api_key()


@bp.before_request
def _guard() -> None:
    """Readiness (after the key, :func:`init_app`). Preflight requests need neither."""
    if request.method != "OPTIONS":
        _engine()


@bp.get("/index")
def index() -> Response:
    """Describe the loaded index."""
    return jsonify(index_to_json(_engine().info()))


@bp.post("/suggestions")
def suggestions() -> Response:
    """Suggest internal links and citations for the draft in the JSON body."""
    state = get_state()
    draft = parse_draft(_json_body(), state.settings)
    result = _engine().suggest(draft)
    logger.info(
        "request_id=%s suggest chars=%d format=%s suggestions=%d engine_ms=%.1f",
        request_id(),
        len(draft.text),
        draft.format,
        len(result.suggestions),
        result.timing_ms.get("total", sum(result.timing_ms.values())),
    )
    return jsonify(result_to_json(result))


def _check_api_key() -> None:
    expected = get_state().settings.api_key
    if not expected:
        return
    sent = request.headers.get(API_KEY_HEADER)
    if sent is None:
        raise Unauthorized(f"This API needs a key: send it in the {API_KEY_HEADER} header.")
    if not hmac.compare_digest(sent.encode(), expected.encode()):
        raise Unauthorized(f"The {API_KEY_HEADER} header does not match the service's key.")


def _engine() -> SuggestionEngine:
    state = get_state()
    if state.engine is None:
        raise IndexUnavailable(
            f"The index is not loaded ({state.unavailable}); build a good one with "
            "`linkwright index` (the service picks up a new build by itself) or restart it."
        )
    return state.engine


def _json_body() -> Any:
    if not request.is_json:
        got = request.mimetype or "no Content-Type"
        raise UnsupportedMediaType(
            f"Send the request as JSON with 'Content-Type: application/json' (got {got})."
        )
    raw = request.get_data(cache=False)
    limit = request.max_content_length
    if request.content_length is None and limit is not None and len(raw) >= limit:
        raise RequestEntityTooLarge()  # a chunked body, which the stream cut at the limit
    try:
        body = json.loads(raw)
    except RecursionError:
        raise BadRequest("The request body is JSON nested too deeply.") from None
    except ValueError as exc:
        raise BadRequest(f"The request body is not valid JSON: {exc}.") from None
    refuse_lone_surrogates(body)
    return body
