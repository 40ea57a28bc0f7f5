"""The real embedder: the model's own vectors, in batches by length, from any thread."""

from __future__ import annotations

import threading

import numpy as np
import pytest

from indexer.embedding import length_batches

pytestmark = pytest.mark.models

TEXTS = [
    "hash tables",
    "A hash table in C with open addressing and a power-of-two capacity.",
    "UTF-8 decoding without branches " * 20,
    "Emacs",
    "The linker resolves symbols across translation units before the program runs.",
]


def test_vectors_are_the_models_own(embedder) -> None:
    got = embedder.encode(TEXTS)
    model = embedder._model
    for batch in length_batches(TEXTS):
        ref = model.encode([TEXTS[i] for i in batch], normalize_embeddings=True)
        np.testing.assert_allclose(got[batch], ref, atol=1e-6)
    assert got.dtype == np.float32 and got.shape == (len(TEXTS), embedder.dimension)


def test_threads_encoding_at_once_get_the_same_vectors(embedder) -> None:
    texts = [f"thread-safe encoding, call {i}: " + "word " * (i % 17) for i in range(48)]
    alone = np.vstack([embedder._forward([t]) for t in texts])
    out = np.zeros_like(alone)
    errors: list[BaseException] = []

    def work(rows: range) -> None:
        try:
            for i in rows:
                out[i] = embedder._forward([texts[i]])
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(range(k, 48, 4),)) for k in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    np.testing.assert_allclose(out, alone, atol=1e-6)
