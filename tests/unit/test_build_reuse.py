"""An update reuses the previous build's parses and vectors and still equals a fresh build.

Real SQLite and FAISS; the fake models implement the real interfaces and are
deterministic, so a reused vector and a freshly computed one are bit-for-bit equal.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from indexer import layout, lexical, parse_cache, store
from indexer.build import BuildSummary, build_index
from indexer.corpus import Post, SiteFacts, Source
from indexer.manifest import MANIFEST_NAME, BadIndex, Manifest
from indexer.passages import analyse_post
from indexer.reuse import KeptVectors
from indexer.vectors import FAISS_NAME, TITLES_NAME, VECTORS_NAME, FaissIndex
from tests.fakes.models import HashingEmbedder, WordsAnalyser

Inputs = tuple[list[Post], list[Source], SiteFacts]
TABLES = ("posts", "sources", "passages", "links", "phrases", "phrase_texts")


def _build(root: Path, inputs: Inputs) -> BuildSummary:
    posts, sources, site = inputs
    return build_index(
        root, posts, sources, analyser=WordsAnalyser(), embedder=HashingEmbedder(), site=site
    )


def _contents(root: Path) -> dict[str, object]:
    """Every row and every vector of the current build."""
    folder = layout.resolve(root)
    Manifest.read(folder).verify(folder)
    out: dict[str, object] = {}
    with store.open_readonly(folder / store.DB_NAME) as conn:
        for table in TABLES:
            out[table] = conn.execute(f"SELECT * FROM {table} ORDER BY rowid").fetchall()
    with sqlite3.connect(folder / parse_cache.PARSES_NAME) as conn:
        out["parses"] = conn.execute("SELECT key, parse FROM parses ORDER BY rowid").fetchall()
    out[VECTORS_NAME] = np.load(folder / VECTORS_NAME).tobytes()
    out[TITLES_NAME] = np.load(folder / TITLES_NAME).tobytes()
    for name in lexical.FILES:
        out[name] = np.load(folder / name).tobytes()
    index = FaissIndex.load(folder / FAISS_NAME, mmap=False)._index
    out[FAISS_NAME] = index.reconstruct_n(0, index.ntotal).tobytes()
    return out


def _edited(inputs: Inputs) -> tuple[Inputs, int]:
    """The sample site after an editing session, and how many posts it changed so that
    they must be parsed again (a new or changed body, or a new title: its words count)."""
    posts, sources, site = inputs
    posts = list(posts)
    posts[3] = replace(posts[3], body=posts[3].body + "\n\nA new paragraph about [links](/).\n")
    posts[5] = replace(posts[5], title=posts[5].title + " (revised)")  # same body
    posts[7] = replace(posts[7], draft=not posts[7].draft)  # same body
    new = replace(posts[0], url="/2030/01/01/new/", path="new.md", body="Brand new words.\n")
    del posts[9]
    return ([*posts, new], list(sources), site), 3


def test_an_update_equals_a_fresh_build_of_the_same_input(
    tmp_path: Path, sample_inputs: Inputs
) -> None:
    _build(tmp_path / "updated", sample_inputs)
    edited, changed = _edited(sample_inputs)
    update = _build(tmp_path / "updated", edited)
    fresh = _build(tmp_path / "fresh", edited)
    assert update.parsed == changed
    assert fresh.parsed == len(edited[0])
    assert update.embedded < fresh.embedded
    assert _contents(tmp_path / "updated") == _contents(tmp_path / "fresh")


def test_a_build_without_kept_parses_reparses_everything(
    tmp_path: Path, sample_inputs: Inputs
) -> None:
    root = tmp_path / "index"
    _build(root, sample_inputs)
    expected = _contents(root)
    (layout.resolve(root) / parse_cache.PARSES_NAME).unlink()  # as a build before them
    summary = _build(root, sample_inputs)
    assert summary.parsed == len(sample_inputs[0])
    assert summary.embedded == 0  # vectors are still reused
    assert _contents(root) == expected


def test_a_build_of_the_previous_format_still_gives_its_vectors(
    tmp_path: Path, sample_inputs: Inputs
) -> None:
    """Upgrading linkwright to a new index format costs a rebuild, not a re-embedding."""
    root = tmp_path / "index"
    _build(root, sample_inputs)
    expected = _contents(root)
    folder = layout.resolve(root)
    old = json.loads((folder / MANIFEST_NAME).read_text())
    old["checksums"] = {k: v for k, v in old["checksums"].items() if k not in lexical.FILES}
    (folder / MANIFEST_NAME).write_text(json.dumps({**old, "format_version": 1}))
    for name in lexical.FILES:
        (folder / name).unlink()  # format 1 had no lexical profiles
    with pytest.raises(BadIndex, match="format 1"):
        Manifest.read(folder)
    summary = _build(root, sample_inputs)
    assert summary.embedded == 0
    assert _contents(root) == expected


@pytest.mark.parametrize("damage", ["one row", "whole file"])
def test_unreadable_kept_parses_are_reparsed(
    tmp_path: Path, sample_inputs: Inputs, damage: str
) -> None:
    root = tmp_path / "index"
    _build(root, sample_inputs)
    expected = _contents(root)
    path = layout.resolve(root) / parse_cache.PARSES_NAME
    if damage == "one row":
        with sqlite3.connect(path) as conn:
            conn.execute("UPDATE parses SET parse = ? WHERE rowid = 1", (b'{"passages": 1}',))
    else:
        path.write_bytes(b"not a database" * 100)
    summary = _build(root, sample_inputs)
    assert summary.parsed == (1 if damage == "one row" else len(sample_inputs[0]))
    assert _contents(root) == expected


def test_a_kept_parse_decodes_to_the_parse(sample_inputs: Inputs) -> None:
    for post in sample_inputs[0]:
        record = analyse_post(post)
        assert parse_cache.decode(parse_cache.encode(record), post) == record


def test_the_parse_key_follows_body_format_and_title_only(sample_inputs: Inputs) -> None:
    post = next(p for p in sample_inputs[0] if p.format == "markdown")
    key = parse_cache.parse_key(post)
    assert parse_cache.parse_key(replace(post, url="/x/", draft=True, tags=("new",))) == key
    assert parse_cache.parse_key(replace(post, title="Other")) != key
    assert parse_cache.parse_key(replace(post, body=post.body + " ")) != key
    assert parse_cache.parse_key(replace(post, format="html")) != key


def test_other_parsing_code_reparses_everything(
    tmp_path: Path, sample_inputs: Inputs, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path / "index"
    _build(root, sample_inputs)
    monkeypatch.setattr(parse_cache, "parser_fingerprint", lambda: "a changed reader")
    assert _build(root, sample_inputs).parsed == len(sample_inputs[0])
    assert _build(root, sample_inputs).parsed == 0


def test_kept_vectors_fill_each_known_key_and_name_the_rest() -> None:
    old = np.arange(40, dtype=np.float32).reshape(10, 4)
    kept = KeptVectors({f"k{i}": i for i in range(10)}, old)
    rng = np.random.default_rng(7)
    for keys in (
        [f"k{i}" for i in range(10)],
        ["k0", "k1", "new", "k2", "k3", "k7", "k8", "k4", "other"],
        [f"k{i}" for i in rng.permutation(10)] + ["x"],
        ["a", "b"],
        [],
    ):
        out = np.full((len(keys), 4), -1, dtype=np.float32)
        missing = kept.fill(out, keys)
        assert missing == [i for i, k in enumerate(keys) if k not in kept.rows]
        for i, key in enumerate(keys):
            expected = old[kept.rows[key]] if key in kept.rows else np.full(4, -1)
            assert (out[i] == expected).all()
