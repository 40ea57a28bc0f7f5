"""The engine: a draft in, ranked link and citation suggestions out. One path for all callers."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from indexer.analysis import TextAnalyser
from indexer.embedding import Embedder
from indexer.urls import normalize_url
from service.engine import scoring
from service.engine.analysis_cache import cached
from service.engine.clock import Clock, budget_note
from service.engine.draft import AnalysedDraft, analyse_draft
from service.engine.embed_ahead import SentenceVectors
from service.engine.index import LoadedIndex
from service.engine.leadin import lead_in
from service.engine.mask import TargetMask
from service.engine.placement import rank_places
from service.engine.policy import Pages, beside_links, link_room, select
from service.engine.scorer import DraftScorer, Scored, Thresholds
from service.engine.types import (
    Anchor,
    Draft,
    DraftTooLarge,
    IndexInfo,
    InvalidRequest,
    Suggestion,
    SuggestionResult,
    Target,
)

CONTEXT_CHARS = 40

__all__ = ["Engine", "Scored"]


class Engine:
    """Suggests internal links and citations for drafts against one loaded index.

    The analyser is wrapped in a per-process cache of analysed paragraphs
    (:mod:`service.engine.analysis_cache`), so a draft sent again after an edit is
    re-analysed only where it changed.
    """

    def __init__(
        self,
        index: LoadedIndex,
        analyser: TextAnalyser,
        embedder: Embedder,
        weights: scoring.Weights | None = None,
        max_draft_chars: int = 200_000,
    ) -> None:
        self.index = index
        self.analyser = cached(analyser)
        self.embedder = embedder
        self.weights = weights or scoring.Weights.load()
        self.max_draft_chars = max_draft_chars
        self._scorer = DraftScorer(index, embedder, self.weights)
        self._mask = TargetMask(index.targets, index.manifest.origin)
        self._pages = Pages(index.targets, index.manifest.origin)
        self._info = index.info()

    def with_index(self, index: LoadedIndex) -> Engine:
        """An engine over another build with the same models, caches and limits."""
        return Engine(index, self.analyser, self.embedder, self.weights, self.max_draft_chars)

    def info(self) -> IndexInfo:
        return self._info

    def suggest(self, draft: Draft) -> SuggestionResult:
        """Suggest links for a draft under its options.

        When ``draft.options.time_budget_ms`` runs out, the sentences not yet reached are
        skipped and the result says so in ``notes``.

        Raises:
            InvalidRequest: the draft is empty.
            DraftTooLarge: the draft is longer than the configured limit.
        """
        if not draft.text.strip():
            raise InvalidRequest("the draft is empty: send its text in `text`")
        if len(draft.text) > self.max_draft_chars:
            raise DraftTooLarge(
                f"the draft has {len(draft.text):,} characters; the limit is "
                f"{self.max_draft_chars:,}: split it or raise LINKWRIGHT_MAX_DRAFT_CHARS"
            )
        opts = draft.options
        clock = Clock(opts.time_budget_ms)
        budgeted = clock.expired if opts.time_budget_ms is not None else None
        ad, vecs = self._analyse(draft, clock, budgeted)
        room = link_room(opts, ad.words, len(ad.document.links))
        targets = (min(room, opts.max_internal), min(room, opts.max_citations))
        floor = Thresholds(opts.threshold, opts.citation_threshold, targets)
        scored, done = self._scorer.score(ad, vecs, self._allowed(ad), clock, floor)
        scored = rank_places(scored, self.weights, floor)
        text, links = draft.text, ad.document.links
        spans = [(li.start, li.end) for li in links]
        proposals = [
            s.proposal
            for s in scored
            if not beside_links(text, spans, s.proposal.start, s.proposal.end)
        ]
        chosen = select(proposals, opts, ad.words, len(links), self._pages.numbers)
        by_proposal = {id(s.proposal): s for s in scored}
        suggestions = tuple(self._suggestion(ad, by_proposal[id(p)]) for p in chosen)
        clock.lap("select")
        notes: tuple[str, ...] = ()
        if opts.time_budget_ms is not None and (done < len(ad.sentences) or ad.blocks_left):
            notes = (budget_note(opts.time_budget_ms, done, len(ad.sentences), ad.blocks_left),)
        return SuggestionResult(suggestions, self._info, clock.laps(), notes)

    def candidates(self, draft: Draft) -> tuple[AnalysedDraft, list[Scored]]:
        """Every scored candidate, before the linking policy picks (for eval and fitting)."""
        clock = Clock()
        ad, vecs = self._analyse(draft, clock)
        scored, _ = self._scorer.score(ad, vecs, self._allowed(ad), clock)
        floor = Thresholds(draft.options.threshold, draft.options.citation_threshold)
        return ad, rank_places(scored, self.weights, floor)

    def _analyse(
        self, draft: Draft, clock: Clock, expired: Callable[[], bool] | None = None
    ) -> tuple[AnalysedDraft, np.ndarray]:
        """The analysed draft and its sentences' vectors, embedded while it is analysed."""
        with SentenceVectors(self.embedder, clock) as ahead:
            ad = analyse_draft(draft, self.analyser, expired, on_sentences=ahead.add)
            clock.lap("parse")
            vecs = ahead.vectors()
        clock.lap("embed")
        return ad, vecs

    def _allowed(self, ad: AnalysedDraft) -> np.ndarray:
        draft = ad.draft
        linked = [draft.url or "", *(link.href for link in ad.document.links)]
        aliases, origin = self.index.manifest.aliases, self.index.manifest.origin
        redirected = (aliases.get(normalize_url(url, origin), "") for url in linked)
        mask = self._mask.allowed(draft.options.filters, [*linked, *redirected])
        mask[self._pages.of_links(linked)] = False  # linked under another URL of its page
        if not draft.options.internal:
            mask &= ~self._scorer.is_post
        if not draft.options.citations:
            mask &= self._scorer.is_post
        return mask

    def _suggestion(self, ad: AnalysedDraft, s: Scored) -> Suggestion:
        p, text = s.proposal, ad.draft.text
        t = self.index.targets[p.target]
        anchor_text = text[p.start : p.end]
        anchor = Anchor(
            text=anchor_text,
            start=p.start,
            end=p.end,
            context_before=text[max(0, p.start - CONTEXT_CHARS) : p.start],
            context_after=text[p.end : p.end + CONTEXT_CHARS],
            occurrence=text.count(anchor_text, 0, p.start),
        )
        target = Target(t.url, t.title, p.kind, t.publisher, t.date, t.categories)
        heading = (
            self.index.passage_heading(s.candidate.passage) if s.candidate.passage >= 0 else ""
        )
        why = scoring.reasons(s.features, s.candidate.phrases, heading, p.kind)
        suggestion = Suggestion(p.kind, target, anchor, round(p.score, 4), why, rel=t.rel)
        if p.kind == "citation":
            ds = ad.sentences[p.sentence]
            start = ds.block.source_span(ds.sentence.start, ds.sentence.start + 1)
            end = ds.block.source_span(ds.sentence.end - 1, ds.sentence.end)
            if start and end:
                li = lead_in(ds.text, start[0], end[1], t, ad.document.prose_text)
                suggestion = Suggestion(
                    p.kind, target, anchor, suggestion.score, why, li.text, t.rel, li.at
                )
        return suggestion
