"""The check's index lookup on a site with ``/:title/`` permalinks, where pages such as
``/about/`` have a post's shape (a real index of the tiny site, fake models): a page is
known when the site folder has it (``contact.md``) or when the site's posts link to it."""

from __future__ import annotations

import pytest

from indexer.readers import parse_document
from service.engine.check.context import CheckContext
from service.engine.check.lookup import LoadedIndexLookup
from service.engine.check.run import check
from service.engine.check.types import CheckConfig
from service.engine.index import LoadedIndex, load_index
from tests.fakes.models import HashingEmbedder, WordsAnalyser
from tests.unit.test_report import build_tiny


@pytest.fixture(scope="module")
def index(tmp_path_factory: pytest.TempPathFactory) -> LoadedIndex:
    root = build_tiny(tmp_path_factory.mktemp("site"), tmp_path_factory.mktemp("index"))
    embedder, analyser = HashingEmbedder(), WordsAnalyser()
    return load_index(root, embedder.name, embedder.dimension, analyser.name)


def test_a_page_the_site_links_to_is_not_taken_for_a_missing_post(index: LoadedIndex) -> None:
    lookup = LoadedIndexLookup(index)
    assert index.page_links("/about/") == 1  # post b links to it; the index has no post there
    assert not lookup.looks_like_post("/about/")
    assert lookup.looks_like_post("/abuot/")  # nobody links there: a typo of a post's URL
    assert lookup.looks_like_post("/about/", exclude_url="/b/")  # b cannot vouch for itself
    assert index.page_links("/a/") == 0  # links to posts are not page links
    assert index.page_links("/contact/") == 0 and not lookup.looks_like_post("/contact/")
    assert not lookup.looks_like_post("/legacy/")  # legacy.html answers there too
    assert not lookup.looks_like_post("/contact/?ref=mail")  # as a post's URL would
    assert not lookup.looks_like_post("/c%6Fntact/")


def test_broken_internal_on_a_flat_site(index: LoadedIndex) -> None:
    text = "Read [about me](/about/), [the hub](/a/), [a typo](/abuot/) and [write](/contact/)."

    def broken(url: str) -> list[str]:
        doc = parse_document(text, "markdown")
        ctx = CheckContext.build(doc, url, None, CheckConfig(), LoadedIndexLookup(index))
        return [f.anchor for f in check(ctx) if f.rule == "broken-internal"]

    assert broken("/new-draft/") == ["a typo"]
    assert broken("/b/") == ["about me", "a typo"]  # re-checking b: only b linked /about/
