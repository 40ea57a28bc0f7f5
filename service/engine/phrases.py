"""The site's phrase table, held compactly: which phrases name which targets.

A large site has hundreds of thousands of (phrase, target) rows. Held as one Python object
each they cost ~90 MB per worker at 100,000 posts and most of a second to load; here they
are four flat arrays and one dict from phrase key to row range, and a lookup builds the
few :class:`PhraseHit` values it returns.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass

import numpy as np

ORIGINS = ("title", "keyphrase", "tag", "anchor", "topic")


@dataclass(frozen=True, slots=True)
class PhraseHit:
    """A phrase of the site that names a target: a title, tag, topic or existing anchor."""

    target: int  # index into LoadedIndex.targets
    origin: str  # one of ORIGINS
    count: int


class PhraseTable(Mapping[str, tuple[PhraseHit, ...]]):
    """Phrase key -> the targets it names, read-only."""

    def __init__(
        self, rows: dict[str, int], starts: np.ndarray, hits: np.ndarray, max_words: int
    ) -> None:
        self._rows = rows  # key -> its number; its hits are hits[starts[n] : starts[n + 1]]
        self._starts = starts
        self._hits = hits  # (target, origin number, count) per row
        self.max_words = max_words

    @classmethod
    def read(
        cls, conn: sqlite3.Connection, slots: Callable[[np.ndarray, np.ndarray], np.ndarray]
    ) -> PhraseTable:
        """Read the ``phrases`` table; ``slots(is_source, ids)`` gives targets' indexes."""
        groups = conn.execute("SELECT key, count(*) FROM phrases GROUP BY key ORDER BY key")
        keys: dict[str, int] = {}
        sizes: list[int] = []
        for key, n in groups:
            keys[key] = len(sizes)
            sizes.append(n)
        origin = " ".join(f"WHEN {name!r} THEN {i}" for i, name in enumerate(ORIGINS))
        rows = conn.execute(
            f"SELECT owner_kind = 'source', owner_id, CASE origin {origin} ELSE -1 END, count"
            " FROM phrases ORDER BY key"
        ).fetchall()
        table = np.asarray(rows, dtype=np.int64).reshape(-1, 4)
        if (table[:, 2] < 0).any():
            raise ValueError("the phrase table names an unknown origin")
        hits = np.column_stack([slots(table[:, 0], table[:, 1]), table[:, 2:]]).astype(np.int32)
        starts = np.concatenate([[0], np.cumsum(sizes, dtype=np.int64)])
        longest = max((k.count(" ") + 1 for k in keys), default=1)
        return cls(keys, starts, hits, longest)

    def __getitem__(self, key: str) -> tuple[PhraseHit, ...]:
        n = self._rows[key]
        rows = self._hits[self._starts[n] : self._starts[n + 1]].tolist()
        return tuple(PhraseHit(t, ORIGINS[o], c) for t, o, c in rows)

    def size(self, key: str) -> int:
        """How many (target, origin) rows ``key`` has, without building them (0 if none)."""
        n = self._rows.get(key)
        return 0 if n is None else int(self._starts[n + 1] - self._starts[n])

    def __contains__(self, key: object) -> bool:
        return key in self._rows

    def __iter__(self) -> Iterator[str]:
        return iter(self._rows)

    def __len__(self) -> int:
        return len(self._rows)
