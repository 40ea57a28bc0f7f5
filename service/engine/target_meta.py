"""What the draft's own metadata says about each target: shared categories and tags, and
how old the target was when the draft was written. Authors link posts on their draft's
subjects, and recent ones more than old ones."""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import datetime

import numpy as np

from indexer import ragged
from indexer.readers.fields import as_utc
from indexer.store import TargetRow
from service.engine.draft_meta import labels

DAY_SECONDS = 86_400.0
YEAR_DAYS = 365.25


class TargetMeta:
    """The targets' labels (a post's categories and tags, a source's topics), weighted by
    how rare they are, and their dates; built once per index. Labels are held as one
    array of label numbers (a target's run of it between two offsets), not a set per
    target: at 100,000 posts the sets cost ~37 MB per worker."""

    def __init__(self, targets: Sequence[TargetRow]) -> None:
        numbers: dict[str, int] = {}
        runs: list[list[int]] = []
        for t in targets:
            found = labels((*t.categories, *t.tags, *t.topics))
            runs.append(sorted(numbers.setdefault(label, len(numbers)) for label in found))
        self._numbers = numbers
        self._starts = np.cumsum([0, *map(len, runs)], dtype=np.int64)
        self._labels = np.fromiter((n for run in runs for n in run), np.int32, self._starts[-1])
        counts = np.bincount(self._labels, minlength=len(numbers))
        self._unseen = math.log1p(max(1, len(targets)))
        self._idf = np.log1p(len(targets) / np.maximum(counts, 1))
        self._days = np.array(
            [_days(t.date) if t.date else np.nan for t in targets], dtype=np.float64
        )
        dated = self._days[~np.isnan(self._days)]
        self._newest = float(dated.max()) if len(dated) else None

    def overlap(self, draft: frozenset[str], targets: np.ndarray) -> np.ndarray:
        """Per target: the rarity-weighted Jaccard similarity of its labels and the
        draft's, 0-1 (0 when the draft has none). A label no target has counts as the
        rarest."""
        out = np.zeros(len(targets), dtype=np.float64)
        if not draft:
            return out
        known = [self._numbers[label] for label in draft if label in self._numbers]
        own = float(self._idf[known].sum()) + self._unseen * (len(draft) - len(known))
        in_draft = np.zeros(len(self._idf), dtype=bool)
        in_draft[known] = True
        at, row = ragged.gather(self._starts, targets)
        flat = self._labels[at]
        weight = self._idf[flat]
        shared = np.bincount(row, weights=weight * in_draft[flat], minlength=len(targets))
        theirs = np.bincount(row, weights=weight * ~in_draft[flat], minlength=len(targets))
        hit = shared > 0
        out[hit] = shared[hit] / (own + theirs[hit])
        return out

    def age(self, when: datetime | None, targets: np.ndarray) -> np.ndarray:
        """Per target: ``log1p`` of its age in years on the draft's date (else on the
        newest target's date), 0 for targets published later or undated."""
        now = _days(when) if when else self._newest
        if now is None:
            return np.zeros(len(targets), dtype=np.float64)
        years = (now - self._days[targets]) / YEAR_DAYS
        return np.log1p(np.nan_to_num(np.clip(years, 0.0, None), nan=0.0))


def _days(moment: datetime) -> float:
    return as_utc(moment).timestamp() / DAY_SECONDS
