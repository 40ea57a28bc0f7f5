"""The editor sidebar page at ``/``: static HTML, JS and CSS that call the public API.

The page is what a CMS plugin would be: it only talks to ``/v1/suggestions`` over HTTP,
with the same headers (``X-API-Key``) and the same JSON. No build step, nothing external.
"""

from __future__ import annotations

from flask import Blueprint, Response, send_from_directory

bp = Blueprint("editor", __name__, static_folder="static", static_url_path="/static")

#: Everything comes from this origin; no inline script, no external fonts or CDNs.
CONTENT_SECURITY_POLICY = (
    "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; "
    "img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
)


@bp.get("/")
def page() -> Response:
    """The editor with its suggestions sidebar."""
    response = send_from_directory(bp.static_folder or "static", "editor.html")
    response.headers["Content-Security-Policy"] = CONTENT_SECURITY_POLICY
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response
