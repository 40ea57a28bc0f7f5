"""Which candidates get anchor work before the policy (pure logic over feature rows)."""

from __future__ import annotations

import numpy as np

from service.engine import scorer
from service.engine.scorer import Thresholds, worth_anchoring
from service.engine.scoring import FEATURES, Weights

WEIGHTS = Weights(
    bias=0.0,
    internal={"best": 10.0, "bias": -5.0},
    citation={"best": 10.0, "anchor": 1.0, "bias": -5.0},
    place={"sem": 5.0, "anchor": 1.0, "bias": -2.0},
)


def rows(best: list[float], sem: list[float]) -> np.ndarray:
    x = np.zeros((len(best), len(FEATURES)))
    x[:, FEATURES.index("best")] = best
    x[:, FEATURES.index("sem")] = sem
    return x


def test_only_candidates_that_can_reach_the_threshold_get_anchor_work() -> None:
    x = rows([0.9, 0.2], [0.5, 0.9])  # sigmoid(4) = 0.98, sigmoid(-3) = 0.05
    internal = np.array([True, True])
    chosen = worth_anchoring(WEIGHTS, np.array([0, 1]), x, internal, Thresholds(0.5, 0.5))
    assert chosen.tolist() == [True, False]
    nothing = worth_anchoring(WEIGHTS, np.array([0, 1]), x, internal, Thresholds(0.99, 0.99))
    assert not nothing.any()


def test_each_target_keeps_its_likeliest_places() -> None:
    n = scorer.PLACES_PER_TARGET + 3
    sem = [0.1 * i for i in range(n)]
    x = rows([0.9] * n, sem)
    chosen = worth_anchoring(
        WEIGHTS, np.zeros(n, np.int64), x, np.ones(n, bool), Thresholds(0.5, 0.5)
    )
    # The best places by the place model (highest sem), plus the likeliest link (all
    # score alike here, so the first of them): no more than the places and one.
    assert chosen[-scorer.PLACES_PER_TARGET :].all()
    assert scorer.PLACES_PER_TARGET <= chosen.sum() <= scorer.PLACES_PER_TARGET + 1


def test_with_room_for_one_link_per_kind_only_the_likeliest_targets_get_work() -> None:
    best = [0.6, 0.95, 0.7, 0.9, 0.65, 0.8, 0.75, 0.85, 0.9, 0.7]
    targets = np.arange(len(best))
    internal = np.array([True] * 8 + [False] * 2)
    x = rows(best, [0.5] * len(best))
    chosen = worth_anchoring(WEIGHTS, targets, x, internal, Thresholds(0.5, 0.5, (1, 1)))
    by_reach = [1, 3, 7, 5, 6, 2, 4, 0]  # the internal targets, likeliest first
    assert targets[chosen].tolist() == sorted([*by_reach[: scorer.TARGET_MARGIN], 8, 9])
    # Without a room every target that can reach the threshold is kept.
    assert worth_anchoring(WEIGHTS, targets, x, internal, Thresholds(0.5, 0.5)).all()
