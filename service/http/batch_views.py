"""Batch endpoints: ``POST /v1/inbound`` (where other posts could link to a post) and
``GET /v1/report`` (the site's link report).

The same guard as the rest of ``/v1`` (API key, then readiness) runs first. The OpenAPI
description of these paths is kept next to this module (``openapi_batch_v1.json``) and
merged into the served document when the blueprint is registered.
"""

from __future__ import annotations

import json
import logging
from importlib import resources
from typing import TYPE_CHECKING, Any

from flask import Blueprint, Flask, Response, jsonify, request
from flask.blueprints import BlueprintSetupState

from service.batch_schema import inbound_to_json, parse_inbound, report_to_json
from service.engine.types import IndexUnavailable, InvalidRequest
from service.http import views
from service.http.requestlog import request_id
from service.http.state import get_state

if TYPE_CHECKING:
    from service.engine.engine import Engine

logger = logging.getLogger(__name__)

bp = Blueprint("v1_batch", __name__, url_prefix="/v1")

OPENAPI_FRAGMENT = "openapi_batch_v1.json"


@bp.record_once
def _document(setup: BlueprintSetupState) -> None:
    """Add these paths (and their schemas) to the app's OpenAPI document."""
    text = resources.files("service.http").joinpath(OPENAPI_FRAGMENT).read_text("utf-8")
    fragment = json.loads(text)
    app: Flask = setup.app  # type: ignore[assignment]
    document = get_state(app).openapi
    document.setdefault("paths", {}).update(fragment["paths"])
    schemas = document.setdefault("components", {}).setdefault("schemas", {})
    schemas.update(fragment["components"]["schemas"])


# The same guard as the rest of /v1: the API key first, then readiness.
bp.before_request(views._guard)


@bp.post("/inbound")
def inbound() -> Response:
    """Suggestions in other posts for links to the post at ``url``."""
    from service.engine.inbound import inbound as find_inbound

    url, options, max_sources = parse_inbound(views._json_body())
    result = find_inbound(_batch_engine(), [url], options, max_sources=max_sources)
    logger.info(
        "request_id=%s inbound url=%s sources=%d suggestions=%d ms=%.1f",
        request_id(),
        url,
        result.sources_considered,
        len(result.suggestions),
        result.timing_ms["total"],
    )
    return jsonify(inbound_to_json(result))


@bp.get("/report")
def report() -> Response:
    """Per post: inbound and outbound link counts, orphan flag and PageRank."""
    from service.engine.report import site_report

    only_orphans = _flag("orphans")
    result = site_report(_batch_engine().index.path)
    logger.info("request_id=%s report posts=%d", request_id(), len(result.posts))
    return jsonify(report_to_json(result, only_orphans))


def _flag(name: str) -> bool:
    """A true/false query parameter (absent: false), as the API description lists them."""
    value = request.args.get(name, "false").lower()
    if value not in ("true", "false", "1", "0", "yes", "no"):
        message = f"use true or false, got {value[:40]!r}"
        errors = [{"field": name, "message": message, "code": "query"}]
        raise InvalidRequest(f"Invalid request: {name}: {message}.", errors)
    return value in ("true", "1", "yes")


def _batch_engine() -> Engine:
    engine: Any = views._engine()
    if not hasattr(engine, "index"):
        raise IndexUnavailable("This service's engine has no index to run batch work on.")
    batch: Engine = engine
    return batch
