"""URL normal form, internal/external classification and domains."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from indexer.urls import (
    _is_normal_path,
    _normalize_parsed,
    domain,
    is_internal,
    normalize_url,
    page_key,
)

ORIGIN = "https://nullprogram.com"


@pytest.mark.parametrize(
    ("href", "expected"),
    [
        ("/blog/2022/08/08/", "/blog/2022/08/08/"),
        ("/blog/2007/12/11", "/blog/2007/12/11/"),
        ("/blog/2007/12/19#sharpen", "/blog/2007/12/19/"),
        ("https://nullprogram.com/blog/2022/08/08/", "/blog/2022/08/08/"),
        ("http://www.nullprogram.com/blog/2022/08/08", "/blog/2022/08/08/"),
        ("//nullprogram.com/x", "/x/"),
        ("https://nullprogram.com", "/"),
        ("/img/a.png", "/img/a.png"),
        ("/docs/index.html", "/docs/"),
        ("/search?q=x#top", "/search/?q=x"),
        ("  /padded  ", "/padded/"),
        ("#section", ""),
        ("", ""),
        ("HTTPS://Example.COM/Path#frag", "https://example.com/Path"),
        ("https://example.com", "https://example.com/"),
        ("mailto:a@b.example", "mailto:a@b.example"),
        ("relative/page", "relative/page/"),
    ],
)
def test_normalize_url(href: str, expected: str) -> None:
    assert normalize_url(href, ORIGIN) == expected


def test_normalize_without_origin_keeps_absolute_urls() -> None:
    assert normalize_url("https://nullprogram.com/blog/x") == "https://nullprogram.com/blog/x"
    assert normalize_url("/blog/x") == "/blog/x/"


@pytest.mark.parametrize(
    ("variants", "key"),
    [
        (
            [
                "http://eli.thegreenplace.net/2012/01/03/understanding-the-x64-code-models",
                "https://eli.thegreenplace.net/2012/01/03/understanding-the-x64-code-models#x",
            ],
            "//eli.thegreenplace.net/2012/01/03/understanding-the-x64-code-models",
        ),
        (["http://50ply.com/", "http://www.50ply.com/", "https://WWW.50ply.com"], "//50ply.com/"),
        (["https://example.com/a?b=1", "//www.example.com/a?b=1"], "//example.com/a?b=1"),
        (
            ["https://www.nullprogram.com/blog/x", "/blog/x/", "http://nullprogram.com/blog/x/"],
            "/blog/x/",
        ),
        (["mailto:a@b.example"], "mailto:a@b.example"),
        (["ftp://www.example.com/a"], "ftp://www.example.com/a"),
        (["#top", ""], ""),
    ],
)
def test_page_key_is_one_for_the_variants_of_a_page(variants: list[str], key: str) -> None:
    assert {page_key(v, ORIGIN) for v in variants} == {key}


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("https://example.com/a", "https://example.com/A"),  # external paths as written
        ("https://example.com/a", "https://example.com/a/"),
        ("https://www2.example.com/", "https://example.com/"),
        ("https://wwwexample.com/", "https://example.com/"),
        ("https://example.com:8443/", "https://example.com/"),
        ("https://en.wikipedia.org/wiki/X", "https://en.m.wikipedia.org/wiki/X"),
    ],
)
def test_page_key_keeps_other_differences(a: str, b: str) -> None:
    assert page_key(a, ORIGIN) != page_key(b, ORIGIN)


@pytest.mark.parametrize(
    ("href", "internal"),
    [
        ("/blog/x/", True),
        ("../sibling/", True),
        ("page.html", True),
        ("https://nullprogram.com/a/", True),
        ("http://www.nullprogram.com/a/", True),
        ("https://example.com/a/", False),
        ("https://sub.nullprogram.com/a/", False),
        ("#top", False),
        ("", False),
        ("mailto:x@nullprogram.com", False),
        ("javascript:void(0)", False),
        ("http://[broken", False),
    ],
)
def test_is_internal(href: str, internal: bool) -> None:
    assert is_internal(href, ORIGIN) is internal


def test_absolute_urls_are_external_when_origin_unknown() -> None:
    assert not is_internal("https://nullprogram.com/a/", "")
    assert is_internal("/a/", "")


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://www.Example.com:8080/x", "example.com"),
        ("http://developer.mozilla.org/en-US/", "developer.mozilla.org"),
        ("/relative", ""),
        ("not a url", ""),
        ("http://[broken", ""),
    ],
)
def test_domain(url: str, expected: str) -> None:
    assert domain(url) == expected


@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=40), st.sampled_from(["", ORIGIN]))
@settings(max_examples=400)
def test_the_unparsed_shortcut_agrees_with_parsing(path: str, origin: str) -> None:
    # normalize_url returns a path already in normal form as it is, without parsing it;
    # parsing it must give the same answer.
    href = ("/" + path + "/").strip()
    if _is_normal_path(href):
        assert _normalize_parsed(href, origin) == href
