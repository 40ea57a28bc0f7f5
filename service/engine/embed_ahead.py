"""A draft's sentence vectors, embedded on a worker thread while the draft is analysed.

spaCy (the analysis) and the embedding model are the two large costs of an unseen draft,
and each runs on one core. The analysis hands over its sentences a batch at a time
(:func:`service.engine.draft.analyse_draft`'s ``on_sentences``); they are embedded in
slices of :data:`SLICE` on a thread of their own, so the model works on the first
paragraphs while spaCy reads the next. Torch releases the GIL while it computes, so on an
idle server the two overlap: `linkwright eval` on nullprogram, latency per draft p50
1,149 -> 848 ms in the same hour (bench/RESULTS.md). Under full load (every core busy
with requests) it gains nothing and costs nothing: the work is the same.

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
from service.engine.scorer import SLICE

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
        one row for each of the first ``len(result)`` sentences."""
        if self._pending:
            self._submit(len(self._pending))
        parts = []
        for f in self._slices:
            part = f.result()
            if part is None:
                break
            parts.append(part)
        if not parts:
            return np.zeros((0, self._embedder.dimension), dtype=np.float32)
        return np.vstack(parts)

    def _submit(self, n: int) -> None:
        texts, self._pending = self._pending[:n], self._pending[n:]
        first = not self._slices
        self._slices.append(_worker().submit(self._embed, texts, first))

    def _embed(self, texts: list[str], first: bool) -> np.ndarray | None:
        if not first and self._clock.expired():
            return None
        return self._embedder.encode(texts)
