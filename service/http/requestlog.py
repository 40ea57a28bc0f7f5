"""Request ids and one log line per request: id, method, path, status, sizes, elapsed ms."""

from __future__ import annotations

import logging
import re
import time
import uuid

from flask import Flask, Response, g, request

logger = logging.getLogger(__name__)

HEADER = "X-Request-Id"
#: An incoming id (from a proxy or the editor) is kept when it looks like one.
_VALID_ID = re.compile(r"[A-Za-z0-9._:-]{1,128}")


def init_app(app: Flask) -> None:
    """Register the hooks; they run for every request, errors included."""
    app.before_request(_start)
    app.after_request(_finish)


def request_id() -> str:
    """The current request's id."""
    return str(g.get("request_id", "-"))


def _start() -> None:
    incoming = request.headers.get(HEADER, "")
    g.request_id = incoming if _VALID_ID.fullmatch(incoming) else uuid.uuid4().hex
    g.started = time.perf_counter()


def _finish(response: Response) -> Response:
    response.headers[HEADER] = request_id()
    elapsed_ms = (time.perf_counter() - g.get("started", time.perf_counter())) * 1000
    level = logging.INFO if request.path.startswith("/v1/") else logging.DEBUG
    logger.log(
        level,
        "request_id=%s method=%s path=%s status=%d bytes_in=%d bytes_out=%s elapsed_ms=%.1f",
        request_id(),
        request.method,
        request.path,
        response.status_code,
        request.content_length or 0,
        response.content_length if response.content_length is not None else "-",
        elapsed_ms,
    )
    return response
