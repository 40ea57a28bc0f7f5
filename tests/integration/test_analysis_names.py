"""Candidate anchor ranges of a sentence: noun chunks, and the names inside them."""

from __future__ import annotations


def _ranges(analyser, text: str) -> set[str]:
    (sent,) = analyser.sentences([text])[0]
    return {text[sent.tokens[i].start : sent.tokens[j - 1].end] for i, j in sent.chunks}


def test_a_name_inside_a_noun_chunk_is_a_range_of_its_own(analyser) -> None:
    ranges = _ranges(analyser, "You can install the latest MELPA build of the package.")
    assert {"latest MELPA build", "MELPA"} <= ranges
    assert {"DOS command line", "DOS"} <= _ranges(analyser, "It runs on the DOS command line.")


def test_a_name_takes_the_version_number_after_it(analyser) -> None:
    ranges = _ranges(analyser, "The feature first shipped in Emacs 24.1 for everyone.")
    assert "Emacs 24.1" in ranges


def test_a_capitalised_word_the_tagger_mistakes_is_still_a_name(analyser) -> None:
    # en_core_web_sm tags "Makefile" here as an adverb.
    assert "Makefile" in _ranges(analyser, "I wrote instead a simple, portable Makefile.")


def test_the_capital_that_starts_a_sentence_and_the_word_i_make_no_name(analyser) -> None:
    ranges = _ranges(analyser, "Portable code is what I want, and so I write it.")
    assert "Portable" not in ranges
    assert "I" not in ranges


def test_the_named_entity_recogniser_is_not_loaded(analyser) -> None:
    # Names come from the tagger; the recogniser took 44% of spaCy's time on a draft.
    assert "ner" not in analyser._nlp.pipe_names
