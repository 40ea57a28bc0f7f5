"""The FAISS half of an index: passage vectors, searched by inner product (cosine)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Protocol

import numpy as np

if TYPE_CHECKING:
    import faiss

FAISS_NAME = "passages.faiss"
VECTORS_NAME = "vectors.npy"
TITLES_NAME = "titles.npy"  # one title vector per target: posts by id, then sources
#: Up to this many vectors (~30,000 posts) exact search is used; past it, HNSW over
#: 8-bit scalar-quantised vectors: at 630,000 vectors the file (mapped into every worker)
#: is 412 MB instead of 1,135 MB with float vectors, for the same recall and scores within
#: 0.002 of the exact inner product (bench/RESULTS.md). Exact
#: search at 630,000 vectors made a 1,500-word draft 0.5 s slower and an edit 0.3 s slower
#: (bench/RESULTS.md, "Exact or approximate search").
EXACT_LIMIT = 200_000
#: HNSW's search breadth: at 630,000 vectors efSearch 128 kept 0.76 of the 40 nearest
#: passages, 256 keeps 0.83 for 0.3 ms more a query (bench/RESULTS.md).
HNSW_EF_SEARCH = 256
#: Queries per search from which faiss computes exact distances with BLAS.
BLAS_THRESHOLD = 20


class VectorIndex(Protocol):
    """Nearest-neighbour search over passage vectors."""

    size: int

    def search(self, queries: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
        """Top-``k`` (scores, ids) for each query row; ids are -1 where fewer exist."""
        ...


class FaissIndex:
    """A :class:`VectorIndex` over a FAISS index file."""

    def __init__(self, index: faiss.Index) -> None:
        self._index = index
        self.size = int(index.ntotal)

    @classmethod
    def build(cls, vectors: np.ndarray) -> FaissIndex:
        """An exact index for small and mid-sized sites, HNSW over 8-bit quantised vectors
        past :data:`EXACT_LIMIT`."""
        import faiss

        dim = vectors.shape[1]
        index: faiss.Index
        if len(vectors) <= EXACT_LIMIT:
            index = faiss.IndexFlatIP(dim)
        else:
            qt_8bit = faiss.ScalarQuantizer.QT_8bit  # an int; faiss's stubs want the class
            index = faiss.IndexHNSWSQ(dim, qt_8bit, 32, faiss.METRIC_INNER_PRODUCT)  # type: ignore[arg-type]
            index.hnsw.efSearch = HNSW_EF_SEARCH
        if len(vectors):
            rows = np.ascontiguousarray(vectors, dtype=np.float32)
            index.train(rows)  # the quantiser's value ranges; nothing to learn for exact
            index.add(rows)
        return cls(index)

    @classmethod
    def load(cls, path: Path, mmap: bool = True) -> FaissIndex:
        """Read an index file; memory-mapped by default, so the workers of one machine
        share one copy of the vectors in the page cache and loading takes no time."""
        import faiss

        # Exact search of a draft's sentences (tens of queries) is a matrix product; this
        # faiss build leaves it to BLAS only past 128,000 queries, 6x slower at 60,000
        # vectors. Twenty is faiss's long-standing default.
        faiss.cvar.distance_compute_blas_threshold = BLAS_THRESHOLD
        flags = (faiss.IO_FLAG_MMAP_IFC | faiss.IO_FLAG_READ_ONLY) if mmap else 0
        return cls(faiss.read_index(str(path), flags))

    def save(self, path: Path) -> None:
        import faiss

        faiss.write_index(self._index, str(path))

    def search(self, queries: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
        k = max(1, min(k, self.size))
        if self.size == 0:
            n = len(queries)
            return np.zeros((n, 1), np.float32), np.full((n, 1), -1, np.int64)
        scores, ids = self._index.search(np.ascontiguousarray(queries, dtype=np.float32), k)
        return scores, ids
