"""A draft's sentence vectors, embedded on a worker thread while the draft is analysed.

spaCy (the analysis) and the embedding model are the two large costs of an unseen draft,
and each runs on one core. The analysis hands over its sentences a batch at a time
(:func:`service.engine.draft.analyse_draft`'s ``on_sentences``); they are embedded in
slices of :data:`SLICE` on a thread of their own, so the model works on the first
paragraphs while spaCy reads the next, and once the analysis is done the request's own
thread embeds the slices still waiting (:func:`encode_on_both` shares the anchor phrases
the same way). Torch releases the GIL while it computes, so on an idle server one request
uses two cores: `linkwright eval` on nullprogram, latency per draft p50 1,486 -> 888 ms
in the same hour ("Speed pass" in bench/RESULTS.md). Under load, when every core is busy
with requests anyway, it gains nothing: the work is the same.

The vectors are those of embedding the same slices one after another: the time budget is
checked before each slice but the first, as it was when the scorer embedded them itself.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from concurrent.futures import Future, ThreadPoolExecutor

import numpy as np

from indexer.embedding import Embedder
from service.engine.clock import Clock
from service.engine.draft import DraftSentence

#: Sentences embedded, and then scored, per slice; the budget is checked between slices.
SLICE = 24

_pool: ThreadPoolExecutor | None = None
_pool_lock = threading.Lock()


def _worker() -> ThreadPoolExecutor:
    """The process's one embedding thread (made on first use, so in each worker)."""
    global _pool
    with _pool_lock:
        if _pool is None:
            _pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="embed-ahead")
        return _pool


class SentenceVectors:
    """Collects a draft's sentences as they are analysed and embeds them in the background.

    Use as a context manager: leaving it early (an error in the analysis) cancels the
    slices not yet started.
    """

    def __init__(self, embedder: Embedder, clock: Clock) -> None:
        self._embedder = embedder
        self._clock = clock
        self._pending: list[str] = []
        self._slices: list[Future[np.ndarray | None]] = []
        self._texts: list[list[str]] = []

    def __enter__(self) -> SentenceVectors:
        return self

    def __exit__(self, *exc: object) -> None:
        for f in self._slices:
            f.cancel()

    def add(self, sentences: Sequence[DraftSentence]) -> None:
        """Queue sentences (in draft order); each full slice starts at once."""
        self._pending += [ds.text for ds in sentences]
        while len(self._pending) >= SLICE:
            self._submit(SLICE)

    def vectors(self) -> np.ndarray:
        """The vectors of the sentences embedded before the budget ran out, in order:
        one row for each of the first ``len(result)`` sentences.

        The calling thread, done with the analysis, takes the slices the worker has not
        started (from the last one back) and embeds them itself, so that both threads
        work until the draft's slices are done.
        """
        if self._pending:
            self._submit(len(self._pending))
        mine: dict[int, np.ndarray | None] = {}
        for k in reversed(range(len(self._slices))):
            if not self._slices[k].cancel():
                break  # the worker has reached it, and every slice before it
            mine[k] = self._embed(self._texts[k], k == 0)
        parts = []
        for k, f in enumerate(self._slices):
            part = mine[k] if k in mine else f.result()
            if part is None:
                break
            parts.append(part)
        if not parts:
            return np.zeros((0, self._embedder.dimension), dtype=np.float32)
        return np.vstack(parts)

    def _submit(self, n: int) -> None:
        texts, self._pending = self._pending[:n], self._pending[n:]
        first = not self._slices
        self._texts.append(texts)
        self._slices.append(_worker().submit(self._embed, texts, first))

    def _embed(self, texts: list[str], first: bool) -> np.ndarray | None:
        if not first and self._clock.expired():
            return None
        return self._embedder.encode(texts)


def encode_on_both(embedder: Embedder, texts: Sequence[str]) -> np.ndarray:
    """``embedder.encode(texts)``, half of it on the embedding thread while the caller
    embeds the other half (texts of alternating length, so the halves cost the same)."""
    if len(texts) < 2 * SLICE:
        return embedder.encode(texts)
    order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
    mine, theirs = order[0::2], order[1::2]
    other = _worker().submit(embedder.encode, [texts[i] for i in theirs])
    out = np.zeros((len(texts), embedder.dimension), dtype=np.float32)
    try:
        out[mine] = embedder.encode([texts[i] for i in mine])
    finally:
        out[theirs] = other.result()
    return out
