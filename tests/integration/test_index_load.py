"""The service refuses an index it cannot trust."""

from __future__ import annotations

import json

import pytest

from indexer import layout, store
from service.engine.index import SERVED_FILES, load_index
from service.engine.types import IndexMismatch, IndexUnavailable

pytestmark = pytest.mark.models


def test_missing_index(tmp_path, embedder, analyser):
    with pytest.raises(IndexUnavailable, match="linkwright index"):
        load_index(tmp_path / "nowhere", embedder.name, embedder.dimension, analyser.name)


def test_other_models_are_refused(index_copy, embedder, analyser):
    with pytest.raises(IndexMismatch, match="rebuild"):
        load_index(index_copy, "some-other-model", 768, analyser.name)


@pytest.mark.parametrize("name", SERVED_FILES)
def test_corrupt_files_are_refused(index_copy, embedder, analyser, name):
    build = layout.resolve(index_copy)
    with (build / name).open("r+b") as fh:
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


def test_what_is_loaded_is_what_the_database_holds(built_index, embedder, analyser):
    # The loader reads the phrase table, passage owners and inbound counts into arrays;
    # read row by row, the database must say the same.
    index = load_index(built_index, embedder.name, embedder.dimension, analyser.name)
    slot = {(t.kind, t.id): i for i, t in enumerate(index.targets)}
    with store.open_readonly(index.path / store.DB_NAME) as conn:
        phrases: dict[str, set[tuple[int, str, int]]] = {}
        for key, kind, oid, origin, count in conn.execute("SELECT * FROM phrases"):
            phrases.setdefault(key, set()).add((slot[(kind, oid)], origin, count))
        owners = [slot[row] for row in conn.execute("SELECT owner_kind, owner_id FROM passages")]
        heading = conn.execute("SELECT heading FROM passages WHERE heading != ''").fetchone()[0]
        first = conn.execute("SELECT id FROM passages WHERE heading = ?", (heading,)).fetchone()
        linked = conn.execute(
            "SELECT target_post_id, count(*) FROM links WHERE target_post_id IS NOT NULL"
            " GROUP BY target_post_id"
        ).fetchall()
    assert len(index.phrases) == len(phrases)
    assert {
        k: {(h.target, h.origin, h.count) for h in index.phrases[k]} for k in phrases
    } == phrases
    assert index.max_phrase_words == max(k.count(" ") + 1 for k in phrases)
    assert index.passage_owner.tolist() == owners
    assert index.passage_heading(first[0]) == heading
    assert linked and all(index.inbound[slot[("post", pid)]] == n for pid, n in linked)
    assert int(index.inbound.sum()) == sum(n for _, n in linked)


def test_anchor_uses_are_counted_case_folded_and_without_one_post(built_index, embedder, analyser):
    index = load_index(built_index, embedder.name, embedder.dimension, analyser.name)
    with store.open_readonly(index.path / store.DB_NAME) as conn:
        post, anchor, target, here = conn.execute(
            "SELECT post_id, anchor, target_url, count(*) FROM links WHERE internal = 1"
            " GROUP BY post_id, anchor, target_url ORDER BY count(*) DESC, min(id)"
        ).fetchone()
    uses = index.anchor_uses(anchor, target)
    assert uses >= here >= 1
    assert index.anchor_uses(f"  {anchor.upper()} ", target) == uses
    assert index.anchor_uses(anchor, target, exclude_post=post) == uses - here
    assert index.anchor_uses(anchor + " and more", target) == 0
    assert index.anchor_uses(anchor, target + "elsewhere/") == 0


def test_lookups_answer_nothing_once_the_build_is_gone(index_copy, embedder, analyser, caplog):
    # A worker can still hold a build that has since been pruned: the lookups made on
    # demand must not fail the request.
    index = load_index(index_copy, embedder.name, embedder.dimension, analyser.name)
    (index.path / store.DB_NAME).unlink()
    assert index.passage_heading(0) == ""
    assert index.anchor_uses("anything", "/somewhere/") == 0
    assert "cannot be read" in caplog.text
