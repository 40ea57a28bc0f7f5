"""The Markdown reader: blocks, segments and links with offsets into the source."""

from __future__ import annotations

from indexer.readers.markdown import parse_markdown
from tests.unit.readers_checks import assert_offsets, linkable_text


def test_paragraph_is_one_linkable_segment_with_source_offsets() -> None:
    src = "Intro line.\n\nSecond paragraph here.\n"
    doc = parse_markdown(src)
    assert_offsets(doc)
    assert [b.kind for b in doc.blocks] == ["paragraph", "paragraph"]
    seg = doc.blocks[1].segments[0]
    assert (seg.text, seg.start, seg.linkable) == ("Second paragraph here.", 13, True)
    assert doc.format == "markdown"
    assert doc.links == ()


def test_yaml_front_matter_is_returned_and_skipped_with_offsets_into_full_source() -> None:
    src = "---\ntitle: Hello\ntags: [a, b]\n---\n\nBody text.\n"
    doc = parse_markdown(src)
    assert doc.front_matter == {"title": "Hello", "tags": ["a", "b"]}
    assert [b.text for b in doc.blocks] == ["Body text."]
    assert doc.blocks[0].segments[0].start == src.index("Body")
    assert_offsets(doc)


def test_toml_front_matter() -> None:
    src = '+++\ntitle = "Hi"\ndraft = true\n+++\nText.\n'
    doc = parse_markdown(src)
    assert doc.front_matter == {"title": "Hi", "draft": True}
    assert [b.text for b in doc.blocks] == ["Text."]


def test_invalid_front_matter_is_skipped_but_not_returned() -> None:
    src = "---\ntitle: [unclosed\n---\nText.\n"
    doc = parse_markdown(src)
    assert doc.front_matter == {}
    assert [b.text for b in doc.blocks] == ["Text."]


def test_front_matter_only_and_empty_input() -> None:
    assert parse_markdown("---\ntitle: x\n---\n").blocks == ()
    empty = parse_markdown("")
    assert (empty.blocks, empty.links, empty.front_matter) == ((), (), {})


def test_thematic_break_later_in_file_is_not_front_matter() -> None:
    doc = parse_markdown("Text.\n\n---\n\nMore.\n")
    assert [b.text for b in doc.blocks] == ["Text.", "More."]


def test_headings_code_tables_quotes_are_not_anchor_territory() -> None:
    src = (
        "# Title\n\nSetext\n------\n\n> A quote.\n\n```py\nx = 1\n```\n\n"
        "    indented code\n\n| a | b |\n|---|---|\n| c | d |\n\nProse.\n"
    )
    doc = parse_markdown(src)
    assert_offsets(doc)
    kinds = [(b.kind, b.level) for b in doc.blocks]
    assert kinds == [
        ("heading", 1),
        ("heading", 2),
        ("quote", 0),
        ("code", 0),
        ("code", 0),
        ("table", 0),
        ("paragraph", 0),
    ]
    assert [b.anchor_territory for b in doc.blocks] == [False] * 6 + [True]
    assert doc.blocks[3].text == "x = 1\n"
    assert not any(s.linkable for b in doc.blocks if b.kind == "code" for s in b.segments)
    assert "c" in doc.blocks[5].text and "d" in doc.blocks[5].text


def test_list_items_and_nested_lists() -> None:
    src = "- one\n- two has\n  two lines\n  - nested\n\n1. first\n\n   second para\n"
    doc = parse_markdown(src)
    assert_offsets(doc)
    assert [(b.kind, b.text) for b in doc.blocks] == [
        ("list_item", "one"),
        ("list_item", "two has two lines"),
        ("list_item", "nested"),
        ("list_item", "first"),
        ("list_item", "second para"),
    ]
    assert all(b.anchor_territory for b in doc.blocks)


def test_inline_link_text_is_not_linkable_and_link_offsets_are_the_anchor_text() -> None:
    src = 'See [the guide](/guide/ "Guide") for more.\n'
    doc = parse_markdown(src)
    assert_offsets(doc)
    (link,) = doc.links
    assert (link.text, link.href, link.kind, link.in_heading) == (
        "the guide",
        "/guide/",
        "inline",
        False,
    )
    assert src[link.start : link.end] == "the guide"
    assert linkable_text(doc) == ["See ", " for more."]
    assert [s.text for s in doc.blocks[0].segments if not s.linkable] == ["the guide"]


def test_reference_links_in_all_forms_resolve_and_definitions_do_not_leak() -> None:
    src = (
        "Full [one][r1], collapsed [r2][], shortcut [r3] and [Case][R1].\n\n"
        '[r1]: /one/ "One"\n[r2]: <https://two.example/x>\n[r3]:\n  /three/\n'
    )
    doc = parse_markdown(src)
    assert_offsets(doc)
    assert [b.text for b in doc.blocks] == ["Full one, collapsed r2, shortcut r3 and Case."]
    got = [(link.text, link.href, link.kind) for link in doc.links]
    assert got == [
        ("one", "/one/", "reference"),
        ("r2", "https://two.example/x", "reference"),
        ("r3", "/three/", "reference"),
        ("Case", "/one/", "reference"),
    ]
    for link in doc.links:
        assert src[link.start : link.end] == link.text


def test_undefined_reference_is_plain_text() -> None:
    doc = parse_markdown("A [missing] ref.\n")
    assert doc.links == ()
    assert doc.blocks[0].text == "A [missing] ref."
    assert_offsets(doc)


def test_autolinks_and_inline_html_links() -> None:
    src = 'Visit <https://example.com/a> or <a href="/b/" rel="nofollow">the B page</a> now.\n'
    doc = parse_markdown(src)
    assert_offsets(doc)
    auto, html = doc.links
    assert (auto.kind, auto.href, auto.text) == (
        "autolink",
        "https://example.com/a",
        "https://example.com/a",
    )
    assert src[auto.start : auto.end] == "https://example.com/a"
    assert (html.kind, html.href, html.rel, html.text) == ("html", "/b/", "nofollow", "the B page")
    assert src[html.start : html.end] == "the B page"
    assert linkable_text(doc) == ["Visit ", " or ", " now."]


def test_links_in_headings_are_flagged() -> None:
    doc = parse_markdown("## About [linking](/linking/)\n\nText [x](/x/).\n")
    heading, para = doc.links
    assert heading.in_heading and not para.in_heading
    assert doc.blocks[0].kind == "heading"


def test_links_in_tables_and_quotes_are_recorded() -> None:
    doc = parse_markdown("| [a](/a/) | b |\n|---|---|\n\n> quoted [c](/c/)\n")
    assert [link.href for link in doc.links] == ["/a/", "/c/"]


def test_emphasis_splits_segments_and_keeps_offsets() -> None:
    src = "Some *emphasised* and **strong _nested_** words.\n"
    doc = parse_markdown(src)
    assert_offsets(doc)
    assert doc.blocks[0].text == "Some emphasised and strong nested words."
    assert linkable_text(doc) == ["Some ", "emphasised", " and ", "strong ", "nested", " words."]


def test_escapes_and_entities_become_non_linkable_decoded_segments() -> None:
    src = "Price \\*not\\* 5 &amp; &#x41;&copy; done.\n"
    doc = parse_markdown(src)
    assert_offsets(doc)
    assert doc.blocks[0].text == "Price *not* 5 & A© done."
    special = [(s.text, src[s.start : s.end]) for s in doc.blocks[0].segments if not s.linkable]
    assert special == [("*", "\\*"), ("*", "\\*"), ("&", "&amp;"), ("A", "&#x41;"), ("©", "&copy;")]


def test_inline_code_is_not_linkable() -> None:
    src = "Run `make test` then ``a ` b`` now.\n"
    doc = parse_markdown(src)
    assert_offsets(doc)
    segs = doc.blocks[0].segments
    assert [(s.text, s.linkable) for s in segs] == [
        ("Run ", True),
        ("make test", False),
        (" then ", True),
        ("a ` b", False),
        (" now.", True),
    ]


def test_math_between_double_dollars_is_not_linkable() -> None:
    src = (
        "The hash $$h(x) = x \\bmod m$$ spreads keys, at $5 or $10 a month.\n\n"
        "$$\nO(n \\log n) \\text{ comparisons in merge sort}\n$$\n\n"
        "    echo $$ prints the shell's PID, as does $$ here\n\n"
        "Prose after `$$x$$` in code.\n"
    )
    doc = parse_markdown(src)
    assert_offsets(doc)
    assert linkable_text(doc) == [
        "The hash ",
        " spreads keys, at $5 or $10 a month.",
        "Prose after ",
        " in code.",
    ]
    # The inline formula stays in its sentence as text; the display block is not prose.
    first = doc.blocks[0].segments[1]
    assert (first.text, src[first.start : first.end]) == (
        "h(x) = x \\bmod m",
        "$$h(x) = x \\bmod m$$",
    )
    assert [b.kind for b in doc.blocks] == ["paragraph", "code", "paragraph"]


def test_images_are_skipped_and_link_destinations_are_stepped_over() -> None:
    src = (
        '![later](later.png) A [b](http://x.example/later "later") later ![x][img] end\n'
        "\n[img]: /i.png\n"
    )
    doc = parse_markdown(src)
    assert_offsets(doc)
    segs = [s for s in doc.blocks[0].segments if s.linkable]
    later = [s for s in segs if "later" in s.text]
    assert len(later) == 1 and later[0].start == src.index(" later ")
    assert doc.blocks[0].text.strip() == "A b later  end"


def test_image_inside_link_gives_the_link_its_alt_text() -> None:
    doc = parse_markdown("[![A diagram](d.png)](/diagram/)\n")
    (link,) = doc.links
    assert (link.text, link.href) == ("A diagram", "/diagram/")


def test_soft_and_hard_breaks_read_as_spaces() -> None:
    src = "first line\nsecond line  \nthird\\\nfourth\n"
    doc = parse_markdown(src)
    assert_offsets(doc)
    assert doc.blocks[0].text == "first line second line third fourth"


def test_crlf_line_endings_keep_offsets() -> None:
    src = (
        "---\r\ntitle: CRLF\r\n---\r\n# Head\r\n\r\n"
        "Line one\r\nline [two](/two/).\r\n\r\n- item\r\n"
    )
    doc = parse_markdown(src)
    assert_offsets(doc)
    assert doc.front_matter == {"title": "CRLF"}
    assert [b.text for b in doc.blocks] == ["Head", "Line one line two.", "item"]
    (link,) = doc.links
    assert src[link.start : link.end] == "two"


def test_html_block_is_kept_as_html_and_its_links_recorded() -> None:
    src = '<div class="note">\n<a href="/x/">X marks</a>\n</div>\n\nAfter.\n'
    doc = parse_markdown(src)
    assert [b.kind for b in doc.blocks] == ["html", "paragraph"]
    (link,) = doc.links
    assert (link.href, link.kind, link.text) == ("/x/", "html", "X marks")
    assert src[link.start : link.end] == "X marks"


def test_liquid_highlight_is_code_not_prose() -> None:
    src = "Before.\n\n{% highlight c %}\n#include <stdio.h>\nint x;\n{% endhighlight %}\n\nAfter.\n"
    doc = parse_markdown(src)
    assert_offsets(doc)
    assert [b.kind for b in doc.blocks] == ["paragraph", "code", "paragraph"]
    assert "#include" in doc.blocks[1].text


def test_link_text_with_brackets_and_parens_in_destination() -> None:
    src = "A [list [x] item](/wiki/Foo_(bar)) and (after).\n"
    doc = parse_markdown(src)
    assert_offsets(doc)
    (link,) = doc.links
    assert (link.text, link.href) == ("list [x] item", "/wiki/Foo_(bar)")
    assert linkable_text(doc)[-1] == " and (after)."
    assert src[link.start : link.end] == "list [x] item"


def test_fallback_text_of_inline_media_is_not_linkable() -> None:
    src = (
        "Here is the demo:\n\n"
        '  <video src="/vid/demo.ogv" controls\n'
        '         poster="/vid/demo.png">\n'
        '    Your browser cannot play it. <a href="/vid/demo.ogv">Download</a> it.\n'
        "  </video>\n\n"
        "After the video.\n"
    )
    doc = parse_markdown(src)
    assert_offsets(doc)
    assert linkable_text(doc) == ["Here is the demo:", "After the video."]
    assert [link.href for link in doc.links] == ["/vid/demo.ogv"]


def test_wordpress_shortcodes_mean_nothing_in_markdown() -> None:
    src = "The [code page][cp] setting, and [/code] is just text.\n\n[cp]: /blog/code-pages/\n"
    doc = parse_markdown(src)
    assert [link.href for link in doc.links] == ["/blog/code-pages/"]
    assert linkable_text(doc) == ["The ", " setting, and [/code] is just text."]


def test_prose_beside_an_inline_template_tag_stays_linkable() -> None:
    src = 'Read {{< ref "audit" >}} before the internal linking audit.\n'
    doc = parse_markdown(src)
    assert_offsets(doc)
    assert linkable_text(doc) == ["Read ", " before the internal linking audit."]


def test_kramdown_comments_and_raw_regions_are_not_prose() -> None:
    src = (
        "Before the note.\n\n"
        "{::comment}\nTODO: link the internal linking audit here.\n\nAnd here.\n{:/comment}\n\n"
        "Raw {::nomarkdown}<b>bold internal links</b>{:/} text.\n"
    )
    doc = parse_markdown(src)
    assert_offsets(doc)
    assert linkable_text(doc) == ["Before the note.", "Raw ", " text."]


def test_template_regions_after_thousands_left_open() -> None:
    # Openers that never close (each once looked for its end to the end of the input)
    # do not hide a region closed after them, nor the prose around it.
    src = (
        "{% raw " * 5_000
        + "\n\nBefore.\n\n{% highlight c %}\nint x;\n{% endhighlight %}\n\n"
        + "{::comment} " * 5_000
        + "\n\nAfter {{< ref x >}} it.\n"
    )
    doc = parse_markdown(src)
    assert_offsets(doc)
    assert [b.text for b in doc.blocks if b.kind == "code"] == ["\nint x;\n"]
    prose = linkable_text(doc)
    assert "Before." in prose
    assert prose[-2:] == ["After ", " it."]
