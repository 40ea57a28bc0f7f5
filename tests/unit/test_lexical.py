"""Lexical profiles: word counts, TF-IDF profiles on disk, and the draft-target cosine."""

from __future__ import annotations

import itertools
import zlib
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from indexer import lexical
from indexer.lexical import LexicalProfiles, term_counts, unpack, write_profiles


def _bucket(word: str) -> int:
    return zlib.crc32(word.encode()) % lexical.BUCKETS


def _profiles(tmp_path: Path, texts: list[str]) -> LexicalProfiles:
    write_profiles(tmp_path, [term_counts([t]) for t in texts])
    return LexicalProfiles.load(tmp_path)


def test_words_are_counted_lower_case_without_stop_words_or_single_letters() -> None:
    buckets, counts = unpack(term_counts(["The Xorshift generator", "a xorshift, x"]))
    assert dict(zip(buckets.tolist(), counts.tolist(), strict=True)) == {
        _bucket("xorshift"): 2,
        _bucket("generator"): 1,
    }
    assert list(buckets) == sorted(buckets)
    assert term_counts([""]) == b""


def test_a_draft_is_closest_to_the_target_sharing_its_rare_words(tmp_path: Path) -> None:
    profiles = _profiles(
        tmp_path,
        [
            "Xorshift generators and their period, compared with a linear generator",
            "Makefile assignments are Turing-complete: a makefile puzzle",
            "Emacs Lisp closures and byte-code, readable closures",
            "Programs and generators in general",
        ],
    )
    query = profiles.query("Another look at xorshift generators and their period")
    sims = profiles.similarity(query, np.arange(4))
    assert int(np.argmax(sims)) == 0
    assert sims[1] == sims[2] == 0.0
    assert 0.0 < sims[0] <= 1.0 + 1e-6
    # A target against its own text is at most 1 and close to it.
    assert profiles.similarity(
        profiles.query("Makefile assignments are Turing-complete: a makefile puzzle"), np.array([1])
    )[0] == pytest.approx(1.0, abs=2e-3)


def test_words_most_targets_use_count_nothing(tmp_path: Path) -> None:
    profiles = _profiles(tmp_path, ["common alpha", "common beta", "common gamma"])
    assert not profiles.similarity(profiles.query("common common"), np.arange(3)).any()


def test_each_target_keeps_only_its_heaviest_words(tmp_path: Path) -> None:
    many = " ".join(f"word{i}" for i in range(lexical.TERMS_PER_TARGET + 50))
    write_profiles(tmp_path, [term_counts([many]), term_counts(["other text"])])
    rows = np.load(tmp_path / lexical.ROWS_NAME)
    assert rows[1] - rows[0] == lexical.TERMS_PER_TARGET
    terms = np.load(tmp_path / lexical.TERMS_NAME)
    for start, end in itertools.pairwise(rows):  # unit length per target
        assert float((terms["weight"][start:end] ** 2).sum()) == pytest.approx(1.0, abs=2e-3)


def test_profiles_that_do_not_fit_together_are_refused(tmp_path: Path) -> None:
    write_profiles(tmp_path, [term_counts(["one text"]), term_counts(["two words"])])
    rows = np.load(tmp_path / lexical.ROWS_NAME)
    terms = np.load(tmp_path / lexical.TERMS_NAME)
    idf = np.load(tmp_path / lexical.IDF_NAME)
    with pytest.raises(ValueError, match="do not fit"):
        LexicalProfiles(rows, terms[:-1], idf)
    with pytest.raises(ValueError, match="do not fit"):
        LexicalProfiles(rows, terms, idf[:10])


_WORDS = st.sampled_from(["alpha", "beta", "gamma", "delta", "omega", "sigma", "kappa", "zeta"])


@settings(max_examples=40, deadline=None)
@given(
    texts=st.lists(st.lists(_WORDS, min_size=0, max_size=12), min_size=1, max_size=6),
    draft=st.lists(_WORDS, min_size=0, max_size=12),
)
def test_similarity_is_the_cosine_of_the_tfidf_profiles(
    tmp_path_factory: pytest.TempPathFactory, texts: list[list[str]], draft: list[str]
) -> None:
    folder = tmp_path_factory.mktemp("lexical")
    profiles = _profiles(folder, [" ".join(t) for t in texts])
    got = profiles.similarity(profiles.query(" ".join(draft)), np.arange(len(texts)))
    # The same weighting, computed densely over the few words (fewer than the cap).
    vocab = sorted({w for t in texts for w in t})
    df = np.array([sum(w in t for t in texts) for w in vocab], dtype=float)
    idf = np.log((1 + len(texts)) / (1 + df)) + 1.0
    idf[df > lexical.MAX_SHARE * len(texts)] = 0.0

    def profile(words: list[str]) -> np.ndarray:
        tf = np.array([words.count(w) for w in vocab], dtype=float)
        v = np.where(tf > 0, 1.0 + np.log(np.maximum(tf, 1)), 0.0) * idf
        n = np.linalg.norm(v)
        return v / n if n else v

    want = np.array([profile(t) @ profile(draft) for t in texts]) if vocab else np.zeros(len(texts))
    np.testing.assert_allclose(got, want, atol=2e-3)


def test_one_query_leaves_nothing_behind_for_the_next(tmp_path: Path) -> None:
    texts = ["xorshift generator period", "makefile puzzle assignments", "emacs closures"]
    profiles = _profiles(tmp_path, texts)
    first = profiles.query("xorshift makefile emacs")
    second = profiles.query("closures")
    profiles.similarity(first, np.arange(3))  # the per-thread scratch array is reused
    fresh = LexicalProfiles.load(tmp_path)
    np.testing.assert_array_equal(
        profiles.similarity(second, np.arange(3)), fresh.similarity(second, np.arange(3))
    )
    assert profiles.similarity(second, np.arange(3))[:2].tolist() == [0.0, 0.0]


def test_a_word_names_no_target_when_none_or_too_many_use_it(tmp_path: Path) -> None:
    texts = [
        "compiler pair",
        "compiler pair",
        "compiler",
        "xorshift generator",
        *(f"filler {n}" for n in ("one", "two", "three", "four", "five", "six")),
    ]
    profiles = _profiles(tmp_path, texts)
    assert lexical.COMMON_SHARE == 0.2
    assert profiles.names_no_target("compiler")  # in 3 of 10 texts
    assert profiles.names_no_target("Compiler")  # in any case
    assert profiles.names_no_target("filler")  # in 6 of 10: weighs nothing in profiles
    assert not profiles.names_no_target("pair")  # in 2 of 10: not more than the share
    assert not profiles.names_no_target("xorshift")  # in 1
    # A word no text uses may be another form of one they do; what the profiles do not
    # count cannot be told.
    assert not profiles.names_no_target("arena")
    assert not profiles.names_no_target("xorshift generator")
    assert not profiles.names_no_target("the")
    assert not profiles.names_no_target("x")
