"""The hand-written OpenAPI 3.1 document, kept as versioned data (``openapi_v1.json``)."""

from __future__ import annotations

import json
from importlib import resources
from typing import Any

from flask import Blueprint, Response, jsonify

from service.http.state import get_state

DOCUMENT = "openapi_v1.json"

bp = Blueprint("openapi", __name__)


def load_document() -> dict[str, Any]:
    """Read the document shipped with the package."""
    text = resources.files("service.http").joinpath(DOCUMENT).read_text(encoding="utf-8")
    document: dict[str, Any] = json.loads(text)
    return document


@bp.get("/openapi.json")
def openapi_json() -> Response:
    """Serve the OpenAPI document."""
    return jsonify(get_state().openapi)
