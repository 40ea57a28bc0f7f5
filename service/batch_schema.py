"""Serialisation for the batch endpoints: ``POST /v1/inbound`` and ``GET /v1/report``.

The HTTP views and the CLI (``linkwright inbound --json``, ``linkwright report --format
json``) both use these functions, so they print the same bodies. Suggestions keep exactly
the shape of :func:`service.schema.suggestion_to_json`; options are validated by
:class:`service.schema.OptionsIn`.
"""

from __future__ import annotations

from dataclasses import asdict
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, ConfigDict, Field, StrictInt, StrictStr, ValidationError

from service.engine.inbound import MAX_SOURCES
from service.engine.types import InvalidRequest, Options, Target
from service.schema import (
    FORMAT_VERSION,
    OptionsIn,
    _field_error,
    _json_type,
    _summary,
    suggestion_to_json,
)

if TYPE_CHECKING:
    from service.engine.inbound import InboundResult
    from service.engine.report import SiteReport


class InboundIn(BaseModel):
    """The body of ``POST /v1/inbound``."""

    model_config = ConfigDict(extra="forbid")

    url: StrictStr = Field(min_length=1, max_length=2048, description="A post of the index.")
    options: OptionsIn = Field(default_factory=lambda: OptionsIn.model_validate({}))
    max_sources: StrictInt = Field(
        MAX_SOURCES, ge=1, le=500, description="Most source posts to parse, nearest first."
    )


def parse_inbound(body: Any) -> tuple[str, Options, int]:
    """Validate a decoded ``POST /v1/inbound`` body: (url, options, max_sources).

    Raises:
        InvalidRequest: with one entry per bad field.
    """
    if not isinstance(body, dict):
        message = f'expected a JSON object such as {{"url": "/blog/..."}}, got {_json_type(body)}'
        errors = [{"field": "body", "message": message, "code": "object_type"}]
        raise InvalidRequest(_summary(errors), errors)
    try:
        model = InboundIn.model_validate(body)
    except ValidationError as exc:
        errors = [_field_error(e, InboundIn) for e in exc.errors(include_url=False)]
        raise InvalidRequest(_summary(errors), errors) from None
    return model.url, model.options.to_options(), model.max_sources


def target_to_json(target: Target) -> dict[str, Any]:
    return {
        "url": target.url,
        "title": target.title,
        "kind": target.kind,
        "publisher": target.publisher,
        "date": target.date.isoformat() if target.date else None,
        "categories": list(target.categories),
    }


def inbound_to_json(result: InboundResult) -> dict[str, Any]:
    """The body of a ``POST /v1/inbound`` response (and of ``linkwright inbound --json``).

    Anchor offsets are into each SOURCE post's file text.
    """
    return {
        "format_version": FORMAT_VERSION,
        "target": target_to_json(result.targets[0]) if result.targets else None,
        "suggestions": [
            {
                "source": {"url": s.source.url, "title": s.source.title, "path": s.source.path},
                **suggestion_to_json(s.suggestion),
            }
            for s in result.suggestions
        ],
        "sources_considered": result.sources_considered,
        "timing_ms": {name: round(float(ms), 2) for name, ms in result.timing_ms.items()},
        "notes": list(result.notes),
    }


def report_to_json(report: SiteReport, only_orphans: bool = False) -> dict[str, Any]:
    """The body of ``GET /v1/report`` (and of ``linkwright report --format json``).

    ``summary`` always covers the whole site; ``posts`` lists only orphans when asked.
    """
    rows = report.orphans if only_orphans else report.posts
    posts = [{**asdict(p), "pagerank": round(p.pagerank, 8)} for p in rows]
    return {
        "format_version": FORMAT_VERSION,
        "summary": {
            "posts": len(report.posts),
            "orphans": len(report.orphans),
            "internal_links": sum(p.outbound_internal for p in report.posts),
            "external_links": sum(p.outbound_external for p in report.posts),
        },
        "posts": posts,
    }
