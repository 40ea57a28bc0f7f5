"""Stripping a post's links to make a backtest draft: syntax gone, anchors mapped."""

from __future__ import annotations

import pytest

from indexer.readers import parse_document
from service.eval.strip import OffsetMap, merge_cuts, strip_links


def strip(source: str, fmt: str = "markdown"):
    return strip_links(parse_document(source, fmt))  # type: ignore[arg-type]


def anchors(stripped) -> list[tuple[str, str]]:
    return [(stripped.text[a.start : a.end], a.href) for a in stripped.links]


def test_inline_link_keeps_its_text_at_mapped_offsets() -> None:
    s = strip('See [the old post](/blog/2020/01/01/ "title") and [another](/x/#part).\n')
    assert s.text == "See the old post and another.\n"
    assert anchors(s) == [("the old post", "/blog/2020/01/01/"), ("another", "/x/#part")]


def test_reference_links_and_their_definitions_are_removed() -> None:
    source = (
        "A [full one][ref], a [collapsed][] and a [shortcut] link,\n"
        "[across\nlines][ref] too.\n"
        "\n"
        "[ref]: /blog/2019/07/22/\n"
        '[collapsed]: https://example.com/c "Title"\n'
        "  [shortcut]: <https://example.com/s>\n"
    )
    s = strip(source)
    assert s.text == ("A full one, a collapsed and a shortcut link,\nacross\nlines too.\n\n")
    assert anchors(s) == [
        ("full one", "/blog/2019/07/22/"),
        ("collapsed", "https://example.com/c"),
        ("shortcut", "https://example.com/s"),
        ("across\nlines", "/blog/2019/07/22/"),
    ]
    assert parse_document(s.text, "markdown").links == ()


def test_definition_like_lines_in_code_blocks_stay() -> None:
    source = "Text [x][r].\n\n```\n[r]: not a definition\n```\n\n[r]: /y/\n"
    s = strip(source)
    assert "[r]: not a definition" in s.text
    assert "/y/" not in s.text
    assert anchors(s) == [("x", "/y/")]


def test_html_links_in_markdown_and_in_html_posts() -> None:
    md = strip('Read <a href="/a/" rel="nofollow">this <em>fine</em> post</a> today.\n')
    assert md.text == "Read this <em>fine</em> post today.\n"
    assert anchors(md) == [("this <em>fine</em> post", "/a/")]
    html = strip('<p>An <A HREF="https://e.com/x">outbound link</A>, then text.</p>', "html")
    assert html.text == "<p>An outbound link, then text.</p>"
    assert anchors(html) == [("outbound link", "https://e.com/x")]


def test_autolinks_go_entirely() -> None:
    s = strip("Mail me: <https://example.com/page> or not.\n")
    assert s.text == "Mail me:  or not.\n"
    assert s.links[0].href == "https://example.com/page"
    assert s.links[0].start == s.links[0].end == len("Mail me: ")


def test_images_are_not_links() -> None:
    s = strip("A picture ![alt](/img/x.png) and [a link](/y/).\n")
    assert s.text == "A picture ![alt](/img/x.png) and a link.\n"


@pytest.mark.parametrize(
    ("pos", "expected"),
    [(0, 0), (2, 2), (3, 3), (4, 3), (5, 3), (6, 3), (7, 4), (8, 5), (9, 5), (10, 6)],
)
def test_offset_map(pos: int, expected: int) -> None:
    # cuts [3, 6) and [8, 9): "abcXXXdeYf" -> "abcdef"
    assert OffsetMap([(3, 6), (8, 9)])(pos) == expected


def test_merge_cuts_sorts_merges_and_drops_empty() -> None:
    assert merge_cuts([(5, 7), (0, 2), (2, 3), (6, 9), (4, 4)]) == [(0, 3), (5, 9)]
