"""WordPress export (WXR) reader: real WordPress fixtures, synthetic edge cases, attacks."""

from __future__ import annotations

import logging
import tracemalloc
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

import pytest

from indexer.corpus import CorpusError, Post
from indexer.readers.wp_markup import strip_wp_markup
from indexer.readers.wxr import read_wxr

FIXTURES = Path(__file__).parents[2].parent / "shared/fixtures/wxr"
LOGGER = "indexer.readers"  # the WXR reader logs from wxr and wxr_item

#: Fixtures that import: counts of (post_type, draft) among the posts yielded.
IMPORTS: dict[str, dict[tuple[str, bool], int]] = {
    # 58 posts (56 published, 1 scheduled, 1 draft) and 21 pages; the 37 attachments and
    # 70 nav menu items are skipped.
    "theme-unit-test-data.xml": {("post", False): 56, ("post", True): 2, ("page", False): 21},
    "small-export.xml": {
        ("post", False): 5,
        ("post", True): 1,
        ("page", False): 4,
        ("page", True): 1,
    },
    "valid-wxr-1.0.xml": {("post", False): 3, ("page", False): 3},
    "valid-wxr-1.1.xml": {("post", False): 1, ("page", False): 1},
    "crazy-cdata-escaped.xml": {("post", False): 1},
    "post-content-blank-lines.xml": {("post", False): 1},
    "slashes.xml": {("post", False): 1},
    "wxr-simple.xml": {("post", False): 1},
    "wxr-flat-attachment-different-site.xml": {("post", False): 1},
    "wxr-flat-attachment-same-site.xml": {("post", False): 1},
    "test-serialized-comment-meta.xml": {("post", True): 1},
    "test-serialized-postmeta-no-cdata.xml": {("post", True): 1},
    "test-serialized-postmeta-with-cdata.xml": {("post", True): 1},
    "test-serialized-term-meta.xml": {("post", True): 1},
    "test-utw-post-meta-import.xml": {("post", True): 1},
    # Only authors and terms, no items.
    "large-authors.xml": {},
    "term-formats.xml": {},
    "term-meta.xml": {},
}

#: Fixtures that parse but whose every post lacks a permalink (no <link>, no usable
#: <guid>): nothing is yielded and each item is named in a warning.
NO_PERMALINK: dict[str, int] = {
    "authors-multiline.xml": 1,
    "backslashes.xml": 1,
    "blank-lines.xml": 1,
    "cdata-edge.xml": 1,
    "chunked-meta.xml": 1,
    "missing-tags.xml": 1,
    "multiple-cdata.xml": 1,
    "namespace-edge-cases.xml": 6,
    "wxr-utf-8-challenges.xml": 1,
    "wxr-with-sub-data.xml": 1,
}

#: Fixtures that must be refused, with a fragment of the message.
REFUSED: dict[str, str] = {
    "crazy-cdata.xml": "not well-formed XML at line 18, column 72",
    "malformed-simple.xml": "not well-formed XML at line 14",
    "malformed.xml": "is <notachanneltag>, expected <channel>",
    "invalid-version-tag.xml": "invalid WXR version 'abc'",
    "missing-version-tag.xml": "<wp:wxr_version> is missing",
}


def fixture(name: str) -> Path:
    """Path of a shared WXR fixture; skips the test when the fixtures are not checked out."""
    if not FIXTURES.is_dir():
        pytest.skip(f"WXR fixtures not found at {FIXTURES} (shared/ is not beside the repo)")
    return FIXTURES / name


def by_id(name: str) -> dict[str, Post]:
    """The posts of a fixture keyed by WordPress post id."""
    path = fixture(name)
    return {post.path.removeprefix(f"{path}#"): post for post in read_wxr(path)}


def utc(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


# --- every fixture is accounted for -------------------------------------------------


def test_every_fixture_is_classified() -> None:
    names = {p.name for p in fixture(".").glob("*.xml")}
    assert names == set(IMPORTS) | set(NO_PERMALINK) | set(REFUSED)


@pytest.mark.parametrize("name", sorted(IMPORTS))
def test_fixture_imports_with_exact_counts(name: str) -> None:
    posts = list(read_wxr(fixture(name)))
    assert Counter((p.post_type, p.draft) for p in posts) == Counter(IMPORTS[name])
    for post in posts:
        assert post.format == "html"
        assert post.url.startswith(("http://", "https://"))
        assert post.path.startswith(f"{fixture(name)}#")
        assert post.date is None or post.date.tzinfo is UTC


@pytest.mark.parametrize("name", sorted(NO_PERMALINK))
def test_items_without_permalink_are_skipped_with_a_warning(
    name: str, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.WARNING, logger=LOGGER):
        assert list(read_wxr(fixture(name))) == []
    warnings = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert len(warnings) == NO_PERMALINK[name]
    assert all(name in message for message in warnings)


@pytest.mark.parametrize("name", sorted(REFUSED))
def test_broken_fixture_is_refused_with_file_name_and_hint(name: str) -> None:
    with pytest.raises(CorpusError) as caught:
        list(read_wxr(fixture(name)))
    message = str(caught.value)
    assert message.startswith(f"{fixture(name)}: ")
    assert REFUSED[name] in message
    assert "Tools → Export" in message


# --- what the fixtures contain ------------------------------------------------------


def test_theme_unit_test_posts() -> None:
    posts = by_id("theme-unit-test-data.xml")
    nav = posts["1724"]
    assert nav.title == "Keyboard navigation"
    assert nav.url == "https://wpthemetestdata.wordpress.com/2018/10/20/keyboard-navigation/"
    assert nav.date == utc("2018-10-21 03:03:48")  # post_date_gmt, not the local post_date
    assert (nav.categories, nav.tags, nav.post_type, nav.draft) == ((), ("Codex",), "post", False)
    many = posts["1152"]
    assert many.categories[:3] == ("Classic", "aciform", "antiquarianism")
    assert len(many.categories) == 62  # 63 terms, two of them named "Foo A"
    assert len(posts["1151"].tags) == 45


def test_theme_unit_test_pages_titles_and_unpublished() -> None:
    posts = by_id("theme-unit-test-data.xml")
    level3 = posts["172"]
    assert level3.post_type == "page"
    assert level3.url == "https://wpthemetestdata.wordpress.com/level-1/level-2/level-3/"
    assert posts["1813"].url.endswith("%ce%b5%cf%80%ce%af%cf%80%ce%b5%ce%b4%ce%bf-3/")  # stripped
    assert posts["1173"].title == "Markup: Title With Markup"  # tags removed
    assert posts["1174"].title.endswith("~`!@#$%^&*()-_=+{}[]/\\;:'\"?,.>")  # entities decoded
    assert posts["1169"].title == ""
    draft, scheduled = posts["1164"], posts["1153"]
    assert (draft.draft, draft.url) == (True, "https://wpthemetestdata.wordpress.com/?p=1164")
    assert (scheduled.draft, scheduled.date) == (True, utc("2030-01-01 19:00:18"))


def test_theme_unit_test_bodies_have_no_blocks_or_shortcodes() -> None:
    posts = by_id("theme-unit-test-data.xml")
    for post in posts.values():
        for markup in ("<!-- wp:", "<!-- /wp:", "[gallery", "[caption", "[/caption]", "[audio"):
            assert markup not in post.body, (post.path, markup)
    caption = posts["1163"].body
    assert caption.endswith("</a> Bell on wharf in San Francisco")  # caption text kept
    assert "[simple boat]" in posts["358"].body  # bracketed prose is not a shortcode
    assert "<p>" in posts["1749"].body  # the HTML inside blocks stays


def test_small_export_dates_statuses_and_terms() -> None:
    posts = by_id("small-export.xml")
    draft_page = posts["9"]
    assert (draft_page.title, draft_page.post_type, draft_page.draft) == (
        "Draft Page",
        "page",
        True,
    )
    assert draft_page.date == utc("2011-01-18 07:46:29")  # post_date_gmt is zero: post_date
    private = posts["13"]
    assert (private.draft, private.tags) == (True, ("Tag1", "Tag2", "Tag3"))
    assert private.categories == ("Uncategorized",)
    assert posts["22"].categories[-1] == "远征手记"
    assert posts["2"].url == "http://localhost/?page_id=2"


def test_wxr_1_0_category_and_tag_forms() -> None:
    alpha = by_id("valid-wxr-1.0.xml")["4"]
    # WXR 1.0 writes each term twice (with and without nicename) and tags as domain="tag".
    assert (alpha.categories, alpha.tags) == (("alpha",), ("news", "roar"))
    assert alpha.date == utc("2010-10-20 14:09:37")


def test_cdata_and_gutenberg_fixtures() -> None:
    crazy = by_id("crazy-cdata-escaped.xml")["1"]
    assert crazy.body == "Content with nested <![CDATA[ tags ]]> :)"
    simple = by_id("wxr-simple.xml")["10"]
    assert simple.title == '"The Road Not Taken" by Robert Frost'
    assert simple.body.startswith("<p>Two roads diverged in a yellow wood,")
    assert "wp:paragraph" not in simple.body


def test_namespace_hijack_is_not_read_as_wordpress(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING, logger=LOGGER):
        list(read_wxr(fixture("namespace-edge-cases.xml")))
    messages = [r.getMessage() for r in caplog.records]
    assert any("#item-5: skipped an item with no <wp:post_type>" in m for m in messages)
    assert any("#2: skipped post 'No Prefix'" in m for m in messages)  # default-namespace id


# --- synthetic files ----------------------------------------------------------------

WP12 = "http://wordpress.org/export/1.2/"


def wxr(
    items: str,
    *,
    wp_ns: str = WP12,
    prefix: str = "wp",
    version: str = "1.2",
    head: str = "",
) -> str:
    """A minimal WXR document around ``items`` (written with the ``wp`` prefix)."""
    items = items.replace("<wp:", f"<{prefix}:").replace("</wp:", f"</{prefix}:")
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>\n{head}'
        f'<rss version="2.0" xmlns:{prefix}="{wp_ns}"'
        ' xmlns:content="http://purl.org/rss/1.0/modules/content/">\n<channel>\n'
        f"<{prefix}:wxr_version>{version}</{prefix}:wxr_version>\n{items}</channel>\n</rss>\n"
    )


def item(
    post_id: int,
    *,
    link: str | None = None,
    status: str = "publish",
    post_type: str = "post",
    content: str = "Body.",
    extra: str = "",
) -> str:
    """One ``<item>``; ``link`` defaults to a pretty permalink made from ``post_id``."""
    url = f"https://example.com/{post_id}/" if link is None else link
    link_tag = f"<link>{url}</link>" if url else ""
    return (
        f"<item><title>Post {post_id}</title>{link_tag}<wp:post_id>{post_id}</wp:post_id>"
        f"<wp:post_type>{post_type}</wp:post_type><wp:status>{status}</wp:status>"
        f"<content:encoded><![CDATA[{content}]]></content:encoded>{extra}</item>\n"
    )


def write(tmp_path: Path, text: str, name: str = "export.xml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("wp_ns", "prefix", "version"),
    [
        ("http://wordpress.org/export/1.0/", "wp", "1.0"),
        ("http://wordpress.org/export/1.1/", "wp", "1.1"),
        ("https://wordpress.org/export/1.2/", "wp", "1.2"),
        ("https://wordpress.org/export/1.2/", "wordpress", "1.2"),
    ],
)
def test_versions_namespace_forms_and_prefixes(
    tmp_path: Path, wp_ns: str, prefix: str, version: str
) -> None:
    text = wxr(item(1) + item(2, post_type="page"), wp_ns=wp_ns, prefix=prefix, version=version)
    posts = list(read_wxr(write(tmp_path, text)))
    assert [(p.url, p.post_type, p.title) for p in posts] == [
        ("https://example.com/1/", "post", "Post 1"),
        ("https://example.com/2/", "page", "Post 2"),
    ]


def test_only_publish_is_a_target_and_other_types_are_skipped(tmp_path: Path) -> None:
    statuses = [
        "publish",
        "draft",
        "private",
        "future",
        "pending",
        "trash",
        "auto-draft",
        "inherit",
    ]
    items = "".join(item(i, status=s) for i, s in enumerate(statuses))
    items += item(90, post_type="attachment", status="inherit") + item(
        91, post_type="nav_menu_item"
    )
    posts = list(read_wxr(write(tmp_path, wxr(items))))
    assert [p.draft for p in posts] == [s != "publish" for s in statuses]


def test_guid_is_used_only_when_it_is_a_permalink(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    items = (
        item(1, link="", extra="<guid>https://example.com/kept/</guid>")
        + item(2, link="", extra='<guid isPermaLink="false">https://example.com/?p=2</guid>')
        + item(3, link="", extra="<guid>https://example.com/?page_id=3</guid>")
        + item(4, link="")
    )
    path = write(tmp_path, wxr(items))
    with caplog.at_level(logging.WARNING, logger=LOGGER):
        posts = list(read_wxr(path))
    assert [p.url for p in posts] == ["https://example.com/kept/"]
    skipped = sorted(r.getMessage().split(":")[0] for r in caplog.records)
    assert skipped == [f"{path}#2", f"{path}#3", f"{path}#4"]


def test_date_fallbacks(tmp_path: Path) -> None:
    zero = "<wp:post_date_gmt>0000-00-00 00:00:00</wp:post_date_gmt>"
    items = (
        item(1, extra=zero + "<wp:post_date>2020-05-06 07:08:09</wp:post_date>")
        + item(2, extra=zero + "<pubDate>Tue, 05 Mar 2019 10:00:00 +0200</pubDate>")
        + item(3, extra=zero + "<pubDate>Wed, 30 Nov -0001 00:00:00 +0000</pubDate>")
        + item(4)
    )
    posts = list(read_wxr(write(tmp_path, wxr(items))))
    assert [p.date for p in posts] == [
        utc("2020-05-06 07:08:09"),
        utc("2019-03-05 08:00:00"),
        None,
        None,
    ]


def test_categories_tags_and_other_taxonomies(tmp_path: Path) -> None:
    terms = (
        '<category domain="category" nicename="a">News &amp;amp; Notes</category>'
        '<category domain="post_tag" nicename="b"><![CDATA[python]]></category>'
        '<category domain="post_format" nicename="c">Aside</category>'
        '<category domain="product_cat" nicename="d">Shoes</category>'
    )
    post = next(read_wxr(write(tmp_path, wxr(item(1, extra=terms)))))
    assert (post.categories, post.tags) == (("News & Notes",), ("python",))


def test_old_slugs_are_the_posts_old_urls(tmp_path: Path) -> None:
    """WordPress redirects a post's old slugs (postmeta ``_wp_old_slug``) to it."""

    def meta(key: str, value: str) -> str:
        return (
            f"<wp:postmeta><wp:meta_key>{key}</wp:meta_key>"
            f"<wp:meta_value><![CDATA[{value}]]></wp:meta_value></wp:postmeta>"
        )

    old = meta("_wp_old_slug", "first-name") + meta("_wp_old_slug", "") + meta("_edit_last", "1")
    items = (
        item(
            1,
            link="https://b.example/2020/05/new-name/",
            extra=f"<wp:post_name>new-name</wp:post_name>{old}",
        )
        + item(2, link="https://b.example/?p=2", extra=f"<wp:post_name>two</wp:post_name>{old}")
        + item(
            3, link="https://b.example/renamed", extra=f"<wp:post_name>other</wp:post_name>{old}"
        )
    )
    one, two, three = read_wxr(write(tmp_path, wxr(items)))
    assert one.aliases == ("https://b.example/2020/05/first-name/",)
    assert two.aliases == three.aliases == ()  # no slug in the permalink to replace


def test_block_comments_and_shortcodes_are_removed(tmp_path: Path) -> None:
    content = (
        "<!-- wp:paragraph -->\n<p>Intro [sic] text.</p>\n<!-- /wp:paragraph -->\n\n"
        '<!-- wp:image {"id":5,"sizeSlug":"large"} /-->\n'
        '[gallery ids="1,2,3" columns="3"]\n'
        '[caption id="attachment_9" align="alignleft" width="300"]<img src="a.jpg" /> '
        "A heron at dawn[/caption]\n"
        "[embed]https://www.youtube.com/watch?v=abc[/embed]\n"
        "<!--more-->\n<p>Literal [[gallery]] shortcode.</p>"
    )
    post = next(read_wxr(write(tmp_path, wxr(item(1, content=content)))))
    assert post.body == (
        "<p>Intro [sic] text.</p>\n\n"
        '<img src="a.jpg" /> A heron at dawn\n\n'
        "<p>Literal [[gallery]] shortcode.</p>"
    )


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (
            '[caption id="" caption="Old style"]<img src="x" />[/caption]',
            '<img src="x" /> Old style',
        ),
        ("[audio https://example.com/a.mp3]After.", "After."),
        ('[video src="v.mp4"][/video]Text', "Text"),
        ("[vc_row][vc_column]Builder prose.[/vc_column][/vc_row]", "Builder prose."),
        ("See [1] and [note].", "See [1] and [note]."),
        ("<!-- wp:core-embed/youtube {} -->\nx\n<!-- /wp:core-embed/youtube -->", "x"),
        # Left open (each once read to the end again): a delimiter ends where the next
        # begins, a media tag goes alone, a caption keeps its text.
        ("<!-- wp:paragraph " * 3 + "<!-- wp:paragraph --><p>Kept.</p>", "<p>Kept.</p>"),
        ("<p>A</p><!-- wp:paragraph", "<p>A</p>"),
        ("[embed]open " * 3 + "[embed]https://v.example/1[/embed] after", "open open open  after"),
        (
            '[caption id="a"]<img src="x"> A [caption]<img src="y"> B[/caption]',
            '<img src="x"> A <img src="y"> B',
        ),
    ],
)
def test_strip_wp_markup_cases(content: str, expected: str) -> None:
    assert strip_wp_markup(content) == expected


# --- refusals -------------------------------------------------------------------------


BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE rss [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol9 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
]>
"""
EXTERNAL_ENTITY = (
    '<?xml version="1.0"?>\n<!DOCTYPE rss [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n'
)


@pytest.mark.parametrize(
    ("head", "reference"),
    [(BILLION_LAUGHS, "&lol9;"), (EXTERNAL_ENTITY, "&xxe;")],
    ids=["billion-laughs", "external-entity"],
)
def test_entity_attacks_are_refused(tmp_path: Path, head: str, reference: str) -> None:
    document = wxr(item(1, content="BODY")).split("\n", 1)[1]  # without the XML declaration
    path = write(tmp_path, head + document.replace("<![CDATA[BODY]]>", reference), "attack.xml")
    with pytest.raises(CorpusError) as caught:
        list(read_wxr(path))
    assert str(caught.value).startswith(f"{path}: refused: the file declares a document type")


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("", "not well-formed XML at line 1, column 1: no element found"),
        (
            '<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"/>',
            "the root element is <feed",
        ),
        (
            '<rss version="2.0"><channel><item><title>x</title></item></channel></rss>',
            "plain RSS feed",
        ),
        ('<rss version="2.0"/>', "no <channel>"),
        (wxr(item(1), version="1.3"), "unsupported WXR version 1.3"),
        (wxr(item(1), version=""), "invalid WXR version ''"),
        (wxr(item(1)).replace("</channel>", ""), "not well-formed XML at line"),
        (wxr(item(1)).replace("Body.", "Caf\udce9"), "not well-formed XML"),
    ],
    ids=["empty", "atom", "plain-rss", "no-channel", "v1.3", "no-version-text", "cut", "latin1"],
)
def test_files_that_are_not_wxr_are_refused(tmp_path: Path, text: str, fragment: str) -> None:
    path = tmp_path / "bad.xml"
    path.write_bytes(text.encode("utf-8", "surrogateescape"))
    with pytest.raises(CorpusError) as caught:
        list(read_wxr(path))
    assert str(caught.value).startswith(f"{path}: ")
    assert fragment in str(caught.value)


def test_missing_file_is_a_corpus_error(tmp_path: Path) -> None:
    with pytest.raises(CorpusError) as caught:
        list(read_wxr(tmp_path / "nope.xml"))
    assert str(caught.value).startswith(f"{tmp_path / 'nope.xml'}: cannot be read")


def test_posts_stream_before_a_later_error(tmp_path: Path) -> None:
    path = write(tmp_path, wxr(item(1) + "<item><title>cut", version="1.2").split("</rss>")[0])
    posts = read_wxr(path)
    assert next(posts).url == "https://example.com/1/"
    with pytest.raises(CorpusError, match="not well-formed"):
        next(posts)


def test_large_export_streams_in_bounded_memory(tmp_path: Path) -> None:
    paragraph = "<p>" + "Lorem ipsum dolor sit amet, consectetur adipiscing elit. " * 16 + "</p>"
    items = "".join(item(i, content=paragraph) for i in range(5000))
    path = write(tmp_path, wxr(items), "large.xml")
    size = path.stat().st_size
    assert size > 4_000_000
    tracemalloc.start()
    try:
        count = sum(1 for _ in read_wxr(path))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert count == 5000
    assert peak < size / 8, f"peak {peak} bytes while streaming a {size}-byte file"
