"""The title-match baseline: the candidate rule, the anchor rule and the ranking."""

from __future__ import annotations

from service.engine.types import Draft, IndexInfo, Options
from service.eval.baseline import (
    TitleMatchBaseline,
    TitleTarget,
    match_title,
    sentence_words,
    title_stems,
)

INFO = IndexInfo("", 1, "", "m", 1, "p", 0, 0, 0, 0, 0)


def words(text: str):
    return next(sentence_words(text))


def span_text(text: str, found) -> str:
    ws = words(text)
    return text[ws[found[0]].start : ws[found[1] - 1].end]


def test_title_stems_drop_stopwords_and_stem() -> None:
    assert title_stems("The Running of the Closures") == {"run", "closur"}
    assert title_stems("A and the") == frozenset()


def test_two_title_stems_make_a_candidate_and_the_anchor_spans_first_to_last() -> None:
    stems = title_stems("Emacs Lisp closures")
    text = "Closures in Emacs behave well."
    found = match_title(stems, words(text))
    assert found is not None
    assert span_text(text, found) == "Closures in Emacs"
    assert found[2] == 2 / 3


def test_one_stem_is_not_enough_for_a_longer_title() -> None:
    assert match_title(title_stems("Emacs Lisp closures"), words("I use Emacs daily.")) is None
    # ...but a one-stem title needs only its stem
    found = match_title(title_stems("Xorshift"), words("A xorshift generator."))
    assert found is not None and found[2] == 1.0


def test_anchor_is_at_most_ten_words() -> None:
    stems = title_stems("fast hashing tables")
    text = "Fast code is one thing, and it is not always what we want from hashing tables."
    found = match_title(stems, words(text))
    assert found is not None
    # "Fast ... hashing" spans more than ten words: the best window is "hashing tables"
    assert span_text(text, found) == "hashing tables"
    assert found[2] == 2 / 3


def test_sentences_split_at_end_punctuation() -> None:
    got = [[w.stem for w in ws] for ws in sentence_words("One two. Three! Four?")]
    assert got == [["one", "two"], ["three"], ["four"]]


def baseline() -> TitleMatchBaseline:
    titles = [
        ("/lisp/", "Emacs Lisp closures", "internal"),
        ("/hash/", "Hash tables in C", "internal"),
        ("/self/", "Emacs Lisp closures again", "internal"),
        ("https://en.wikipedia.org/wiki/Xorshift", "Xorshift", "citation"),
    ]
    targets = [TitleTarget(u, t, k, title_stems(t)) for u, t, k in titles]  # type: ignore[arg-type]
    return TitleMatchBaseline(targets, INFO)


def test_suggest_one_per_target_ranked_by_share_without_self_links() -> None:
    text = (
        "Hash tables are everywhere. In C, hash tables need care.\n\n"
        "Emacs has closures now, and Lisp closures are handy. A xorshift helps.\n"
    )
    opts = Options(threshold=0.0, citation_threshold=0.0)
    result = baseline().suggest(Draft(text, "markdown", "/self/", opts))
    got = [(s.target.url, s.anchor.text, s.score) for s in result.suggestions]
    assert got == [
        ("/hash/", "C, hash tables", 1.0),
        ("/lisp/", "Emacs has closures now, and Lisp closures", 1.0),
        ("https://en.wikipedia.org/wiki/Xorshift", "xorshift", 1.0),
    ]
    for s in result.suggestions:
        assert text[s.anchor.start : s.anchor.end] == s.anchor.text


def test_suggest_honours_kinds_threshold_and_limits() -> None:
    text = "Hash tables in C are fast. Emacs closures are fun. A xorshift helps."
    only_internal = Options(citations=False, threshold=0.7)
    got = baseline().suggest(Draft(text, options=only_internal)).suggestions
    assert [s.target.url for s in got] == ["/hash/"]  # 2/2 stems; /lisp/ has 2/3
    one = Options(max_internal=1, threshold=0.0, citation_threshold=0.0)
    kinds = [s.kind for s in baseline().suggest(Draft(text, options=one)).suggestions]
    assert kinds.count("internal") == 1 and kinds.count("citation") == 1
