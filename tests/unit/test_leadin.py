"""Lead-ins for citations."""

from __future__ import annotations

from indexer.store import TargetRow
from service.engine.leadin import lead_in

SITEMAPS = TargetRow(
    "source",
    1,
    "https://developers.google.com/search/docs/crawling-indexing/sitemaps/overview",
    "Learn about sitemaps",
    publisher="Google Search Central",
    topics=("crawling", "xml sitemaps"),
)


def test_a_claim_names_the_publisher_before_the_sentence() -> None:
    sentence = "Google recommends a sitemap for every large site."
    li = lead_in(sentence, 10, 10 + len(sentence), SITEMAPS)
    assert (li.text, li.at) == ("According to Google Search Central, ", 10)


def test_a_pointer_uses_the_topic_as_the_writer_spells_it() -> None:
    sentence = "Compare the crawl with your XML sitemap entries and your XML sitemaps."
    li = lead_in(sentence, 0, len(sentence), SITEMAPS)
    assert li.text == " For a deeper look at XML sitemaps, see Learn about sitemaps."
    assert li.at == len(sentence)


def test_a_capital_that_only_starts_the_sentence_is_not_kept() -> None:
    sentence = "Crawling a big site takes a while."
    li = lead_in(sentence, 0, len(sentence), SITEMAPS)
    assert li.text == " For a deeper look at crawling, see Learn about sitemaps."


def test_without_a_named_topic_the_first_topic_is_used() -> None:
    sentence = "Keep your pages easy to find."
    li = lead_in(sentence, 0, len(sentence), SITEMAPS)
    assert li.text == " For a deeper look at crawling, see Learn about sitemaps."


def test_a_topic_the_sentence_does_not_name_is_taken_from_the_draft_as_spelled() -> None:
    sentence = "Keep your pages easy to find."
    draft = f"Why XML Sitemaps still matter.\n\nSubmit your XML Sitemaps. {sentence}"
    li = lead_in(sentence, 0, len(sentence), SITEMAPS, draft)
    assert li.text == " For a deeper look at XML Sitemaps, see Learn about sitemaps."
