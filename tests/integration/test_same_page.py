"""A sources file that lists one page under two URLs: the engine links the page once."""

from __future__ import annotations

import pytest

from indexer.build import build_index
from indexer.readers.sources import read_sources
from indexer.urls import page_key
from service.engine.engine import Engine
from service.engine.index import load_index
from service.engine.types import Draft, Options

from ..conftest import SAMPLE

pytestmark = pytest.mark.models

LCP = """
  title: Largest Contentful Paint (LCP)
  publisher: web.dev (Google Chrome)
  summary: >-
    Defines Largest Contentful Paint as the time until the largest image or text
    block in the viewport is rendered. A good score is 2.5 seconds or less.
  topics: [core web vitals, largest contentful paint, site speed]
"""
VARIANTS = ("https://web.dev/articles/lcp", "http://www.web.dev/articles/lcp")
#: every candidate through: only the one-link-per-target rule can drop the second URL
OPEN = Options(threshold=0.0, citation_threshold=0.0, words_per_link=10)


@pytest.fixture(scope="module")
def engine_with_variants(tmp_path_factory, sample_inputs, analyser, embedder) -> Engine:
    root = tmp_path_factory.mktemp("variants")
    sources_file = root / "sources.yaml"
    sources_file.write_text("".join(f"- url: {url}{LCP}\n" for url in VARIANTS))
    posts, _, facts = sample_inputs
    sources = read_sources(sources_file)
    index_dir = root / "index"
    build_index(index_dir, posts[:3], sources, analyser=analyser, embedder=embedder, site=facts)
    index = load_index(index_dir, embedder.name, embedder.dimension, analyser.name)
    return Engine(index, analyser, embedder)


def test_one_page_under_two_urls_is_suggested_once(engine_with_variants: Engine) -> None:
    engine = engine_with_variants
    text = (SAMPLE / "drafts" / "core-web-vitals-for-bloggers.md").read_text(encoding="utf-8")
    draft = Draft(text, options=OPEN)
    _, candidates = engine.candidates(draft)
    candidate_urls = {engine.index.targets[c.proposal.target].url for c in candidates}
    assert set(VARIANTS) <= candidate_urls  # both URLs were in the running
    cited = [s.target.url for s in engine.suggest(draft).suggestions if s.kind == "citation"]
    assert len(cited) == 1 and cited[0] in VARIANTS
    assert len({page_key(url) for url in cited}) == len(cited)


def test_a_draft_linking_one_url_of_a_page_gets_neither(engine_with_variants: Engine) -> None:
    engine = engine_with_variants
    text = (SAMPLE / "drafts" / "core-web-vitals-for-bloggers.md").read_text(encoding="utf-8")
    linked = text + "\n\nMore in [the LCP article](https://www.web.dev/articles/lcp).\n"
    _, candidates = engine.candidates(Draft(linked, options=OPEN))
    candidate_urls = {engine.index.targets[c.proposal.target].url for c in candidates}
    assert not set(VARIANTS) & candidate_urls
