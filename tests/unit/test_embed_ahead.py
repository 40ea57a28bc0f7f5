"""Sentence vectors embedded on a worker thread while the draft is still being analysed."""

from __future__ import annotations

import threading
from collections.abc import Sequence

import numpy as np
import pytest

from service.engine.clock import Clock
from service.engine.draft import BATCH_CHARS, DraftSentence, analyse_draft
from service.engine.embed_ahead import SLICE, SentenceVectors, encode_on_both
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
    slices = [texts[k : k + SLICE] for k in range(0, len(texts), SLICE)]
    assert sorted(call for _, call in embedder.calls) == sorted(slices)  # each slice once


def test_the_caller_embeds_the_slices_the_worker_has_not_reached() -> None:
    started, release = threading.Event(), threading.Event()

    class HeldEmbedder(RecordingEmbedder):
        def encode(self, texts: Sequence[str]) -> np.ndarray:
            if threading.current_thread() is not threading.main_thread():
                started.set()
                release.wait(timeout=10)  # the worker is busy until the caller is done
            return super().encode(texts)

    ad = analyse_draft(Draft(TEXT), CountingAnalyser())
    embedder = HeldEmbedder()
    with SentenceVectors(embedder, Clock()) as ahead:
        ahead.add(list(ad.sentences))
        assert started.wait(timeout=10)  # the worker is inside the first slice
        threading.Timer(0.5, release.set).start()
        vecs = ahead.vectors()
    texts = [ds.text for ds in ad.sentences]
    np.testing.assert_array_equal(vecs, HashingEmbedder().encode(texts))
    by = {name for name, _ in embedder.calls}
    assert by == {threading.main_thread().name, "embed-ahead_0"}
    assert len(embedder.calls) == -(-len(texts) // SLICE)


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


def test_encode_on_both_shares_the_texts_and_keeps_their_order() -> None:
    texts = [f"anchor phrase {n} " * (1 + n % 5) for n in range(3 * SLICE)]
    embedder = RecordingEmbedder()
    vecs = encode_on_both(embedder, texts)
    np.testing.assert_array_equal(vecs, HashingEmbedder().encode(texts))
    assert len(embedder.calls) == 2 and len({name for name, _ in embedder.calls}) == 2
    assert sorted(t for _, call in embedder.calls for t in call) == sorted(texts)
    few = RecordingEmbedder()
    encode_on_both(few, texts[:3])
    assert [call for _, call in few.calls] == [texts[:3]]  # too few to share
