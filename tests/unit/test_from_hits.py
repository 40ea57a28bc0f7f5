"""Candidates from each sentence's nearest passages (the vectorised from_hits)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from service.engine.candidates import Candidate, from_hits


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


@settings(max_examples=200)
@given(st.data())
def test_from_hits_keeps_each_pairs_best_passage_in_first_seen_order(data) -> None:
    passages = data.draw(st.integers(1, 30))
    targets = data.draw(st.integers(1, 8))
    owner = np.array(
        data.draw(st.lists(st.integers(0, targets - 1), min_size=passages, max_size=passages))
    )
    allowed = np.array(data.draw(st.lists(st.booleans(), min_size=targets, max_size=targets)))
    k = data.draw(st.integers(1, 6))
    hits = []
    for _ in range(data.draw(st.integers(0, 5))):
        scores = sorted(data.draw(st.lists(st.floats(-1, 1), min_size=k, max_size=k)), reverse=True)
        ids = data.draw(st.lists(st.integers(-1, passages - 1), min_size=k, max_size=k))
        hits.append((np.array(scores, dtype=np.float32), np.array(ids, dtype=np.int64)))
    index = Owners(owner, list(range(targets)))
    got = from_hits(index, hits, allowed)  # type: ignore[arg-type]
    want = reference(index, hits, allowed)
    assert list(got) == list(want)
    assert [(c.sem, c.passage) for c in got.values()] == [(c.sem, c.passage) for c in want.values()]
