"""The real embedder: the model's own vectors, in batches by length, from any thread, in
float32 or with bfloat16 matrix products."""

from __future__ import annotations

import threading

import numpy as np
import pytest

from indexer.embedding import SentenceTransformerEmbedder, length_batches

pytestmark = pytest.mark.models

TEXTS = [
    "hash tables",
    "A hash table in C with open addressing and a power-of-two capacity.",
    "UTF-8 decoding without branches " * 20,
    "Emacs",
    "The linker resolves symbols across translation units before the program runs.",
]


@pytest.fixture(scope="module")
def exact() -> SentenceTransformerEmbedder:
    return SentenceTransformerEmbedder(threads=1, precision="float32")


def test_vectors_are_the_models_own(exact) -> None:
    got = exact.encode(TEXTS)
    model = exact._model
    for batch in length_batches(TEXTS):
        ref = model.encode([TEXTS[i] for i in batch], normalize_embeddings=True)
        np.testing.assert_allclose(got[batch], ref, atol=1e-6)
    assert got.dtype == np.float32 and got.shape == (len(TEXTS), exact.dimension)


def test_bfloat16_products_barely_move_a_vector(exact) -> None:
    rounded = SentenceTransformerEmbedder(threads=1, precision="bfloat16")
    assert rounded.precision == "bfloat16"
    got, ref = rounded.encode(TEXTS), exact.encode(TEXTS)
    assert got.dtype == np.float32 and got.shape == ref.shape
    np.testing.assert_allclose(np.linalg.norm(got, axis=1), 1.0, atol=1e-5)
    cosines = (got * ref).sum(axis=1)
    assert cosines.min() > 0.999
    assert not np.array_equal(got, ref)  # the products were rounded: bfloat16 did apply


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
