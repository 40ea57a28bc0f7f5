"""CORS for the editor origins in ``settings.cors_origins``, preflight included.

A small ``after_request`` hook instead of flask-cors: the policy is a handful of headers
on an allow-list, and owning it keeps the behaviour (and its test) in one screen.
"""

from __future__ import annotations

from flask import Flask, Response, request

from service.http.state import get_state

ALLOW_HEADERS = "Content-Type, X-API-Key, X-Request-Id"
EXPOSE_HEADERS = "X-Request-Id"
MAX_AGE = "600"


def parse_origins(value: str) -> frozenset[str]:
    """``"https://a.example, https://b.example"`` -> the set of origins (``*`` = any)."""
    return frozenset(o.strip().rstrip("/") for o in value.split(",") if o.strip())


def init_app(app: Flask) -> None:
    """Register the hook (it does nothing when no origin is configured)."""
    app.after_request(_add_cors_headers)


def _add_cors_headers(response: Response) -> Response:
    origins = get_state().cors_origins
    if not origins:
        return response
    response.vary.add("Origin")
    origin = request.headers.get("Origin", "")
    if not origin or not (origin in origins or "*" in origins):
        return response
    response.headers["Access-Control-Allow-Origin"] = origin
    if request.method == "OPTIONS" and "Access-Control-Request-Method" in request.headers:
        response.headers["Access-Control-Allow-Methods"] = response.headers.get(
            "Allow", "GET, POST, OPTIONS"
        )
        response.headers["Access-Control-Allow-Headers"] = ALLOW_HEADERS
        response.headers["Access-Control-Max-Age"] = MAX_AGE
    else:
        response.headers["Access-Control-Expose-Headers"] = EXPOSE_HEADERS
    return response
