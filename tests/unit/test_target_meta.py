"""What a draft's labels and date say about each target: shared labels, age."""

from __future__ import annotations

from datetime import UTC, datetime

import numpy as np
import pytest

from indexer.store import TargetRow
from service.engine.target_meta import TargetMeta


def post(i: int, tags: tuple[str, ...], year: int | None) -> TargetRow:
    when = datetime(year, 1, 1, tzinfo=UTC) if year else None
    return TargetRow("post", i, f"/p{i}/", f"Post {i}", when, tags=tags)


TARGETS = [
    post(0, ("c", "optimization"), 2010),
    post(1, ("c",), 2015),
    post(2, ("c", "x86"), 2016),
    post(3, ("lisp",), None),
    TargetRow("source", 0, "https://example.org/", "Source", topics=("optimization",)),
]
ALL = np.arange(len(TARGETS))


def test_overlap_is_zero_without_draft_labels_or_shared_ones() -> None:
    meta = TargetMeta(TARGETS)
    assert not meta.overlap(frozenset(), ALL).any()
    assert meta.overlap(frozenset({"c"}), ALL)[3] == 0.0


def test_overlap_is_one_for_the_same_labels_and_weighs_rare_ones_more() -> None:
    meta = TargetMeta(TARGETS)
    got = meta.overlap(frozenset({"c", "optimization"}), ALL)
    assert got[0] == pytest.approx(1.0)
    # "optimization" (2 targets) is rarer than "c" (3): sharing it says more.
    assert got[4] > got[1] > 0
    # Labels the draft lacks dilute the match.
    assert got[1] > meta.overlap(frozenset({"c", "optimization"}), np.array([2]))[0]


def test_age_counts_years_from_the_draft_date() -> None:
    meta = TargetMeta(TARGETS)
    got = meta.age(datetime(2017, 1, 1, tzinfo=UTC), ALL)
    years = np.expm1(got)
    assert years[0] == pytest.approx(7.0, abs=0.01)
    assert years[2] == pytest.approx(1.0, abs=0.01)
    assert got[3] == 0.0 and got[4] == 0.0  # undated


def test_age_without_a_draft_date_counts_from_the_newest_target() -> None:
    meta = TargetMeta(TARGETS)
    years = np.expm1(meta.age(None, ALL))
    assert years[2] == pytest.approx(0.0) and years[1] == pytest.approx(1.0, abs=0.01)


def test_targets_after_the_draft_date_have_age_zero() -> None:
    meta = TargetMeta(TARGETS)
    assert meta.age(datetime(2012, 1, 1, tzinfo=UTC), ALL)[2] == 0.0
