"""The FAISS index chosen by size: exact for small sites, quantised HNSW for large ones."""

from __future__ import annotations

import numpy as np
import pytest

from indexer import vectors
from indexer.vectors import FaissIndex


def unit_rows(n: int, dim: int = 32, seed: int = 0) -> np.ndarray:
    rows = np.random.default_rng(seed).normal(size=(n, dim)).astype(np.float32)
    return rows / np.linalg.norm(rows, axis=1, keepdims=True)


@pytest.mark.parametrize("limit", [10_000, 100])
def test_search_finds_each_vector_itself_after_a_mapped_reload(tmp_path, monkeypatch, limit):
    # 400 vectors: exact under the default limit, quantised HNSW when the limit is 100.
    monkeypatch.setattr(vectors, "EXACT_LIMIT", limit)
    rows = unit_rows(400)
    FaissIndex.build(rows).save(tmp_path / "p.faiss")
    index = FaissIndex.load(tmp_path / "p.faiss")
    scores, ids = index.search(rows[:50], 5)
    assert index.size == 400
    assert ids[:, 0].tolist() == list(range(50))
    exact = np.einsum("qd,qkd->qk", rows[:50], rows[ids])
    assert np.abs(scores - exact).max() < 0.01  # the quantised scores stay close


def test_large_indexes_are_quantised_hnsw(monkeypatch):
    import faiss

    monkeypatch.setattr(vectors, "EXACT_LIMIT", 100)
    big = FaissIndex.build(unit_rows(400))._index
    small = FaissIndex.build(unit_rows(50))._index
    assert isinstance(faiss.downcast_index(big), faiss.IndexHNSWSQ)
    assert faiss.downcast_index(big).hnsw.efSearch == vectors.HNSW_EF_SEARCH
    assert isinstance(faiss.downcast_index(small), faiss.IndexFlatIP)


def test_an_empty_index_answers_nothing():
    index = FaissIndex.build(np.zeros((0, 8), dtype=np.float32))
    _, ids = index.search(unit_rows(3, 8), 4)
    assert ids.shape == (3, 1) and (ids == -1).all()


def test_a_few_queries_get_the_same_answer_as_a_batch(tmp_path):
    # Fewer than BLAS_THRESHOLD queries are searched over a float16 copy and rescored;
    # the answer must be the exact one a batch (float vectors, BLAS) gets.
    rows = unit_rows(3000, 64)
    FaissIndex.build(rows).save(tmp_path / "p.faiss")
    index = FaissIndex.load(tmp_path / "p.faiss")
    queries = unit_rows(vectors.BLAS_THRESHOLD, 64, seed=1)
    batch_scores, batch_ids = index.search(queries, 40)
    few_scores, few_ids = index.search(queries[:3], 40)
    assert (few_ids == batch_ids[:3]).mean() > 0.99
    same = few_ids == batch_ids[:3]
    assert np.allclose(few_scores[same], batch_scores[:3][same], atol=1e-6)
    assert (np.diff(few_scores, axis=1) <= 0).all()  # best first
