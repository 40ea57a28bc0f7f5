"""Reading many rows of a flat array with row offsets at once."""

from __future__ import annotations

import numpy as np

from indexer.ragged import gather, run_ranks


def test_gather_lists_the_rows_elements_in_order_with_their_row() -> None:
    offsets = np.array([0, 2, 2, 5, 6])  # rows: [0, 1], [], [2, 3, 4], [5]
    at, owner = gather(offsets, np.array([3, 0, 1, 2]))
    assert at.tolist() == [5, 0, 1, 2, 3, 4]
    assert owner.tolist() == [0, 1, 1, 3, 3, 3]
    at, owner = gather(offsets, np.array([], dtype=np.int64))
    assert at.tolist() == [] and owner.tolist() == []


def test_run_ranks_count_within_each_run_of_equal_keys() -> None:
    assert run_ranks(np.array([4, 4, 4, 7, 9, 9])).tolist() == [0, 1, 2, 0, 0, 1]
    assert run_ranks(np.array([], dtype=np.int64)).tolist() == []
