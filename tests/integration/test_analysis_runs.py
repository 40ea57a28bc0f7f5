"""spaCy on runs with no space in them: what its tokenizer is given."""

from __future__ import annotations

import pytest

from indexer.analysis import LONGEST_RUN


@pytest.mark.parametrize("run", ["x" * 5_000, "x-" * 2_500, "(" * 5_000])
def test_a_long_run_is_cut_and_the_words_beside_it_keep_their_offsets(analyser, run) -> None:
    # spaCy strips marks off such a run one at a time, searching the rest again each
    # time (8,000 "x-" took 8 s): no piece of it it is given is longer than LONGEST_RUN.
    text = "Internal links help " + run + " orphan pages find readers."
    tokens = [t for sent in analyser.sentences([text])[0] for t in sent.tokens]
    assert all(text[t.start : t.end] == t.text for t in tokens)
    inside = [t for t in tokens if 20 <= t.start < 20 + len(run)]
    assert max(t.end - t.start for t in inside) <= LONGEST_RUN
    words = [t.text for t in tokens if t.start >= 20 + len(run) or t.end <= 20]
    assert [w for w in words if w.isalpha()] == [
        *("Internal", "links", "help", "orphan", "pages", "find", "readers"),
    ]


def test_words_up_to_the_limit_are_analysed_whole(analyser) -> None:
    word = "a" * LONGEST_RUN
    (sent,) = analyser.sentences([f"See {word} here."])[0]
    assert word in [t.text for t in sent.tokens]
