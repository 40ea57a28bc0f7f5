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
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from indexer import layout, parse_cache, store
from indexer.manifest import BadIndex, Manifest
from indexer.vectors import TITLES_NAME, VECTORS_NAME

log = logging.getLogger(__name__)


@dataclass
class Previous:
    """Reusable results of the current build (empty when there is none)."""

    passages: dict[str, np.ndarray] = field(default_factory=dict)  # passage hash -> vector
    titles: dict[str, np.ndarray] = field(default_factory=dict)  # title -> vector
    phrase_keys: dict[str, str] = field(default_factory=dict)  # phrase text -> key
    parses: dict[str, bytes] = field(default_factory=dict)  # parse key -> kept parse


def load_previous(root: Path, embedding_model: str, pipeline: str) -> Previous:
    """The reusable parts of the build ``root`` currently points at."""
    old = layout.previous(root)
    if old is None:
        return Previous()
    try:
        manifest = Manifest.read(old)
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


def _vectors(
    old: Path, conn: sqlite3.Connection
) -> tuple[dict[str, np.ndarray], dict[str, np.ndarray]]:
    vectors = np.load(old / VECTORS_NAME, mmap_mode="r")
    hashes = [h for (h,) in conn.execute("SELECT hash FROM passages ORDER BY id")]
    passages = dict(zip(hashes, vectors, strict=True)) if len(hashes) == len(vectors) else {}
    titles = [t for (t,) in conn.execute("SELECT title FROM posts ORDER BY id")]
    titles += [t for (t,) in conn.execute("SELECT title FROM sources ORDER BY id")]
    title_vecs = np.load(old / TITLES_NAME, mmap_mode="r")
    by_title = dict(zip(titles, title_vecs, strict=True)) if len(titles) == len(title_vecs) else {}
    return passages, by_title


def _phrase_keys(conn: sqlite3.Connection) -> dict[str, str]:
    try:
        return dict(conn.execute("SELECT text, key FROM phrase_texts"))
    except sqlite3.OperationalError:  # built before phrase texts were kept
        return {}
