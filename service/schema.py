"""The one serialisation module: JSON requests in, JSON responses out.

The HTTP views and the CLI both parse requests with :func:`parse_draft` and serialise
results with :func:`result_to_json`, so ``linkwright suggest --json`` prints exactly the
body that ``POST /v1/suggestions`` returns. Option defaults come from
:class:`service.engine.types.Options`; bounds are declared here, once.
"""

from __future__ import annotations

import re
from dataclasses import asdict
from datetime import date, datetime
from typing import TYPE_CHECKING, Annotated, Any, Literal, get_args

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

from indexer.readers.fields import as_utc
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
    try:
        return as_utc(value)
    except ValueError as exc:
        raise PydanticCustomError("date_range", str(exc)) from None


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
    threshold: StrictFloat = Field(_DEFAULTS.threshold, ge=0.0, le=1.0, allow_inf_nan=False)
    citation_threshold: StrictFloat = Field(
        _DEFAULTS.citation_threshold, ge=0.0, le=1.0, allow_inf_nan=False
    )
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


def _model_at(root: type[BaseModel], loc: tuple[str, ...]) -> type[BaseModel] | None:
    """The model that validates the object at ``loc`` of a ``root`` body, if any."""
    model = root
    for part in loc:
        field = model.model_fields.get(part)
        kinds = (field.annotation, *get_args(field.annotation)) if field else ()
        found = [k for k in kinds if isinstance(k, type) and issubclass(k, BaseModel)]
        if not found:
            return None
        model = found[0]
    return model


def _field_error(error: Any, root: type[BaseModel] = DraftIn) -> dict[str, str]:
    """One entry of ``errors`` for a pydantic error of a ``root`` body."""
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
        model = _model_at(root, loc[:-1])
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


_SURROGATE = re.compile("[\ud800-\udfff]")


def refuse_lone_surrogates(body: Any) -> None:
    """JSON may escape half of a UTF-16 pair on its own (``"\\ud83d"``, an emoji cut in
    two); no text can hold that, so such a body is refused, each string named.

    Raises:
        InvalidRequest: a string or key of ``body`` holds a lone surrogate.
    """
    errors: list[dict[str, str]] = []

    def refuse(where: tuple[str, ...], text: str, what: str) -> None:
        if m := _SURROGATE.search(text):
            message = (
                f"{what} holds half of a UTF-16 surrogate pair ({m.group()!a} at character "
                f"{m.start()}); send whole characters"
            )
            field = ".".join(where) or "body"
            errors.append({"field": field, "message": message, "code": "lone_surrogate"})

    stack: list[tuple[tuple[str, ...], Any]] = [((), body)]
    while stack:
        path, value = stack.pop()
        if isinstance(value, dict):
            for key, item in value.items():
                refuse(path, str(key), "a field name")
                stack.append(((*path, str(key)), item))
        elif isinstance(value, list):
            stack.extend(((*path, str(i)), item) for i, item in enumerate(value))
        elif isinstance(value, str):
            refuse(path, value, "the text")
    if errors:
        errors.sort(key=lambda e: e["field"])
        raise InvalidRequest(_summary(errors), errors)


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
