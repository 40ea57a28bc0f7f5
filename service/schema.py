"""The one serialisation module: JSON requests in, JSON responses out.

The HTTP views and the CLI both parse requests with :func:`parse_draft` and serialise
results with :func:`result_to_json`, so ``linkwright suggest --json`` prints exactly the
body that ``POST /v1/suggestions`` returns. Option defaults come from
:class:`service.engine.types.Options`; bounds are declared here, once.
"""

from __future__ import annotations

from dataclasses import asdict
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING, Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StrictBool,
    StrictFloat,
    StrictInt,
    StrictStr,
    ValidationError,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

from service.engine.types import (
    Draft,
    DraftTooLarge,
    Filters,
    IndexInfo,
    InvalidRequest,
    Options,
    Suggestion,
    SuggestionResult,
)

if TYPE_CHECKING:
    from collections.abc import Sequence

    from service.settings import Settings

#: Version of the response body; bumped on any incompatible change.
FORMAT_VERSION = 1

_DEFAULTS = Options()
#: The time budget of a request that names none: an editor would rather have the
#: suggestions found in two seconds than wait for all of a very long draft.
DEFAULT_TIME_BUDGET_MS = 2000


def _iso_string(value: object) -> object:
    if isinstance(value, str | datetime | date):
        return value
    raise PydanticCustomError(
        "iso_date", "use an ISO 8601 date or date-time string, e.g. '2024-01-31'"
    )


def _as_utc(value: datetime) -> datetime:
    """Dates without a zone are UTC, like the indexed posts' dates."""
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


IsoDateTime = Annotated[datetime, BeforeValidator(_iso_string), AfterValidator(_as_utc)]
StrList = Annotated[list[StrictStr], Field(max_length=1000)]


class FiltersIn(BaseModel):
    """Which targets may be suggested (request form of :class:`Filters`)."""

    model_config = ConfigDict(extra="forbid")

    published_before: IsoDateTime | None = Field(None, description="Only targets before this.")
    published_after: IsoDateTime | None = Field(None, description="Only targets after this.")
    categories: StrList = Field(default_factory=list, description="Only these categories.")
    post_types: StrList = Field(default_factory=list, description="Only these post types.")
    exclude_urls: StrList = Field(default_factory=list, description="Never these URLs.")
    include_url_prefixes: StrList = Field(
        default_factory=list, description="Only URLs starting with one of these."
    )
    exclude_url_prefixes: StrList = Field(
        default_factory=list, description="Never URLs starting with one of these."
    )

    @model_validator(mode="after")
    def _date_range(self) -> FiltersIn:
        after, before = self.published_after, self.published_before
        if after is not None and before is not None and after >= before:
            raise PydanticCustomError(
                "date_range", "published_after must be earlier than published_before"
            )
        return self

    def to_filters(self) -> Filters:
        return Filters(
            published_before=self.published_before,
            published_after=self.published_after,
            categories=tuple(self.categories),
            post_types=tuple(self.post_types),
            exclude_urls=tuple(self.exclude_urls),
            include_url_prefixes=tuple(self.include_url_prefixes),
            exclude_url_prefixes=tuple(self.exclude_url_prefixes),
        )


class OptionsIn(BaseModel):
    """Limits of one run (request form of :class:`Options`)."""

    model_config = ConfigDict(extra="forbid")

    max_suggestions: StrictInt = Field(_DEFAULTS.max_suggestions, ge=1, le=100)
    max_internal: StrictInt = Field(_DEFAULTS.max_internal, ge=0, le=100)
    max_citations: StrictInt = Field(_DEFAULTS.max_citations, ge=0, le=100)
    threshold: StrictFloat = Field(_DEFAULTS.threshold, ge=0.0, le=1.0)
    citation_threshold: StrictFloat = Field(_DEFAULTS.citation_threshold, ge=0.0, le=1.0)
    words_per_link: StrictInt = Field(_DEFAULTS.words_per_link, ge=10, le=10_000)
    per_sentence: StrictInt = Field(_DEFAULTS.per_sentence, ge=1, le=10)
    internal: StrictBool = _DEFAULTS.internal
    citations: StrictBool = _DEFAULTS.citations
    filters: FiltersIn = Field(default_factory=lambda: FiltersIn.model_validate({}))
    time_budget_ms: StrictInt = Field(
        DEFAULT_TIME_BUDGET_MS,
        ge=10,
        le=60_000,
        description="Answer after about this many milliseconds with the suggestions found.",
    )

    def to_options(self) -> Options:
        values = self.model_dump(exclude={"filters"})
        return Options(**values, filters=self.filters.to_filters())


class DraftIn(BaseModel):
    """The body of ``POST /v1/suggestions``."""

    model_config = ConfigDict(extra="forbid")

    text: StrictStr = Field(description="The draft, exactly as the writer has it.")
    format: Literal["markdown", "html", "text"] = "markdown"
    url: StrictStr | None = Field(None, max_length=2048, description="The draft's own URL.")
    options: OptionsIn = Field(default_factory=lambda: OptionsIn.model_validate({}))
    categories: StrList = Field(
        default_factory=list, description="The draft's categories; else its front matter's."
    )
    tags: StrList = Field(
        default_factory=list, description="The draft's tags; else its front matter's."
    )
    date: IsoDateTime | None = Field(
        None, description="When the draft is published; else its front matter `date`."
    )

    @field_validator("text")
    @classmethod
    def _has_words(cls, value: str) -> str:
        if not value.strip():
            raise PydanticCustomError("blank_text", "the draft is empty: send the text to link")
        return value

    def to_draft(self) -> Draft:
        return Draft(
            text=self.text,
            format=self.format,
            url=self.url,
            options=self.options.to_options(),
            categories=tuple(self.categories),
            tags=tuple(self.tags),
            date=self.date,
        )


#: Which model validates the object at each location, to name its allowed fields.
_MODELS_AT: dict[tuple[str, ...], type[BaseModel]] = {
    (): DraftIn,
    ("options",): OptionsIn,
    ("options", "filters"): FiltersIn,
}


def _field_error(error: Any) -> dict[str, str]:
    loc = tuple(str(part) for part in error["loc"])
    field = ".".join(loc) or "body"
    code = str(error["type"])
    message = str(error["msg"])
    if code == "missing":
        message = "this field is required"
    elif code in ("model_type", "dict_type"):
        message = f"expected a JSON object, got {_json_type(error.get('input'))}"
    elif code.endswith("_type") or code == "literal_error":
        message = f"{message}, got {_json_type(error.get('input'))}"
    elif code == "extra_forbidden":
        model = _MODELS_AT.get(loc[:-1])
        allowed = ", ".join(model.model_fields) if model else "see /openapi.json"
        message = f"unknown field; allowed here: {allowed}"
    return {"field": field, "message": message, "code": code}


def _summary(errors: Sequence[dict[str, str]]) -> str:
    first = errors[0]
    more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
    return f"Invalid request: {first['field']}: {first['message']}{more}."


def _json_type(value: object) -> str:
    if isinstance(value, str):
        return repr(value) if len(value) <= 40 else "a string"
    names = {list: "an array", dict: "an object", bool: "a boolean", type(None): "null"}
    return names.get(type(value), "a number")


def check_body(body: Any, settings: Settings) -> None:
    """What every draft request body must be before field validation: a JSON object whose
    ``text``, if a string, is within ``settings.max_draft_chars``.

    Raises:
        InvalidRequest: the body is not a JSON object.
        DraftTooLarge: the text is too long.
    """
    if not isinstance(body, dict):
        message = f'expected a JSON object such as {{"text": "..."}}, got {_json_type(body)}'
        errors = [{"field": "body", "message": message, "code": "object_type"}]
        raise InvalidRequest(_summary(errors), errors)
    text = body.get("text")
    if isinstance(text, str) and len(text) > settings.max_draft_chars:
        raise DraftTooLarge(
            f"The draft has {len(text):,} characters; the limit is "
            f"{settings.max_draft_chars:,} (LINKWRIGHT_MAX_DRAFT_CHARS). Send a shorter draft."
        )


def parse_draft(body: Any, settings: Settings) -> Draft:
    """Validate a decoded JSON request body and turn it into a :class:`Draft`.

    Args:
        body: the decoded JSON body (anything ``json.loads`` returns).
        settings: gives the largest accepted draft.

    Raises:
        InvalidRequest: the body is not a valid request; ``errors`` lists each bad field.
        DraftTooLarge: the text is longer than ``settings.max_draft_chars``.
    """
    check_body(body, settings)
    try:
        model = DraftIn.model_validate(body)
    except ValidationError as exc:
        errors = [_field_error(e) for e in exc.errors(include_url=False)]
        raise InvalidRequest(_summary(errors), errors) from None
    return model.to_draft()


def index_to_json(info: IndexInfo) -> dict[str, Any]:
    """The ``index`` object of responses (also ``GET /v1/index``)."""
    return asdict(info)


def suggestion_to_json(suggestion: Suggestion) -> dict[str, Any]:
    """One element of ``suggestions``."""
    target, anchor = suggestion.target, suggestion.anchor
    return {
        "kind": suggestion.kind,
        "target": {
            "url": target.url,
            "title": target.title,
            "kind": target.kind,
            "publisher": target.publisher,
            "date": target.date.isoformat() if target.date else None,
            "categories": list(target.categories),
        },
        "anchor": {
            "text": anchor.text,
            "start": int(anchor.start),
            "end": int(anchor.end),
            "context_before": anchor.context_before,
            "context_after": anchor.context_after,
            "occurrence": int(anchor.occurrence),
        },
        "lead_in": suggestion.lead_in,
        "lead_in_at": suggestion.lead_in_at,
        "rel": suggestion.rel,
        "score": round(float(suggestion.score), 4),
        "reasons": [
            {"code": r.code, "detail": r.detail, "value": round(float(r.value), 4)}
            for r in suggestion.reasons
        ],
    }


def result_to_json(result: SuggestionResult) -> dict[str, Any]:
    """The body of a ``POST /v1/suggestions`` response (and of ``suggest --json``)."""
    return {
        "format_version": FORMAT_VERSION,
        "suggestions": [suggestion_to_json(s) for s in result.suggestions],
        "index": index_to_json(result.index),
        "timing_ms": {name: round(float(ms), 2) for name, ms in result.timing_ms.items()},
        "notes": list(result.notes),
    }


def error_body(status: int, message: str, errors: Sequence[dict[str, str]] = ()) -> dict[str, Any]:
    """The one JSON shape of every error response."""
    return {"ok": False, "status": status, "error": message, "errors": list(errors)}
