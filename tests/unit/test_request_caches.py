"""The per-process caches behind fast repeat requests, and the time budget's note."""

from __future__ import annotations

import pytest

from service.engine.analysis_cache import CachedAnalyser, cached
from service.engine.clock import Clock, budget_note
from service.engine.draft import BATCH_CHARS, analyse_draft, pieces
from service.engine.lru import LRU
from service.engine.types import Draft
from tests.fakes.models import CountingAnalyser

PARAGRAPHS = [f"Paragraph number {n} talks about linking and anchors." for n in range(6)]


def test_lru_keeps_the_most_recent() -> None:
    lru: LRU[str, int] = LRU(2)
    lru.put("a", 1)
    lru.put("b", 2)
    assert lru.get("a") == 1  # a is now the most recent
    lru.put("c", 3)
    assert lru.get("b") is None
    assert (lru.get("a"), lru.get("c")) == (1, 3)
    with pytest.raises(ValueError, match="0 or more"):
        LRU(-1)


def test_an_edit_reanalyses_only_the_paragraph_it_touched() -> None:
    inner = CountingAnalyser()
    analyser = cached(inner)
    assert cached(analyser) is analyser
    first = analyse_draft(Draft("\n\n".join(PARAGRAPHS)), analyser)
    assert len(inner.seen) == len(PARAGRAPHS)
    edited = [*PARAGRAPHS]
    edited[3] = edited[3].replace("anchors", "anchor text")
    inner.seen.clear()
    second = analyse_draft(Draft("\n\n".join(edited)), analyser)
    assert inner.seen == [edited[3]]
    assert len(second.sentences) == len(first.sentences)
    text = second.draft.text
    for ds in second.sentences:  # offsets still point into the new text
        span = ds.source_span(0, len(ds.sentence.tokens))
        assert span is not None and text[span[0] : span[1]] == ds.text


def test_duplicate_blocks_are_analysed_once() -> None:
    inner = CountingAnalyser()
    CachedAnalyser(inner).sentences(["same text here", "same text here"])
    assert inner.seen == ["same text here"]


def test_an_expired_budget_stops_analysis_between_batches() -> None:
    many = [f"Block {n} has enough words to be a sentence. " * 5 for n in range(40)]
    ad = analyse_draft(Draft("\n\n".join(many)), CountingAnalyser(), expired=lambda: True)
    assert 0 < len(ad.sentences) < 40  # the first batch always runs
    assert ad.blocks_left == 40 - len(ad.sentences)


def test_an_expired_budget_stops_inside_one_long_paragraph() -> None:
    text = " ".join(f"Sentence {n} has enough words in it." for n in range(3000))
    analyser = CountingAnalyser()
    ad = analyse_draft(Draft(text), analyser, expired=lambda: True)
    assert len(text) > 10 * BATCH_CHARS
    assert max(len(t) for t in analyser.seen) <= BATCH_CHARS
    assert ad.sentences and ad.blocks_left == 1  # one batch, then the budget stops it
    whole = analyse_draft(Draft(text), CountingAnalyser())  # no budget: every piece
    assert whole.blocks_left == 0
    assert " ".join(ds.text.strip() for ds in whole.sentences) == text
    for ds in whole.sentences:  # offsets are the block's, whichever piece they came from
        span = ds.source_span(0, len(ds.sentence.tokens))
        assert span is not None and text[span[0] : span[1]] == ds.text.strip()


@pytest.mark.parametrize(
    ("text", "first"),
    [
        ("One sentence here. " * 10, "One sentence here. " * 2),
        ("no stops at all " * 10, "no stops at all " * 3),
        ("x" * 130, "x" * 50),
    ],
    ids=["after-a-sentence", "after-a-space", "no-space"],
)
def test_long_text_is_cut_into_pieces(text: str, first: str) -> None:
    got = pieces(text, limit=50)
    assert got[0] == (0, first)
    assert "".join(piece for _, piece in got) == text
    assert all(len(piece) <= 50 and text[at : at + len(piece)] == piece for at, piece in got)


def test_clock_laps_add_up_and_the_budget_expires() -> None:
    clock = Clock(budget_ms=0)
    clock.lap("embed")
    clock.lap("embed")
    assert set(clock.laps()) == {"embed", "total"}
    assert clock.expired()
    assert not Clock().expired()


def test_budget_note() -> None:
    assert budget_note(2000, 40, 95, 0) == (
        "time budget of 2000 ms reached after 40 of 95 sentences"
    )
    assert budget_note(50, 3, 9, 4).endswith(
        "; the rest of the draft (4 paragraph(s)) was not analysed"
    )
