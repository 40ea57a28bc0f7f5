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


def test_the_variants_of_one_page_are_one_source() -> None:
    code_models = "eli.thegreenplace.net/2012/01/03/understanding-the-x64-code-models"
    posts = [
        post("/1/", f"[code models](http://{code_models}) and [50ply](http://50ply.com/)."),
        post("/2/", f"The [x64 code models](https://{code_models}#pic)."),
        post("/3/", f"[Models](http://{code_models}), [Chris](http://www.50ply.com/)."),
        post("/4/", "A [wiki](http://en.wikipedia.org/wiki/Netpbm_format) page."),
        post("/5/", "The [Netpbm format](https://en.wikipedia.org/wiki/Netpbm_format)."),
    ]
    sources = {s.url: s for s in derive_sources(posts, "https://site.example")}
    # the variant the most posts link; on a tie https, then the shorter
    assert sorted(sources) == [
        "http://50ply.com/",
        f"http://{code_models}",
        "https://en.wikipedia.org/wiki/Netpbm_format",
    ]
    assert sources[f"http://{code_models}"].summary == (
        "understanding the x64 code models. code models. x64 code models. Models"
    )
    assert sources["https://en.wikipedia.org/wiki/Netpbm_format"].summary == ("Netpbm format. wiki")


def test_one_post_linking_both_variants_is_one_post() -> None:
    posts = [post("/1/", "[a](http://a.example/x) and [b](https://www.a.example/x).")]
    assert derive_sources(posts, "https://site.example") == []
