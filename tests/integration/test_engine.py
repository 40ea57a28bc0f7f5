"""The engine's public promises, with the real models over the sample corpus."""

from __future__ import annotations

import itertools
from datetime import datetime

import pytest

from indexer.generic import is_generic
from indexer.readers import parse_document
from service.engine.engine import Engine
from service.engine.types import Draft, DraftTooLarge, Filters, InvalidRequest, Options

from ..conftest import SAMPLE

pytestmark = pytest.mark.models
DRAFTS = sorted((SAMPLE / "drafts").glob("*.md"))


@pytest.fixture(scope="module", params=DRAFTS, ids=lambda p: p.stem)
def draft_result(request, engine):
    text = request.param.read_text(encoding="utf-8")
    return text, engine.suggest(Draft(text=text))


def test_every_example_draft_gets_internal_links_and_citations(draft_result):
    _, result = draft_result
    kinds = {s.kind for s in result.suggestions}
    assert kinds == {"internal", "citation"}


def test_anchor_offsets_slice_back_to_the_anchor(draft_result):
    text, result = draft_result
    for s in result.suggestions:
        assert text[s.anchor.start : s.anchor.end] == s.anchor.text
        assert text[: s.anchor.start].count(s.anchor.text) == s.anchor.occurrence
        assert 1 <= len(s.anchor.text.split()) <= 8
        assert not is_generic(s.anchor.text)


def test_one_link_per_target_and_no_overlaps(draft_result):
    _, result = draft_result
    urls = [s.target.url for s in result.suggestions]
    assert len(urls) == len(set(urls))
    spans = sorted((s.anchor.start, s.anchor.end) for s in result.suggestions)
    assert all(a[1] <= b[0] for a, b in itertools.pairwise(spans))


def test_targets_exist_and_are_published(draft_result, engine):
    _, result = draft_result
    known = {t.url: t for t in engine.index.targets}
    for s in result.suggestions:
        target = known[s.target.url]
        assert not target.draft
        assert (target.kind == "post") == (s.kind == "internal")


def test_citations_carry_a_lead_in_and_the_sources_rel(draft_result, engine):
    text, result = draft_result
    rel = {t.url: t.rel for t in engine.index.targets if t.kind == "source"}
    for s in result.suggestions:
        if s.kind == "citation":
            assert s.lead_in and s.lead_in_at is not None and 0 <= s.lead_in_at <= len(text)
            assert s.rel == rel[s.target.url]


def test_scores_and_reasons(draft_result):
    _, result = draft_result
    scores = [s.score for s in result.suggestions]
    assert all(0.5 <= v <= 1 for v in scores)
    assert all(any(r.code == "semantic" for r in s.reasons) for s in result.suggestions)


def test_the_drafts_own_url_is_never_suggested(engine):
    text = DRAFTS[0].read_text(encoding="utf-8")
    first = engine.suggest(Draft(text=text)).suggestions
    own = next(s.target.url for s in first if s.kind == "internal")
    again = engine.suggest(Draft(text=text, url=own)).suggestions
    assert own not in {s.target.url for s in again}


def test_targets_the_draft_already_links_are_skipped(engine):
    text = DRAFTS[0].read_text(encoding="utf-8")
    first = engine.suggest(Draft(text=text)).suggestions
    linked = next(s for s in first if s.kind == "internal")
    # Link a different phrase to that target, at the end of the draft.
    text2 = text + f"\n\nSee also [our earlier notes]({linked.target.url}).\n"
    again = engine.suggest(Draft(text=text2)).suggestions
    assert linked.target.url not in {s.target.url for s in again}


def test_a_post_the_draft_links_under_an_old_url_is_skipped(engine):
    """The sample's orphan-pages post keeps ``/blog/orphan-pages/`` (``redirect_from``)."""
    post = "/blog/2021/10/19/orphan-pages/"
    text = (
        "Every site collects orphan pages over the years: posts that no other page links "
        "to, so readers clicking around never reach them. A crawl during a site audit "
        "lists the orphan pages, and the fix is usually a few internal links from older "
        "posts on the same topic. Rescuing orphan pages this way brings them back to "
        "readers and to search engines, and it takes an afternoon for a small blog.\n"
    )
    dense = Options(words_per_link=10, threshold=0.3)
    first = engine.suggest(Draft(text=text, options=dense)).suggestions
    assert post in {s.target.url for s in first}
    text += "\nMore in [our guide](/blog/orphan-pages/).\n"
    again = engine.suggest(Draft(text=text, options=dense)).suggestions
    assert post not in {s.target.url for s in again}


def test_no_anchor_inside_headings_code_or_existing_links(engine):
    text = (
        "# Internal linking and orphan pages\n\n"
        "```\nInternal linking and orphan pages in code\n```\n\n"
        "Read [internal linking for orphan pages](https://example.com/x) first.\n\n"
        "Orphan pages get no internal links, so crawlers rarely find them. An internal "
        "linking strategy with descriptive anchor text fixes orphan pages and helps "
        "readers move through your topic clusters.\n"
    )
    doc = parse_document(text, "markdown")
    allowed = [
        (seg.start, seg.end)
        for b in doc.blocks
        if b.anchor_territory
        for seg in b.segments
        if seg.linkable
    ]
    result = engine.suggest(Draft(text=text, options=Options(words_per_link=10)))
    assert result.suggestions
    for s in result.suggestions:
        assert any(a <= s.anchor.start and s.anchor.end <= b for a, b in allowed)


def test_filters_limit_the_targets(engine):
    text = DRAFTS[0].read_text(encoding="utf-8")
    cutoff = datetime(2022, 6, 1)
    opts = Options(filters=Filters(published_before=cutoff), threshold=0.3)
    for s in engine.suggest(Draft(text=text, options=opts)).suggestions:
        if s.kind == "internal":
            assert s.target.date is not None and s.target.date.replace(tzinfo=None) < cutoff
    only = Options(filters=Filters(categories=("local-seo",)), threshold=0.3)
    for s in engine.suggest(Draft(text=text, options=only)).suggestions:
        if s.kind == "internal":
            assert "local-seo" in s.target.categories


def test_density_cap_and_kind_switches(engine):
    text = DRAFTS[0].read_text(encoding="utf-8")
    words = len(text.split())
    sparse = engine.suggest(Draft(text=text, options=Options(words_per_link=words)))
    assert len(sparse.suggestions) <= 1
    none = Options(internal=False, citations=False)
    assert engine.suggest(Draft(text=text, options=none)).suggestions == ()
    only_citations = engine.suggest(Draft(text=text, options=Options(internal=False)))
    assert {s.kind for s in only_citations.suggestions} <= {"citation"}


def test_bad_drafts_raise_domain_errors(engine):
    with pytest.raises(InvalidRequest):
        engine.suggest(Draft(text="   \n"))
    with pytest.raises(DraftTooLarge):
        engine.suggest(Draft(text="word " * 50_000))


def test_a_draft_without_prose_gets_no_suggestions(engine):
    result = engine.suggest(Draft(text="```\ncode only\n```\n"))
    assert result.suggestions == ()


def test_names_with_digits_can_be_anchors(engine):
    """Names such as "GA4", "w64devkit" or "UTF-8" can carry a link; a bare number cannot."""
    from service.engine.anchors import chunk_spans, make_span
    from service.engine.draft import analyse_draft

    text = (
        "We moved the whole site and every report to GA4 last spring.\n\n"
        "Moving the old reports over to the new property took 42 days in the end.\n"
    )
    ad = analyse_draft(Draft(text=text), engine.analyser)
    first, second = ad.sentences
    spans = {s.text for s in chunk_spans(first, text)}
    assert "GA4" in spans
    numbers = [
        make_span(second, i, i + 1, text)
        for i, t in enumerate(second.sentence.tokens)
        if t.text == "42"
    ]
    assert numbers == [None]


def test_anchors_are_whole_words(engine):
    """No anchor cuts a hyphenated or dotted word, or keeps the sentence's full stop."""
    from service.engine.anchors import chunk_spans
    from service.engine.draft import analyse_draft

    text = (
        "It works equally well with non-standard versions of these functions.\n\n"
        "Always compute the MAC over the ciphertext, a.k.a. encrypt then authenticate.\n\n"
        "The whole library is written in plain old C.\n\n"
        "The with-package macro loads an all-in-one build.\n"
    )
    ad = analyse_draft(Draft(text=text), engine.analyser)
    spans = [s for ds in ad.sentences for s in chunk_spans(ds, text)]
    texts = {s.text for s in spans}
    assert "non-standard versions" in texts
    assert {"-standard versions", "standard versions", ". encrypt"}.isdisjoint(texts)
    assert "plain old C" in texts and not any(t.endswith("C.") for t in texts)
    assert {"with-package", "all-in-one build"} <= texts
    for s in spans:
        assert text[s.start : s.end] == s.text
        assert s.text[0].isalnum() or s.text[0] in "`\"'(."


def test_words_that_name_no_topic_may_be_left_out_of_an_anchor(engine):
    """ "the same hash" may be anchored on "hash"; a name such as "Common Lisp" stays whole."""
    from service.engine.anchors import chunk_spans
    from service.engine.draft import analyse_draft

    text = (
        "Both tables use the same hash function for every key.\n\n"
        "Two threads share one queue.\n\n"
        "The macro is written in Common Lisp.\n"
    )
    ad = analyse_draft(Draft(text=text), engine.analyser)
    texts = {s.text for ds in ad.sentences for s in chunk_spans(ds, text)}
    assert {"same hash function", "hash function"} <= texts
    assert {"Two threads", "threads"} <= texts
    assert "Common Lisp" in texts and "Lisp" not in texts


def test_the_index_carries_each_posts_tags(engine):
    posts = [t for t in engine.index.targets if t.kind == "post"]
    assert any("keyword research" in t.tags for t in posts)


def _best_scores(engine, draft):
    _, scored = engine.candidates(draft)
    best: dict[str, tuple[float, float, float]] = {}
    for s in scored:
        url = engine.index.targets[s.proposal.target].url
        value = (s.proposal.score, s.features.tags, s.features.age)
        best[url] = max(best.get(url, value), value)
    return best


def test_shared_tags_raise_a_targets_score(engine):
    """A draft tagged like a post (request fields or front matter) rates that post higher;
    the tags shared say so in the evidence."""
    body = (SAMPLE / "drafts" / "local-seo-checklist.md").read_text(encoding="utf-8")
    target = next(t for t in engine.index.targets if "keyword research" in t.tags)
    plain = _best_scores(engine, Draft(text=body))
    tagged = _best_scores(engine, Draft(text=body, tags=target.tags))
    front = "---\ntags: [" + ", ".join(target.tags) + "]\n---\n"
    fronted = _best_scores(engine, Draft(text=front + body))
    assert target.url in plain and plain[target.url][1] == 0.0
    assert tagged[target.url][1] > 0.0 and tagged[target.url][0] > plain[target.url][0]
    assert fronted[target.url][1] == tagged[target.url][1]


def test_older_targets_score_lower_for_a_later_draft(engine):
    body = (SAMPLE / "drafts" / "local-seo-checklist.md").read_text(encoding="utf-8")
    soon = _best_scores(engine, Draft(text=body, date=datetime(2022, 6, 1)))
    later = _best_scores(engine, Draft(text=body, date=datetime(2030, 6, 1)))
    for url in soon.keys() & later.keys():
        if soon[url][2] > 0:  # a dated post
            assert later[url][2] > soon[url][2]
            assert later[url][0] < soon[url][0]


def test_a_link_goes_where_the_writer_points_at_their_own_work(engine):
    """Of two sentences naming a post's topic, the one with "my" just before the words
    carries the link; without the place model's first-person weight the other would."""
    from dataclasses import replace

    text = (
        "Keyword research decides which pages a small site should write first.\n\n"
        "Search volume alone misleads: intent matters more than numbers.\n\n"
        "Years ago I shared my keyword research notes.\n"
    )
    target = next(t for t in engine.index.targets if t.title.startswith("Keyword Research"))

    def places(eng):
        """The target's candidate anchors, likeliest place first, and which have "mine"."""
        _, scored = eng.candidates(Draft(text=text))
        mine = [s for s in scored if engine.index.targets[s.proposal.target] is target]
        mine.sort(key=lambda s: -s.proposal.place)
        words = [text[s.proposal.start : s.proposal.end] for s in mine]
        return words, {s.proposal.start: s.features.mine for s in mine}

    order, first_person = places(engine)
    assert order[:2] == ["keyword research", "Keyword research"]
    assert first_person[text.index("keyword research notes")] == 1.0
    assert first_person[text.index("Keyword research")] == 0.0
    weights = replace(engine.weights, place={**(engine.weights.place or {}), "mine": 0.0})
    plain = Engine(engine.index, engine.analyser, engine.embedder, weights)
    assert places(plain)[0][:2] == ["Keyword research", "keyword research"]


class _EveryWordNames:
    """The index's lexical profiles, except that every word may name a post."""

    def __init__(self, profiles):
        self._profiles = profiles

    def __getattr__(self, name):
        return getattr(self._profiles, name)

    def names_no_target(self, word: str) -> bool:
        return False


def test_a_word_most_of_the_site_uses_is_no_anchor_for_a_post(engine):
    """ "posts" is in most of the sample site's texts: alone it names none of them, so
    it is no candidate anchor of an internal link in the README's example draft (which
    links "most-visited posts"); without the rule it is one."""
    from dataclasses import replace

    text = (SAMPLE / "drafts" / "internal-linking-audit.md").read_text(encoding="utf-8")
    lexical = engine.index.lexical
    assert lexical.names_no_target("posts")

    def one_word_common(eng):
        _, scored = eng.candidates(Draft(text=text))
        anchors = (
            text[s.proposal.start : s.proposal.end] for s in scored if s.proposal.kind == "internal"
        )
        return {a for a in anchors if lexical.names_no_target(a)}

    assert one_word_common(engine) == set()
    assert "most-visited posts" in [
        s.anchor.text for s in engine.suggest(Draft(text=text)).suggestions
    ]
    index = replace(engine.index, lexical=_EveryWordNames(lexical))
    plain = Engine(index, engine.analyser, engine.embedder, engine.weights)
    assert "posts" in one_word_common(plain)


def test_a_tag_most_of_the_site_uses_is_no_anchor_for_a_post(engine, monkeypatch):
    """The anchor-text post is tagged "links", a word most of the sample site uses: the
    tag ties the word to the post, but alone it does not name it, so the word is not
    offered as its anchor (without the rule it is, in both sentences)."""
    from service.engine.scorer import DraftScorer

    text = (
        "Readers decide in a second whether to click links. Vague words on links waste "
        "that second.\n\nScreen reader users often jump from one link to the next. Links "
        "that say where they go help them.\n"
    )
    target = next(t for t in engine.index.targets if t.title.startswith("How to Choose Anchor"))
    assert "links" in target.tags and engine.index.lexical.names_no_target("links")

    def anchors_for_target():
        _, scored = engine.candidates(Draft(text=text))
        return {
            text[s.proposal.start : s.proposal.end]
            for s in scored
            if engine.index.targets[s.proposal.target] is target
        }

    assert anchors_for_target() and not anchors_for_target() & {"links", "Links"}
    monkeypatch.setattr(DraftScorer, "_common_label", lambda self, ds, m: False)
    assert {"links", "Links"} <= anchors_for_target()
