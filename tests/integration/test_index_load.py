"""The service refuses an index it cannot trust."""

from __future__ import annotations

import json

import pytest

from indexer import layout
from service.engine.index import load_index
from service.engine.types import IndexMismatch, IndexUnavailable

pytestmark = pytest.mark.models


def test_missing_index(tmp_path, embedder, analyser):
    with pytest.raises(IndexUnavailable, match="linkwright index"):
        load_index(tmp_path / "nowhere", embedder.name, embedder.dimension, analyser.name)


def test_other_models_are_refused(index_copy, embedder, analyser):
    with pytest.raises(IndexMismatch, match="rebuild"):
        load_index(index_copy, "some-other-model", 768, analyser.name)


def test_corrupt_files_are_refused(index_copy, embedder, analyser):
    build = layout.resolve(index_copy)
    with (build / "vectors.npy").open("r+b") as fh:
        fh.seek(200)
        fh.write(b"garbage")
    with pytest.raises(IndexUnavailable, match="corrupt"):
        load_index(index_copy, embedder.name, embedder.dimension, analyser.name)


def test_a_garbled_manifest_is_refused(index_copy, embedder, analyser):
    (layout.resolve(index_copy) / "manifest.json").write_text("{not json")
    with pytest.raises(IndexUnavailable, match="corrupt"):
        load_index(index_copy, embedder.name, embedder.dimension, analyser.name)


def test_a_newer_format_is_refused(index_copy, embedder, analyser):
    path = layout.resolve(index_copy) / "manifest.json"
    data = json.loads(path.read_text())
    path.write_text(json.dumps({**data, "format_version": 99}))
    with pytest.raises(IndexUnavailable, match="format"):
        load_index(index_copy, embedder.name, embedder.dimension, analyser.name)
