"""Sources derived from a site's outbound links: titles, publishers, the two-post rule."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from indexer.corpus import Post
from service.eval.citations import derive_sources, registrable_domain, url_publisher, url_title


@pytest.mark.parametrize(
    ("url", "title"),
    [
        ("https://en.wikipedia.org/wiki/Xorshift", "Xorshift"),
        (
            "https://en.wikipedia.org/wiki/Linear_congruential_generator",
            "Linear congruential generator",
        ),
        (
            "https://en.wikipedia.org/wiki/Merkle%E2%80%93Damg%C3%A5rd_construction",
            "Merkle–Damgård construction",
        ),
        ("https://man7.org/linux/man-pages/man2/mmap.2.html", "mmap.2"),
        ("https://example.com/blog/2013/02/15/why-i-hate-cbc-mac/", "why i hate cbc mac"),
        ("https://github.com/skeeto/w64devkit", "w64devkit"),
        ("https://docs.python.org/3/library/index.html", "library"),
        ("https://ant.apache.org/", "ant.apache.org"),
    ],
)
def test_url_title(url: str, title: str) -> None:
    assert url_title(url) == title


@pytest.mark.parametrize(
    ("url", "publisher"),
    [
        ("https://en.wikipedia.org/wiki/Xorshift", "Wikipedia"),
        ("https://github.com/skeeto/w64devkit", "GitHub"),
        ("https://www.gnu.org/software/emacs/", "GNU"),
        ("https://blog.llvm.org/2011/05/x.html", "llvm.org"),
        ("https://news.bbc.co.uk/a", "bbc.co.uk"),
    ],
)
def test_url_publisher(url: str, publisher: str) -> None:
    assert url_publisher(url) == publisher


def test_registrable_domain() -> None:
    assert registrable_domain("a.b.example.com") == "example.com"
    assert registrable_domain("example.com") == "example.com"


def post(url: str, body: str) -> Post:
    return Post(url, url, body, "markdown", datetime(2020, 1, 1, tzinfo=UTC))


def test_derive_sources_needs_two_posts_and_collects_anchor_texts() -> None:
    posts = [
        post(
            "/1/",
            "A [xorshift generator](https://en.wikipedia.org/wiki/Xorshift#x) and "
            "[once](https://once.example/) and [internal](https://site.example/2/).",
        ),
        post(
            "/2/",
            "See [Xorshift][x], or [fast PRNG][x].\n\n[x]: https://en.wikipedia.org/wiki/Xorshift\n"
            "Also [again](https://site.example/1/) and [mail](mailto:a@b.c).",
        ),
        post("/3/", "A [link](https://site.example/1/) twice: [link](https://site.example/1/)."),
    ]
    sources = derive_sources(posts, "https://site.example")
    assert [s.url for s in sources] == ["https://en.wikipedia.org/wiki/Xorshift"]
    s = sources[0]
    assert (s.title, s.publisher, s.trust, s.rel) == ("Xorshift", "Wikipedia", 0.7, "")
    assert s.summary == "Xorshift. xorshift generator. fast PRNG"
