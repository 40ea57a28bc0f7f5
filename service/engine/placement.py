"""Where a link to a target goes: score the target once, then order its places.

Each (sentence, target) candidate is scored by the per-kind model, whose strongest
evidence (the draft's topic, the target's best sentence anywhere) is the same for every
sentence of the draft. So the target's score is its best candidate's, and the sentence
that carries the link is chosen by the place model, fitted on where authors put the
links (``bench/fit_weights.py``). The policy then tries a target's places in that order.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from service.engine.scorer import Scored, Thresholds
from service.engine.scoring import FEATURES, Weights, place_logits


def rank_places(scored: list[Scored], weights: Weights, floor: Thresholds) -> list[Scored]:
    """The candidates with ``place`` set by the place model and, for those whose own score
    reaches ``floor`` (a sentence that could carry the link at all), the score set to
    their target's best. The others keep their own score, so the policy drops them.
    Without a place model every candidate keeps its score and ``place`` is that score."""
    if weights.place is None:
        return [replace(s, proposal=replace(s.proposal, place=s.proposal.score)) for s in scored]
    best: dict[tuple[str, int], float] = {}
    for s in scored:
        key = (s.proposal.kind, s.proposal.target)
        best[key] = max(best.get(key, 0.0), s.proposal.score)
    x = np.array([[getattr(s.features, n) for n in FEATURES] for s in scored]).reshape(
        -1, len(FEATURES)
    )
    places = 1.0 / (1.0 + np.exp(-place_logits(weights, x)))
    out = []
    for s, where in zip(scored, places.tolist(), strict=True):
        p = s.proposal
        lowest = floor.internal if p.kind == "internal" else floor.citation
        value = best[(p.kind, p.target)] if p.score >= lowest else p.score
        out.append(replace(s, proposal=replace(p, score=value, place=where)))
    return out
