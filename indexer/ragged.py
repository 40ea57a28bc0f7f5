"""Ragged rows held as one flat array and row offsets (CSR), read many rows at once.

The lexical profiles (:mod:`indexer.lexical`) and the targets' labels
(:mod:`service.engine.target_meta`) are held so: one array, and where each row starts.
"""

from __future__ import annotations

import numpy as np


def gather(offsets: np.ndarray, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Where the elements of ``rows`` sit in the flat array (row by row, in order), and
    for each, which of ``rows`` (0 to ``len(rows) - 1``) it belongs to. Row ``r`` is
    ``flat[offsets[r] : offsets[r + 1]]``."""
    starts = offsets[rows]
    sizes = offsets[np.asarray(rows) + 1] - starts
    owner = np.repeat(np.arange(len(rows)), sizes)
    at = np.repeat(starts - np.cumsum(sizes) + sizes, sizes) + np.arange(len(owner))
    return at, owner


def run_ranks(keys: np.ndarray) -> np.ndarray:
    """Each element's place (0, 1, …) in its run of equal ``keys`` (sorted, or at least
    with equal keys adjacent)."""
    first = np.flatnonzero(np.r_[True, keys[1:] != keys[:-1]])
    return np.arange(len(keys)) - np.repeat(first, np.diff(np.r_[first, len(keys)]))
