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
        self._rows: np.ndarray | None = None  # an exact index's vectors (a view, no copy)
        self._few: faiss.Index | None = None  # their float16 copy, for a few queries

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
        loaded = cls(faiss.read_index(str(path), flags))
        loaded._prepare_few()
        return loaded

    def _prepare_few(self) -> None:
        """Give an exact index a float16 copy for searches of fewer than
        :data:`BLAS_THRESHOLD` queries (an edit's changed sentences, the draft-level
        query). Without BLAS, faiss scans float vectors one query at a time: 18 ms a
        query at 63,000 vectors, against 3 ms over float16 (bench/RESULTS.md). Results
        are rescored on the float vectors, so scores are exact either way."""
        import faiss

        flat = faiss.downcast_index(self._index)
        if not isinstance(flat, faiss.IndexFlatIP) or self.size == 0:
            return
        rows = faiss.rev_swig_ptr(flat.get_xb(), self.size * flat.d).reshape(self.size, flat.d)
        qt_fp16 = faiss.ScalarQuantizer.QT_fp16
        few = faiss.IndexScalarQuantizer(flat.d, qt_fp16, faiss.METRIC_INNER_PRODUCT)  # type: ignore[arg-type]
        for start in range(0, self.size, 1 << 16):  # a chunk at a time: no float copy
            few.add(rows[start : start + (1 << 16)])
        self._rows, self._few = rows, few

    def save(self, path: Path) -> None:
        import faiss

        faiss.write_index(self._index, str(path))

    def search(self, queries: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
        k = max(1, min(k, self.size))
        if self.size == 0:
            n = len(queries)
            return np.zeros((n, 1), np.float32), np.full((n, 1), -1, np.int64)
        queries = np.ascontiguousarray(queries, dtype=np.float32)
        if self._few is None or self._rows is None or len(queries) >= BLAS_THRESHOLD:
            scores, ids = self._index.search(queries, k)
            return scores, ids
        _, ids = self._few.search(queries, k)
        scores = np.einsum("qd,qkd->qk", queries, self._rows[np.maximum(ids, 0)])
        scores[ids < 0] = -np.finfo(np.float32).max  # as faiss marks a missing neighbour
        order = np.argsort(-scores, axis=1, kind="stable")
        return np.take_along_axis(scores, order, 1), np.take_along_axis(ids, order, 1)
