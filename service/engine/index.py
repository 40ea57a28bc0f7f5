"""A built index loaded for reading: targets, phrase table, passage owners and vectors."""

from __future__ import annotations

import logging
import sqlite3
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from indexer import layout, store
from indexer.manifest import BadIndex, Manifest
from indexer.store import TargetRow
from indexer.urls import normalize_url
from indexer.vectors import FAISS_NAME, TITLES_NAME, FaissIndex, VectorIndex
from service.engine.linkstats import LinkStats
from service.engine.types import IndexInfo, IndexMismatch, IndexUnavailable

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class PhraseHit:
    """A phrase of the site that names a target: a title, tag, topic or existing anchor."""

    target: int  # index into LoadedIndex.targets
    origin: str  # "title", "keyphrase", "tag", "anchor", "topic"
    count: int


@dataclass
class LoadedIndex:
    """Everything the engine reads from one build, held in memory (vectors memory-mapped)."""

    path: Path
    manifest: Manifest
    targets: list[TargetRow]
    by_url: dict[str, int]
    phrases: dict[str, list[PhraseHit]]
    max_phrase_words: int
    passage_owner: np.ndarray  # passage id -> target index
    passage_heading: list[str]
    vectors: VectorIndex
    title_vectors: np.ndarray
    inbound: np.ndarray  # target index -> resolved internal links pointing at it
    link_count: int
    link_stats: LinkStats = field(default_factory=LinkStats)  # for the pre-publish check

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
        manifest.verify(path)
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


def _read(path: Path, manifest: Manifest) -> LoadedIndex:
    with store.open_readonly(path / store.DB_NAME) as conn:
        targets = store.load_targets(conn)
        slot = {(t.kind, t.id): i for i, t in enumerate(targets)}
        phrases: dict[str, list[PhraseHit]] = defaultdict(list)
        for key, kind, oid, origin, count in conn.execute("SELECT * FROM phrases"):
            phrases[key].append(PhraseHit(slot[(kind, oid)], origin, count))
        rows = conn.execute("SELECT owner_kind, owner_id, heading FROM passages ORDER BY id")
        owners, headings = [], []
        for kind, oid, heading in rows:
            owners.append(slot[(kind, oid)])
            headings.append(heading)
        inbound = np.zeros(len(targets), dtype=np.int32)
        links = 0
        for (target_id,) in conn.execute("SELECT target_post_id FROM links"):
            links += 1
            if target_id is not None:
                inbound[slot[("post", target_id)]] += 1
        link_stats = LinkStats.read(conn, targets, manifest.origin)
    vectors = FaissIndex.load(path / FAISS_NAME)
    titles = np.load(path / TITLES_NAME, mmap_mode="r")
    if vectors.size != len(owners) or len(titles) != len(targets):
        raise ValueError("vector counts do not match the database")
    by_url = {normalize_url(t.url, manifest.origin): i for i, t in enumerate(targets)}
    by_url.update({t.url: i for i, t in enumerate(targets)})
    log.info("loaded index %s: %d targets, %d passages", path, len(targets), len(owners))
    return LoadedIndex(
        path=path,
        manifest=manifest,
        targets=targets,
        by_url=by_url,
        phrases=dict(phrases),
        max_phrase_words=max((k.count(" ") + 1 for k in phrases), default=1),
        passage_owner=np.asarray(owners, dtype=np.int64),
        passage_heading=headings,
        vectors=vectors,
        title_vectors=titles,
        inbound=inbound,
        link_count=links,
        link_stats=link_stats,
    )
