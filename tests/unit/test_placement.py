"""Placement: a target is scored once, and the place model picks the sentence."""

from __future__ import annotations

from service.engine.candidates import Candidate
from service.engine.placement import rank_places
from service.engine.policy import Proposal, select
from service.engine.scorer import Scored, Thresholds
from service.engine.scoring import Features, Weights
from service.engine.types import Options

#: A place model that only looks at the anchor fit.
PLACE = {"anchor": 10.0, "bias": -5.0}
FLOOR = Thresholds(0.5, 0.5)


def scored(sentence: int, target: int, score: float, anchor: float) -> Scored:
    start = sentence * 100
    proposal = Proposal("internal", sentence, target, start, start + 5, score)
    features = Features(sem=0.5, doc=0.5, phrase=0.0, anchor=anchor, inbound=0.0, trust=0.0)
    return Scored(proposal, features, Candidate(sentence, target))


def weights(place: dict[str, float] | None) -> Weights:
    return Weights(0.0, {}, {}, place)


def test_every_place_of_a_target_gets_the_targets_best_score() -> None:
    out = rank_places([scored(0, 7, 0.9, 0.1), scored(1, 7, 0.6, 0.8)], weights(PLACE), FLOOR)
    assert [s.proposal.score for s in out] == [0.9, 0.9]
    assert out[1].proposal.place > out[0].proposal.place


def test_the_policy_links_the_target_where_the_place_model_says() -> None:
    ranked = rank_places([scored(0, 7, 0.9, 0.1), scored(1, 7, 0.6, 0.8)], weights(PLACE), FLOOR)
    chosen = select([s.proposal for s in ranked], Options(), words=1000, existing_links=0)
    assert [(p.target, p.sentence) for p in chosen] == [(7, 1)]


def test_a_taken_sentence_sends_the_link_to_the_next_place() -> None:
    ranked = rank_places(
        [scored(1, 3, 0.95, 0.9), scored(0, 7, 0.9, 0.1), scored(1, 7, 0.6, 0.8)],
        weights(PLACE),
        FLOOR,
    )
    chosen = select([s.proposal for s in ranked], Options(), words=1000, existing_links=0)
    assert sorted((p.target, p.sentence) for p in chosen) == [(3, 1), (7, 0)]


def test_without_a_place_model_each_candidate_keeps_its_own_score() -> None:
    ranked = rank_places([scored(0, 7, 0.9, 0.1), scored(1, 7, 0.6, 0.8)], weights(None), FLOOR)
    assert [s.proposal.score for s in ranked] == [0.9, 0.6]
    chosen = select([s.proposal for s in ranked], Options(), words=1000, existing_links=0)
    assert [(p.target, p.sentence) for p in chosen] == [(7, 0)]


def test_a_sentence_below_the_threshold_is_no_place_for_the_link() -> None:
    ranked = rank_places([scored(0, 7, 0.9, 0.1), scored(1, 7, 0.3, 0.9)], weights(PLACE), FLOOR)
    assert [s.proposal.score for s in ranked] == [0.9, 0.3]
    chosen = select([s.proposal for s in ranked], Options(threshold=0.5), 1000, 0)
    assert [(p.target, p.sentence) for p in chosen] == [(7, 0)]
