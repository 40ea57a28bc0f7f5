"""A Jekyll site's pages: the URLs Jekyll gives them, and what is no page."""

from __future__ import annotations

import logging
import os
from pathlib import Path

import pytest

from indexer.readers import pages as pages_module
from indexer.readers.pages import site_pages
from indexer.urls import page_forms
from tests.unit.test_site import write

FM = "---\ntitle: T\n---\nText.\n"


def _site(root: Path, config: str) -> Path:
    return write(
        root,
        {
            "_config.yml": config,
            "_posts/2024-01-02-a-post.md": FM,
            "about.md": FM,
            "contact/index.html": FM,
            "index.html": FM,
            "docs/guide.markdown": FM,
            "fixed.md": "---\npermalink: /team/\n---\nUs.\n",
            "hidden.md": "---\npublished: false\n---\nNot yet.\n",
            "legacy.html": "<p>Copied as it is.</p>",  # no front matter: a static file
            "notes.md": "No front matter: copied as notes.md, not rendered.",
            "_layouts/default.html": FM,
            "_drafts/soon.md": FM,
            "node_modules/pkg/demo.html": FM,
            ".git/x.html": FM,
            "feed.xml": FM,
            "latin1.md": b"---\ntitle: caf\xe9\n---\n",
        },
    )


@pytest.mark.parametrize(
    ("config", "pages"),
    [
        (  # Jekyll's default style, "date": pages end in .html
            "url: https://s.example\n",
            ["/about.html", "/docs/guide.html"],
        ),
        ("permalink: pretty\n", ["/about/", "/docs/guide/"]),
        ("permalink: /:title/\n", ["/about/", "/docs/guide/"]),
        ("permalink: /blog/:year/:title\n", ["/about.html", "/docs/guide.html"]),  # no suffix
        ("permalink: /:title/\nbaseurl: /b\n", ["/b/about/", "/b/docs/guide/"]),
    ],
)
def test_page_urls_follow_jekylls_rule(tmp_path: Path, config: str, pages: list[str]) -> None:
    site = _site(tmp_path, config)
    prefix = "/b" if "baseurl" in config else ""
    always = [f"{prefix}{u}" for u in ("/", "/contact/", "/team/", "/legacy.html")]
    assert site_pages(site) == tuple(sorted({*pages, *always}))


def test_a_page_in_html_also_answers_without_its_extension() -> None:
    assert page_forms("/about.html") == ("/about.html", "/about/")
    assert page_forms("/about/") == ("/about/",)
    assert page_forms("https://other.example/x.html") == ("https://other.example/x.html",)


def test_no_pages_outside_a_jekyll_site(tmp_path: Path) -> None:
    write(tmp_path, {"hugo.toml": "", "content/about.md": FM, "static/x.html": FM})
    assert site_pages(tmp_path) == ()  # Hugo's content/about.md is read as a post


def test_documents_of_collections_jekyll_writes_out_are_pages(tmp_path: Path) -> None:
    config = (
        "permalink: /:title/\ncollections:\n  projects:\n    output: true\n"
        "  talks:\n    output: true\n    permalink: /speaking/:year/:name/\n"
        "  notes:\n    output: false\n"
    )
    write(
        tmp_path,
        {
            "_config.yml": config,
            "_posts/2024-01-02-a-post.md": FM,
            "_projects/alpha.md": FM,
            "_projects/tools/beta.markdown": FM,
            "_projects/own.md": "---\npermalink: /p/own/\n---\nx\n",
            "_projects/asset.html": "<p>no front matter: a static file</p>",
            "_talks/Big Day.md": "---\ndate: 2023-05-06\n---\nx\n",
            "_talks/undated.md": FM,  # its rule needs a date: no URL to vouch for
            "_notes/private.md": FM,
        },
    )
    assert site_pages(tmp_path) == (
        "/p/own/",
        "/projects/alpha/",
        "/projects/tools/beta/",
        "/speaking/2023/big-day/",
    )
    scoped = "defaults:\n  - scope: {path: _projects/tools}\n    values: {permalink: /t/:name/}\n"
    (tmp_path / "_config.yml").write_text(config + scoped, encoding="utf-8")
    assert "/t/beta/" in site_pages(tmp_path)
    hidden = "defaults:\n  - scope: {path: _projects/tools}\n    values: {published: false}\n"
    (tmp_path / "_config.yml").write_text(config + hidden, encoding="utf-8")
    assert "/projects/tools/beta/" not in site_pages(tmp_path)  # unpublished by defaults:
    assert "/projects/alpha/" in site_pages(tmp_path)
    (tmp_path / "_config.yml").write_text(config + "collections_dir: my\n", encoding="utf-8")
    assert site_pages(tmp_path) == ()  # the collections live under my/ now, and it is empty
    write(tmp_path, {"my/_posts/2024-01-02-a-post.md": FM, "my/_projects/gamma.md": FM})
    assert site_pages(tmp_path) == ("/projects/gamma/",)


def test_pages_that_cannot_be_read_are_named(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    site = _site(tmp_path, "permalink: pretty\n")
    write(site, {"broken.md": "---\ntitle: [unclosed\n---\nx\n"})
    os.mkfifo(site / "pipe.md")  # opening it would wait for a writer forever
    with caplog.at_level(logging.WARNING, logger="indexer.readers.pages"):
        pages = site_pages(site)
    assert "/about/" in pages and "/pipe/" not in pages and "/broken/" not in pages
    said = sorted(r.getMessage() for r in caplog.records)
    assert len(said) == 3, said
    assert said[0].startswith(f"{site / 'broken.md'}: not read as a page:")
    assert (
        said[1]
        == f"{site / 'latin1.md'}: not read as a page: not UTF-8 text (bad byte at offset 14)"
    )
    assert said[2] == (
        f"{site / 'pipe.md'}: not read as a page: "
        "not a regular file (a named pipe, socket or device)"
    )

    caplog.clear()
    monkeypatch.setattr(pages_module, "MAX_WARNINGS", 1)
    monkeypatch.setattr(pages_module, "MAX_PAGES", 4)
    with caplog.at_level(logging.WARNING, logger="indexer.readers.pages"):
        assert len(site_pages(site)) <= 4
    said = [r.getMessage() for r in caplog.records]
    assert f"{site}: only the first 4 page files were read" in said[0]


def test_include_exclude_and_placeholders_of_a_pages_permalink(tmp_path: Path) -> None:
    """Minimal Mistakes keeps its pages in ``_pages/``, which ``include:`` lets Jekyll
    read; ``exclude:`` keeps files out; a page's permalink may use ``:path``,
    ``:basename`` and ``:output_ext``."""
    config = (
        "permalink: /:title/\ninclude: [_pages, .well-known]\nexclude:\n  - drafts/\n  - '*.htm'\n"
    )
    write(
        tmp_path,
        {
            "_config.yml": config,
            "_posts/2024-01-02-a-post.md": FM,
            "_pages/about.md": "---\npermalink: /about-me/\n---\nx\n",
            "_pages/nested/faq.md": FM,
            "_layouts/page.html": FM,  # not included: still no page
            ".well-known/security.html": FM,
            "drafts/plan.md": FM,
            "old.htm": FM,
            "docs/guide.md": "---\npermalink: /:path/:basename/\n---\nx\n",
            "docs/manual.md": "---\npermalink: /m/:basename:output_ext\n---\nx\n",
            "docs/odd.md": "---\npermalink: /:title/\n---\nx\n",  # no such page placeholder
            "kb/entry.md": FM,  # its permalink from defaults:
        },
    )
    defaults = (
        "defaults:\n  - scope: {path: kb, type: pages}\n    values: {permalink: /help/:basename/}\n"
    )
    (tmp_path / "_config.yml").write_text(config + defaults, encoding="utf-8")
    assert site_pages(tmp_path) == (
        "/.well-known/security/",
        "/_pages/nested/faq/",
        "/about-me/",
        "/docs/guide/",
        "/help/entry/",
        "/m/manual.html",
    )
