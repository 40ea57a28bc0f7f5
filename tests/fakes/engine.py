"""A deterministic :class:`SuggestionEngine` for HTTP and CLI tests.

It links the first whole-word occurrence of each of its keywords ("anchor" -> an
internal post, "citation" -> a source) at real offsets into the draft, and honours the
options the edges must pass through (threshold, max_suggestions, internal, citations,
the draft's own URL), so a test sees whether a request reached it intact.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC, datetime

from service.engine.types import (
    Anchor,
    Draft,
    IndexInfo,
    Reason,
    Suggestion,
    SuggestionResult,
    Target,
)

INFO = IndexInfo(
    path="/fake/index",
    format_version=1,
    built_at="2024-01-01T00:00:00+00:00",
    embedding_model="fake-embedder",
    embedding_dimension=8,
    spacy_pipeline="fake-pipeline",
    posts=2,
    targets=3,
    sources=1,
    passages=5,
    links=4,
)

INTERNAL = Target(
    url="/blog/2023/anchor-text-guide/",
    title="A guide to anchor text",
    kind="internal",
    date=datetime(2023, 5, 1, tzinfo=UTC),
    categories=("seo",),
)
CITATION = Target(
    url="https://developer.mozilla.org/en-US/docs/Web/HTML/Element/a",
    title="<a>: The Anchor element",
    kind="citation",
    publisher="Mozilla",
)

#: keyword -> (target, score, lead-in, rel)
KEYWORDS: dict[str, tuple[Target, float, str | None, str]] = {
    "anchor": (INTERNAL, 0.93456789, None, ""),
    "citation": (CITATION, 0.9, "According to Mozilla, ", "nofollow"),
}


@dataclass
class FakeEngine:
    """Implements :class:`service.engine.types.SuggestionEngine`; records the drafts."""

    drafts: list[Draft] = field(default_factory=list)

    def info(self) -> IndexInfo:
        return INFO

    def suggest(self, draft: Draft) -> SuggestionResult:
        self.drafts.append(draft)
        options = draft.options
        found = []
        for word, (target, score, lead_in, rel) in KEYWORDS.items():
            allowed = options.internal if target.kind == "internal" else options.citations
            match = re.search(rf"\b{word}\b", draft.text)
            if not allowed or match is None or target.url == draft.url:
                continue
            floor = options.threshold if target.kind == "internal" else options.citation_threshold
            if score < floor:
                continue
            found.append(self._suggestion(draft.text, match, target, score, lead_in, rel))
        found.sort(key=lambda s: s.anchor.start)
        return SuggestionResult(
            suggestions=tuple(found[: options.max_suggestions]),
            index=INFO,
            timing_ms={"parse": 0.123456, "total": 1.5},
            notes=("fake engine",),
        )

    @staticmethod
    def _suggestion(
        text: str, match: re.Match[str], target: Target, score: float, lead_in: str | None, rel: str
    ) -> Suggestion:
        start, end = match.span()
        anchor = Anchor(
            text=match.group(),
            start=start,
            end=end,
            context_before=text[max(0, start - 20) : start],
            context_after=text[end : end + 20],
            occurrence=0,
        )
        reasons = (Reason("semantic", "fake similarity", score), Reason("title_match", "", 1.0))
        return Suggestion(
            kind=target.kind,
            target=target,
            anchor=anchor,
            score=score,
            reasons=reasons,
            lead_in=lead_in,
            rel=rel,
        )


class BrokenEngine(FakeEngine):
    """Fails like a bug would: a plain exception from inside the engine."""

    def suggest(self, draft: Draft) -> SuggestionResult:
        raise RuntimeError("secret internal detail: /srv/index/passages.faiss")
