"""A built index loaded for reading: targets, phrase table, passage owners and vectors.

What every request needs is held in memory (compactly: arrays, not an object per row);
what only a finished suggestion or a pre-publish check asks for (a passage's heading, how
often the site already uses an anchor) is looked up in the read-only database on demand.
"""

from __future__ import annotations

import logging
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from indexer import layout, lexical, store
from indexer.lexical import LexicalProfiles
from indexer.manifest import BadIndex, Manifest
from indexer.store import TargetRow
from indexer.urls import normalize_url
from indexer.vectors import FAISS_NAME, TITLES_NAME, FaissIndex, VectorIndex
from service.engine.linkstats import LinkStats, anchor_key
from service.engine.phrases import PhraseTable
from service.engine.types import IndexInfo, IndexMismatch, IndexUnavailable

log = logging.getLogger(__name__)

#: The files of a build the service reads, whose checksums it verifies at load. The
#: passage vectors (``vectors.npy``) are read only by the next build, which verifies them.
SERVED_FILES = (store.DB_NAME, FAISS_NAME, TITLES_NAME, *lexical.FILES)


@dataclass
class LoadedIndex:
    """Everything the engine reads from one build, held in memory (vectors memory-mapped)."""

    path: Path
    manifest: Manifest
    targets: list[TargetRow]
    by_url: dict[str, int]  # URL (as stored, normal form, a post's aliases) -> target index
    phrases: PhraseTable
    passage_owner: np.ndarray  # passage id -> target index
    vectors: VectorIndex
    title_vectors: np.ndarray
    inbound: np.ndarray  # target index -> resolved internal links pointing at it
    link_count: int
    lexical: LexicalProfiles  # target index -> its most telling words
    link_stats: LinkStats = field(default_factory=LinkStats)  # for the pre-publish check

    @property
    def max_phrase_words(self) -> int:
        return self.phrases.max_words

    def passage_heading(self, passage: int) -> str:
        """The heading a passage sits under ("" for none, or when the build is gone)."""
        rows = self._query("SELECT heading FROM passages WHERE id = ?", (passage,))
        return str(rows[0][0]) if rows else ""

    def anchor_uses(self, anchor: str, target: str, exclude_post: int | None = None) -> int:
        """How many of the site's internal links to ``target`` (a normalised URL) use
        ``anchor``, compared case-folded, leaving out the links of post ``exclude_post``."""
        query = "SELECT post_id, anchor FROM links WHERE target_url = ? AND internal = 1"
        key = anchor_key(anchor)
        rows = self._query(query, (target,))
        return sum(
            1 for post, text in rows if post != exclude_post and anchor_key(str(text)) == key
        )

    def page_links(self, url: str, exclude_post: int | None = None) -> int:
        """How many published posts, other than ``exclude_post``, link to ``url`` (a
        normalised internal URL) where the index has no post: a page such as ``/about/``."""
        query = (
            "SELECT DISTINCT l.post_id FROM links l JOIN posts p ON p.id = l.post_id"
            " WHERE l.target_url = ? AND l.internal = 1 AND l.target_post_id IS NULL"
            " AND p.draft = 0"
        )
        return sum(1 for (post,) in self._query(query, (url,)) if post != exclude_post)

    def _query(self, query: str, args: tuple[object, ...]) -> list[tuple[object, ...]]:
        """Rows from the build's database, opened for this one lookup (a connection is
        not shared across threads or forked processes). A build removed while a worker
        still served it (three newer builds inside one reload interval) answers nothing,
        with a warning, rather than failing the request."""
        try:
            with store.open_readonly(self.path / store.DB_NAME) as conn:
                return list(conn.execute(query, args).fetchall())
        except sqlite3.Error as exc:
            log.warning("index %s cannot be read (%s): answering without it", self.path, exc)
            return []

    def info(self) -> IndexInfo:
        c = self.manifest.counts
        return IndexInfo(
            path=str(self.path),
            format_version=self.manifest.format_version,
            built_at=self.manifest.built_at,
            embedding_model=self.manifest.embedding_model,
            embedding_dimension=self.manifest.embedding_dimension,
            spacy_pipeline=self.manifest.spacy_pipeline,
            posts=c.get("posts", 0),
            targets=sum(1 for t in self.targets if t.kind == "post" and not t.draft),
            sources=c.get("sources", 0),
            passages=c.get("passages", 0),
            links=self.link_count,
        )


def load_index(root: Path, embedding_model: str, dimension: int, pipeline: str) -> LoadedIndex:
    """Load the current build under ``root`` and check it matches the running models.

    Raises:
        IndexUnavailable: no index, or an incomplete or corrupt one.
        IndexMismatch: the index was built with other models.
    """
    try:
        path = layout.resolve(root)
        manifest = Manifest.read(path)
        manifest.verify(path, SERVED_FILES)
    except BadIndex as exc:
        raise IndexUnavailable(str(exc)) from exc
    _check_models(manifest, embedding_model, dimension, pipeline)
    try:
        return _read(path, manifest)
    except (sqlite3.Error, OSError, ValueError, RuntimeError) as exc:
        raise IndexUnavailable(f"{path} cannot be read ({exc}): rebuild the index") from exc


def _check_models(manifest: Manifest, model: str, dimension: int, pipeline: str) -> None:
    problems = []
    if manifest.embedding_model != model or manifest.embedding_dimension != dimension:
        problems.append(
            f"embedding model {manifest.embedding_model} ({manifest.embedding_dimension}d), "
            f"the service runs {model} ({dimension}d)"
        )
    if manifest.spacy_pipeline != pipeline:
        problems.append(f"spaCy {manifest.spacy_pipeline}, the service runs {pipeline}")
    if problems:
        raise IndexMismatch(
            "the index was built with "
            + "; ".join(problems)
            + ": rebuild it with `linkwright index`"
        )


PASSAGE_OWNERS = "SELECT owner_kind = 'source', owner_id FROM passages ORDER BY id"
TIMES_LINKED = (
    "SELECT target_post_id, count(*) FROM links WHERE target_post_id IS NOT NULL"
    " GROUP BY target_post_id"
)


def _read(path: Path, manifest: Manifest) -> LoadedIndex:
    with store.open_readonly(path / store.DB_NAME) as conn:
        targets = store.load_targets(conn)
        slots = TargetSlots(targets)
        phrases = PhraseTable.read(conn, slots)
        owners = slots(*_columns(conn, PASSAGE_OWNERS))
        linked, times = _columns(conn, TIMES_LINKED)
        inbound = np.zeros(len(targets), dtype=np.int32)
        inbound[slots(np.zeros_like(linked), linked)] = times
        (links,) = conn.execute("SELECT count(*) FROM links").fetchone()
    vectors = FaissIndex.load(path / FAISS_NAME)
    titles = np.load(path / TITLES_NAME, mmap_mode="r")
    profiles = LexicalProfiles.load(path)
    if vectors.size != len(owners) or not len(titles) == profiles.size == len(targets):
        raise ValueError("vector counts do not match the database")
    by_url = {normalize_url(t.url, manifest.origin): i for i, t in enumerate(targets)}
    by_url.update({t.url: i for i, t in enumerate(targets)})
    for alias, url in manifest.aliases.items():  # a post's old URL names it too (and a
        if url in by_url:  # post that redirects elsewhere names where it goes)
            by_url[alias] = by_url[url]
    log.info("loaded index %s: %d targets, %d passages", path, len(targets), len(owners))
    return LoadedIndex(
        path=path,
        manifest=manifest,
        targets=targets,
        by_url=by_url,
        phrases=phrases,
        passage_owner=owners,
        vectors=vectors,
        title_vectors=titles,
        inbound=inbound,
        link_count=int(links),
        lexical=profiles,
        link_stats=LinkStats.of_targets(targets, manifest.origin),
    )


class TargetSlots:
    """Maps (is_source, id) columns of the database to indexes into the targets list."""

    def __init__(self, targets: list[TargetRow]) -> None:
        self._of = []
        for kind in ("post", "source"):
            ids = np.array([t.id for t in targets if t.kind == kind], dtype=np.int64)
            table = np.full(int(ids.max()) + 1 if len(ids) else 1, -1, dtype=np.int64)
            table[ids] = [i for i, t in enumerate(targets) if t.kind == kind]
            self._of.append(table)

    def __call__(self, is_source: np.ndarray, ids: np.ndarray) -> np.ndarray:
        out = np.full(len(ids), -1, dtype=np.int64)
        for kind, table in enumerate(self._of):
            mine = is_source == kind
            wanted = ids[mine]
            known = (wanted >= 0) & (wanted < len(table))
            out[np.flatnonzero(mine)[known]] = table[wanted[known]]
        if (out < 0).any():
            raise ValueError("the database names a post or source that is not in it")
        return out


def _columns(conn: sqlite3.Connection, query: str) -> tuple[np.ndarray, np.ndarray]:
    """The two integer columns of a query's rows."""
    rows = np.asarray(conn.execute(query).fetchall(), dtype=np.int64).reshape(-1, 2)
    return rows[:, 0], rows[:, 1]
