"""Precision and recall of ranked suggestion lists against the author's links.

Two ways to count a hit: *target* (the suggestion names a target the author linked)
and *strict* (the right target, and its anchor overlaps one of the author's anchors for
that target). Authors under-link, so measured precision is a lower bound.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from service.eval.cases import Gold

KS = (3, 5, 10)
THRESHOLDS = tuple(round(0.05 * i, 2) for i in range(21))


@dataclass(frozen=True)
class Ranked:
    """One suggestion of a ranked list (best first): target URL in normal form, score and
    anchor span in the draft."""

    url: str
    score: float
    start: int
    end: int


#: one tested post: its ranked suggestions of one kind and the gold for that kind.
Pair = tuple[Sequence[Ranked], Gold]


@dataclass(frozen=True)
class PR:
    """Micro-averaged precision and recall with their counts."""

    precision: float
    recall: float
    suggested: int
    hits: int
    gold: int


def is_hit(r: Ranked, gold: Gold, strict: bool) -> bool:
    """Whether a suggestion names a gold target (and, when strict, overlaps its anchor)."""
    spans = gold.get(r.url)
    if spans is None:
        return False
    return not strict or any(r.start < end and start < r.end for start, end in spans)


def hits_at(ranked: Sequence[Ranked], gold: Gold, k: int, strict: bool) -> int:
    """Hits among the first ``k`` suggestions (one per target, so at most ``len(gold)``)."""
    found = {r.url for r in ranked[:k] if is_hit(r, gold, strict)}
    return len(found)


def at_k(pairs: Iterable[Pair], strict: bool, ks: Sequence[int] = KS) -> dict[str, float]:
    """Macro precision@k (hits/k, k fixed) and recall@k over posts with at least one gold.

    Returns:
        ``{"posts": n, "precision@3": …, "recall@3": …, …}``; zeros when no post has gold.
    """
    scored = [(ranked, gold) for ranked, gold in pairs if gold]
    out: dict[str, float] = {"posts": len(scored)}
    for k in ks:
        hits = [hits_at(ranked, gold, k, strict) for ranked, gold in scored]
        out[f"precision@{k}"] = _mean([h / k for h in hits])
        out[f"recall@{k}"] = _mean([h / len(g) for h, (_, g) in zip(hits, scored, strict=True)])
    return out


def precision_ceiling(golds: Iterable[Gold], ks: Sequence[int] = KS) -> dict[str, float]:
    """The best precision@k possible given how many gold links each post has.

    A post with ``n`` gold links has at most ``min(k, n)`` hits in its first ``k``
    suggestions (target or strict), so no ranking beats the mean of ``min(k, n) / k``
    over the posts with gold, the posts :func:`at_k` averages over.

    Returns:
        ``{"precision@3": …, …}``; zeros when no post has gold.
    """
    counts = [len(gold) for gold in golds if gold]
    return {f"precision@{k}": _mean([min(k, n) / k for n in counts]) for k in ks}


def micro(pairs: Iterable[Pair], strict: bool, threshold: float = -math.inf) -> PR:
    """Micro precision and recall of the suggestions scoring at least ``threshold``.

    Every post counts: suggestions on a post without gold are misses.
    """
    suggested = hits = gold_total = 0
    for ranked, gold in pairs:
        kept = [r for r in ranked if r.score >= threshold]
        suggested += len(kept)
        hits += len({r.url for r in kept if is_hit(r, gold, strict)})
        gold_total += len(gold)
    return PR(_ratio(hits, suggested), _ratio(hits, gold_total), suggested, hits, gold_total)


def sweep(
    pairs: Sequence[Pair], strict: bool, thresholds: Sequence[float] = THRESHOLDS
) -> list[PR]:
    """:func:`micro` at each threshold."""
    return [micro(pairs, strict, t) for t in thresholds]


def retrieval_recall(pairs: Iterable[Pair]) -> float:
    """Micro recall of a candidate list: the share of gold targets it holds at all."""
    hits = total = 0
    for ranked, gold in pairs:
        urls = {r.url for r in ranked}
        hits += sum(1 for url in gold if url in urls)
        total += len(gold)
    return _ratio(hits, total)


def percentile(values: Sequence[float], q: float) -> float:
    """The ``q``-th percentile (0-100) by linear interpolation; 0.0 for no values."""
    if not values:
        return 0.0
    ordered = sorted(values)
    pos = (len(ordered) - 1) * q / 100
    lo, hi = math.floor(pos), math.ceil(pos)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (pos - lo)


def _mean(values: Sequence[float]) -> float:
    return sum(values) / len(values) if values else 0.0


def _ratio(a: int, b: int) -> float:
    return a / b if b else 0.0
