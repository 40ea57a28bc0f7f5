"""A first-person word just before an anchor ("my JIT compiler", "a trick I wrote about"):
where writers link their own posts. Pure logic over hand-made sentences and feature rows."""

from __future__ import annotations

import re

import numpy as np
import pytest

from indexer.analysis import Sentence, Token
from indexer.document import Block, Segment
from service.engine.anchors import Span, first_person_before, has_first_person
from service.engine.draft import DraftSentence
from service.engine.scoring import FEATURES, Weights, best_possible_place, place_logits


def _sentence(text: str) -> DraftSentence:
    tokens = tuple(
        Token(m.start(), m.end(), m.group(), m.group().lower(), "X", False, m.group().isalpha())
        for m in re.finditer(r"\S+", text)
    )
    block = Block("paragraph", (Segment(text, 0, len(text), True),))
    return DraftSentence(0, block, Sentence(0, len(text), tokens, ()))


def _span(ds: DraftSentence, words: str) -> Span:
    texts = [t.text for t in ds.sentence.tokens]
    n = len(words.split())
    i = next(k for k in range(len(texts)) if texts[k : k + n] == words.split())
    return Span(0, i, i + n, 0, 0, words)


@pytest.mark.parametrize(
    ("text", "anchor", "expected"),
    [
        ("allocation is done just like in my JIT compiler", "JIT compiler", True),
        ("as I put together a little JIT compiler", "little JIT compiler", True),
        ("My JIT compiler does this", "My JIT compiler", True),
        ("a JIT compiler does this", "JIT compiler", False),
        ("I said it once, and long before that the JIT compiler", "JIT compiler", False),
        ("we also use a JIT compiler", "JIT compiler", False),
        ("the minefield of a JIT compiler", "JIT compiler", False),
    ],
)
def test_first_person_before(text, anchor, expected):
    ds = _sentence(text)
    assert first_person_before(ds, _span(ds, anchor)) is expected


def test_a_sentence_without_first_person_words_has_no_anchor_with_one():
    assert has_first_person(_sentence("as I said, the compiler"))
    assert not has_first_person(_sentence("Immutable data and mine-sweeping"))


def test_the_place_bound_before_the_anchor_is_at_least_every_exact_place_logit():
    weights = Weights(0.0, {}, {}, {"sem": 4.0, "anchor": 2.5, "mine": 1.8, "bias": -4.0})
    rng = np.random.default_rng(0)
    x = np.zeros((50, len(FEATURES)))
    x[:, FEATURES.index("sem")] = rng.uniform(0, 1, 50)
    possible = rng.integers(0, 2, 50).astype(float)  # the sentence has a first-person word
    x[:, FEATURES.index("mine")] = possible
    bound = best_possible_place(weights, x)
    for _ in range(20):
        exact = x.copy()
        exact[:, FEATURES.index("anchor")] = rng.uniform(-1, 1, 50)
        exact[:, FEATURES.index("mine")] = possible * rng.integers(0, 2, 50)
        assert (place_logits(weights, exact) <= bound + 1e-12).all()
    # A sentence with no first-person word cannot reach the bound of one that has.
    same = x.copy()
    same[:, FEATURES.index("mine")] = 0.0
    assert (best_possible_place(weights, same) <= bound).all()
    assert (best_possible_place(weights, same)[possible == 1] < bound[possible == 1]).all()
