"""Which words of a real sentence match the site's phrase table: spaCy's tags decide
whether a word's lemma may stand for it."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from service.engine.candidates import phrase_runs


@dataclass
class _Index:
    """The part of a loaded index that phrase matching reads."""

    phrases: frozenset[str]
    max_phrase_words: int = 3


@pytest.mark.parametrize(
    ("text", "matched"),
    [
        # "going" is a verb whose lemma is the tag "go" (the language): not a match.
        ("I'm going to use the new atomics header.", {"atomic"}),
        ("We are building it nightly.", set()),
        # A verb that is its own lemma, and a noun in any inflection, still match.
        ("I build it nightly.", {"build"}),
        ("The building was tall and had atomics.", {"building", "atomic"}),
    ],
)
def test_a_verb_does_not_match_the_topic_its_lemma_names(analyser, text, matched):
    [[sentence]] = analyser.sentences([text])
    index = _Index(frozenset({"go", "atomic", "build", "building"}))
    assert {key for _, _, key in phrase_runs(index, sentence)} == matched  # type: ignore[arg-type]
