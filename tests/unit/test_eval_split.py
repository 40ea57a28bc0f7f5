"""The temporal split and the gold links of a tested post."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from indexer.corpus import Post
from service.eval.cases import make_case
from service.eval.split import split_posts


def post(url: str, day: date | None, body: str = "Text.", draft: bool = False) -> Post:
    when = datetime(day.year, day.month, day.day, 12, tzinfo=UTC) if day else None
    return Post(url, url, body, "markdown", when, draft=draft)


def test_split_by_cutoff_skips_drafts_and_undated_posts() -> None:
    posts = [
        post("/c/", date(2021, 1, 1)),
        post("/a/", date(2020, 12, 31)),
        post("/d/", date(2021, 6, 1), draft=True),
        post("/u/", None),
        post("/e/", date(2022, 1, 1)),
    ]
    s = split_posts(posts, date(2021, 1, 1))
    assert [p.url for p in s.indexed] == ["/a/"]
    assert [p.url for p in s.tested] == ["/c/", "/e/"]
    assert [p.url for p in split_posts(posts, date(2021, 1, 1), limit=1).tested] == ["/c/"]
    assert [p.url for p in split_posts(posts, date(2021, 1, 1), until=date(2022, 1, 1)).tested] == [
        "/c/"
    ]
    with pytest.raises(ValueError, match="limit"):
        split_posts(posts, date(2021, 1, 1), limit=0)


def test_gold_is_indexed_targets_and_sources_with_mapped_anchors() -> None:
    body = (
        "An [old post][old] and [the same post](https://site.example/old/#sec), a\n"
        "[newer post](/newer/), [myself](/me/#top), a [source](https://en.wikipedia.org/wiki/X)\n"
        "and [elsewhere](https://else.example/).\n\n[old]: /old/\n"
    )
    case = make_case(
        post("/me/", date(2021, 2, 1), body),
        "https://site.example",
        indexed_urls={"/old/", "/older/"},
        source_urls={"https://en.wikipedia.org/wiki/X"},
    )
    assert "[" not in case.draft and "](" not in case.draft and "/old/" not in case.draft
    assert case.leaked == 0
    assert {u: [case.draft[a:b] for a, b in s] for u, s in case.internal.items()} == {
        "/old/": ["old post", "the same post"]
    }
    assert {u: [case.draft[a:b] for a, b in s] for u, s in case.citations.items()} == {
        "https://en.wikipedia.org/wiki/X": ["source"]
    }


def test_a_link_to_another_variant_of_a_sources_page_is_gold_for_that_source() -> None:
    body = (
        "The [format](http://en.wikipedia.org/wiki/Netpbm_format), [again]"
        "(https://en.wikipedia.org/wiki/Netpbm_format#pgm) and [50ply](https://50ply.com)."
        " Not [another page](https://en.wikipedia.org/wiki/Netpbm)."
    )
    case = make_case(
        post("/me/", date(2021, 2, 1), body),
        "https://site.example",
        indexed_urls=set(),
        source_urls={"https://en.wikipedia.org/wiki/Netpbm_format", "http://www.50ply.com/"},
    )
    assert {u: [case.draft[a:b] for a, b in s] for u, s in case.citations.items()} == {
        "https://en.wikipedia.org/wiki/Netpbm_format": ["format", "again"],
        "http://www.50ply.com/": ["50ply"],
    }
