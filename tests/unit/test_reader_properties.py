"""Property tests: the readers never raise and never produce a wrong linkable offset."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from indexer.readers import parse_document
from indexer.readers.html import parse_html
from indexer.readers.markdown import parse_markdown
from indexer.readers.text import parse_text
from tests.unit.readers_checks import assert_offsets

# Pieces of syntax that make the parsers work hard, mixed with ordinary text.
_MARKUP = [
    "*", "_", "**", "`", "``", "[", "]", "(", ")", "<", ">", "!", "#", "\\", "&", ";", "|",
    "-", "+", ":", "/", '"', "'", "=", " ", "  ", "\n", "\r\n", "\r", "\t", "\n\n", "    ",
    "&amp;", "&#65;", "&#", "&nbsp", "[x]: /y\n", "](/u)", "](", "<a href='/a'>", "</a>",
    "<p>", "</p>", "<li>", "<pre>", "<code>", "</code>", "<!--", "-->", "<![if x]>", "<h2>",
    "<script>", "</script>", "---\n", "+++\n", "{% highlight c %}", "{% endhighlight %}",
    "```", "> ", "1. ", "- ", "https://e.com", "word", "two words", "é", "\u00a0", "\x00",
    "{{< ref x >}}", "{{ site.url }}", "[code]", "[/code]", '[sourcecode lang="c"]',
    "[/sourcecode]", "[latex]", "[/latex]", "$$", "$", "<video>", "</video>", "<object>",
]  # fmt: skip
_PIECES = st.one_of(st.sampled_from(_MARKUP), st.text(max_size=5))
_DOCS = st.lists(_PIECES, max_size=40).map("".join)
_SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@_SETTINGS
@given(_DOCS)
def test_markdown_never_raises_and_keeps_offsets(source: str) -> None:
    assert_offsets(parse_markdown(source))


@_SETTINGS
@given(_DOCS)
def test_html_never_raises_and_keeps_offsets(source: str) -> None:
    assert_offsets(parse_html(source))


@_SETTINGS
@given(st.text())
def test_arbitrary_text_in_every_format(source: str) -> None:
    for fmt in ("markdown", "html", "text"):
        assert_offsets(parse_document(source, fmt))


@_SETTINGS
@given(_DOCS)
def test_plain_text_is_all_prose(source: str) -> None:
    doc = parse_text(source)
    assert_offsets(doc)
    assert all(s.linkable for b in doc.blocks for s in b.segments if s.text != " ")
