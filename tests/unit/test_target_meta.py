"""What a draft's labels and date say about each target: shared labels, age."""

from __future__ import annotations

import math
from datetime import UTC, datetime

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

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


def reference_overlap(targets: list[TargetRow], draft: frozenset[str]) -> list[float]:
    """The definition, over sets: shared label weight over the union's weight."""
    sets = [frozenset((*t.categories, *t.tags, *t.topics)) for t in targets]
    n = len(targets)
    idf = {x: math.log1p(n / sum(x in s for s in sets)) for s in sets for x in s}
    weight = {x: idf.get(x, math.log1p(n)) for x in draft}
    out = []
    for theirs in sets:
        shared = sum(weight[x] for x in draft & theirs)
        union = sum(weight.values()) + sum(idf[x] for x in theirs - draft)
        out.append(shared / union if shared else 0.0)
    return out


LABELS = st.sampled_from(["a", "b", "c", "d", "e", "f"])


@given(
    st.lists(st.frozensets(LABELS, max_size=4), min_size=1, max_size=12),
    st.frozensets(st.sampled_from(["a", "b", "c", "zz"]), max_size=3),
    st.data(),
)
def test_overlap_is_the_weighted_jaccard_of_label_sets(label_sets, draft, data) -> None:
    targets = [post(i, tuple(sorted(s)), None) for i, s in enumerate(label_sets)]
    picked = data.draw(st.lists(st.integers(0, len(targets) - 1), max_size=10))
    got = TargetMeta(targets).overlap(draft, np.array(picked, dtype=np.int64))
    want = reference_overlap(targets, draft)
    assert got.tolist() == pytest.approx([want[i] for i in picked])
