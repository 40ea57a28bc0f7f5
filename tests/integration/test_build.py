"""Index builds with the real models: contents, incremental reuse, atomic failure, rollback."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from indexer import layout
from indexer.build import build_index
from indexer.corpus import Post
from indexer.manifest import Manifest
from indexer.store import DB_NAME
from indexer.vectors import VECTORS_NAME

pytestmark = pytest.mark.models


def _db(root: Path) -> sqlite3.Connection:
    return sqlite3.connect(layout.resolve(root) / DB_NAME)


def test_manifest_describes_the_build(built_index, analyser, embedder, sample_inputs):
    posts, sources, _ = sample_inputs
    manifest = Manifest.read(layout.resolve(built_index))
    manifest.verify(layout.resolve(built_index))
    assert manifest.embedding_model == embedder.name
    assert manifest.embedding_dimension == 384
    assert manifest.spacy_pipeline == analyser.name
    assert manifest.counts["posts"] == sum(not p.draft for p in posts)
    assert manifest.counts["drafts"] == sum(p.draft for p in posts) >= 3
    assert manifest.counts["sources"] == len(sources) >= 25
    assert manifest.markdown == "kramdown"  # the sample site is Jekyll's
    assert manifest.aliases == {"/blog/orphan-pages/": "/blog/2021/10/19/orphan-pages/"}


def test_drafts_have_no_passages_and_links_are_recorded(built_index):
    with _db(built_index) as conn:
        draft_passages = conn.execute(
            "SELECT count(*) FROM passages p JOIN posts s ON p.owner_kind = 'post' "
            "AND p.owner_id = s.id WHERE s.draft = 1"
        ).fetchone()[0]
        resolved = conn.execute(
            "SELECT count(*) FROM links WHERE target_post_id IS NOT NULL"
        ).fetchone()[0]
        anchors = conn.execute("SELECT count(*) FROM phrases WHERE origin = 'anchor'").fetchone()[0]
    assert draft_passages == 0
    assert resolved >= 40  # the sample site cross-links its posts
    assert anchors > 0


def test_a_link_to_a_posts_alias_links_the_post(tmp_path: Path, analyser, embedder) -> None:
    """An old URL (``redirect_from``), and a post that now redirects (``redirect_to``)."""
    posts = [
        Post("/new/", "Starter", "Feeding a sourdough starter.", "markdown", aliases=("/old/",)),
        Post("/bread/", "Bread", "Begin with [the starter](/old/) first.", "markdown"),
        Post("/merged/", "", "", "markdown", draft=True, redirect_to="/new/"),
        Post("/rye/", "Rye", "Rye needs [a starter](/merged/) too.", "markdown"),
    ]
    summary = build_index(tmp_path / "index", posts, [], analyser=analyser, embedder=embedder)
    assert summary.aliases == 2
    with _db(tmp_path / "index") as conn:
        linked = conn.execute(
            "SELECT l.target_url, p.url FROM links l JOIN posts p ON l.target_post_id = p.id"
        ).fetchall()
    assert sorted(linked) == [("/merged/", "/new/"), ("/old/", "/new/")]
    aliases = Manifest.read(layout.resolve(tmp_path / "index")).aliases
    assert aliases == {"/old/": "/new/", "/merged/": "/new/"}


def test_rebuild_reuses_every_embedding(index_copy, sample_inputs, analyser, embedder):
    posts, sources, facts = sample_inputs
    before = layout.resolve(index_copy)
    summary = build_index(
        index_copy, posts, sources, analyser=analyser, embedder=embedder, site=facts
    )
    assert summary.embedded == 0
    assert summary.reused == summary.passages
    assert summary.parsed == 0  # every post's parse is kept from the previous build
    assert layout.resolve(index_copy) != before


def test_a_corrupt_previous_build_is_not_reused(index_copy, sample_inputs, analyser, embedder):
    # The service never reads vectors.npy, so only the next build can notice it is
    # damaged: it must embed afresh rather than carry damaged vectors into a new build.
    posts, sources, facts = sample_inputs
    with (layout.resolve(index_copy) / VECTORS_NAME).open("r+b") as fh:
        fh.seek(300)
        fh.write(b"garbage")
    summary = build_index(
        index_copy, posts, sources, analyser=analyser, embedder=embedder, site=facts
    )
    assert summary.embedded == summary.passages
    Manifest.read(summary.path).verify(summary.path)


class ExplodingEmbedder:
    """A real-interface embedder that fails part-way through a build (after the build
    folder holds the kept parses), as a crash would. The build embeds only what changed,
    so the first call is the one to fail."""

    def __init__(self, inner) -> None:
        self.name, self.dimension = inner.name, inner.dimension

    def encode(self, texts):
        raise RuntimeError("simulated crash while embedding")


def test_failed_build_leaves_the_current_index(index_copy, sample_inputs, analyser, embedder):
    posts, sources, facts = sample_inputs
    before = layout.resolve(index_copy)
    changed = [p.__class__(**{**p.__dict__, "body": p.body + "\n\nNew words."}) for p in posts]
    with pytest.raises(RuntimeError, match="simulated crash"):
        build_index(
            index_copy,
            changed,
            sources,
            analyser=analyser,
            embedder=ExplodingEmbedder(embedder),
            site=facts,
        )
    assert layout.resolve(index_copy) == before
    Manifest.read(before).verify(before)
    assert not list((index_copy / "builds").glob(".tmp-*"))


def test_rollback_returns_to_the_previous_build(index_copy, sample_inputs, analyser, embedder):
    posts, sources, facts = sample_inputs
    first = layout.resolve(index_copy)
    build_index(index_copy, posts, sources, analyser=analyser, embedder=embedder, site=facts)
    assert layout.resolve(index_copy) != first
    assert layout.rollback(index_copy) == first
    assert layout.resolve(index_copy) == first


def test_rollback_after_a_rollback_and_a_new_build_goes_to_the_build_before_it(
    index_copy, sample_inputs, analyser, embedder
):
    """v1, v2, back to v1, v3: back again is v1 (current before v3), never the rejected v2."""
    posts, sources, facts = sample_inputs

    def build() -> Path:
        build_index(index_copy, posts, sources, analyser=analyser, embedder=embedder, site=facts)
        return layout.resolve(index_copy)

    v1 = layout.resolve(index_copy)
    build()
    assert layout.rollback(index_copy) == v1
    v3 = build()
    assert layout.rollback(index_copy) == v1
    assert layout.resolve(index_copy) == v1 != v3


def test_a_build_with_nothing_to_link_to_is_refused(index_copy, sample_inputs, analyser, embedder):
    from indexer.corpus import CorpusError

    posts, _, facts = sample_inputs
    before = layout.resolve(index_copy)
    drafts = [p.__class__(**{**p.__dict__, "draft": True}) for p in posts]
    with pytest.raises(CorpusError, match="nothing to link to"):
        build_index(index_copy, drafts, [], analyser=analyser, embedder=embedder, site=facts)
    assert layout.resolve(index_copy) == before
