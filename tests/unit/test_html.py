"""The HTML reader: blocks, segments and links with offsets into the source."""

from __future__ import annotations

from indexer.readers.html import parse_html
from tests.unit.readers_checks import assert_offsets, linkable_text


def test_paragraphs_and_links() -> None:
    src = '<p>Read <a href="/guide/" rel="nofollow sponsored">the guide</a> today.</p>\n'
    doc = parse_html(src)
    assert_offsets(doc)
    assert doc.format == "html"
    assert [(b.kind, b.text) for b in doc.blocks] == [("paragraph", "Read the guide today.")]
    (link,) = doc.links
    assert (link.text, link.href, link.kind, link.rel) == (
        "the guide",
        "/guide/",
        "html",
        "nofollow sponsored",
    )
    assert src[link.start : link.end] == "the guide"
    assert linkable_text(doc) == ["Read ", " today."]


def test_block_kinds() -> None:
    src = (
        "<h2>Section <a href='/s/'>link</a></h2><p>Para</p><ul><li>one</li><li>two"
        "<ul><li>nested</li></ul></li></ul><blockquote><p>Quoted</p></blockquote>"
        "<pre><code>x = 1</code></pre><table><tr><td>a</td><td>b</td></tr></table>"
        "<div>div text</div>"
    )
    doc = parse_html(src)
    assert_offsets(doc)
    assert [(b.kind, b.level, b.text) for b in doc.blocks] == [
        ("heading", 2, "Section link"),
        ("paragraph", 0, "Para"),
        ("list_item", 0, "one"),
        ("list_item", 0, "two"),
        ("list_item", 0, "nested"),
        ("quote", 0, "Quoted"),
        ("code", 0, "x = 1"),
        ("table", 0, "a b"),
        ("paragraph", 0, "div text"),
    ]
    assert doc.links[0].in_heading
    assert not any(s.linkable for b in doc.blocks if b.kind == "code" for s in b.segments)


def test_entities_are_decoded_non_linkable_segments() -> None:
    src = "<p>Fish &amp; chips &#8212; &#x41;&nbsp;ok &unknown; here</p>"
    doc = parse_html(src)
    assert_offsets(doc)
    assert doc.blocks[0].text == "Fish & chips — A\xa0ok &unknown; here"
    special = [(s.text, src[s.start : s.end]) for s in doc.blocks[0].segments if not s.linkable]
    assert special == [("&", "&amp;"), ("—", "&#8212;"), ("A", "&#x41;"), ("\xa0", "&nbsp;")]


def test_script_style_and_comments_are_ignored() -> None:
    src = (
        "<!-- wp:paragraph -->\n<p>Kept</p>\n<!-- /wp:paragraph -->\n"
        "<script>var s = '<p>not prose</p>';</script><style>p { color: red }</style>"
    )
    doc = parse_html(src)
    assert [b.text for b in doc.blocks] == ["Kept"]


def test_text_that_is_not_shown_as_markup_or_is_a_control_holds_no_anchor() -> None:
    src = (
        "<title>Page title words</title><p>Kept words.</p>"
        "<textarea>Internal links help orphan pages.</textarea>"
        "<iframe>fallback text</iframe><button>Click the button text</button>"
        "<select><option>First choice<option>Second choice</select><p>Also kept.</p>"
    )
    doc = parse_html(src)
    assert_offsets(doc)
    assert linkable_text(doc) == ["Kept words.", "Also kept."]


def test_fallback_text_of_media_and_embeds_holds_no_anchor() -> None:
    src = (
        '<p>Watch the demo.</p><video src="/vid/demo.ogv" controls>Your browser does not '
        'support the video tag: <a href="/vid/demo.ogv">download the video</a>.</video>'
        "<audio controls>Audio fallback words</audio><canvas>Canvas fallback</canvas>"
        '<object data="chart.svg">An internal linking chart</object><p>After them.</p>'
    )
    doc = parse_html(src)
    assert_offsets(doc)
    assert linkable_text(doc) == ["Watch the demo.", "After them."]


def test_wordpress_code_and_latex_shortcodes_are_code() -> None:
    src = (
        "<p>Before the code.</p>\n"
        '[sourcecode language="python"]\ndef links():\n    return "internal links"\n'
        "[/sourcecode]\n<p>Inline [code]make test[/code] and [latex]e^{i\\pi}[/latex] here.</p>"
        "<p>A [code page] is not a shortcode.</p><p>So $latex e^{i\\pi} = -1$ holds, at $5.</p>"
    )
    doc = parse_html(src)
    assert_offsets(doc)
    assert linkable_text(doc) == [
        "Before the code.",
        "Inline ",
        " and ",
        " here.",
        "A [code page] is not a shortcode.",
        "So ",
        " holds, at $5.",
    ]
    code = [b.text for b in doc.blocks if b.kind == "code"]
    assert code == [
        '\ndef links():\n    return "internal links"\n',
        "make test",
        "e^{i\\pi}",
        "e^{i\\pi} = -1",
    ]


def test_bare_text_splits_into_paragraphs_on_blank_lines() -> None:
    src = (
        "First paragraph with <em>emphasis</em>\nand a second line.\n\n"
        'Second paragraph with a <a href="https://ex.example/">link</a>.\n\n\n'
        "<!-- more -->\n\nThird.\n"
    )
    doc = parse_html(src)
    assert_offsets(doc)
    assert [(b.kind, b.text) for b in doc.blocks] == [
        ("paragraph", "First paragraph with emphasis and a second line."),
        ("paragraph", "Second paragraph with a link."),
        ("paragraph", "Third."),
    ]
    assert doc.links[0].href == "https://ex.example/"


def test_blank_lines_inside_p_do_not_split_it() -> None:
    doc = parse_html("<p>one\n\ntwo</p>")
    assert [b.text for b in doc.blocks] == ["one two"]


def test_unclosed_p_and_li_close_implicitly() -> None:
    doc = parse_html("<p>one<p>two<ul><li>a<li>b</ul>")
    assert [(b.kind, b.text) for b in doc.blocks] == [
        ("paragraph", "one"),
        ("paragraph", "two"),
        ("list_item", "a"),
        ("list_item", "b"),
    ]


def test_inline_code_and_anchor_without_href() -> None:
    src = '<p><a name="top">Top</a> run <code>make</code> now</p>'
    doc = parse_html(src)
    assert_offsets(doc)
    assert doc.links == ()
    assert [(s.text, s.linkable) for s in doc.blocks[0].segments] == [
        ("Top", True),
        (" run ", True),
        ("make", False),
        (" now", True),
    ]


def test_link_text_spanning_lines_and_image_links() -> None:
    src = (
        '<p>A <a href="/x/">\nlong\nname</a> and '
        '<a href="/img/"><img src="i.png" alt="Chart"></a></p>'
    )
    doc = parse_html(src)
    text_link, img_link = doc.links
    assert (text_link.text, src[text_link.start : text_link.end]) == ("long name", "long\nname")
    assert (img_link.text, img_link.href) == ("Chart", "/img/")


def test_front_matter_and_liquid_highlight() -> None:
    src = (
        "---\ntitle: T\n---\n<p>Intro</p>\n\n"
        "{% highlight c %}\n#include <stdio.h>\n{% endhighlight %}\n\nAfter.\n"
    )
    doc = parse_html(src)
    assert_offsets(doc)
    assert doc.front_matter == {"title": "T"}
    assert [b.kind for b in doc.blocks] == ["paragraph", "code", "paragraph"]
    assert "stdio" in doc.blocks[1].text


def test_wordpress_shortcodes_are_markup() -> None:
    src = '[caption id="a" align="alignleft"]<img src="x.png"> A caption[/caption]\n\nText.'
    doc = parse_html(src)
    assert_offsets(doc)
    assert [b.text for b in doc.blocks] == ["A caption", "Text."]


def test_crlf_and_empty_input() -> None:
    src = "<p>one\r\ntwo <a href='/t/'>three</a></p>\r\n\r\nbare\r\n"
    doc = parse_html(src)
    assert_offsets(doc)
    assert [b.text for b in doc.blocks] == ["one two three", "bare"]
    assert src[doc.links[0].start : doc.links[0].end] == "three"
    assert parse_html("").blocks == ()
    assert parse_html("---\ntitle: only\n---\n").blocks == ()


def test_broken_markup_does_not_swallow_the_rest() -> None:
    src = "<p>a &# b; <![if gte mso 9]>x<![endif]> c</p><p>next <a href='/n/'>n</a></p>"
    doc = parse_html(src)
    assert_offsets(doc)
    assert doc.blocks[-1].text == "next n"
    assert [link.href for link in doc.links] == ["/n/"]


def test_markup_the_input_ends_inside_runs_to_the_end() -> None:
    # As HTML5 (and a browser) reads it: what is left open at the end hides the rest.
    for rest in ("<!-- never closed <p>Hidden.</p>", "<a <b <i never", "</p", "<!doctype", "<?x"):
        doc = parse_html("<p>One.</p>" + rest)
        assert_offsets(doc)
        assert linkable_text(doc) == ["One."]


def test_unclosed_markup_repeated_to_the_draft_limit() -> None:
    # 200,000 characters of markup that never closes (bench/hostile.py times them): each
    # reads as one unfinished construct, and the prose before it is kept.
    for piece in ("<a ", "<a x='>'", "<!--x>", "<https://", "{%", "[code]", "[caption "):
        source = "<p>Kept prose.</p>\n" + piece * (200_000 // len(piece))
        doc = parse_html(source)
        assert_offsets(doc)
        assert linkable_text(doc)[0] == "Kept prose."
        assert not doc.links


def test_mathjax_formulas_are_code() -> None:
    src = (
        "<p>Euler: $$e^{i\\pi} + 1 = 0$$ and \\(x^2\\) inline.</p>\\[ y = 1 \\]"
        "<p>Not $$ a <b>formula</b> $$ here, at $5.</p>"
    )
    doc = parse_html(src)
    assert_offsets(doc)
    assert linkable_text(doc) == [
        "Euler: ",
        " and ",
        " inline.",
        "Not $$ a ",
        "formula",
        " $$ here, at $5.",
    ]
    assert [b.text for b in doc.blocks if b.kind == "code"] == [
        "e^{i\\pi} + 1 = 0",
        "x^2",
        " y = 1 ",
    ]
