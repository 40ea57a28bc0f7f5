"""What a new build can take from the build it replaces, so an update does little work.

Passage vectors by passage hash, title vectors by title, phrase keys (spaCy
normalisation) by phrase text, and each post's parse by its body and format
(:mod:`indexer.parse_cache`): none of these changes unless its text does. Reuse needs the
same embedding model (vectors) and the same spaCy pipeline (phrase keys); anything
unreadable is simply not reused.
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from indexer import layout, parse_cache, store
from indexer.manifest import REUSABLE_FORMATS, BadIndex, Manifest
from indexer.vectors import TITLES_NAME, VECTORS_NAME

log = logging.getLogger(__name__)

#: The files of the previous build read here (their checksums are verified first).
REUSED_FILES = (store.DB_NAME, VECTORS_NAME, TITLES_NAME)


@dataclass
class KeptVectors:
    """Vectors of the current build by key: a row of one memory-mapped array per key."""

    rows: dict[str, int] = field(default_factory=dict)
    vectors: np.ndarray = field(default_factory=lambda: np.zeros((0, 0), np.float32))

    def fill(self, out: np.ndarray, keys: Sequence[str]) -> list[int]:
        """Copy the kept vector of each key into its row of ``out``.

        Kept rows come in long runs (an update shifts the rows after an edit), so each
        run is one slice copy: no temporary copy of all the vectors.

        Returns:
            The rows of ``out`` whose key has no kept vector, in order.
        """
        found = np.fromiter((self.rows.get(k, -1) for k in keys), dtype=np.int64, count=len(keys))
        have = np.flatnonzero(found >= 0)
        src = found[have]
        breaks = np.flatnonzero((np.diff(have) != 1) | (np.diff(src) != 1)) + 1
        for start, end in zip(np.r_[0, breaks], np.r_[breaks, len(have)], strict=True):
            if end > start:
                n = int(end - start)
                out[have[start] : have[start] + n] = self.vectors[src[start] : src[start] + n]
        return [int(i) for i in np.flatnonzero(found < 0)]


@dataclass
class Previous:
    """Reusable results of the current build (empty when there is none)."""

    passages: KeptVectors = field(default_factory=KeptVectors)  # by passage hash
    titles: KeptVectors = field(default_factory=KeptVectors)  # by title
    phrase_keys: dict[str, str] = field(default_factory=dict)  # phrase text -> key
    parses: dict[str, bytes] = field(default_factory=dict)  # parse key -> kept parse


def load_previous(root: Path, embedding_model: str, pipeline: str) -> Previous:
    """The reusable parts of the build ``root`` currently points at."""
    old = layout.previous(root)
    if old is None:
        return Previous()
    try:
        manifest = Manifest.read(old, REUSABLE_FORMATS)
        manifest.verify(old, REUSED_FILES)  # damaged vectors must not pass into a new build
        with store.open_readonly(old / store.DB_NAME) as conn:
            out = Previous()
            if manifest.embedding_model == embedding_model:
                out.passages, out.titles = _vectors(old, conn)
            if manifest.spacy_pipeline == pipeline:
                out.phrase_keys = _phrase_keys(conn)
        out.parses = parse_cache.load(old)
    except (BadIndex, OSError, ValueError, sqlite3.Error) as exc:
        log.warning("not reusing anything from %s: %s", old, exc)
        return Previous()
    return out


def _vectors(old: Path, conn: sqlite3.Connection) -> tuple[KeptVectors, KeptVectors]:
    hashes = [h for (h,) in conn.execute("SELECT hash FROM passages ORDER BY id")]
    titles = [t for (t,) in conn.execute("SELECT title FROM posts ORDER BY id")]
    titles += [t for (t,) in conn.execute("SELECT title FROM sources ORDER BY id")]
    return _kept(old / VECTORS_NAME, hashes), _kept(old / TITLES_NAME, titles)


def _kept(path: Path, keys: list[str]) -> KeptVectors:
    vectors = np.load(path, mmap_mode="r")
    if len(keys) != len(vectors):
        return KeptVectors()
    return KeptVectors({key: row for row, key in enumerate(keys)}, vectors)


def _phrase_keys(conn: sqlite3.Connection) -> dict[str, str]:
    try:
        return dict(conn.execute("SELECT text, key FROM phrase_texts"))
    except sqlite3.OperationalError:  # built before phrase texts were kept
        return {}
