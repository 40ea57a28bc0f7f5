"""``POST /v1/check`` requests in, check results out: the body ``linkwright check --output
json`` prints too. Suggestions, index metadata and errors use :mod:`service.schema`."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from pydantic import Field, StrictBool, StrictStr, ValidationError

from service.check_config import ConfigError, parse_check_config
from service.engine.check.types import (
    MAX_PER_RULE,
    SEVERITIES,
    CheckConfig,
    CheckResult,
    Finding,
)
from service.engine.types import Draft, InvalidRequest
from service.schema import (
    FORMAT_VERSION,
    DraftIn,
    _field_error,
    _summary,
    check_body,
    index_to_json,
    suggestion_to_json,
)

if TYPE_CHECKING:
    from service.engine.check.run import CheckableEngine
    from service.settings import Settings


class CheckIn(DraftIn):
    """The body of ``POST /v1/check``: a draft (as for suggestions) and what to check."""

    keyphrase: StrictStr | None = Field(
        None, max_length=200, description="The draft's focus keyphrase."
    )
    config: dict[str, Any] = Field(
        default_factory=dict,
        description="Check settings, as in linkwright.toml [check] (but fail_on).",
    )
    suggest: StrictBool = Field(True, description="Add the engine's suggestions.")


@dataclass(frozen=True)
class CheckRequest:
    """A validated check request."""

    draft: Draft
    keyphrase: str | None
    config: CheckConfig
    suggest: bool

    def run(self, engine: CheckableEngine) -> CheckResult:
        """Check this request with ``engine``: the one call the API and the CLI make."""
        from service.engine.check.run import run_check

        d = self.draft
        return run_check(
            engine,
            d.text,
            d.format,
            d.url,
            self.config,
            keyphrase=self.keyphrase,
            options=d.options,
            suggest=self.suggest,
            categories=d.categories,
            tags=d.tags,
            date=d.date,
        )


def parse_check(body: Any, settings: Settings) -> CheckRequest:
    """Validate a decoded JSON body of ``POST /v1/check``.

    Raises:
        InvalidRequest: naming each bad field (``config.words_per_link`` …).
        DraftTooLarge: the text is longer than ``settings.max_draft_chars``.
    """
    check_body(body, settings)
    try:
        model = CheckIn.model_validate(body)
    except ValidationError as exc:
        _invalid([_field_error(e, CheckIn) for e in exc.errors(include_url=False)])
    try:
        config, _ = parse_check_config(model.config, "config", api=True)
    except ConfigError as exc:
        field = f"config.{exc.key}" if exc.key else "config"
        _invalid([{"field": field, "message": exc.problem, "code": "config"}])
    return CheckRequest(model.to_draft(), model.keyphrase, config, model.suggest)


def _invalid(errors: list[dict[str, str]]) -> Any:
    raise InvalidRequest(_summary(errors), errors)


def finding_to_json(finding: Finding) -> dict[str, Any]:
    """One element of ``findings``."""
    return {
        "rule": finding.rule,
        "severity": finding.severity,
        "message": finding.message,
        "fix": finding.fix,
        "line": finding.line,
        "column": finding.column,
        "end_line": finding.end_line,
        "end_column": finding.end_column,
        "start": finding.start,
        "end": finding.end,
        "anchor": finding.anchor,
        "href": finding.href,
        "target": finding.target,
    }


def check_to_json(result: CheckResult) -> dict[str, Any]:
    """The body of a ``POST /v1/check`` response (and of ``check --output json``)."""
    suggestions = result.suggestions.suggestions if result.suggestions else ()
    by_rule = Counter(f.rule for f in result.findings) + Counter(result.omitted)
    severity = {f.rule: f.severity for f in result.findings}
    by_severity = Counter(severity[rule] for rule in by_rule.elements())
    notes = list(result.suggestions.notes) if result.suggestions else []
    if result.omitted:
        more = ", ".join(f"{n:,} {rule}" for rule, n in result.omitted.items())
        notes.append(
            f"only the first {MAX_PER_RULE} findings of each rule are listed; "
            f"not listed but counted in the summary: {more}"
        )
    return {
        "format_version": FORMAT_VERSION,
        "findings": [finding_to_json(f) for f in result.findings],
        "suggestions": [suggestion_to_json(s) for s in suggestions],
        "summary": {
            "url": result.url,
            "keyphrase": result.keyphrase,
            "words": result.words,
            "links": result.links,
            "internal_links": result.internal_links,
            "findings": sum(by_rule.values()),
            "omitted": dict(result.omitted),
            "by_severity": {s: by_severity.get(s, 0) for s in SEVERITIES},
            "by_rule": dict(sorted(by_rule.items())),
            "suggestions": len(suggestions),
        },
        "index": index_to_json(result.index),
        "timing_ms": {name: round(float(ms), 2) for name, ms in result.timing_ms.items()},
        "notes": notes,
    }
