"""One JSON error shape for every error status: ``schema.error_body``."""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence

from flask import Flask, Response, current_app, jsonify, request
from werkzeug.exceptions import HTTPException

from service.engine.types import EngineError, IndexUnavailable
from service.http.requestlog import request_id
from service.schema import error_body

logger = logging.getLogger(__name__)


def init_app(app: Flask) -> None:
    """Register the handlers: HTTP errors, engine errors, and anything unexpected."""
    app.register_error_handler(HTTPException, _http_error)
    app.register_error_handler(EngineError, _engine_error)
    app.register_error_handler(Exception, _unexpected_error)


def error_response(
    status: int,
    message: str,
    errors: Sequence[dict[str, str]] = (),
    headers: Iterable[tuple[str, str]] = (),
) -> Response:
    """A response in the one error shape."""
    response = jsonify(error_body(status, message, errors))
    response.status_code = status
    for name, value in headers:
        response.headers[name] = value
    return response


def _http_error(exc: HTTPException) -> Response:
    status = exc.code or 500
    message = exc.description or exc.name
    if exc.description == type(exc).description:  # werkzeug's generic text: say more
        message = _better_message(exc, status) or message
    headers = [(k, v) for k, v in exc.get_headers() if k.lower() != "content-type"]
    return error_response(status, message, headers=headers)


def _better_message(exc: HTTPException, status: int) -> str | None:
    if status == 404:
        return f"No endpoint at {request.path}; the API is described at /openapi.json."
    if status == 405:
        allowed = sorted(set(getattr(exc, "valid_methods", None) or ()) - {"HEAD", "OPTIONS"})
        hint = f"; use {', '.join(allowed)}" if allowed else ""
        return f"{request.method} is not allowed on {request.path}{hint}."
    if status == 413:
        limit = current_app.config.get("MAX_CONTENT_LENGTH")
        if limit is None:
            return None
        return (
            f"The request body is larger than the limit of {limit:,} bytes "
            "(LINKWRIGHT_MAX_BODY_BYTES); send a shorter draft."
        )
    return None


def _engine_error(exc: EngineError) -> Response:
    if isinstance(exc, IndexUnavailable):
        logger.warning("request_id=%s index unavailable: %s", request_id(), exc)
    errors: Sequence[dict[str, str]] = getattr(exc, "errors", ())
    return error_response(exc.status, str(exc) or type(exc).__name__, errors)


def _unexpected_error(exc: Exception) -> Response:
    logger.exception(
        "request_id=%s unhandled error on %s %s", request_id(), request.method, request.path
    )
    message = (
        f"Internal server error (request id {request_id()}); the details are in the server log."
    )
    return error_response(500, message)
