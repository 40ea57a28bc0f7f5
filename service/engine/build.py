"""The composition root: settings in, a ready engine out. Called once per process."""

from __future__ import annotations

import logging
import os
import time

from indexer import layout
from indexer.analysis import SpacyAnalyser
from indexer.embedding import SentenceTransformerEmbedder
from indexer.manifest import BadIndex, Manifest
from service.engine.engine import Engine
from service.engine.index import load_index
from service.engine.types import IndexUnavailable
from service.settings import Settings

log = logging.getLogger(__name__)


def build_analyser(settings: Settings) -> SpacyAnalyser:
    """The spaCy analyser the settings name (shared by `linkwright index` and the engine)."""
    return SpacyAnalyser(settings.spacy_model)


def build_embedder(settings: Settings) -> SentenceTransformerEmbedder:
    """The embedder the settings name (shared by `linkwright index` and the engine)."""
    return SentenceTransformerEmbedder(
        settings.embedding_model,
        threads=settings.torch_threads,
        precision=settings.embedding_precision,
    )


def build_index_embedder(settings: Settings) -> SentenceTransformerEmbedder:
    """The embedder for `linkwright index`: one process, so every core (``index_threads``)."""
    threads = settings.index_threads or os.cpu_count() or 1
    return SentenceTransformerEmbedder(
        settings.embedding_model, threads=threads, precision=settings.embedding_precision
    )


def build_engine(settings: Settings) -> Engine:
    """Load the models and the index once.

    Raises:
        IndexUnavailable: no index, a corrupt one, or one built with other models.
    """
    started = time.monotonic()
    _check_index_exists(settings)
    _limit_threads(settings.torch_threads)
    analyser = build_analyser(settings)
    embedder = build_embedder(settings)
    index = load_index(settings.index, embedder.name, embedder.dimension, analyser.name)
    log.info(
        "engine ready in %.1f s (embedding in %s)", time.monotonic() - started, embedder.precision
    )
    return Engine(index, analyser, embedder, max_draft_chars=settings.max_draft_chars)


def reload_engine(settings: Settings, current: Engine | None) -> Engine:
    """An engine over the build ``settings.index`` names now, reusing ``current``'s models
    (and caches) when there is one: only the index is read.

    Raises:
        IndexUnavailable: no index, a corrupt one, or one built with other models.
    """
    if current is None:
        return build_engine(settings)
    embedder, analyser = current.embedder, current.analyser
    index = load_index(settings.index, embedder.name, embedder.dimension, analyser.name)
    return current.with_index(index)


def _limit_threads(threads: int) -> None:
    """FAISS searches on OpenMP threads: as many as torch gets, so that workers x threads
    stays within the cores (spinning idle threads cost more than they give)."""
    import faiss

    faiss.omp_set_num_threads(max(1, threads))


def _check_index_exists(settings: Settings) -> None:
    """Fail fast, before loading models, when there is no readable index at all."""
    try:
        Manifest.read(layout.resolve(settings.index))
    except BadIndex as exc:
        raise IndexUnavailable(str(exc)) from exc
