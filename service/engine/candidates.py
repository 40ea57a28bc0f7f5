"""Candidate (sentence, target) pairs: semantic retrieval plus the site's phrase table."""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field

import numpy as np

from indexer.analysis import EDGE_POS, Sentence, phrase_key
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


def search_sentences(index: LoadedIndex, sentence_vecs: np.ndarray) -> list[Hits]:
    """The :data:`SENTENCE_K` nearest passages of each sentence."""
    if not len(sentence_vecs):
        return []
    scores, ids = index.vectors.search(sentence_vecs, min(SENTENCE_K, index.vectors.size))
    return list(zip(scores, ids, strict=True))


def document_similarity(index: LoadedIndex, sentence_vecs: np.ndarray) -> np.ndarray:
    """The draft-level similarity of every target: the best passage score of the draft's
    mean vector among its :data:`DOCUMENT_K` nearest passages (0 where not retrieved)."""
    doc_sim = np.zeros(len(index.targets), dtype=np.float32)
    if not len(sentence_vecs):
        return doc_sim
    doc_vec = sentence_vecs.mean(axis=0, keepdims=True)
    doc_vec /= max(float(np.linalg.norm(doc_vec)), 1e-9)
    scores, ids = index.vectors.search(doc_vec, min(DOCUMENT_K, index.vectors.size))
    for score, pid in zip(scores[0], ids[0], strict=True):
        if pid >= 0:
            t = int(index.passage_owner[pid])
            doc_sim[t] = max(doc_sim[t], float(score))
    return doc_sim


def from_hits(
    index: LoadedIndex, hits: list[Hits], allowed: np.ndarray
) -> dict[tuple[int, int], Candidate]:
    """Candidates keyed by (sentence, target) from each sentence's nearest passages: each
    pair's best passage (a sentence's hits come best first, so its first), in the order
    the pairs first appear sentence by sentence. A pair whose best score is not positive
    keeps ``sem`` 0 and no passage."""
    if not hits:
        return {}
    scores = np.stack([h[0][:SENTENCE_K] for h in hits])
    ids = np.stack([h[1][:SENTENCE_K] for h in hits])
    sentence = np.repeat(np.arange(len(hits)), ids.shape[1])
    ids, scores = ids.ravel(), scores.ravel()
    owner = np.where(ids >= 0, index.passage_owner[np.maximum(ids, 0)], -1)
    keep = np.flatnonzero((ids >= 0) & allowed[np.maximum(owner, 0)])
    pair = sentence[keep] * len(index.targets) + owner[keep]
    _, first = np.unique(pair, return_index=True)
    cands: dict[tuple[int, int], Candidate] = {}
    for at in keep[np.sort(first)].tolist():
        cand = Candidate(int(sentence[at]), int(owner[at]))
        if scores[at] > 0:
            cand.sem, cand.passage = float(scores[at]), int(ids[at])
        cands[(cand.sentence, cand.target)] = cand
    return cands


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
    for i, j, key in _phrase_runs(index, sentence):
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


def _phrase_runs(index: LoadedIndex, sentence: Sentence) -> Iterator[tuple[int, int, str]]:
    toks = sentence.tokens
    longest = min(MAX_PHRASE_TOKENS, index.max_phrase_words + 2)
    for i, first in enumerate(toks):
        if first.pos in EDGE_POS or (not first.is_alpha and not first.text[:1].isalnum()):
            continue
        for j in range(i + 1, min(i + longest, len(toks)) + 1):
            last = toks[j - 1]
            if last.pos in EDGE_POS or (j - i == 1 and last.is_stop):
                continue
            key = phrase_key(toks[i:j])
            if key in index.phrases:
                yield i, j, key


def add_phrase_candidates(
    index: LoadedIndex,
    sentences: Sequence[DraftSentence],
    cands: dict[tuple[int, int], Candidate],
    allowed: np.ndarray,
    phrases_of: Callable[[DraftSentence], SentencePhrases] | None = None,
    common: CommonKeys | None = None,
) -> None:
    """Add phrase-table evidence to the candidates, creating pairs retrieval missed (for
    keys that name at most :data:`MAX_PHRASE_TARGETS` targets).

    Args:
        phrases_of: a sentence's phrases; defaults to :func:`sentence_phrases` (the
            engine passes a cached one).
        common: targets of the common keys (the engine keeps one per index).
    """
    common = common or CommonKeys(index)
    retrieved: dict[int, list[int]] = defaultdict(list)
    for s, t in cands:
        retrieved[s].append(t)
    for ds in sentences:
        found = phrases_of(ds) if phrases_of else sentence_phrases(index, ds.sentence)
        by_target: dict[int, list[PhraseMatch]] = defaultdict(list)
        for match in found.rare:
            if allowed[match.hit.target]:
                by_target[match.hit.target].append(match)
        for i, j, key in found.common:
            named = common.targets(key)
            spec = specificity(len(named), len(index.targets))
            for t in retrieved.get(ds.index, ()):
                by_target[t] += (PhraseMatch(i, j, key, hit, spec) for hit in named.get(t, ()))
        for t, matches in by_target.items():
            if matches:
                cands.setdefault((ds.index, t), Candidate(ds.index, t)).phrases.extend(matches)
