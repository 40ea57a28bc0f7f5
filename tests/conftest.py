"""Shared fixtures. The expensive ones (models, a built index) are session-scoped."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

os.environ.setdefault("HF_HUB_OFFLINE", "1")

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "sample_corpus"
SHARED = ROOT.parent / "shared"


@pytest.fixture(scope="session")
def analyser():
    from indexer.analysis import SpacyAnalyser

    return SpacyAnalyser()


@pytest.fixture(scope="session")
def embedder():
    from indexer.embedding import SentenceTransformerEmbedder

    return SentenceTransformerEmbedder(threads=1)


@pytest.fixture(scope="session")
def sample_inputs():
    from indexer.corpus_input import read_inputs

    return read_inputs([SAMPLE / "site"], [], SAMPLE / "sources.yaml")


@pytest.fixture(scope="session")
def built_index(tmp_path_factory, sample_inputs, analyser, embedder) -> Path:
    """The sample corpus indexed once per session. Copy it before changing it."""
    from indexer.build import build_index

    posts, sources, facts = sample_inputs
    root = tmp_path_factory.mktemp("index")
    build_index(
        root,
        posts,
        sources,
        analyser=analyser,
        embedder=embedder,
        site=facts,
    )
    return root


@pytest.fixture
def index_copy(built_index, tmp_path) -> Path:
    """A private copy of the session index, safe to rebuild or damage."""
    dest = tmp_path / "index"
    shutil.copytree(built_index, dest, symlinks=True)
    return dest


@pytest.fixture(scope="session")
def engine(built_index, analyser, embedder):
    from service.engine.engine import Engine
    from service.engine.index import load_index

    index = load_index(built_index, embedder.name, embedder.dimension, analyser.name)
    return Engine(index, analyser, embedder)
