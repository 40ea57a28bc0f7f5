"""Candidates from each sentence's nearest passages (the vectorised from_hits) and the
choice of which become candidates (the best few per sentence and those with phrases)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from service.engine.candidates import Candidate, Pairs, PhraseMatch, choose, from_hits
from service.engine.phrases import PhraseHit


@dataclass
class Owners:
    """The part of LoadedIndex that from_hits reads: passage owners and the targets."""

    passage_owner: np.ndarray
    targets: list[int]


def reference(index: Owners, hits, allowed) -> dict[tuple[int, int], Candidate]:
    """The definition, one hit at a time."""
    cands: dict[tuple[int, int], Candidate] = {}
    for s, (scores, ids) in enumerate(hits):
        for score, pid in zip(scores, ids, strict=True):
            if pid < 0 or not allowed[index.passage_owner[pid]]:
                continue
            cand = cands.setdefault((s, int(index.passage_owner[pid])), Candidate(s, 0))
            cand.target = int(index.passage_owner[pid])
            if score > cand.sem:
                cand.sem, cand.passage = float(score), int(pid)
    return cands


def reference_choice(
    cands: dict[tuple[int, int], Candidate],
    phrases: dict[tuple[int, int], list[PhraseMatch]],
    per_sentence: int,
) -> dict[tuple[int, int], list[Candidate]]:
    """Every retrieved pair as a candidate, phrases added (new candidates for pairs only
    phrases name), then per sentence the best few by sem and all with phrases."""
    for (s, t), matches in phrases.items():
        cands.setdefault((s, t), Candidate(s, t)).phrases.extend(matches)
    by_sentence: dict[int, list[Candidate]] = {}
    for c in cands.values():
        by_sentence.setdefault(c.sentence, []).append(c)
    out = {}
    for s, group in by_sentence.items():
        group.sort(key=lambda c: -c.sem)
        out[s] = [c for rank, c in enumerate(group) if rank < per_sentence or c.phrases]
    return out


@st.composite
def retrieval(draw):  # type: ignore[no-untyped-def]
    passages = draw(st.integers(1, 30))
    targets = draw(st.integers(1, 8))
    owner = np.array(
        draw(st.lists(st.integers(0, targets - 1), min_size=passages, max_size=passages))
    )
    allowed = np.array(draw(st.lists(st.booleans(), min_size=targets, max_size=targets)))
    k = draw(st.integers(1, 6))
    hits = []
    for _ in range(draw(st.integers(0, 5))):
        scores = sorted(draw(st.lists(st.floats(-1, 1), min_size=k, max_size=k)), reverse=True)
        ids = draw(st.lists(st.integers(-1, passages - 1), min_size=k, max_size=k))
        hits.append((np.array(scores, dtype=np.float32), np.array(ids, dtype=np.int64)))
    return Owners(owner, list(range(targets))), hits, allowed


@settings(max_examples=200)
@given(retrieval())
def test_from_hits_keeps_each_pairs_best_passage_in_first_seen_order(case) -> None:
    index, hits, allowed = case
    got = from_hits(index, hits, allowed)  # type: ignore[arg-type]
    want = reference(index, hits, allowed)
    assert list(zip(got.sentence.tolist(), got.target.tolist(), strict=True)) == list(want)
    assert list(zip(got.sem.tolist(), got.passage.tolist(), strict=True)) == [
        (c.sem, c.passage) for c in want.values()
    ]


@settings(max_examples=200)
@given(retrieval(), st.data())
def test_choice_is_the_best_few_per_sentence_and_every_pair_with_phrases(case, data) -> None:
    index, hits, allowed = case
    pairs: Pairs = from_hits(index, hits, allowed)  # type: ignore[arg-type]
    sentences = max(len(hits), 1)
    keys = data.draw(
        st.lists(
            st.tuples(st.integers(0, sentences - 1), st.integers(0, len(index.targets) - 1)),
            unique=True,
            max_size=6,
        )
    )
    phrases = {
        (s, t): [PhraseMatch(0, 1, f"key{n}", PhraseHit(t, "title", 1))]
        for n, (s, t) in enumerate(keys)
    }
    per_sentence = data.draw(st.integers(1, 4))
    got = choose(pairs, phrases, per_sentence)
    by_sentence: dict[int, list[Candidate]] = {}
    for c in got.values():
        by_sentence.setdefault(c.sentence, []).append(c)
    want = reference_choice(reference(index, hits, allowed), phrases, per_sentence)
    assert by_sentence.keys() == want.keys()
    for s, group in want.items():
        assert [(c.target, c.sem, c.passage, c.phrases) for c in by_sentence[s]] == [
            (c.target, c.sem, c.passage, c.phrases) for c in group
        ]
