"""Anchor spans: which words of a sentence may carry a link, and which fit a target best."""

from __future__ import annotations

from dataclasses import dataclass

from indexer.analysis import EDGE_POS
from indexer.generic import is_generic
from service.engine.candidates import PhraseMatch
from service.engine.draft import DraftSentence
from service.engine.scoring import phrase_strength

MAX_ANCHOR_WORDS = 8


@dataclass(frozen=True)
class Span:
    """Tokens [i, j) of a sentence, with their source offsets in the draft."""

    sentence: int
    i: int
    j: int
    start: int
    end: int
    text: str


def make_span(ds: DraftSentence, i: int, j: int, source: str) -> Span | None:
    """A span if tokens [i, j) may be an anchor: verbatim, linkable, 1-8 words, not generic."""
    if not 0 <= i < j <= len(ds.sentence.tokens) or j - i > MAX_ANCHOR_WORDS:
        return None
    toks = ds.sentence.tokens[i:j]
    if toks[0].pos in EDGE_POS or toks[-1].pos in EDGE_POS:
        return None
    if not any(_is_word(t.text) and not t.is_stop for t in toks):
        return None
    where = ds.source_span(i, j)
    if where is None:
        return None
    text = source[where[0] : where[1]]
    if is_generic(text) or "\n\n" in text:
        return None
    return Span(ds.index, i, j, where[0], where[1], text)


def _is_word(text: str) -> bool:
    """A word that can carry meaning: any letter in it, so names such as "w64devkit",
    "C11" and "UTF-8" count, while "42" and "--" do not."""
    return any(ch.isalpha() for ch in text)


def chunk_spans(ds: DraftSentence, source: str) -> list[Span]:
    """Noun chunks and entities of a sentence, and their shorter right-hand heads.

    "a quarterly internal linking audit" gives "quarterly internal linking audit",
    "internal linking audit" and "linking audit": the author may link any of them.
    """
    out: dict[tuple[int, int], Span] = {}
    for i, j in ds.sentence.chunks:
        for k in range(i, j):
            if j - k < 2 and k != i:
                break
            span = make_span(ds, k, j, source)
            if span:
                out[(k, j)] = span
    return list(out.values())


def phrase_spans(
    ds: DraftSentence, matches: list[PhraseMatch], source: str
) -> list[tuple[Span, float]]:
    """Spans for the phrase-table matches of one target in one sentence, each with the
    strength of its strongest match (:func:`service.engine.scoring.phrase_strength`)."""
    by_place: dict[tuple[int, int], list[PhraseMatch]] = {}
    for m in matches:
        by_place.setdefault((m.i, m.j), []).append(m)
    out = []
    for (i, j), here in by_place.items():
        span = make_span(ds, i, j, source)
        if span is not None:
            out.append((span, phrase_strength(here)))
    return out


def length_prior(words: int) -> float:
    """Authors link short noun phrases: two to four words is the sweet spot."""
    return {1: -0.04, 2: 0.03, 3: 0.04, 4: 0.02, 5: 0.0}.get(words, -0.03 * (words - 5))
