"""Approximate vs exact FAISS search on an index's real passage vectors: recall and speed.

    .venv/bin/python bench/ann_recall.py INDEX [INDEX ...] [--queries 400] [--threads 1]

Queries are real: sentence vectors (MiniLM) of ~1,500-word nullprogram drafts, as the
engine sends them. For each index, the exact inner-product search (IndexFlatIP) is the
ground truth; HNSW (M=32) at several efSearch and IVF-Flat at several nprobe are built
from the same vectors and scored by recall@10 and recall@40 (the engine keeps the 40
nearest passages of each sentence), with their build time and search time per query on
``--threads`` threads (the service gives each worker one).
"""

from __future__ import annotations

import argparse
import math
import os
import re
import sys
import time
from pathlib import Path

import numpy as np

os.environ.setdefault("HF_HUB_OFFLINE", "1")
sys.path.insert(0, str(Path(__file__).resolve().parent))

from drafts import nullprogram_drafts

K = 40


def queries(n: int) -> np.ndarray:
    from indexer.embedding import SentenceTransformerEmbedder

    sentences = [
        s
        for d in nullprogram_drafts(12)
        for s in re.split(r"(?<=[.!?])\s+", d)
        if len(s.split()) >= 5 and "`" not in s
    ]
    return SentenceTransformerEmbedder(threads=os.cpu_count() or 1).encode(sentences[:n])


def recall(found: np.ndarray, truth: np.ndarray, k: int) -> float:
    hits = sum(len(set(f[:k]) & set(t[:k])) for f, t in zip(found, truth, strict=True))
    return hits / (k * len(truth))


def timed_search(index: object, q: np.ndarray) -> tuple[np.ndarray, float]:
    started = time.perf_counter()
    _, ids = index.search(q, K)  # type: ignore[attr-defined]
    return ids, (time.perf_counter() - started) * 1000 / len(q)


def bench(path: Path, q: np.ndarray) -> None:
    import faiss

    from indexer import layout

    IP = faiss.METRIC_INNER_PRODUCT
    build = layout.resolve(path)
    vectors = np.ascontiguousarray(np.load(build / "vectors.npy"), dtype=np.float32)
    n, dim = vectors.shape
    print(f"{path.name}: {n} passage vectors, {len(q)} queries, k={K}")
    exact = faiss.IndexFlatIP(dim)
    exact.add(vectors)
    truth, ms = timed_search(exact, q)
    print(f"  exact FlatIP            build    0.0 s  search {ms:6.2f} ms/query  recall 1.000")
    for name, hnsw in [
        ("HNSW", faiss.IndexHNSWFlat(dim, 32, faiss.METRIC_INNER_PRODUCT)),
        ("HNSW-SQ8", faiss.IndexHNSWSQ(dim, faiss.ScalarQuantizer.QT_8bit, 32, IP)),
    ]:
        started = time.perf_counter()
        hnsw.train(vectors)
        hnsw.add(vectors)
        built = time.perf_counter() - started
        size = len(faiss.serialize_index(hnsw)) / 1e6
        print(f"  {name} M=32: {size:,.0f} MB")
        for ef in (64, 128, 256, 512):
            hnsw.hnsw.efSearch = ef
            ids, ms = timed_search(hnsw, q)
            print(
                f"  {name} M=32 efSearch={ef:<4d} build {built:6.1f} s  "
                f"search {ms:6.2f} ms/query  recall@10 {recall(ids, truth, 10):.3f}  "
                f"recall@40 {recall(ids, truth, K):.3f}"
            )
        del hnsw
    nlist = max(16, int(4 * math.sqrt(n)))
    started = time.perf_counter()
    ivf = faiss.IndexIVFFlat(faiss.IndexFlatIP(dim), dim, nlist, faiss.METRIC_INNER_PRODUCT)
    train = vectors[np.random.default_rng(0).permutation(n)[: min(n, 50 * nlist)]]
    ivf.train(train)
    ivf.add(vectors)
    built = time.perf_counter() - started
    for nprobe in (8, 16, 32, 64):
        ivf.nprobe = nprobe
        ids, ms = timed_search(ivf, q)
        print(
            f"  IVF{nlist} nprobe={nprobe:<3d}     build {built:6.1f} s  "
            f"search {ms:6.2f} ms/query  recall@10 {recall(ids, truth, 10):.3f}  "
            f"recall@40 {recall(ids, truth, K):.3f}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("indexes", type=Path, nargs="+")
    parser.add_argument("--queries", type=int, default=400)
    parser.add_argument("--threads", type=int, default=1)
    args = parser.parse_args()
    q = queries(args.queries)
    import faiss

    from indexer.vectors import BLAS_THRESHOLD

    faiss.omp_set_num_threads(args.threads)
    faiss.cvar.distance_compute_blas_threshold = BLAS_THRESHOLD
    for path in args.indexes:
        bench(path, q)


if __name__ == "__main__":
    main()
