"""Candidate (sentence, target) pairs: semantic retrieval plus the site's phrase table."""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field

import numpy as np

from indexer import ragged
from indexer.analysis import EDGE_POS, Sentence, Token, phrase_key
from service.engine.draft import DraftSentence
from service.engine.index import LoadedIndex
from service.engine.phrases import PhraseHit

SENTENCE_K = 40  # passages retrieved per sentence
DOCUMENT_K = 200  # passages retrieved for the whole draft
MAX_PHRASE_TOKENS = 8
#: A phrase key naming more targets than this only supports targets retrieval found.
MAX_PHRASE_TARGETS = 50


@dataclass(frozen=True)
class PhraseMatch:
    """Tokens [i, j) of a sentence whose key is a phrase the site uses for a target."""

    i: int
    j: int
    key: str
    hit: PhraseHit
    specificity: float = 1.0  # see :func:`specificity`


@dataclass
class Candidate:
    """Evidence that sentence ``sentence`` could link to target ``target``."""

    sentence: int
    target: int
    sem: float = 0.0  # best sentence-passage cosine
    passage: int = -1  # that passage
    phrases: list[PhraseMatch] = field(default_factory=list)


#: One sentence's nearest passages: (scores, passage ids), best first; ids are -1 past the end.
Hits = tuple[np.ndarray, np.ndarray]


def search(
    index: LoadedIndex, sentence_vecs: np.ndarray, doc_vec: np.ndarray
) -> tuple[list[Hits], Hits]:
    """The :data:`SENTENCE_K` nearest passages of each sentence and the
    :data:`DOCUMENT_K` nearest of the draft's vector, in one call (on one thread faiss
    still scans the index once per vector: about 2.5 ms each at 63,000 passages)."""
    queries = np.vstack([sentence_vecs, doc_vec[None, :]])
    scores, ids = index.vectors.search(queries, min(DOCUMENT_K, index.vectors.size))
    # Copies: a cached sentence's hits must not keep the whole result alive.
    sentences = [
        (s[:SENTENCE_K].copy(), i[:SENTENCE_K].copy())
        for s, i in zip(scores[:-1], ids[:-1], strict=True)
    ]
    return sentences, (scores[-1], ids[-1])


def draft_vector(sentence_vecs: np.ndarray) -> np.ndarray:
    """The draft's mean sentence vector, unit length (zero for no sentences)."""
    doc_vec = sentence_vecs.mean(axis=0) if len(sentence_vecs) else np.zeros(sentence_vecs.shape[1])
    return (doc_vec / max(float(np.linalg.norm(doc_vec)), 1e-9)).astype(np.float32)


def document_similarity(index: LoadedIndex, doc_hits: Hits) -> np.ndarray:
    """The draft-level similarity of every target: the best passage score of the draft's
    vector among its :data:`DOCUMENT_K` nearest passages (``doc_hits``; 0 where not
    retrieved)."""
    doc_sim = np.zeros(len(index.targets), dtype=np.float32)
    scores, ids = doc_hits
    found = ids >= 0
    np.maximum.at(doc_sim, index.passage_owner[ids[found]], scores[found])
    return doc_sim


@dataclass(frozen=True)
class Pairs:
    """The (sentence, target) pairs the sentences' nearest passages name, in the order
    they first appear sentence by sentence (so by sentence), with each pair's best
    passage; ``sem`` is 0 and ``passage`` -1 where that best score is not positive."""

    sentence: np.ndarray
    target: np.ndarray
    sem: np.ndarray
    passage: np.ndarray

    def targets_of(self, sentence: int) -> np.ndarray:
        lo, hi = np.searchsorted(self.sentence, [sentence, sentence + 1])
        return self.target[lo:hi]


def from_hits(index: LoadedIndex, hits: list[Hits], allowed: np.ndarray) -> Pairs:
    """The retrieved pairs of targets ``allowed`` (a sentence's hits come best first, so
    a pair's first hit is its best)."""
    if not hits or not len(index.passage_owner):
        empty = np.zeros(0, dtype=np.int64)
        return Pairs(empty, empty, np.zeros(0, dtype=np.float64), empty)
    scores = np.stack([h[0][:SENTENCE_K] for h in hits])
    ids = np.stack([h[1][:SENTENCE_K] for h in hits])
    sentence = np.repeat(np.arange(len(hits)), ids.shape[1])
    ids, scores = ids.ravel(), scores.ravel()
    owner = np.where(ids >= 0, index.passage_owner[np.maximum(ids, 0)], -1)
    keep = np.flatnonzero((ids >= 0) & allowed[np.maximum(owner, 0)])
    pair = sentence[keep] * len(index.targets) + owner[keep]
    _, first = np.unique(pair, return_index=True)
    at = keep[np.sort(first)]
    positive = scores[at] > 0
    return Pairs(
        sentence[at].astype(np.int64),
        owner[at].astype(np.int64),
        np.where(positive, scores[at], 0.0).astype(np.float64),
        np.where(positive, ids[at], -1).astype(np.int64),
    )


def choose(
    pairs: Pairs, phrases: dict[tuple[int, int], list[PhraseMatch]], per_sentence: int
) -> dict[tuple[int, int], Candidate]:
    """The candidates: per sentence its ``per_sentence`` retrieved pairs of highest
    ``sem``, those with phrase evidence, and the pairs only phrases name (``sem`` 0).
    Each sentence's come best first (ties in first-seen order), the phrase-only ones
    last; only these become objects, not every retrieved pair."""
    order = np.lexsort((np.arange(len(pairs.sem)), -pairs.sem, pairs.sentence))
    codes = pairs.sentence[order] * (1 << 32) + pairs.target[order]
    evidence = np.array([s * (1 << 32) + t for s, t in phrases], dtype=np.int64)
    keep = (ragged.run_ranks(pairs.sentence[order]) < per_sentence) | np.isin(codes, evidence)
    out: dict[tuple[int, int], Candidate] = {}
    for at in order[keep].tolist():
        s, t = int(pairs.sentence[at]), int(pairs.target[at])
        out[(s, t)] = Candidate(
            s, t, float(pairs.sem[at]), int(pairs.passage[at]), list(phrases.get((s, t), ()))
        )
    for key, matches in phrases.items():
        if key not in out:
            out[key] = Candidate(key[0], key[1], phrases=list(matches))
    return out


def specificity(named: int, targets: int) -> float:
    """How much a phrase says about which target it names, 0-1: an inverse document
    frequency over the index's targets. A key that names one target gives 1; the tag
    "c" on 200 of 500 posts gives about 0.2, so it cannot outweigh a title match."""
    if targets <= 1 or named <= 1:
        return 1.0
    return math.log1p(targets / named) / math.log1p(targets)


@dataclass(frozen=True)
class SentencePhrases:
    """A sentence's phrase-table matches. Keys that name many targets (a tag on thousands
    of posts says little about which one to link) are kept as token runs only: they add
    evidence to the targets retrieval found, never candidates of their own."""

    rare: tuple[PhraseMatch, ...]
    common: tuple[tuple[int, int, str], ...]  # (i, j, key)


def sentence_phrases(index: LoadedIndex, sentence: Sentence) -> SentencePhrases:
    """Every token run of the sentence whose key is in the site's phrase table, split by
    how many targets each key names."""
    rare: list[PhraseMatch] = []
    common: list[tuple[int, int, str]] = []
    for i, j, key in phrase_runs(index, sentence):
        if index.phrases.size(key) > MAX_PHRASE_TARGETS:
            common.append((i, j, key))
        else:
            hits = index.phrases[key]
            spec = specificity(len({h.target for h in hits}), len(index.targets))
            rare += (PhraseMatch(i, j, key, hit, spec) for hit in hits)
    return SentencePhrases(tuple(rare), tuple(common))


class CommonKeys:
    """The targets of phrase keys that name many, by key; built on first use."""

    def __init__(self, index: LoadedIndex) -> None:
        self._index = index
        self._by_key: dict[str, dict[int, list[PhraseHit]]] = {}

    def targets(self, key: str) -> dict[int, list[PhraseHit]]:
        found = self._by_key.get(key)
        if found is None:
            grouped: dict[int, list[PhraseHit]] = defaultdict(list)
            for hit in self._index.phrases.get(key, ()):
                grouped[hit.target].append(hit)
            found = self._by_key[key] = dict(grouped)
        return found


def _inflected_verb(token: Token) -> bool:
    """A verb that is not its own lemma ("going", "made"): alone, its lemma would match
    a topic the word does not name (the tag "go", for the language)."""
    return token.pos in ("VERB", "AUX") and token.text.lower() != token.norm


def phrase_runs(index: LoadedIndex, sentence: Sentence) -> Iterator[tuple[int, int, str]]:
    """Every token run [i, j) of the sentence whose key is in the site's phrase table,
    with that key; a run neither starts nor ends on an edge word, and one word alone is
    neither a stop word nor an inflected verb (:func:`_inflected_verb`)."""
    toks = sentence.tokens
    longest = min(MAX_PHRASE_TOKENS, index.max_phrase_words + 2)
    for i, first in enumerate(toks):
        if first.pos in EDGE_POS or (not first.is_alpha and not first.text[:1].isalnum()):
            continue
        for j in range(i + 1, min(i + longest, len(toks)) + 1):
            last = toks[j - 1]
            if last.pos in EDGE_POS or (j - i == 1 and (last.is_stop or _inflected_verb(last))):
                continue
            key = phrase_key(toks[i:j])
            if key in index.phrases:
                yield i, j, key


def phrase_evidence(
    index: LoadedIndex,
    sentences: Sequence[DraftSentence],
    pairs: Pairs,
    allowed: np.ndarray,
    phrases_of: Callable[[DraftSentence], SentencePhrases] | None = None,
    common: CommonKeys | None = None,
) -> dict[tuple[int, int], list[PhraseMatch]]:
    """The phrase-table matches of each (sentence, target): any allowed target a key
    naming at most :data:`MAX_PHRASE_TARGETS` names, and for keys that name more only
    the targets retrieval found in that sentence (``pairs``).

    Args:
        phrases_of: a sentence's phrases; defaults to :func:`sentence_phrases` (the
            engine passes a cached one).
        common: targets of the common keys (the engine keeps one per index).
    """
    common = common or CommonKeys(index)
    out: dict[tuple[int, int], list[PhraseMatch]] = {}
    for ds in sentences:
        found = phrases_of(ds) if phrases_of else sentence_phrases(index, ds.sentence)
        by_target: dict[int, list[PhraseMatch]] = defaultdict(list)
        for match in found.rare:
            if allowed[match.hit.target]:
                by_target[match.hit.target].append(match)
        retrieved = pairs.targets_of(ds.index).tolist() if found.common else []
        for i, j, key in found.common:
            named = common.targets(key)
            spec = specificity(len(named), len(index.targets))
            for t in retrieved:
                by_target[t] += (PhraseMatch(i, j, key, hit, spec) for hit in named.get(t, ()))
        for t, matches in by_target.items():
            if matches:
                out[(ds.index, t)] = matches
    return out
