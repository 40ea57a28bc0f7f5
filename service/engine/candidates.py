"""Candidate (sentence, target) pairs: semantic retrieval plus the site's phrase table."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field

import numpy as np

from indexer.analysis import EDGE_POS, Sentence, phrase_key
from service.engine.draft import DraftSentence
from service.engine.index import LoadedIndex, PhraseHit

SENTENCE_K = 40  # passages retrieved per sentence
DOCUMENT_K = 200  # passages retrieved for the whole draft
MAX_PHRASE_TOKENS = 8


@dataclass(frozen=True)
class PhraseMatch:
    """Tokens [i, j) of a sentence whose key is a phrase the site uses for a target."""

    i: int
    j: int
    key: str
    hit: PhraseHit


@dataclass
class Candidate:
    """Evidence that sentence ``sentence`` could link to target ``target``."""

    sentence: int
    target: int
    sem: float = 0.0  # best sentence-passage cosine
    passage: int = -1  # that passage
    phrases: list[PhraseMatch] = field(default_factory=list)


def retrieve(
    index: LoadedIndex, sentence_vecs: np.ndarray, allowed: np.ndarray
) -> tuple[dict[tuple[int, int], Candidate], np.ndarray]:
    """Nearest passages per sentence and for the whole draft.

    Returns:
        Candidates keyed by (sentence, target), and the draft-level similarity of every
        target (the best passage score of the draft's mean vector; 0 where not retrieved).
    """
    cands: dict[tuple[int, int], Candidate] = {}
    doc_sim = np.zeros(len(index.targets), dtype=np.float32)
    if not len(sentence_vecs):
        return cands, doc_sim
    doc_vec = sentence_vecs.mean(axis=0, keepdims=True)
    doc_vec /= max(float(np.linalg.norm(doc_vec)), 1e-9)
    queries = np.vstack([sentence_vecs, doc_vec])
    k = min(max(SENTENCE_K, DOCUMENT_K), index.vectors.size)
    scores, ids = index.vectors.search(queries, k)
    for s in range(len(sentence_vecs)):
        for score, pid in zip(scores[s, :SENTENCE_K], ids[s, :SENTENCE_K], strict=True):
            if pid < 0:
                continue
            t = int(index.passage_owner[pid])
            if not allowed[t]:
                continue
            cand = cands.setdefault((s, t), Candidate(s, t))
            if score > cand.sem:
                cand.sem, cand.passage = float(score), int(pid)
    for score, pid in zip(scores[-1], ids[-1], strict=True):
        if pid >= 0:
            t = int(index.passage_owner[pid])
            doc_sim[t] = max(doc_sim[t], float(score))
    return cands, doc_sim


def match_phrases(index: LoadedIndex, sentence: Sentence) -> Iterator[PhraseMatch]:
    """Every token run of the sentence whose key is in the site's phrase table."""
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
            for hit in index.phrases.get(key, ()):
                yield PhraseMatch(i, j, key, hit)


def add_phrase_candidates(
    index: LoadedIndex,
    sentences: tuple[DraftSentence, ...],
    cands: dict[tuple[int, int], Candidate],
    allowed: np.ndarray,
) -> None:
    """Add phrase-table evidence to the candidates, creating pairs retrieval missed."""
    for ds in sentences:
        by_target: dict[int, list[PhraseMatch]] = defaultdict(list)
        for match in match_phrases(index, ds.sentence):
            if allowed[match.hit.target]:
                by_target[match.hit.target].append(match)
        for t, matches in by_target.items():
            cands.setdefault((ds.index, t), Candidate(ds.index, t)).phrases.extend(matches)
