"""Sentence vectors embedded on a worker thread while the draft is still being analysed."""

from __future__ import annotations

import threading
from collections.abc import Sequence

import numpy as np
import pytest

from service.engine.clock import Clock
from service.engine.draft import BATCH_CHARS, DraftSentence, analyse_draft
from service.engine.embed_ahead import SentenceVectors
from service.engine.scorer import SLICE
from service.engine.types import Draft
from tests.fakes.models import CountingAnalyser, HashingEmbedder

#: Enough paragraphs for several analysis batches and several slices of sentences.
TEXT = "\n\n".join(
    f"Paragraph {n} says something about anchor number {n} in detail. " * 6 for n in range(60)
)


class RecordingEmbedder(HashingEmbedder):
    """Records each call's texts and the thread that made it."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, list[str]]] = []

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        self.calls.append((threading.current_thread().name, list(texts)))
        return super().encode(texts)


def test_vectors_are_those_of_every_sentence_in_order() -> None:
    embedder = RecordingEmbedder()
    batches: list[int] = []
    with SentenceVectors(embedder, Clock()) as ahead:

        def add(sentences: list[DraftSentence]) -> None:
            batches.append(len(sentences))
            ahead.add(sentences)

        ad = analyse_draft(Draft(TEXT), CountingAnalyser(), on_sentences=add)
        vecs = ahead.vectors()
    assert len(TEXT) > 3 * BATCH_CHARS and len(batches) > 3  # handed over batch by batch
    assert sum(batches) == len(ad.sentences) == len(vecs)
    texts = [ds.text for ds in ad.sentences]
    np.testing.assert_array_equal(vecs, HashingEmbedder().encode(texts))
    assert [t for _, call in embedder.calls for t in call] == texts
    assert all(len(call) == SLICE for _, call in embedder.calls[:-1])
    assert {name for name, _ in embedder.calls} != {threading.current_thread().name}


def test_a_spent_budget_keeps_only_the_first_slice() -> None:
    ad = analyse_draft(Draft(TEXT), CountingAnalyser())
    clock = Clock(budget_ms=0)
    with SentenceVectors(RecordingEmbedder(), clock) as ahead:
        ahead.add(list(ad.sentences))
        vecs = ahead.vectors()
    assert len(ad.sentences) > SLICE and len(vecs) == SLICE


def test_nothing_to_embed_gives_no_rows() -> None:
    with SentenceVectors(HashingEmbedder(), Clock()) as ahead:
        assert ahead.vectors().shape == (0, HashingEmbedder.dimension)


class FailingEmbedder(HashingEmbedder):
    def encode(self, texts: Sequence[str]) -> np.ndarray:
        raise RuntimeError("the model failed")


def test_an_embedding_error_reaches_the_caller() -> None:
    ad = analyse_draft(Draft(TEXT), CountingAnalyser())
    with SentenceVectors(FailingEmbedder(), Clock()) as ahead:
        ahead.add(list(ad.sentences))
        with pytest.raises(RuntimeError, match="the model failed"):
            ahead.vectors()
