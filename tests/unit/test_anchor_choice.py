"""Which of a candidate's spans becomes its anchor: pure logic over hand-made spans."""

from __future__ import annotations

from service.engine.anchors import MIN_ANCHOR_FIT, Span, best_anchor


def _span(text: str, i: int = 0) -> Span:
    return Span(0, i, i + len(text.split()), 0, len(text), text)


def test_the_best_fitting_span_is_the_anchor():
    spans = [(_span("flexibility"), 0.0), (_span("package manager", 1), 0.0)]
    chosen = best_anchor(spans, [0.2, 0.6])
    assert chosen is not None
    assert chosen[0].text == "package manager"
    assert chosen[1] == 0.6


def test_a_noun_chunk_that_does_not_name_the_target_is_never_the_anchor():
    low = MIN_ANCHOR_FIT - 0.01
    assert best_anchor([(_span("zero"), 0.0), (_span("names", 1), 0.0)], [low, low / 2]) is None
    chosen = best_anchor([(_span("zero"), 0.0), (_span("system call", 1), 0.0)], [low, 0.3])
    assert chosen is not None and chosen[0].text == "system call"


def test_the_sites_own_phrase_for_the_target_needs_no_fit():
    low = MIN_ANCHOR_FIT - 0.05
    spans = [(_span("Win32"), 0.8), (_span("software", 1), 0.0)]
    chosen = best_anchor(spans, [low, MIN_ANCHOR_FIT + 0.01])
    assert chosen is not None
    assert chosen[0].text == "Win32"
    assert chosen[1] == low  # the fit reported is the span's own, not its bonus


def test_no_spans_no_anchor():
    assert best_anchor([], []) is None
