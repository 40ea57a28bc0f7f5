"""What the draft's own metadata says about each target: shared categories and tags, and
how old the target was when the draft was written. Authors link posts on their draft's
subjects, and recent ones more than old ones."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from datetime import datetime

import numpy as np

from indexer.readers.fields import as_utc
from indexer.store import TargetRow
from service.engine.draft_meta import labels

DAY_SECONDS = 86_400.0
YEAR_DAYS = 365.25


class TargetMeta:
    """The targets' labels (a post's categories and tags, a source's topics), weighted by
    how rare they are, and their dates; built once per index."""

    def __init__(self, targets: Sequence[TargetRow]) -> None:
        self._labels = [labels((*t.categories, *t.tags, *t.topics)) for t in targets]
        counts = Counter(label for found in self._labels for label in found)
        self._unseen = math.log1p(max(1, len(targets)))
        self._idf = {label: math.log1p(len(targets) / n) for label, n in counts.items()}
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
        weight = {label: self._idf.get(label, self._unseen) for label in draft}
        own = sum(weight.values())
        for row, t in enumerate(targets.tolist()):
            theirs = self._labels[t]
            shared = sum(weight[label] for label in draft & theirs)
            if shared:
                union = own + sum(self._idf[label] for label in theirs - draft)
                out[row] = shared / union
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
