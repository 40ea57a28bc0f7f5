"""The engine's requests, results and errors: plain values shared by HTTP, CLI and batch."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Literal, Protocol

from indexer.document import Format

SuggestionKind = Literal["internal", "citation"]


class EngineError(Exception):
    """Base of the errors the engine raises on bad input or a bad index."""

    status = 400


class InvalidRequest(EngineError):
    """The request is malformed: the message says which field and why.

    Attributes:
        errors: one entry per bad field, e.g.
            ``{"field": "options.threshold", "message": "...", "code": "less_than_equal"}``.
    """

    def __init__(self, message: str, errors: Sequence[Mapping[str, str]] = ()) -> None:
        super().__init__(message)
        self.errors: tuple[dict[str, str], ...] = tuple(dict(e) for e in errors)


class DraftTooLarge(EngineError):
    """The draft is longer than the configured limit."""

    status = 413


class IndexUnavailable(EngineError):
    """No usable index: missing, corrupt, or built with other models."""

    status = 503


class IndexMismatch(IndexUnavailable):
    """The index was built with a different embedding model or pipeline."""


@dataclass(frozen=True)
class Filters:
    """Which targets may be suggested."""

    published_before: datetime | None = None
    published_after: datetime | None = None
    categories: tuple[str, ...] = ()
    post_types: tuple[str, ...] = ()
    exclude_urls: tuple[str, ...] = ()
    include_url_prefixes: tuple[str, ...] = ()
    exclude_url_prefixes: tuple[str, ...] = ()
    #: When set, only these targets (batch re-linking: the posts that need inbound links).
    only_urls: tuple[str, ...] = ()


@dataclass(frozen=True)
class Options:
    """Limits of one suggestion run. Every limit has a default; see the OpenAPI document.

    Attributes:
        max_suggestions: most suggestions in all.
        max_internal: most internal links.
        max_citations: most citations.
        threshold: lowest score (0-1) for an internal link.
        citation_threshold: lowest score (0-1) for a citation.
        words_per_link: density cap: at most one suggestion per this many words
            (counting the draft's existing links).
        per_sentence: most suggestions in one sentence.
        internal: suggest internal links.
        citations: suggest citations.
        filters: which targets are allowed.
        time_budget_ms: stop analysing and scoring further sentences after about this
            long and answer with what was found, saying so in ``notes``. None (batch
            jobs) has no budget; HTTP and CLI requests default to
            :data:`service.schema.DEFAULT_TIME_BUDGET_MS`.
    """

    max_suggestions: int = 10
    max_internal: int = 8
    max_citations: int = 4
    #: Each where its F1 peaks (bench/sweep.py) on the tuning split of bench/RESULTS.md
    #: (nullprogram, drafts of 2017-2020, where the weights were fitted), never the reported one.
    threshold: float = 0.85
    citation_threshold: float = 0.9
    words_per_link: int = 80
    per_sentence: int = 1
    internal: bool = True
    citations: bool = True
    filters: Filters = field(default_factory=Filters)
    time_budget_ms: int | None = None


@dataclass(frozen=True)
class Draft:
    """A draft to suggest links for.

    Attributes:
        categories: the draft's categories; when empty, its front matter's.
        tags: the draft's tags; when empty, its front matter's.
        date: when the draft is (to be) published; when None, its front matter's
            ``date``. Targets the draft shares categories and tags with, and recent
            ones, are likelier links.
    """

    text: str
    format: Format = "markdown"
    url: str | None = None
    options: Options = field(default_factory=Options)
    categories: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    date: datetime | None = None


@dataclass(frozen=True)
class Anchor:
    """Where the link goes: ``draft.text[start:end] == text``."""

    text: str
    start: int
    end: int
    context_before: str
    context_after: str
    occurrence: int  # 0-based: which occurrence of ``text`` in the draft this is


@dataclass(frozen=True)
class Target:
    """What the link points to."""

    url: str
    title: str
    kind: SuggestionKind
    publisher: str = ""
    date: datetime | None = None
    categories: tuple[str, ...] = ()


@dataclass(frozen=True)
class Reason:
    """One piece of evidence behind a suggestion."""

    code: str  # e.g. "semantic", "anchor_vocabulary", "title_match", "trust"
    detail: str
    value: float


@dataclass(frozen=True)
class Suggestion:
    """One proposed link."""

    kind: SuggestionKind
    target: Target
    anchor: Anchor
    score: float
    reasons: tuple[Reason, ...]
    lead_in: str | None = None
    rel: str = ""
    lead_in_at: int | None = None  # source offset where ``lead_in`` goes


@dataclass(frozen=True)
class IndexInfo:
    """What the loaded index holds."""

    path: str
    format_version: int
    built_at: str
    embedding_model: str
    embedding_dimension: int
    spacy_pipeline: str
    posts: int
    targets: int
    sources: int
    passages: int
    links: int


@dataclass(frozen=True)
class SuggestionResult:
    """The engine's answer for one draft."""

    suggestions: tuple[Suggestion, ...]
    index: IndexInfo
    timing_ms: dict[str, float]
    notes: tuple[str, ...] = ()


class SuggestionEngine(Protocol):
    """What the HTTP API, the CLI and batch jobs call. Built once per process."""

    def suggest(self, draft: Draft) -> SuggestionResult:
        """Suggest internal links and citations for a draft."""
        ...

    def info(self) -> IndexInfo:
        """Describe the loaded index."""
        ...
