"""Scoring a draft's sentences against one index, in slices a time budget can stop.

The stages, each charged to its lap in ``timing_ms`` (before them the engine's ``parse``
and ``embed``: the sentence vectors, embedded while the draft is parsed, and then the wait
for the last of them): ``retrieve`` (nearest passages and the site's phrase table),
``anchors`` (candidate anchor spans and their vectors) and ``score``. Work that depends
only on a sentence is cached per process, so a repeat request pays only for the sentences
that changed: sentence and span vectors in the embedder, each sentence's nearest passages
and phrase matches here.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from indexer import ragged
from indexer.embedding import Embedder
from indexer.lexical import Query
from service.engine import anchors, scoring
from service.engine.candidates import (
    Candidate,
    CommonKeys,
    Hits,
    PhraseMatch,
    SentencePhrases,
    choose,
    document_similarity,
    draft_vector,
    from_hits,
    phrase_evidence,
    search,
    sentence_phrases,
)
from service.engine.clock import Clock
from service.engine.draft import AnalysedDraft, DraftSentence
from service.engine.embed_ahead import SLICE, encode_on_both
from service.engine.index import LoadedIndex
from service.engine.lru import LRU
from service.engine.policy import Proposal
from service.engine.target_meta import TargetMeta
from service.engine.types import SuggestionKind

CANDIDATES_PER_SENTENCE = 8
#: Phrase origins that label a post rather than name it.
LABELS = ("tag", "topic")
#: Places per target that get anchor work (the policy needs one, a few when sentences
#: are taken): with the lexical feature many more candidates can reach the threshold.
PLACES_PER_TARGET = 3
#: Targets per link the policy may still make that get anchor work (ranked by the best
#: score they can reach: for internal links that is within 0.01 of their score).
TARGET_MARGIN = 3
#: Sentences whose nearest passages and phrase matches are kept (a 1,500-word draft has
#: ~75): the drafts of dozens of writers at once. Bigger only costs memory: at 20,000 a
#: worker's memory still grew by ~1 MB per new draft after 150 (bench/RESULTS.md).
CACHED_SENTENCES = 5_000
#: The fewest sentences a target's ``spread`` is a share of: 1, the draft's own. A
#: knob for `bench/prefix_drafts.py`, which measured 30 (the shortest post the weights
#: were fitted on) for drafts still being written; not shipped (bench/RESULTS.md,
#: "Drafts still being written").
SPREAD_SENTENCES = 1
SEM, DOC, PHRASE, ANCHOR, INBOUND, TRUST, BEST, SPREAD, RANK, TAGS, AGE, LEX, MINE = (
    scoring.FEATURES.index(name)
    for name in (
        "sem",
        "doc",
        "phrase",
        "anchor",
        "inbound",
        "trust",
        "best",
        "spread",
        "rank",
        "tags",
        "age",
        "lex",
        "mine",
    )
)


@dataclass(frozen=True)
class Scored:
    """A candidate link before the policy: for evaluation and fitting the weights."""

    proposal: Proposal
    features: scoring.Features
    candidate: Candidate


@dataclass(frozen=True)
class DraftLevel:
    """What the draft as a whole says of each target, shared by all of its sentences."""

    doc: np.ndarray  # by target: best passage similarity of the draft's mean vector
    best: np.ndarray  # by target: its best sentence similarity anywhere in the draft
    spread: np.ndarray  # by target: the share of the draft's sentences that retrieve it
    rank: dict[tuple[int, int], float]  # (sentence, target): 1 / (1 + rank in the sentence)
    words: Query  # the draft's word profile, for :class:`indexer.lexical.LexicalProfiles`


@dataclass(frozen=True)
class Thresholds:
    """The lowest score the policy accepts per kind: candidates that cannot reach it are
    dropped before the anchor work. None keeps every candidate (evaluation, fitting).

    ``targets``, when given, is how many links of each kind the policy may still make:
    only the :data:`TARGET_MARGIN` times as many likeliest targets get anchor work."""

    internal: float
    citation: float
    targets: tuple[int, int] | None = None  # (internal, citation)


class DraftScorer:
    """Scores (sentence, target, anchor) candidates of analysed drafts against one index."""

    def __init__(self, index: LoadedIndex, embedder: Embedder, weights: scoring.Weights) -> None:
        self.index = index
        self.embedder = embedder
        self.weights = weights
        self._is_post = np.array([t.kind == "post" for t in index.targets], dtype=bool)
        self._trust = np.array([t.trust if t.kind == "source" else 0.0 for t in index.targets])
        self._titles = np.asarray(index.title_vectors)  # a plain view of the memory map
        top = float(index.inbound.max()) if len(index.inbound) else 0.0
        self._inbound = np.log1p(index.inbound) / math.log1p(top) if top else index.inbound * 0.0
        self._hits: LRU[str, Hits] = LRU(CACHED_SENTENCES)
        self._phrases: LRU[tuple[str, int], SentencePhrases] = LRU(CACHED_SENTENCES)
        self._common = CommonKeys(index)
        self._meta = TargetMeta(index.targets)

    @property
    def is_post(self) -> np.ndarray:
        return self._is_post

    def score(
        self,
        ad: AnalysedDraft,
        vecs: np.ndarray,
        allowed: np.ndarray,
        clock: Clock,
        thresholds: Thresholds | None = None,
    ) -> tuple[list[Scored], int]:
        """Scored candidates, and how many of the draft's sentences were scored (all of
        them unless ``clock``'s budget ran out). ``vecs`` holds the vectors of the first
        ``len(vecs)`` sentences (:class:`service.engine.embed_ahead.SentenceVectors`)."""
        if not len(vecs):
            return [], 0
        sentences = ad.sentences[: len(vecs)]
        cands, doc_sim = self._retrieve(sentences, vecs, allowed)
        clock.lap("retrieve")
        by_sentence: dict[int, list[Candidate]] = {}
        for c in cands.values():
            by_sentence.setdefault(c.sentence, []).append(c)
        words = self.index.lexical.query(ad.document.prose_text)
        level = _draft_level(by_sentence, len(sentences), doc_sim, words)
        group = [c for ds in sentences for c in by_sentence.get(ds.index, ())]
        if not group:
            return [], len(sentences)
        x, internal = self._features(ad, group, vecs, level)
        if thresholds is not None:
            targets = np.fromiter((c.target for c in group), np.int64, len(group))
            keep = worth_anchoring(self.weights, targets, x, internal, thresholds)
            group = [c for c, k in zip(group, keep, strict=True) if k]
            x, internal = x[keep], internal[keep]
        at = np.searchsorted([c.sentence for c in group], np.arange(len(sentences) + 1))
        out: list[Scored] = []
        done = 0
        while done < len(sentences) and not (done and clock.expired()):
            end = min(done + SLICE, len(sentences))
            rows = slice(at[done], at[end])
            out += self._score_slice(ad, group[rows], x[rows], internal[rows], clock)
            done = end
        return out, done

    def _retrieve(
        self, sentences: tuple[DraftSentence, ...], vecs: np.ndarray, allowed: np.ndarray
    ) -> tuple[dict[tuple[int, int], Candidate], np.ndarray]:
        hits: list[Hits | None] = [self._hits.get(ds.text) for ds in sentences]
        missing = [i for i, h in enumerate(hits) if h is None]
        found, doc_hits = search(self.index, vecs[missing], draft_vector(vecs))
        for i, h in zip(missing, found, strict=True):
            hits[i] = h
            self._hits.put(sentences[i].text, h)
        pairs = from_hits(self.index, [h for h in hits if h is not None], allowed)
        phrases = phrase_evidence(
            self.index, sentences, pairs, allowed, self._phrases_of, self._common
        )
        cands = choose(pairs, phrases, CANDIDATES_PER_SENTENCE)
        return cands, document_similarity(self.index, doc_hits)

    def _phrases_of(self, ds: DraftSentence) -> SentencePhrases:
        key = (ds.block.text, ds.sentence.start)
        found = self._phrases.get(key)
        if found is None:
            found = sentence_phrases(self.index, ds.sentence)
            self._phrases.put(key, found)
        return found

    def _score_slice(
        self,
        ad: AnalysedDraft,
        group: list[Candidate],
        x: np.ndarray,
        internal: np.ndarray,
        clock: Clock,
    ) -> list[Scored]:
        """Anchors and scores for one slice's candidates (``x``: their feature rows)."""
        if not group:
            return []
        spans_of = self._spans(ad, group)
        fits = self._fits(group, spans_of)
        clock.lap("anchors")
        found = [(c, fit) for c, fit in zip(group, fits, strict=True) if fit is not None]
        has_fit = np.array([fit is not None for fit in fits], dtype=bool)
        x, internal = x[has_fit], internal[has_fit]
        x[:, ANCHOR] = [fit for _, (_, fit) in found]
        mine = [
            anchors.first_person_before(ad.sentences[c.sentence], span) for c, (span, _) in found
        ]
        x[:, MINE] = internal & np.array(mine, dtype=bool)
        values = scoring.score_many(self.weights, internal, x)
        out = []
        for row, (c, (span, _)) in enumerate(found):
            kind: SuggestionKind = "internal" if internal[row] else "citation"
            value = float(values[row])
            f = scoring.Features(*(float(v) for v in x[row]))
            proposal = Proposal(kind, c.sentence, c.target, span.start, span.end, value)
            out.append(Scored(proposal, f, c))
        clock.lap("score")
        return out

    def _features(
        self,
        ad: AnalysedDraft,
        group: list[Candidate],
        vecs: np.ndarray,
        level: DraftLevel,
    ) -> tuple[np.ndarray, np.ndarray]:
        """One row of :data:`scoring.FEATURES` per candidate (anchor 0 until it is known),
        and which candidates are internal links."""
        sentences = np.fromiter((c.sentence for c in group), np.int64, len(group))
        targets = np.fromiter((c.target for c in group), np.int64, len(group))
        x = np.zeros((len(group), len(scoring.FEATURES)), dtype=np.float64)
        titles = self._titles[targets]
        x[:, SEM] = np.maximum(
            [c.sem for c in group], np.einsum("ij,ij->i", vecs[sentences], titles)
        )
        x[:, DOC] = level.doc[targets]
        x[:, BEST] = level.best[targets]
        x[:, SPREAD] = level.spread[targets]
        x[:, RANK] = [level.rank[(c.sentence, c.target)] for c in group]
        x[:, PHRASE] = [scoring.phrase_strength(c.phrases) for c in group]
        x[:, INBOUND] = self._inbound[targets]
        x[:, TRUST] = self._trust[targets]
        x[:, TAGS] = self._meta.overlap(ad.meta.labels, targets)
        x[:, AGE] = self._meta.age(ad.meta.date, targets)
        x[:, LEX] = self.index.lexical.similarity(level.words, targets)
        # Until the anchor is chosen: whether the sentence has a first-person word at all.
        # A writer's "my …" points at their own posts, never at someone else's page.
        internal = self._is_post[targets]
        first_person = {i: anchors.has_first_person(ad.sentences[i]) for i in set(sentences)}
        x[:, MINE] = internal & np.array([first_person[c.sentence] for c in group], dtype=bool)
        return x, internal

    def _spans(
        self, ad: AnalysedDraft, group: list[Candidate]
    ) -> list[list[tuple[anchors.Span, float]]]:
        """Each candidate's possible anchors with their phrase strength: its phrase
        matches, then the sentence's chunks (strength 0); for a post, not one word that
        tells no post from the others ("code", "Emacs" on a site about them) as a chunk
        or as a tag (:meth:`_common_label`)."""
        source = ad.draft.text
        chunks: dict[tuple[int, bool], list[anchors.Span]] = {}
        out = []
        for c in group:
            ds = ad.sentences[c.sentence]
            key = (c.sentence, bool(self._is_post[c.target]))
            if key not in chunks:
                spans = anchors.chunk_spans(ds, source)
                if key[1]:
                    spans = [s for s in spans if not self.index.lexical.names_no_target(s.words)]
                chunks[key] = spans
            matches = c.phrases
            if key[1]:
                matches = [m for m in matches if not self._common_label(ds, m)]
            mine = anchors.phrase_spans(ds, matches, source)
            out.append(mine + [(s, 0.0) for s in chunks[key]])
        return out

    def _common_label(self, ds: DraftSentence, m: PhraseMatch) -> bool:
        """Whether a phrase match is a tag or topic of one word that tells no post from
        the others ("Emacs", "Linux" on a site about them): a label the post shares with
        a fifth of the site, not words that name it (as a title or a link's words do)."""
        return (
            m.hit.origin in LABELS
            and m.j - m.i == 1
            and self.index.lexical.names_no_target(ds.sentence.tokens[m.i].text)
        )

    def _fits(
        self, group: list[Candidate], spans_of: list[list[tuple[anchors.Span, float]]]
    ) -> list[tuple[anchors.Span, float] | None]:
        """Each candidate's best anchor and its fit (cosine to the target's title), by
        :func:`service.engine.anchors.best_anchor`; None where no span may carry it."""
        texts = sorted({s.words for spans in spans_of for s, _ in spans})
        if not texts:
            return [None] * len(group)
        row = {text: i for i, text in enumerate(texts)}
        targets = sorted({c.target for c in group})
        col = {t: i for i, t in enumerate(targets)}
        fit = encode_on_both(self.embedder, texts) @ self._titles[targets].T
        out: list[tuple[anchors.Span, float] | None] = []
        for c, spans in zip(group, spans_of, strict=True):
            fits = fit[[row[s.words] for s, _ in spans], col[c.target]]
            floor = anchors.MIN_ANCHOR_FIT if self._is_post[c.target] else -math.inf
            out.append(anchors.best_anchor(spans, fits.tolist(), floor))
        return out


def _draft_level(
    by_sentence: dict[int, list[Candidate]], sentences: int, doc: np.ndarray, words: Query
) -> DraftLevel:
    """Target-level evidence over the whole draft: besides ``doc`` and ``words``, each
    target's best sentence similarity, the share of sentences that retrieve it, and each
    candidate's rank in its sentence."""
    best = np.zeros(len(doc), dtype=np.float64)
    spread = np.zeros(len(doc), dtype=np.float64)
    rank: dict[tuple[int, int], float] = {}
    for group in by_sentence.values():
        for i, c in enumerate(sorted(group, key=lambda c: -c.sem)):
            best[c.target] = max(best[c.target], c.sem)
            spread[c.target] += 1.0 / max(SPREAD_SENTENCES, sentences)
            rank[(c.sentence, c.target)] = 1.0 / (1 + i)
    return DraftLevel(doc, best, spread, rank, words)


def worth_anchoring(
    weights: scoring.Weights,
    targets: np.ndarray,
    x: np.ndarray,
    internal: np.ndarray,
    floor: Thresholds,
) -> np.ndarray:
    """Which candidates (their targets, feature rows and kinds) get anchor work: those
    that can reach their kind's threshold whatever their anchor; of those only each
    target's :data:`PLACES_PER_TARGET` likeliest places (by the place model) and its
    likeliest link (by its score), since the policy links a target once, in its likeliest
    place whose sentence is still free; and, when ``floor.targets`` says how many links
    the policy may still make, only the likeliest targets (:func:`_likeliest`)."""
    reach = scoring.best_possible(weights, internal, x)
    able = np.flatnonzero(reach >= np.where(internal, floor.internal, floor.citation))
    chosen = np.zeros(len(targets), dtype=bool)
    if not len(able):
        return chosen
    place = scoring.best_possible_place(weights, x) if weights.place else reach
    keys = targets * 2 + internal
    for value, top in ((place, PLACES_PER_TARGET), (reach, 1)):
        order = able[np.lexsort((-value[able], keys[able]))]  # by target, best first
        chosen[order[ragged.run_ranks(keys[order]) < top]] = True
    if floor.targets is not None:
        chosen &= np.isin(keys, _likeliest(keys[able], reach[able], floor.targets))
    return chosen


def _likeliest(targets: np.ndarray, reach: np.ndarray, room: tuple[int, int]) -> np.ndarray:
    """Of ``targets`` (target * 2 + is internal), the :data:`TARGET_MARGIN` x ``room``
    (internal, citation) with the highest ``reach``, per kind."""
    order = np.argsort(-reach, kind="stable")
    _, first = np.unique(targets[order], return_index=True)
    ranked = targets[order][np.sort(first)]  # each target once, likeliest first
    internal = ranked[ranked % 2 == 1][: TARGET_MARGIN * room[0]]
    citation = ranked[ranked % 2 == 0][: TARGET_MARGIN * room[1]]
    return np.concatenate([internal, citation])
