"""How far HNSW over 8-bit quantised vectors moves the scores the engine uses.

    .venv/bin/python bench/quantised_scores.py [INDEX] [--vectors 100000] [--queries 300]

Builds ``IndexHNSWSQ`` (as ``indexer.vectors`` does past ``EXACT_LIMIT``) over the first
``--vectors`` passage vectors of INDEX (default ``bench/out/perf/index-100000``), searches
the 40 nearest of ``--queries`` queries (indexed vectors plus a little noise), and prints
how far each returned score is from the exact inner product of the float vectors.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def main() -> None:
    import faiss

    from indexer import layout
    from indexer.vectors import HNSW_EF_SEARCH, VECTORS_NAME

    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("index", type=Path, nargs="?", default=ROOT / "bench/out/perf/index-100000")
    p.add_argument("--vectors", type=int, default=100_000)
    p.add_argument("--queries", type=int, default=300)
    args = p.parse_args()
    rows = np.load(layout.resolve(args.index) / VECTORS_NAME, mmap_mode="r")
    v = np.ascontiguousarray(rows[: args.vectors], dtype=np.float32)
    rng = np.random.default_rng(1)
    q = v[rng.choice(len(v), args.queries, replace=False)]
    q = q + rng.normal(0, 0.03, q.shape).astype(np.float32)
    q /= np.linalg.norm(q, axis=1, keepdims=True)
    qt_8bit = faiss.ScalarQuantizer.QT_8bit
    index = faiss.IndexHNSWSQ(v.shape[1], qt_8bit, 32, faiss.METRIC_INNER_PRODUCT)
    index.train(v)
    index.add(v)
    index.hnsw.efSearch = HNSW_EF_SEARCH
    scores, ids = index.search(q, 40)
    err = np.abs(scores - np.einsum("qd,qkd->qk", q, v[ids]))
    print(
        f"{len(v)} vectors, {len(q)} queries, k=40: score error mean {err.mean():.4f}, "
        f"p99 {np.quantile(err, 0.99):.4f}, max {err.max():.4f}"
    )


if __name__ == "__main__":
    main()
