"""The embedder's batches: similar lengths together, bounded padded size, nothing lost."""

from __future__ import annotations

import pytest

from indexer.embedding import MAX_BATCH, length_batches


def test_every_text_once_shortest_first() -> None:
    texts = ["a" * n for n in (50, 3, 400, 3, 90, 1200, 7)]
    batches = length_batches(texts, chars=400)
    flat = [i for b in batches for i in b]
    assert sorted(flat) == list(range(len(texts)))
    lengths = [len(texts[i]) for i in flat]
    assert lengths == sorted(lengths)


@pytest.mark.parametrize("chars", [1, 100, 1_500])
def test_a_batch_padded_to_its_longest_fits_the_budget(chars: int) -> None:
    texts = ["word " * (n % 40 + 1) for n in range(300)]
    for batch in length_batches(texts, chars=chars):
        longest = max(len(texts[i]) for i in batch)
        assert len(batch) == 1 or len(batch) * longest <= chars
        assert len(batch) <= MAX_BATCH


def test_short_texts_share_batches_and_a_long_one_goes_alone() -> None:
    texts = ["ab"] * 600 + ["x" * 5_000]
    batches = length_batches(texts, chars=1_500)
    assert [len(b) for b in batches] == [MAX_BATCH, MAX_BATCH, 600 - 2 * MAX_BATCH, 1]
    assert length_batches([]) == []
