"""The linking policy's one link per target, where two targets are one page."""

from __future__ import annotations

from indexer.store import TargetRow
from service.engine.policy import Pages, Proposal, beside_links, select
from service.engine.types import Options

ORIGIN = "https://site.example"
TARGETS = [
    TargetRow("post", 1, "/blog/a/", "A"),
    TargetRow("source", 1, "http://en.wikipedia.org/wiki/Netpbm_format", "Netpbm format"),
    TargetRow("source", 2, "https://www.50ply.com/", "50ply"),
    TargetRow("source", 3, "https://en.wikipedia.org/wiki/Netpbm_format", "Netpbm format"),
    TargetRow("source", 4, "http://50ply.com", "50ply"),
    TargetRow("source", 5, "https://en.wikipedia.org/wiki/Netpbm", "Netpbm"),
]
OPTIONS = Options(threshold=0.0, citation_threshold=0.0)


def test_targets_under_two_urls_of_one_page_share_a_number() -> None:
    assert Pages(TARGETS, ORIGIN).numbers == (0, 1, 2, 1, 2, 5)


def citation(sentence: int, target: int, score: float) -> Proposal:
    start = sentence * 100
    return Proposal("citation", sentence, target, start, start + 5, score)


def test_one_page_is_linked_once_whichever_url_the_target_has() -> None:
    proposals = [citation(0, 1, 0.9), citation(1, 3, 0.8), citation(2, 5, 0.7)]
    pages = Pages(TARGETS, ORIGIN).numbers
    chosen = select(proposals, OPTIONS, words=1000, existing_links=0, pages=pages)
    assert [p.target for p in chosen] == [1, 5]
    # without the pages, each URL is a target of its own
    assert [p.target for p in select(proposals, OPTIONS, 1000, 0)] == [1, 3, 5]


def test_the_second_url_of_a_page_leaves_its_slot_to_another_target() -> None:
    options = Options(max_citations=2, citation_threshold=0.0)
    proposals = [citation(0, 2, 0.9), citation(1, 4, 0.85), citation(2, 5, 0.6)]
    chosen = select(proposals, options, 1000, 0, Pages(TARGETS, ORIGIN).numbers)
    assert [p.target for p in chosen] == [2, 5]


def test_a_link_to_any_url_of_an_outside_page_names_every_target_of_that_page() -> None:
    pages = Pages(TARGETS, ORIGIN)
    assert sorted(pages.of_links(["https://www.en.wikipedia.org/wiki/Netpbm_format#x"])) == [1, 3]
    assert sorted(pages.of_links(["https://50ply.com/", "", "mailto:a@b.example"])) == [2, 4]
    # posts are matched by their exact normal form elsewhere (the target mask), not here
    assert pages.of_links(["/blog/a/", "https://site.example/blog/a/"]) == []
    assert pages.of_links(["https://en.wikipedia.org/wiki/Other"]) == []


def test_an_anchor_right_beside_an_existing_link_is_refused() -> None:
    md = "Thanks to John Doty [suspects](https://x.example/) the cause, and Doty again."
    link = (md.index("suspects"), md.index("suspects") + len("suspects"))
    doty = md.index("John Doty")
    assert beside_links(md, [link], doty, doty + len("John Doty"))
    after = md.index("the cause")
    assert beside_links(md, [link], after, after + len("the cause"))
    far = md.rindex("Doty")
    assert not beside_links(md, [link], far, far + 4)
    html = 'See <a href="/x/">this</a> guide and more.'
    a = (html.index("this"), html.index("this") + 4)
    assert beside_links(html, [a], html.index("guide"), html.index("guide") + 5)
    assert not beside_links(html, [a], html.index("more"), html.index("more") + 4)
