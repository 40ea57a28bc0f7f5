"""Where a link to a target goes: score the target once, then order its places.

Each (sentence, target) candidate is scored by the per-kind model, whose strongest
evidence (the draft's topic, the target's best sentence anywhere) is the same for every
sentence of the draft. So the target's score is its best candidate's, and the sentence
that carries the link is chosen by the place model, fitted on where authors put the
links (``bench/fit_weights.py``). The policy then tries a target's places in that order.
"""

from __future__ import annotations

import math
from dataclasses import replace

from service.engine.scorer import Scored, Thresholds
from service.engine.scoring import PLACE_FEATURES, Weights


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
    out = []
    for s in scored:
        p = s.proposal
        lowest = floor.internal if p.kind == "internal" else floor.citation
        value = best[(p.kind, p.target)] if p.score >= lowest else p.score
        where = place_score(weights.place, s.features.as_dict())
        out.append(replace(s, proposal=replace(p, score=value, place=where)))
    return out


def place_score(w: dict[str, float], features: dict[str, float]) -> float:
    z = w.get("bias", 0.0) + sum(w.get(name, 0.0) * features[name] for name in PLACE_FEATURES)
    return 1.0 / (1.0 + math.exp(-z))
