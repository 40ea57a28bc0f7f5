"""Backtest metrics on hand-computed cases."""

from __future__ import annotations

import pytest

from service.eval.cases import Gold
from service.eval.metrics import (
    Pair,
    Ranked,
    at_k,
    hits_at,
    is_hit,
    micro,
    percentile,
    precision_ceiling,
    retrieval_recall,
    sweep,
)

GOLD_A: Gold = {"/a/": ((10, 20),), "/b/": ((30, 35), (50, 55))}
LIST_A = [
    Ranked("/a/", 0.9, 12, 18),  # target hit, strict hit
    Ranked("/x/", 0.8, 0, 5),  # miss
    Ranked("/b/", 0.6, 40, 45),  # target hit, anchor elsewhere: strict miss
    Ranked("/y/", 0.3, 0, 5),
]
GOLD_B: Gold = {"/c/": ((0, 4),)}
LIST_B = [Ranked("/z/", 0.7, 0, 4), Ranked("/c/", 0.2, 3, 9)]


def test_is_hit_target_and_strict() -> None:
    assert is_hit(LIST_A[0], GOLD_A, strict=True)
    assert is_hit(LIST_A[2], GOLD_A, strict=False)
    assert not is_hit(LIST_A[2], GOLD_A, strict=True)
    assert not is_hit(LIST_A[1], GOLD_A, strict=False)
    # touching is not overlapping
    assert not is_hit(Ranked("/a/", 1.0, 20, 25), GOLD_A, strict=True)


def test_hits_at_k() -> None:
    assert hits_at(LIST_A, GOLD_A, 1, strict=False) == 1
    assert hits_at(LIST_A, GOLD_A, 3, strict=False) == 2
    assert hits_at(LIST_A, GOLD_A, 3, strict=True) == 1


def test_at_k_is_macro_with_fixed_k_over_posts_with_gold() -> None:
    pairs: list[Pair] = [(LIST_A, GOLD_A), (LIST_B, GOLD_B), ([Ranked("/q/", 1.0, 0, 1)], {})]
    got = at_k(pairs, strict=False, ks=(1, 3))
    assert got["posts"] == 2
    assert got["precision@1"] == pytest.approx((1 / 1 + 0 / 1) / 2)
    assert got["precision@3"] == pytest.approx((2 / 3 + 1 / 3) / 2)  # k fixed, not len(list)
    assert got["recall@3"] == pytest.approx((2 / 2 + 1 / 1) / 2)
    strict = at_k(pairs, strict=True, ks=(3,))
    assert strict["precision@3"] == pytest.approx((1 / 3 + 1 / 3) / 2)
    assert strict["recall@3"] == pytest.approx((1 / 2 + 1 / 1) / 2)


def test_micro_counts_every_post_and_applies_threshold() -> None:
    pairs: list[Pair] = [(LIST_A, GOLD_A), (LIST_B, GOLD_B), ([Ranked("/q/", 1.0, 0, 1)], {})]
    all_ = micro(pairs, strict=False)
    assert (all_.suggested, all_.hits, all_.gold) == (7, 3, 3)
    assert all_.precision == pytest.approx(3 / 7)
    assert all_.recall == pytest.approx(1.0)
    high = micro(pairs, strict=False, threshold=0.65)
    assert (high.suggested, high.hits) == (4, 1)  # 0.9, 0.8, 0.7, 1.0
    assert high.recall == pytest.approx(1 / 3)


def test_sweep_is_monotone_in_suggestions_and_empty_is_zero() -> None:
    pairs = [(LIST_A, GOLD_A)]
    points = sweep(pairs, strict=False, thresholds=(0.0, 0.5, 0.95))
    assert [p.suggested for p in points] == [4, 3, 0]
    assert points[-1].precision == 0.0


def test_retrieval_recall() -> None:
    assert retrieval_recall([(LIST_A, GOLD_A), (LIST_B, GOLD_B)]) == pytest.approx(3 / 3)
    assert retrieval_recall([(LIST_A[:2], GOLD_A), ([], GOLD_B)]) == pytest.approx(1 / 3)


def test_percentile() -> None:
    assert percentile([], 50) == 0.0
    assert percentile([5.0], 95) == 5.0
    assert percentile([1.0, 2.0, 3.0, 4.0], 50) == pytest.approx(2.5)
    assert percentile(list(map(float, range(101))), 95) == pytest.approx(95.0)


def test_precision_ceiling_is_what_a_perfect_ranking_scores() -> None:
    golds = [GOLD_A, GOLD_B, {}]  # 2 and 1 gold links; the post without gold is left out
    got = precision_ceiling(golds, ks=(1, 3))
    assert got["precision@1"] == pytest.approx(1.0)
    assert got["precision@3"] == pytest.approx((2 / 3 + 1 / 3) / 2)
    perfect: list[Pair] = [
        ([Ranked(url, 1.0, *spans[0]) for url, spans in gold.items()], gold) for gold in golds
    ]
    scored = at_k(perfect, strict=True, ks=(1, 3))
    assert scored["precision@1"] == got["precision@1"]
    assert scored["precision@3"] == got["precision@3"]
    assert precision_ceiling([{}], ks=(3,)) == {"precision@3": 0.0}
