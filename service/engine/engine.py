"""The engine: a draft in, ranked link and citation suggestions out. One path for all callers."""

from __future__ import annotations

import math
import time
from dataclasses import dataclass

import numpy as np

from indexer.analysis import TextAnalyser
from indexer.embedding import Embedder
from service.engine import anchors, scoring
from service.engine.candidates import Candidate, add_phrase_candidates, retrieve
from service.engine.draft import AnalysedDraft, analyse_draft
from service.engine.index import LoadedIndex
from service.engine.leadin import lead_in
from service.engine.policy import Proposal, allowed_targets, select
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

CANDIDATES_PER_SENTENCE = 8
PHRASE_BONUS = 0.25
CONTEXT_CHARS = 40


@dataclass(frozen=True)
class Scored:
    """A candidate link before the policy: for evaluation and fitting the weights."""

    proposal: Proposal
    features: scoring.Features
    candidate: Candidate


class Engine:
    """Suggests internal links and citations for drafts against one loaded index."""

    def __init__(
        self,
        index: LoadedIndex,
        analyser: TextAnalyser,
        embedder: Embedder,
        weights: scoring.Weights | None = None,
        max_draft_chars: int = 200_000,
    ) -> None:
        self.index = index
        self.analyser = analyser
        self.embedder = embedder
        self.weights = weights or scoring.Weights.load()
        self.max_draft_chars = max_draft_chars
        self._is_post = np.array([t.kind == "post" for t in index.targets], dtype=bool)
        top = float(index.inbound.max()) if len(index.inbound) else 0.0
        self._inbound = np.log1p(index.inbound) / math.log1p(top) if top else index.inbound * 0.0

    def info(self) -> IndexInfo:
        return self.index.info()

    def suggest(self, draft: Draft) -> SuggestionResult:
        """Suggest links for a draft under its options.

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
        clock = _Clock()
        ad = analyse_draft(draft, self.analyser)
        clock.lap("parse")
        scored = self._score(ad, clock)
        opts = draft.options
        chosen = select([s.proposal for s in scored], opts, ad.words, len(ad.document.links))
        by_proposal = {id(s.proposal): s for s in scored}
        suggestions = tuple(self._suggestion(ad, by_proposal[id(p)]) for p in chosen)
        clock.lap("select")
        return SuggestionResult(suggestions, self.info(), clock.laps())

    def candidates(self, draft: Draft) -> tuple[AnalysedDraft, list[Scored]]:
        """Every scored candidate, before the linking policy picks (for eval and fitting)."""
        ad = analyse_draft(draft, self.analyser)
        return ad, self._score(ad, _Clock())

    def _allowed(self, ad: AnalysedDraft) -> np.ndarray:
        draft = ad.draft
        linked = [link.href for link in ad.document.links]
        mask = allowed_targets(
            self.index.targets,
            draft.options.filters,
            [draft.url or "", *linked],
            self.index.manifest.origin,
        )
        if not draft.options.internal:
            mask &= ~self._is_post
        if not draft.options.citations:
            mask &= self._is_post
        return mask

    def _score(self, ad: AnalysedDraft, clock: _Clock) -> list[Scored]:
        if not ad.sentences:
            return []
        allowed = self._allowed(ad)
        sent_vecs = self.embedder.encode([ds.text for ds in ad.sentences])
        clock.lap("embed")
        cands, doc_sim = retrieve(self.index, sent_vecs, allowed)
        add_phrase_candidates(self.index, ad.sentences, cands, allowed)
        cands = _prune(cands)
        clock.lap("retrieve")
        source = ad.draft.text
        chunks = {ds.index: anchors.chunk_spans(ds, source) for ds in ad.sentences}
        spans_of: dict[tuple[int, int], list[tuple[anchors.Span, bool]]] = {}
        for key, c in cands.items():
            ds = ad.sentences[c.sentence]
            mine = [(s, True) for s in anchors.phrase_spans(ds, c.phrases, source)]
            spans_of[key] = mine + [(s, False) for s in chunks[c.sentence]]
        texts = sorted({s.text for spans in spans_of.values() for s, _ in spans})
        span_vecs = dict(zip(texts, self.embedder.encode(texts), strict=True)) if texts else {}
        clock.lap("anchors")
        out = []
        for key, c in cands.items():
            best = self._best_span(c, spans_of[key], span_vecs)
            if best is None:
                continue
            span, fit = best
            t = self.index.targets[c.target]
            title_vec = self.index.title_vectors[c.target]
            f = scoring.Features(
                sem=max(c.sem, float(sent_vecs[c.sentence] @ title_vec)),
                doc=float(doc_sim[c.target]),
                phrase=scoring.phrase_strength(c.phrases),
                anchor=fit,
                inbound=float(self._inbound[c.target]),
                trust=t.trust if t.kind == "source" else 0.0,
            )
            kind = "internal" if t.kind == "post" else "citation"
            value = scoring.score(self.weights, kind, f)
            out.append(
                Scored(Proposal(kind, c.sentence, c.target, span.start, span.end, value), f, c)
            )
        clock.lap("score")
        return out

    def _best_span(
        self,
        c: Candidate,
        spans: list[tuple[anchors.Span, bool]],
        span_vecs: dict[str, np.ndarray],
    ) -> tuple[anchors.Span, float] | None:
        title_vec = self.index.title_vectors[c.target]
        best: tuple[anchors.Span, float] | None = None
        best_value = -math.inf
        for span, is_phrase in spans:
            fit = float(span_vecs[span.text] @ title_vec)
            value = (
                fit + (PHRASE_BONUS if is_phrase else 0.0) + anchors.length_prior(span.j - span.i)
            )
            if value > best_value:
                best, best_value = (span, fit), value
        return best

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
            self.index.passage_heading[s.candidate.passage] if s.candidate.passage >= 0 else ""
        )
        why = scoring.reasons(s.features, s.candidate.phrases, heading, p.kind)
        suggestion = Suggestion(p.kind, target, anchor, round(p.score, 4), why, rel=t.rel)
        if p.kind == "citation":
            ds = ad.sentences[p.sentence]
            start = ds.block.source_span(ds.sentence.start, ds.sentence.start + 1)
            end = ds.block.source_span(ds.sentence.end - 1, ds.sentence.end)
            if start and end:
                li = lead_in(ds.text, start[0], end[1], t)
                suggestion = Suggestion(
                    p.kind, target, anchor, suggestion.score, why, li.text, t.rel, li.at
                )
        return suggestion


def _prune(cands: dict[tuple[int, int], Candidate]) -> dict[tuple[int, int], Candidate]:
    """Per sentence, keep the best few by similarity and every phrase-table match."""
    by_sentence: dict[int, list[Candidate]] = {}
    for c in cands.values():
        by_sentence.setdefault(c.sentence, []).append(c)
    keep = {}
    for group in by_sentence.values():
        group.sort(key=lambda c: -c.sem)
        for rank, c in enumerate(group):
            if rank < CANDIDATES_PER_SENTENCE or c.phrases:
                keep[(c.sentence, c.target)] = c
    return keep


class _Clock:
    def __init__(self) -> None:
        self._start = self._last = time.perf_counter()
        self._laps: dict[str, float] = {}

    def lap(self, name: str) -> None:
        now = time.perf_counter()
        self._laps[name] = round((now - self._last) * 1000, 2)
        self._last = now

    def laps(self) -> dict[str, float]:
        return {**self._laps, "total": round((time.perf_counter() - self._start) * 1000, 2)}
