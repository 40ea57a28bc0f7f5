"""HTML (post bodies, WordPress content, full pages) -> :class:`Document` with offsets.

Built on :class:`html.parser.HTMLParser` with ``convert_charrefs=False``, so text and
entity references arrive separately and :meth:`~html.parser.HTMLParser.getpos` gives
each one's position. Text outside any block element (WordPress separates paragraphs with
blank lines, not ``<p>``) becomes paragraphs split on blank lines.
"""

from __future__ import annotations

import html
import logging
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

from indexer.document import BlockKind, Document, Link, Segment
from indexer.readers.front_matter import safe_front_matter, split_front_matter
from indexer.readers.html_tags import (
    BLOCK_ELEMENTS,
    HEADINGS,
    SKIPPED_ELEMENTS,
    VOID_ELEMENTS,
    OpenElements,
)
from indexer.readers.spans import (
    BlockBuilder,
    in_order,
    line_starts,
    mask,
    prose_segments,
    verified,
)
from indexer.readers.templates import (
    HTML_MATH,
    WORDPRESS_CODE,
    WORDPRESS_LATEX,
    find_template_markup,
)

log = logging.getLogger(__name__)

_CODE_TAGS = frozenset({"code", "kbd", "samp", "var", "tt"})
_LIST_ITEMS = frozenset({"li", "dt", "dd"})
_NOT_BARE = frozenset({"p", "blockquote", "pre", "table", "caption", "figcaption", "summary"})
_BLANK_LINE = re.compile(r"(?:\r\n|\r|\n)[ \t]*(?:\r\n|\r|\n)\s*")
# Characters "&#" that the stdlib parser would mistake for the start of a broken
# character reference, after which it treats the rest of the document as text.
_BAD_CHARREF = re.compile(r"&#(?![0-9]+[^0-9a-fA-F]|[xX][0-9a-fA-F]+[^0-9a-fA-F])")
# WordPress shortcodes are markup, not prose (their content, like a caption, is kept).
# Their attributes hold no square brackets, so a "[caption" left open ends at the next.
_SHORTCODE = re.compile(
    r"\[/?(?:caption|wp_caption|gallery|embed|audio|video|playlist|contact-form(?:-7)?"
    r"|gravityforms?|vc_\w+|et_pb_\w+|fusion_\w+|su_\w+)\b[^\[\]\n]*\]"
)


def parse_html(source: str) -> Document:
    """Parse an HTML post body or draft.

    Front matter at the very top is skipped and returned in ``front_matter``; comments
    (including Gutenberg block comments), ``<script>`` and ``<style>`` are ignored. Never
    raises on any input.

    Args:
        source: the HTML text, front matter included.

    Returns:
        The document: prose blocks with segments, and the links already present.
    """
    fm = split_front_matter(source)
    templates = find_template_markup(source, fm.end, (*WORDPRESS_CODE, WORDPRESS_LATEX, *HTML_MATH))
    masked = [(0, fm.end), *templates.masked]
    text = mask(source, masked)
    reader = _Reader(text, 0, len(text))
    reader.run()
    return Document(
        source=source,
        format="html",
        blocks=verified(in_order([*reader.out.blocks, *templates.code_blocks]), source, masked),
        links=tuple(reader.links),
        front_matter=safe_front_matter(fm),
    )


def html_links(source: str, start: int, end: int) -> list[Link]:
    """The ``<a href>`` links in ``source[start:end]``, with offsets into ``source``."""
    reader = _Reader(source, start, end)
    reader.run()
    return reader.links


# The stdlib parser's own pattern for how far a start tag reaches (Python 3.11).
_START_TAG_EXTENT = getattr(html.parser, "locatestarttagend_tolerant", None)


def _runs_to_end(rawdata: str, i: int) -> bool:
    """Whether the start tag at ``i`` is unfinished because the input ends inside it,
    not because of bogus text before a letter (which the stdlib parser reports alike)."""
    m = _START_TAG_EXTENT.match(rawdata, i) if _START_TAG_EXTENT else None
    return m is None or m.end() == len(rawdata)


@dataclass
class _OpenLink:
    href: str
    rel: str
    in_heading: bool
    at: int
    parts: list[tuple[str, int, int]] = field(default_factory=list)
    alt: list[str] = field(default_factory=list)


class _Reader(HTMLParser):
    """Turns parser events into blocks and links for ``text[start:end]``.

    Offsets are into ``text``, which is the source with template markup blanked out.
    """

    def __init__(self, text: str, start: int, end: int) -> None:
        super().__init__(convert_charrefs=False)
        self.source = text
        self.base = start
        fragment = text[start:end]
        self.fragment = _BAD_CHARREF.sub(lambda m: "\0#", fragment)
        self.starts = line_starts(fragment, lf_only=True)
        self.out = BlockBuilder()
        self.links: list[Link] = []
        self.stack = OpenElements()
        self._context_cache: tuple[BlockKind, int, bool] | None = None
        self.link: _OpenLink | None = None
        self._ended = False

    def run(self) -> None:
        try:
            self.feed(self.fragment)
            self.close()
        except AssertionError:  # the stdlib parser's "cannot happen" checks
            log.warning("HTML parser stopped early at line %d", self.getpos()[0])
        self._close_link()
        self.out.close()

    def _offset(self) -> int:
        line, col = self.getpos()
        return self.base + self.starts[min(line, len(self.starts)) - 1] + col

    def parse_marked_section(self, i: int, report: int = 1) -> int:
        """Treat ``<![…]>`` (CDATA, MS Office conditionals) as a skipped declaration."""
        end = self.rawdata.find(">", i + 3)
        return -1 if end < 0 else end + 1

    # -- what is left unfinished at the end --------------------------------------------
    # Once the input has all been fed, the stdlib parser (before the fix of CPython's
    # gh-135462, June 2025, which Python 3.11.7 predates) retries an unfinished tag,
    # comment or declaration from each later "<", reading to the end every time: 200,000
    # characters of "<a " took minutes. As HTML5 says (and the fixed parser does), what
    # is unfinished at the end runs to the end.

    def close(self) -> None:
        self._ended = True
        super().close()

    def parse_starttag(self, i: int) -> int:
        k = super().parse_starttag(i)
        if k < 0 and self._ended and _runs_to_end(self.rawdata, i):
            return len(self.rawdata)
        return k

    def parse_endtag(self, i: int) -> int:
        return self._to_end(super().parse_endtag(i))

    def parse_comment(self, i: int, report: bool = True) -> int:
        return self._to_end(super().parse_comment(i, report))

    def parse_html_declaration(self, i: int) -> int:
        return self._to_end(super().parse_html_declaration(i))

    def parse_pi(self, i: int) -> int:
        return self._to_end(super().parse_pi(i))

    def _to_end(self, k: int) -> int:
        """``k``, or the end of the input for a construct the input ends inside."""
        return len(self.rawdata) if k < 0 and self._ended else k

    # -- tags ----------------------------------------------------------------------

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._context_cache = None
        if tag in BLOCK_ELEMENTS:
            self._implicit_close(tag)
            self.out.close()
        if tag == "a":
            self.stack.close("a")  # an <a> inside an <a> closes the first
            self._close_link()
            values = dict(attrs)
            if values.get("href") is not None:
                heading = self.stack.any_open(HEADINGS)
                end = self._offset() + len(self.get_starttag_text() or "")
                self.link = _OpenLink(values["href"] or "", values.get("rel") or "", heading, end)
        elif tag == "img" and self.link is not None:
            self.link.alt.append(dict(attrs).get("alt") or "")
        elif tag in ("br", "td", "th", "tr"):
            self._separator()
        if tag not in VOID_ELEMENTS:
            self.stack.push(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in VOID_ELEMENTS:
            self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        self._context_cache = None
        self.stack.close(tag)
        if tag == "a":
            self._close_link()
        if tag in BLOCK_ELEMENTS:
            self.out.close()

    def _implicit_close(self, tag: str) -> None:
        """Close an open ``<p>`` (or list item) as browsers do when a block starts."""
        names = ("p", "li", "dt", "dd") if tag in _LIST_ITEMS else ("p",)
        index = self.stack.innermost(names, stop=BLOCK_ELEMENTS, limit=64)
        if index is not None:
            self.stack.truncate(index)

    # -- text ----------------------------------------------------------------------

    def handle_data(self, data: str) -> None:
        if self.stack.any_open(SKIPPED_ELEMENTS):
            return
        start = self._offset()
        data = self.source[start : start + len(data)]  # undo the &# patch
        kind, level, bare = self._context()
        if kind == "code":
            self._add(Segment(data, start, start + len(data), False), kind, level)
            return
        linkable = self.link is None and not self.stack.any_open(_CODE_TAGS)
        pos = 0
        for m in _BLANK_LINE.finditer(data) if bare else ():
            self._prose(data[pos : m.start()], start + pos, linkable, kind, level)
            self.out.close()
            pos = m.end()
        self._prose(data[pos:], start + pos, linkable, kind, level)

    def _prose(self, text: str, start: int, linkable: bool, kind: BlockKind, level: int) -> None:
        pos = 0
        for m in _SHORTCODE.finditer(text):
            for seg in prose_segments(text[pos : m.start()], start + pos, linkable=linkable):
                self._add(seg, kind, level)
            pos = m.end()
        for seg in prose_segments(text[pos:], start + pos, linkable=linkable):
            self._add(seg, kind, level)

    def handle_entityref(self, name: str) -> None:
        self._reference("&" + name)

    def handle_charref(self, name: str) -> None:
        self._reference("&#" + name)

    def _reference(self, raw: str) -> None:
        if self.stack.any_open(SKIPPED_ELEMENTS):
            return
        start = self._offset()
        end = start + len(raw)
        if self.source.startswith(";", end):
            end += 1
        decoded = html.unescape(self.source[start:end])
        if decoded == self.source[start:end]:  # not a known entity: plain text
            self.handle_data(decoded)
            return
        kind, level, _ = self._context()
        self._add(Segment(decoded, start, end, False), kind, level)

    def _add(self, seg: Segment, kind: BlockKind, level: int) -> None:
        if self.link is not None and kind != "code":
            self.link.parts.append((seg.text, seg.start, seg.end))
        self.out.add(seg, kind, level)

    def _separator(self) -> None:
        if self.out.segments:
            at = self._offset()
            self.out.add(Segment(" ", at, at, False), self.out.kind, self.out.level)

    def _context(self) -> tuple[BlockKind, int, bool]:
        """The kind of block text goes into now, its level, and whether it is bare."""
        if self._context_cache is None:
            self._context_cache = self._find_context()
        return self._context_cache

    def _find_context(self) -> tuple[BlockKind, int, bool]:
        stack = self.stack
        if stack.any_open(("pre",)):
            return "code", 0, False
        if stack.any_open(("table",)):
            return "table", 0, False
        heading = stack.innermost(HEADINGS)
        if heading is not None:
            return "heading", HEADINGS[stack.name(heading)], False
        if stack.any_open(("blockquote",)):
            return "quote", 0, False
        if stack.any_open(_LIST_ITEMS):
            return "list_item", 0, False
        return "paragraph", 0, not stack.any_open(_NOT_BARE)

    def _close_link(self) -> None:
        link, self.link = self.link, None
        if link is None:
            return
        text = " ".join("".join(p[0] for p in link.parts).split())
        if not text:
            text = " ".join(a for a in link.alt if a)
        parts = [p for p in link.parts if p[0].strip()]
        start = parts[0][1] if parts else link.at
        end = parts[-1][2] if parts else link.at
        self.links.append(Link(text, link.href, start, end, "html", link.rel, link.in_heading))
