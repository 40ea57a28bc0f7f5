"""The engine under bad input, a time budget and repeat requests (real models and index)."""

from __future__ import annotations

import re
import uuid
from dataclasses import replace

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from service.engine.policy import select
from service.engine.types import Draft, InvalidRequest, Options
from tests.conftest import SAMPLE

pytestmark = pytest.mark.models

DRAFTS = sorted((SAMPLE / "drafts").glob("*.md"))
_SENTENCES = [
    s.strip()
    for d in DRAFTS
    for s in re.split(r"(?<=[.!?])\s+", d.read_text(encoding="utf-8"))
    if 20 < len(s) < 200
][:60]
_PIECES = st.one_of(
    st.sampled_from(_SENTENCES),
    st.sampled_from(["\n\n", "\n", " ", "# ", "## Heading\n", "- ", "> ", "`", "**", "[", "]",
                     "(/blog/x/)", "<a href='/y'>", "</a>", "<p>", "```\n", "&amp;", "\u00a0"]),
    st.text(max_size=12),
)  # fmt: skip
_DRAFTS = st.lists(_PIECES, max_size=25).map("".join)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=_DRAFTS, fmt=st.sampled_from(["markdown", "html", "text"]))
def test_any_draft_gives_anchors_that_slice_back(engine, text: str, fmt: str) -> None:
    try:
        result = engine.suggest(Draft(text, fmt, options=Options(time_budget_ms=5000)))
    except InvalidRequest:
        assert not text.strip()
        return
    for s in result.suggestions:
        assert text[s.anchor.start : s.anchor.end] == s.anchor.text
        assert s.anchor.text.strip()


@pytest.mark.parametrize("text", ["It is what it is. So it was.", "It is.\n\nSo they were."])
def test_a_draft_with_no_word_to_link_gets_no_suggestions(engine, text: str) -> None:
    # Its sentences retrieve targets, but no span in them may carry a link.
    _, scored = engine.candidates(Draft(text))
    assert scored == []
    assert engine.suggest(Draft(text)).suggestions == ()


def _long_draft(copies: int = 4) -> str:
    """Words no process has seen before (the caches cannot help): 1,500 per copy."""
    token = uuid.uuid4().hex[:8]
    parts = [d.read_text(encoding="utf-8") for d in DRAFTS]
    return "\n\n".join(
        f"{p}\n\nRevision {token}-{i} of the notes." for i, p in enumerate(parts * copies)
    )


def test_a_time_budget_returns_what_was_found_with_a_note(engine) -> None:
    text = _long_draft()
    result = engine.suggest(Draft(text, options=Options(time_budget_ms=10)))
    [note] = result.notes
    match = re.match(r"time budget of 10 ms reached after (\d+) of (\d+) sentences", note)
    assert match, note
    assert int(match[1]) <= int(match[2])
    for s in result.suggestions:
        assert text[s.anchor.start : s.anchor.end] == s.anchor.text


def test_no_note_when_the_budget_is_not_reached(engine) -> None:
    result = engine.suggest(Draft(DRAFTS[0].read_text(encoding="utf-8")))
    assert result.notes == ()
    unbounded = engine.suggest(Draft(_long_draft(1), options=Options(time_budget_ms=None)))
    assert unbounded.notes == ()


def test_skipping_hopeless_candidates_changes_nothing(engine) -> None:
    """suggest() drops candidates that cannot reach the threshold before the anchor work;
    the policy over every candidate picks exactly the same links."""
    for path in DRAFTS:
        draft = Draft(path.read_text(encoding="utf-8"))
        ad, scored = engine.candidates(draft)
        proposals = [s.proposal for s in scored]
        chosen = select(proposals, draft.options, ad.words, len(ad.document.links))
        expected = [(engine.index.targets[p.target].url, p.start, p.end) for p in chosen]
        result = engine.suggest(draft)
        got = [(s.target.url, s.anchor.start, s.anchor.end) for s in result.suggestions]
        assert got == expected, path.name


def test_an_edit_reanalyses_one_paragraph_and_answers_alike(engine) -> None:
    text = DRAFTS[1].read_text(encoding="utf-8") + f"\n\nA closing note {uuid.uuid4().hex}.\n"
    first = engine.suggest(Draft(text))
    again = engine.suggest(Draft(text))
    assert again.suggestions == first.suggestions
    paragraphs = text.split("\n\n")
    last = len(paragraphs) - 1
    paragraphs[last] = paragraphs[last].replace("closing", "final")
    cache = engine.analyser.cache
    misses = cache.misses
    edited_text = "\n\n".join(paragraphs)
    edited = engine.suggest(Draft(edited_text))
    assert cache.misses - misses == 1
    for s in edited.suggestions:
        assert edited_text[s.anchor.start : s.anchor.end] == s.anchor.text


def test_filters_take_the_slow_path_and_agree(engine) -> None:
    """Excluding URLs uses the fast mask; a category filter the general one."""
    draft = Draft(DRAFTS[0].read_text(encoding="utf-8"))
    urls = [s.target.url for s in engine.suggest(draft).suggestions]
    filters = replace(draft.options.filters, exclude_urls=(urls[0],))
    excluded = engine.suggest(replace(draft, options=replace(draft.options, filters=filters)))
    assert urls[0] not in [s.target.url for s in excluded.suggestions]
    cats = replace(draft.options.filters, categories=("no-such-category",))
    only_sources = engine.suggest(replace(draft, options=replace(draft.options, filters=cats)))
    assert all(s.kind == "citation" for s in only_sources.suggestions)
