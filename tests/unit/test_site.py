"""Reading static-site folders (Jekyll, Hugo, Astro, plain) into posts."""

from __future__ import annotations

import json
import os
import tempfile
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from indexer.corpus import CorpusError, Post
from indexer.readers import parse_document
from indexer.readers.pages import site_pages
from indexer.readers.permalink import expand_permalink
from indexer.readers.site import read_site, read_site_config
from indexer.urls import is_internal, normalize_url
from service.cli.check_inputs import site_url

NULLPROGRAM = Path(__file__).resolve().parents[3] / "shared" / "benchmarks" / "nullprogram"


FM_POST = "---\ntitle: T\n---\nT\n"


def write(root: Path, files: dict[str, str | bytes]) -> Path:
    for name, content in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    return root


def by_name(posts: list[Post]) -> dict[str, Post]:
    return {Path(p.path).name: p for p in posts}


@pytest.fixture
def jekyll(tmp_path: Path) -> Path:
    return write(
        tmp_path,
        {
            "_config.yml": (
                "url: https://site.example\npermalink: /blog/:year/:month/:day/:title/\n"
            ),
            "README.md": "# not a post\n",
            "_posts/2021-03-04-hello-world.md": (
                "---\ntitle: Hello World\ndate: 2021-03-04 10:00:00 -0500\n"
                "tags: [intro, meta]\ncategories: news, notes\nkeyphrase: hello world\n---\n"
                "Body with [a link](/blog/2021/03/05/no-title/).\n"
            ),
            "_posts/2021-03-05-no-title.markdown": (
                "---\nlayout: post\n---\n# From Heading\n\nText.\n"
            ),
            "_posts/2021-03-06-custom.md": "---\ntitle: C\nslug: special-slug\n---\nText.\n",
            "_posts/2021-03-07-absolute.md": "---\ntitle: U\nurl: https://site.example/x/y\n---\nT\n",
            "_posts/2021-03-08-perma.md": (
                "---\ntitle: P\npermalink: /fixed/:title/\npublished: false\n---\nT\n"
            ),
            "_posts/2021-03-09-page.html": "---\ntitle: H\ndate: 2022-01-02\n---\n<p>Hi</p>\n",
            "_posts/2021-03-10-bare.md": "No front matter at all.\n",
            "_drafts/unfinished.md": "---\ntitle: WIP\n---\nSoon.\n",
            "_site/2021-03-04-hello-world.html": "<p>built output</p>",
        },
    )


def test_jekyll_site(jekyll: Path) -> None:
    posts = list(read_site(jekyll))
    got = by_name(posts)
    assert sorted(got) == [
        "2021-03-04-hello-world.md",
        "2021-03-05-no-title.markdown",
        "2021-03-06-custom.md",
        "2021-03-07-absolute.md",
        "2021-03-08-perma.md",
        "2021-03-09-page.html",
        "2021-03-10-bare.md",
        "unfinished.md",
    ]
    hello = got["2021-03-04-hello-world.md"]
    assert hello.url == "/blog/2021/03/04/hello-world/"
    assert hello.title == "Hello World"
    assert hello.date == datetime(2021, 3, 4, 15, 0, tzinfo=UTC)
    assert (hello.tags, hello.categories) == (("intro", "meta"), ("news", "notes"))
    assert hello.keyphrase == "hello world"
    assert hello.format == "markdown" and not hello.draft
    assert hello.body.startswith("Body with [a link]")

    no_title = got["2021-03-05-no-title.markdown"]
    assert (no_title.title, no_title.url) == ("From Heading", "/blog/2021/03/05/no-title/")
    assert no_title.date == datetime(2021, 3, 5, tzinfo=UTC)
    assert got["2021-03-06-custom.md"].url == "/blog/2021/03/06/special-slug/"
    assert got["2021-03-07-absolute.md"].url == "/x/y/"
    perma = got["2021-03-08-perma.md"]
    assert (perma.url, perma.draft) == ("/fixed/perma/", True)
    page = got["2021-03-09-page.html"]
    assert (page.format, page.url, page.date) == (
        "html",
        "/blog/2022/01/02/page/",
        datetime(2022, 1, 2, tzinfo=UTC),
    )
    bare = got["2021-03-10-bare.md"]
    assert (bare.title, bare.body) == ("bare", "No front matter at all.\n")
    draft = got["unfinished.md"]
    assert draft.draft and draft.date is None


def test_permalink_and_origin_arguments_override_config(jekyll: Path) -> None:
    posts = by_name(list(read_site(jekyll, permalink="pretty", origin="https://other.example")))
    assert posts["2021-03-04-hello-world.md"].url == "/news/notes/2021/03/04/hello-world/"
    assert posts["2021-03-07-absolute.md"].url == "https://site.example/x/y"


def test_read_site_config(jekyll: Path, tmp_path: Path) -> None:
    config = read_site_config(jekyll)
    assert (config.permalink, config.origin, config.markdown) == (
        "/blog/:year/:month/:day/:title/",
        "https://site.example",
        "kramdown",
    )
    (tmp_path / "_config.yml").write_text("markdown: CommonMarkGhPages\n", encoding="utf-8")
    assert read_site_config(tmp_path).markdown == "commonmarkghpages"
    assert read_site_config(tmp_path / "none").markdown == ""


@pytest.mark.parametrize(
    ("rule", "expected"),
    [
        # Jekyll lower-cases categories but does not slugify them: a space is escaped
        ("date", "/cat%20one/c++/2020/01/02/My-Post_2.0.html"),
        ("pretty", "/cat%20one/c++/2020/01/02/My-Post_2.0/"),
        ("none", "/cat%20one/c++/My-Post_2.0.html"),
        ("/:year/:i_month/:i_day/:slug", "/2020/1/2/my-post-2-0"),
        ("/blog/:year/:month/:day/", "/blog/2020/01/02/"),
        (
            "/:slugified_categories/:w_year/W:week/:w_day/:title/",
            "/cat-one/c/2020/W01/4/My-Post_2.0/",
        ),
    ],
)
def test_permalink_styles(rule: str, expected: str) -> None:
    date = datetime(2020, 1, 2)
    categories = ["Cat One", "C++", "cat one"]
    assert expand_permalink(rule, title="My Post_2.0", date=date, categories=categories) == expected


def test_jekyll_default_permalink_is_date_style(tmp_path: Path) -> None:
    write(tmp_path, {"_posts/2020-01-02-x.md": "---\ntitle: X\n---\nT\n"})
    (post,) = read_site(tmp_path)
    assert post.url == "/2020/01/02/x.html"


def test_hugo_content_folder(tmp_path: Path) -> None:
    write(
        tmp_path,
        {
            "hugo.toml": 'baseURL = "https://hugo.example/"\n',
            "content/_index.md": "+++\ntitle = 'Home'\n+++\n",
            "content/about.md": "+++\ntitle = 'About'\n+++\nAbout us.\n",
            "content/posts/first.md": "---\ntitle: First\ndraft: true\ncategories: a b\n---\nT\n",
            "content/posts/bundle/index.md": "---\ntitle: Bundle\nslug: bundled\n---\nT\n",
            "themes/x/README.md": "not content",
        },
    )
    posts = by_name(list(read_site(tmp_path)))
    assert sorted((p.url, p.title, p.draft) for p in posts.values()) == [
        ("/about/", "About", False),
        ("/posts/bundled/", "Bundle", False),
        ("/posts/first/", "First", True),
    ]
    assert posts["first.md"].categories == ("a", "b")
    assert read_site_config(tmp_path).origin == "https://hugo.example"
    assert read_site_config(tmp_path).markdown == "goldmark"
    (tmp_path / "hugo.toml").unlink()
    (tmp_path / "hugo.yaml").write_text("baseURL: https://yaml.example/\n", encoding="utf-8")
    yaml_config = read_site_config(tmp_path)
    assert (yaml_config.origin, yaml_config.markdown) == ("https://yaml.example", "goldmark")
    (tmp_path / "hugo.yaml").unlink()  # Hugo's configuration directory instead
    write(tmp_path, {"config/_default/hugo.toml": 'baseURL = "https://dir.example/"\n'})
    dir_config = read_site_config(tmp_path)
    assert (dir_config.origin, dir_config.markdown) == ("https://dir.example", "goldmark")


@pytest.mark.parametrize(
    "table",
    [
        "[permalinks]\nposts = '/:year/:month/:slug/'\nnotes = '/:sections/:filename/'\n"
        "'/' = '/:title/'\n",
        "[permalinks.page]\nposts = '/:year/:month/:slug/'\nnotes = '/:sections/:filename/'\n"
        "'/' = '/:title/'\n[permalinks.section]\nposts = '/articles/'\n",  # Hugo 0.120+
    ],
)
def test_hugo_permalinks_by_section(tmp_path: Path, table: str) -> None:
    """Hugo's ``[permalinks]`` give each section's pages their URLs, under the path of
    ``baseURL``; a page of a section without a rule keeps its path."""
    write(
        tmp_path,
        {
            "hugo.toml": f'baseURL = "https://hugo.example/blog/"\n{table}',
            "content/posts/first.md": (
                "---\ntitle: 'C Closures: a Library!'\ndate: 2020-03-04\n---\nT\n"
            ),
            "content/posts/own.md": "---\ntitle: T\nslug: My Slug\ndate: 2020-03-04\n---\nT\n",
            "content/posts/undated.md": "---\ntitle: Undated\n---\nT\n",
            "content/posts/bundle/index.md": "---\ntitle: B\ndate: 2021-12-31\n---\nT\n",
            "content/notes/deep/n1.md": "---\ntitle: Note One\n---\nT\n",
            "content/notes/deep/kept/index.md": "---\ntitle: Kept\n---\nT\n",  # a bundle
            "content/about.md": "---\ntitle: About Us\n---\nT\n",
            "content/misc/other.md": "---\ntitle: Other\n---\nT\n",
        },
    )
    content = tmp_path / "content"
    urls = {Path(p.path).relative_to(content).as_posix(): p.url for p in read_site(tmp_path)}
    assert urls == {
        "posts/first.md": "/blog/2020/03/c-closures-a-library/",
        "posts/own.md": "/blog/2020/03/my-slug/",
        "posts/undated.md": "/blog/posts/undated/",  # no date for its rule: its path
        "posts/bundle/index.md": "/blog/2021/12/b/",
        "notes/deep/n1.md": "/blog/notes/deep/n1/",
        "notes/deep/kept/index.md": "/blog/notes/deep/kept/",  # the bundle is no section
        "about.md": "/blog/about-us/",
        "misc/other.md": "/blog/misc/other/",
    }
    assert read_site_config(tmp_path).origin == "https://hugo.example"


def test_hugo_site_in_several_languages_reads_its_default_language(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """Translation by file name: ``about.fr.md`` is the French ``about.md``, left out
    with a warning that counts it; ``hello.en.md`` is English and named ``hello``."""
    write(
        tmp_path,
        {
            "hugo.toml": "BaseURL = 'https://hugo.example/'\n[Languages.en]\nweight = 1\n"
            "[languages.fr]\nweight = 2\n",  # Hugo's settings are named in any case
            "content/posts/about.md": "---\ntitle: About\n---\nT\n",
            "content/posts/about.fr.md": "---\ntitle: À propos\n---\nT\n",
            "content/posts/hello.en.md": "---\ntitle: Hello\n---\nT\n",
            "content/posts/trip/index.md": "---\ntitle: Trip\n---\nT\n",
            "content/posts/trip/index.fr.md": "---\ntitle: Voyage\n---\nT\n",
        },
    )
    posts = list(read_site(tmp_path))
    assert sorted(p.url for p in posts) == ["/posts/about/", "/posts/hello/", "/posts/trip/"]
    assert "2 posts in other languages than the site's default, 'en', left out (fr: 2)" in (
        caplog.text
    )
    french = tmp_path / "content/posts/about.fr.md"  # the check names its page
    assert site_url(french) == "/fr/posts/about/"


@pytest.mark.parametrize("layout", ["hugo.toml", "config/_default/languages.toml"])
def test_hugo_languages_by_content_folder(tmp_path: Path, layout: str) -> None:
    """Translation by content folder, the default language German and under ``/de/``
    (``defaultContentLanguageInSubdir``); the table may live in the configuration
    directory's ``languages.toml``."""
    languages = (
        "[de]\ncontentDir = 'content/de'\n[en]\ncontentDir = 'content/en'\n"
        "[fr]\ncontentDir = 'content/fr'\ndisabled = true\n"
    )
    settings = "defaultContentLanguage = 'DE'\ndefaultContentLanguageInSubdir = true\n"
    files = {
        "content/de/posts/erster.md": "---\ntitle: Erster\n---\nT\n",
        "content/en/posts/first.md": "---\ntitle: First\n---\nT\n",
        "content/fr/posts/premier.md": "---\ntitle: Premier\n---\nT\n",
    }
    if layout == "hugo.toml":
        files["hugo.toml"] = settings + languages.replace("[", "[languages.")
    else:
        files["config/_default/hugo.toml"] = settings
        files[layout] = languages
    write(tmp_path, files)
    assert [p.url for p in read_site(tmp_path)] == ["/de/posts/erster/"]
    assert site_url(tmp_path / "content/de/posts/erster.md") == "/de/posts/erster/"


def test_hugo_site_with_posts_only_in_other_languages_says_so(tmp_path: Path) -> None:
    write(
        tmp_path,
        {
            "hugo.toml": "[languages.en]\n[languages.fr]\n",
            "content/posts/about.fr.md": "---\ntitle: À propos\n---\nT\n",
        },
    )
    with pytest.raises(CorpusError, match=r"no posts found .* in the default language 'en'"):
        list(read_site(tmp_path))


def test_jekyll_polyglot_site_reads_its_default_language(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """jekyll-polyglot: a post's language is its ``lang`` (from front matter, from
    ``defaults:``, or with ``lang_from_path`` from its folder), else ``default_lang``;
    translations share a permalink, and only the default language's posts are read."""
    write(
        tmp_path,
        {
            "_config.yml": (
                "languages: ['en', 'fr', 'de']\ndefault_lang: en\nlang_from_path: true\n"
                "permalink: /:title/\n"
                "defaults:\n  - scope: {path: _posts/old}\n    values: {lang: de}\n"
            ),
            "_posts/2020-01-01-hello.md": "---\ntitle: Hello\nlang: en\n---\nT\n",
            "_posts/2020-01-01-hello-fr.md": (
                "---\ntitle: Bonjour\nlang: fr\npermalink: /hello/\n---\nT\n"
            ),
            "_posts/2020-01-02-plain.md": FM_POST,
            "_posts/fr/2020-01-03-chemin.md": FM_POST,
            "_posts/fr/2020-01-04-own.md": "---\ntitle: Own\nlang: en\n---\nT\n",
            "_posts/old/2020-01-05-alt.md": FM_POST,
            "fr/about.md": "---\npermalink: /about/\n---\nT\n",
            "about.md": "---\npermalink: /about/\nlang: de\n---\nT\n",
        },
    )
    assert sorted(p.url for p in read_site(tmp_path)) == ["/hello/", "/own/", "/plain/"]
    assert "3 posts in other languages than the site's default, 'en', left out (de: 1, fr: 2)" in (
        caplog.text
    )
    assert site_url(tmp_path / "_posts/2020-01-01-hello-fr.md") == "/fr/hello/"
    assert site_pages(tmp_path) == ("/de/about/", "/fr/about/")


def test_jekyll_site_that_lists_no_languages_reads_lang_as_nothing(tmp_path: Path) -> None:
    """Without ``languages:`` a ``lang`` is only front matter: the post is read, at its
    URL (a theme may set ``lang`` for the page's ``<html lang>``)."""
    write(tmp_path, {"_posts/2020-01-01-hallo.md": "---\ntitle: Hallo\nlang: de\n---\nT\n"})
    assert [p.url for p in read_site(tmp_path)] == ["/2020/01/01/hallo.html"]


def test_a_posts_old_urls_are_its_aliases(tmp_path: Path) -> None:
    """Jekyll's ``redirect_from`` is a path from the site's root, under its ``baseurl``
    (``/old.html`` is served at ``/old`` too); Hugo's ``aliases`` are from the site's root
    with a ``/``, else from the folder of the post's URL. An absolute URL counts on the
    site's own origin only, and the post's own URL is no alias of it."""
    jekyll = write(
        tmp_path / "jekyll",
        {
            "_config.yml": "url: https://j.example\nbaseurl: /blog\npermalink: /:title/\n",
            "_posts/2020-01-01-new.md": (
                "---\ntitle: New\nredirect_from:\n  - /old-name/\n  - old.html\n"
                "  - https://j.example/blog/abs\n  - https://else.example/x/\n"
                "  - /new/\n---\nT\n"
            ),
            "_posts/2020-01-02-one.md": "---\ntitle: One\nredirect_from: /legacy/one\n---\nT\n",
        },
    )
    assert {p.url: p.aliases for p in read_site(jekyll)} == {
        "/blog/new/": ("/blog/old-name/", "/blog/old.html", "/blog/old/", "/blog/abs/"),
        "/blog/one/": ("/blog/legacy/one/",),
    }
    hugo = write(
        tmp_path / "hugo",
        {
            "hugo.toml": "baseURL = 'https://h.example/docs/'\n",
            "content/posts/x.md": (
                "---\ntitle: X\naliases: ['/old-url', 'old-name', '../up']\n---\nT\n"
            ),
            "content/posts/trip/index.md": "---\ntitle: Trip\naliases: [voyage]\n---\nT\n",
            "content/posts/plain.md": "---\ntitle: P\nredirect_from: /not-hugo/\n---\nT\n",
        },
    )
    assert {p.url: p.aliases for p in read_site(hugo)} == {
        "/docs/posts/x/": ("/docs/old-url/", "/docs/posts/old-name/", "/docs/up/"),
        "/docs/posts/trip/": ("/docs/posts/voyage/",),
        "/docs/posts/plain/": (),
    }


def test_a_post_that_redirects_elsewhere_is_no_page_of_its_own(tmp_path: Path) -> None:
    """jekyll-redirect-from's ``redirect_to``: a path under the site's ``baseurl``, or a
    URL; the post is kept out as a draft is (its page shows nothing but the redirect)."""
    write(
        tmp_path,
        {
            "_config.yml": "url: https://j.example\nbaseurl: /blog\npermalink: /:title/\n",
            "_posts/2020-01-01-merged.md": "---\nredirect_to: /combined/\n---\nT\n",
            "_posts/2020-01-02-away.md": "---\nredirect_to: https://else.example/x\n---\nT\n",
            "_posts/2020-01-03-home.md": "---\nredirect_to: https://j.example/blog/y\n---\nT\n",
            "_posts/2020-01-04-combined.md": FM_POST,
        },
    )
    found = {p.url: (p.redirect_to, p.draft) for p in read_site(tmp_path)}
    assert found == {
        "/blog/merged/": ("/blog/combined/", True),
        "/blog/away/": ("https://else.example/x", True),
        "/blog/home/": ("/blog/y/", True),
        "/blog/combined/": ("", False),
    }


def test_aliases_that_are_no_paths_name_the_file(tmp_path: Path) -> None:
    write(tmp_path, {"_posts/2020-01-01-a.md": "---\nredirect_from: {a: 1}\n---\nT\n"})
    with pytest.raises(CorpusError, match=r"2020-01-01-a\.md: 'redirect_from' must be a list"):
        list(read_site(tmp_path))


@pytest.mark.parametrize(
    ("files", "url"),
    [
        (  # contentDir names the content folder: README.md is no post
            {
                "hugo.toml": 'contentDir = "site/pages"\n[permalinks]\nposts = "/p/:slug/"\n',
                "site/pages/posts/first.md": "---\ntitle: First Post\n---\nT\n",
                "README.md": "# Not a post\n",
            },
            "/p/first-post/",
        ),
        (  # a configuration directory, its permalinks in a file of their own
            {
                "config/_default/hugo.yaml": "baseURL: https://hugo.example/\n",
                "config/_default/permalinks.toml": "posts = '/p/:slug/'\n",
                "content/posts/first.md": "---\ntitle: First Post\n---\nT\n",
            },
            "/p/first-post/",
        ),
    ],
)
def test_hugo_content_dir_and_configuration_directory(
    tmp_path: Path, files: dict[str, str | bytes], url: str
) -> None:
    write(tmp_path, files)
    assert [p.url for p in read_site(tmp_path)] == [url]


def test_jekyll_defaults_give_permalinks_by_scope(tmp_path: Path) -> None:
    """A permalink in ``defaults:`` applies to the posts its scope holds: the longest
    path wins, then a scope that names the type; the post's own permalink beats both."""
    config = """permalink: /:year/:title/
defaults:
  - scope: {path: ""}
    values: {permalink: /all/:title/}
  - scope: {path: "_posts/guides", type: posts}
    values: {permalink: /guides/:title/}
  - scope: {path: "_posts/guides"}
    values: {permalink: /untyped/:title/}
  - scope: {path: "", type: pages}
    values: {layout: page}
"""
    write(
        tmp_path,
        {
            "_config.yml": config,
            "_posts/2020-01-01-plain.md": FM_POST,
            "_posts/guides/2020-01-02-how.md": FM_POST,
            "_posts/guides/2020-01-03-own.md": "---\npermalink: /mine/\n---\nT\n",
        },
    )
    urls = sorted(p.url for p in read_site(tmp_path))
    assert urls == ["/all/plain/", "/guides/how/", "/mine/"]


def test_jekyll_defaults_give_any_front_matter_key(tmp_path: Path) -> None:
    """``defaults:`` give every key a post's front matter could (categories, tags,
    ``published``), merged by the same precedence as permalinks; a key the post sets
    itself is the post's, and values no post key reads (a mapping) are ignored."""
    config = """defaults:
  - scope: {path: "", type: posts}
    values: {categories: [notes], tags: [misc], author: {name: Ann}}
  - scope: {path: "_posts/guides"}
    values: {categories: [guides, howto]}
  - scope: {path: "_posts/old"}
    values: {published: false}
  - scope: {path: "", type: drafts}
    values: {tags: [wip]}
"""
    write(
        tmp_path,
        {
            "_config.yml": config,
            "_posts/2020-01-01-plain.md": FM_POST,
            "_posts/guides/2020-01-02-how.md": FM_POST,
            "_posts/guides/2020-01-03-own.md": "---\ncategories: [mine]\ntags: []\n---\nT\n",
            "_posts/old/2010-01-01-gone.md": FM_POST,
            "_posts/old/2010-01-02-kept.md": "---\npublished: true\n---\nT\n",
            "_drafts/idea.md": FM_POST,
        },
    )
    read = {Path(p.path).stem: p for p in read_site(tmp_path)}
    got = {k: (p.categories, p.tags, p.draft) for k, p in read.items()}
    assert got == {
        "2020-01-01-plain": (("notes",), ("misc",), False),
        "2020-01-02-how": (("guides", "howto"), ("misc",), False),
        "2020-01-03-own": (("mine",), (), False),
        "2010-01-01-gone": (("notes",), ("misc",), True),
        "2010-01-02-kept": (("notes",), ("misc",), False),
        "idea": (("notes",), ("wip",), True),
    }
    assert read["2020-01-02-how"].url == "/guides/howto/2020/01/02/how.html"


def test_jekyll_defaults_that_are_not_plain_values_are_left_out(tmp_path: Path) -> None:
    """A ``!!set``, a mapping, a list of lists or a list for a key of one value in
    ``defaults:`` is no value a post's key takes: left out, the site still reads (and its
    configuration stays hashable)."""
    config = """defaults:
  - scope: {path: ""}
    values: {tags: !!set {a, b}, categories: [[x]], seo: {a: 1}, title: Fallback,
             permalink: [a, b]}
  - not an entry
  - scope: {path: ""}
"""
    write(tmp_path, {"_config.yml": config, "_posts/2020-01-01-a.md": "---\n---\nBody\n"})
    (post,) = read_site(tmp_path)
    assert (post.title, post.categories, post.tags) == ("Fallback", (), ())


@pytest.mark.parametrize(
    ("config_name", "future"),
    [("_config.yml", "future: true\n"), ("hugo.toml", "buildFuture = true\n")],
)
def test_posts_dated_in_the_future_are_scheduled(
    tmp_path: Path, config_name: str, future: str
) -> None:
    """Jekyll (``future: false``) and Hugo (``buildFuture = false``) publish no post
    dated in the future: until then it is kept out, as a draft is."""
    folder = "_posts" if config_name == "_config.yml" else "content/posts"
    write(
        tmp_path,
        {
            config_name: "",
            f"{folder}/2024-12-31-out.md": "---\ntitle: Out\ndate: 2024-12-31\n---\nT\n",
            f"{folder}/2025-06-01-soon.md": "---\ntitle: Soon\ndate: 2025-06-01\n---\nT\n",
        },
    )
    now = datetime(2025, 1, 1, tzinfo=UTC)
    assert [(p.title, p.draft) for p in read_site(tmp_path, now=now)] == [
        ("Out", False),
        ("Soon", True),
    ]
    (tmp_path / config_name).write_text(future, encoding="utf-8")
    assert [p.draft for p in read_site(tmp_path, now=now)] == [False, False]


@pytest.mark.parametrize(
    ("config_name", "setting", "moved"),
    [
        ("_config.yml", "timezone: Asia/Tokyo\n", True),
        (
            "hugo.toml",
            "timeZone = 'Asia/Tokyo'\n[permalinks]\nposts = '/:year/:month/:day/:slug/'\n",
            False,
        ),
    ],
)
def test_dates_are_read_in_the_site_time_zone(
    tmp_path: Path, config_name: str, setting: str, moved: bool
) -> None:
    """A date without an offset is a time of the site's ``timezone`` (Hugo's
    ``timeZone``), both for when a post is published and for the day in its URL; Jekyll
    also moves a date with an offset into that zone before it fills in ``:day``, while
    Hugo keeps the date's own day."""
    folder = "_posts" if config_name == "_config.yml" else "content/posts"
    write(
        tmp_path,
        {
            config_name: setting + ("permalink: /:year/:month/:day/:title/\n" if moved else ""),
            f"{folder}/2025-01-01-naive.md": (
                "---\ntitle: Naive\ndate: 2025-01-01 08:00:00\n---\nT\n"
            ),
            f"{folder}/2024-12-31-offset.md": (
                "---\ntitle: Offset\ndate: 2024-12-31 20:00:00 -0500\n---\nT\n"
            ),
        },
    )
    now = datetime(2025, 1, 1, 0, 30, tzinfo=UTC)  # 09:30 in Tokyo
    posts = {p.title: p for p in read_site(tmp_path, now=now)}
    assert posts["Naive"].date == datetime(2024, 12, 31, 23, 0, tzinfo=UTC)
    assert not posts["Naive"].draft  # 08:00 in Tokyo has passed; 08:00 UTC would not have
    assert posts["Naive"].url == "/2025/01/01/naive/"
    assert posts["Offset"].date == datetime(2025, 1, 1, 1, 0, tzinfo=UTC)
    assert posts["Offset"].url == ("/2025/01/01/offset/" if moved else "/2024/12/31/offset/")


@pytest.mark.parametrize("zone", ["Mars/Olympus", "Europe", "../../etc/passwd", "x" * 300])
def test_a_time_zone_that_does_not_exist_is_named(tmp_path: Path, zone: str) -> None:
    write(tmp_path, {"_config.yml": f"timezone: {zone}\n", "_posts/2020-01-01-a.md": FM_POST})
    with pytest.raises(CorpusError, match=r"_config.yml: timezone '.*' is not a time zone"):
        list(read_site(tmp_path))


def test_a_permalink_that_is_a_template_gives_the_path(tmp_path: Path) -> None:
    """Eleventy computes ``permalink: /blog/{{ page.fileSlug }}/``; linkwright cannot, so
    the post keeps its path rather than a URL with braces in it."""
    write(tmp_path, {"posts/hello.md": "---\npermalink: /b/{{ page.fileSlug }}/\n---\nT\n"})
    assert [p.url for p in read_site(tmp_path)] == ["/posts/hello/"]
    write(tmp_path, {"posts/data.md": "---\npermalink: false\n---\nNever written out.\n"})
    assert [(p.url, p.draft) for p in read_site(tmp_path)] == [
        ("/posts/data/", True),  # kept out of the index's targets, as a draft is
        ("/posts/hello/", False),
    ]


def test_astro_src_content_and_rule_without_dates(tmp_path: Path) -> None:
    write(tmp_path, {"src/content/blog/post-one.md": "---\ntitle: One\n---\nT\n"})
    (post,) = read_site(tmp_path, permalink="/:year/:title/")
    assert post.url == "/blog/post-one/"  # the rule needs a date: the path is used


def test_plain_folder_skips_build_and_hidden_folders(tmp_path: Path) -> None:
    write(
        tmp_path,
        {
            "notes/a.md": "# A\n",
            "b.html": "<h1>B</h1>",
            "node_modules/pkg/readme.md": "x",
            "_site/a.html": "x",
            "_includes/head.html": "x",
            ".git/x.md": "x",
            "README.md": "x",
            "style.css": "x",
        },
    )
    posts = list(read_site(tmp_path))
    assert [(p.url, p.title) for p in posts] == [("/b/", "B"), ("/notes/a/", "A")]


def test_post_paths_are_absolute_wherever_the_site_was_named(
    jekyll: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Batch work reads the files back later, maybe from another folder."""
    monkeypatch.chdir(jekyll.parent)
    posts = list(read_site(Path(jekyll.name)))
    assert posts and all(Path(p.path).is_absolute() and Path(p.path).is_file() for p in posts)


def test_invalid_front_matter_names_the_file(tmp_path: Path) -> None:
    write(tmp_path, {"_posts/2020-01-01-bad.md": "---\ntitle: [unclosed\n---\nT\n"})
    with pytest.raises(CorpusError, match=r"2020-01-01-bad.md.*YAML"):
        list(read_site(tmp_path))


@pytest.mark.parametrize(
    ("text", "where"),
    [
        ('---\ntitle: "unclosed\ndate: 2020-01-01\n---\nT\n', "line 2, column 8"),
        ('+++\ntitle = "unclosed\n+++\nT\n', "line 2, column"),
    ],
    ids=["yaml", "toml"],
)
def test_front_matter_errors_give_the_files_line(tmp_path: Path, text: str, where: str) -> None:
    write(tmp_path, {"_posts/2020-01-01-bad.md": text})
    with pytest.raises(CorpusError, match=where):
        list(read_site(tmp_path))


def test_front_matter_that_is_not_a_mapping(tmp_path: Path) -> None:
    write(tmp_path, {"_posts/2020-01-01-list.md": "---\n- a\n- b\n---\nT\n"})
    with pytest.raises(CorpusError, match=r"list.md.*mapping"):
        list(read_site(tmp_path))


def test_invalid_date_names_the_file_and_field(tmp_path: Path) -> None:
    write(tmp_path, {"_posts/2020-01-01-d.md": "---\ndate: someday\n---\nT\n"})
    with pytest.raises(CorpusError, match=r"2020-01-01-d.md.*'date'"):
        list(read_site(tmp_path))


def test_non_utf8_file_names_the_file(tmp_path: Path) -> None:
    write(tmp_path, {"_posts/2020-01-01-latin1.md": "---\ntitle: Caf\xe9\n---\n".encode("latin-1")})
    with pytest.raises(CorpusError, match=r"latin1.md.*UTF-8"):
        list(read_site(tmp_path))


def test_a_named_pipe_among_the_posts_is_named_not_waited_on(tmp_path: Path) -> None:
    write(tmp_path, {"_posts/2020-01-01-a.md": "---\ntitle: A\n---\nT\n"})
    os.mkfifo(tmp_path / "_posts" / "2020-01-02-pipe.md")  # opening it would block
    with pytest.raises(CorpusError, match=r"2020-01-02-pipe.md: not a regular file"):
        list(read_site(tmp_path))


def test_jekyll_reads_posts_folders_below_the_root(tmp_path: Path) -> None:
    """Jekyll reads every ``_posts/`` of the site (``en/_posts/``, ``blog/tech/_posts/``);
    the folders above one are its posts' first categories, and so part of their URLs."""
    write(
        tmp_path,
        {
            "_config.yml": "permalink: /:categories/:title/\nexclude: [old]\n",
            "en/_posts/2020-01-01-hello.md": "---\ncategories: [news]\n---\nT\n",
            "blog/tech/_posts/2020-01-02-deep.md": FM_POST,
            "blog/tech/_drafts/soon.md": FM_POST,
            "_site/en/_posts/2020-01-01-hello.md": FM_POST,  # Jekyll's output: never read
            "vendor/bundle/gems/theme/_posts/2019-01-01-demo.md": FM_POST,  # nor gems
            "old/_posts/2019-01-01-gone.md": FM_POST,  # nor what exclude: names
            "about.md": FM_POST,  # a page, not a post
        },
    )
    posts = sorted(read_site(tmp_path), key=lambda p: p.url)
    assert [(p.url, p.categories, p.draft) for p in posts] == [
        ("/blog/tech/deep/", ("blog", "tech"), False),
        ("/blog/tech/soon/", ("blog", "tech"), True),
        ("/en/news/hello/", ("en", "news"), False),
    ]
    hello = tmp_path / "en" / "_posts" / "2020-01-01-hello.md"
    assert site_url(hello) == "/en/news/hello/"
    assert site_pages(tmp_path) == ("/about/",)


def test_posts_under_jekylls_collections_dir(tmp_path: Path) -> None:
    """With ``collections_dir: my``, Jekyll reads ``my/_posts/`` and ``my/_drafts/``; a
    draft checked there gets the URL the site's rule gives it, not a bare folder's."""
    write(
        tmp_path,
        {
            "_config.yml": "collections_dir: my\npermalink: /blog/:title/\n",
            "my/_posts/2020-01-01-first.md": "---\ntitle: First\n---\nT\n",
            "my/_drafts/next.md": "---\ntitle: Next\n---\nT\n",
        },
    )
    posts = by_name(list(read_site(tmp_path)))
    assert sorted((p.url, p.draft) for p in posts.values()) == [
        ("/blog/first/", False),
        ("/blog/next/", True),
    ]
    assert site_url(tmp_path / "my" / "_posts" / "2020-01-01-first.md") == "/blog/first/"
    (tmp_path / "_config.yml").unlink()  # no site above: my/ is read as a site of its own
    assert site_url(tmp_path / "my" / "_posts" / "2020-01-01-first.md") == "/2020/01/01/first.html"


def test_folder_without_posts(tmp_path: Path) -> None:
    write(tmp_path, {"style.css": "x"})
    with pytest.raises(CorpusError, match=r"no posts"):
        list(read_site(tmp_path))
    with pytest.raises(CorpusError, match=r"not a folder"):
        list(read_site(tmp_path / "missing"))


@pytest.mark.skipif(not NULLPROGRAM.is_dir(), reason=f"benchmark site not present at {NULLPROGRAM}")
def test_reads_the_nullprogram_benchmark_as_it_is() -> None:
    posts = list(read_site(NULLPROGRAM))
    assert len(posts) == 461
    assert Counter(p.format for p in posts) == {"markdown": 366, "html": 95}
    assert not any(p.draft for p in posts)
    urls = {p.url for p in posts}
    assert len(urls) == 461
    intro = by_name(posts)["2007-09-01-intro.markdown"]
    assert (intro.url, intro.title, intro.tags) == (
        "/blog/2007/09/01/",
        "null program is Alive",
        ("meta",),
    )
    assert all(p.date is not None and p.date.tzinfo is not None for p in posts)

    origin = read_site_config(NULLPROGRAM).origin
    kinds: Counter[str] = Counter()
    targets: Counter[str] = Counter()
    for post in posts:
        for link in parse_document(post.body, post.format).links:
            target = normalize_url(link.href, origin)
            if is_internal(link.href, origin) and target in urls:
                kinds[link.kind] += 1
                targets[target] += 1
    assert 1000 <= sum(kinds.values()) <= 1250  # 1,119 when written
    assert kinds["reference"] > 900 and kinds["html"] > 40 and kinds["inline"] > 90
    assert targets["/blog/2022/08/08/"] > 0


_VALUES = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.text(max_size=12)
    | st.sampled_from(
        ["/:year/:title/", "/:categories/:slug/", ":path", "_pages", "*", "../x", "/", ""]
    ),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner, max_size=3)
    ),
    max_leaves=8,
)
_KEYS = st.sampled_from(
    [
        "permalink", "permalinks", "defaults", "include", "exclude", "collections",
        "collections_dir", "contentDir", "future", "buildFuture", "baseURL", "url", "baseurl",
        "languages", "defaultContentLanguage", "defaultContentLanguageInSubdir", "timezone",
        "default_lang", "lang_from_path", "redirect_from", "aliases",
    ]
)  # fmt: skip


@settings(max_examples=150, deadline=None)
@given(config=st.dictionaries(_KEYS, _VALUES, max_size=4), hugo=st.booleans())
def test_any_configuration_reads_or_says_what_is_wrong(
    config: dict[str, object], hugo: bool
) -> None:
    """Whatever a site's configuration holds, reading the site gives posts and pages or a
    CorpusError that names a file: never another exception."""
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        name, posts = ("hugo.json", "content/posts") if hugo else ("_config.yml", "_posts")
        write(root, {name: json.dumps(config), f"{posts}/2020-01-01-a.md": FM_POST})
        try:
            found = list(read_site(root))
            site_pages(root)
        except CorpusError as exc:
            assert str(root) in str(exc)
        else:  # the one post, or none where the configuration moved the content away
            assert len(found) <= 1
            assert all(p.url.startswith(("/", "http://", "https://")) for p in found), found


_FRONT_MATTER_KEYS = st.sampled_from(
    [
        "title", "date", "categories", "tags", "slug", "permalink", "url", "draft", "published",
        "redirect_from", "redirect_to", "aliases", "lang",
    ]
)  # fmt: skip


@settings(max_examples=150, deadline=None)
@given(meta=st.dictionaries(_FRONT_MATTER_KEYS, _VALUES, max_size=4), hugo=st.booleans())
@example(meta={"url": 0}, hugo=False)  # was the URL "0/"
@example(meta={"url": "about/"}, hugo=True)  # Hugo: "/about/"
def test_any_front_matter_reads_or_says_what_is_wrong(meta: dict[str, object], hugo: bool) -> None:
    """Whatever a post's front matter holds, it is read as a post with a URL that starts
    at the site's root, or refused with a CorpusError naming its file."""
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        name, posts = ("hugo.json", "content/posts") if hugo else ("_config.yml", "_posts")
        text = f"---\n{json.dumps(meta)}\n---\nBody.\n"
        write(root, {name: "{}", f"{posts}/2020-01-01-a.md": text, "page.md": text})
        try:
            found = list(read_site(root))
            site_pages(root)
        except CorpusError as exc:
            assert str(root) in str(exc)
        else:
            assert all(p.url.startswith(("/", "http://", "https://")) for p in found), found
            assert all(a.startswith("/") for p in found for a in p.aliases), found
