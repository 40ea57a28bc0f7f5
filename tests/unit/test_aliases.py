"""Which post an alias (an old URL the site redirects) names: :func:`alias_map`."""

from __future__ import annotations

import pytest

from indexer.build import alias_map
from indexer.corpus import Post


def post(url: str, *aliases: str, redirect_to: str = "") -> Post:
    return Post(
        url=url,
        title=url,
        body="",
        format="markdown",
        path=f"{url}.md",
        aliases=aliases,
        redirect_to=redirect_to,
    )


def test_each_alias_names_its_post(caplog: pytest.LogCaptureFixture) -> None:
    posts = [
        post("https://s.example/new/", "/old/", "/older/"),
        post("/other/", "/new/", "/old/", "/mine/"),  # another post's URL; a taken alias
    ]
    assert alias_map(posts, "https://s.example") == {
        "/old/": "/new/",
        "/older/": "/new/",
        "/mine/": "/other/",
    }
    assert "/other/.md: alias /new/ left out: it is the URL of https://s.example/new/.md" in (
        caplog.text
    )
    assert "/other/.md: alias /old/ left out: it is /new/'s" in caplog.text


def test_no_aliases() -> None:
    assert alias_map([post("/a/"), post("/b/")], "") == {}


def test_a_post_that_redirects_elsewhere_is_an_old_url_of_where_it_goes() -> None:
    posts = [
        post("/merged/", redirect_to="/combined/"),
        post("/away/", redirect_to="https://else.example/x"),
        post("/combined/", "/merged/", "/older/"),  # the redirect is already known
    ]
    assert alias_map(posts, "") == {
        "/merged/": "/combined/",
        "/away/": "https://else.example/x",
        "/older/": "/combined/",
    }


def test_a_chain_of_redirects_maps_to_where_it_ends() -> None:
    posts = [
        post("/one/", redirect_to="/two/"),
        post("/two/", redirect_to="/three/"),
        post("/three/", "/zero/"),
        post("/a/", redirect_to="/b/"),
        post("/b/", redirect_to="/a/"),  # a loop goes nowhere further
    ]
    assert alias_map(posts, "") == {
        "/one/": "/three/",
        "/two/": "/three/",
        "/zero/": "/three/",
        "/a/": "/b/",
        "/b/": "/a/",
    }
