"""Inline Markdown: markdown-it inline tokens -> segments and links with source offsets.

markdown-it gives line ranges for blocks but no offsets for inline tokens. The walker
finds each token's text verbatim in the block's stretch of source with a cursor that only
moves forward, and steps over markup it knows the shape of (link destinations, images,
code spans, inline HTML). A piece it cannot find verbatim becomes a non-linkable segment
at the cursor, so a linkable segment is always an exact slice of the source.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from markdown_it.token import Token

from indexer.document import Link, LinkKind, Segment
from indexer.readers.html_tags import SKIPPED_ELEMENTS, parse_start_tag

_NEWLINE = re.compile(r"\r\n|\r|\n")
#: Inline HTML whose text no link may go in: code, and what the HTML reader skips
#: (``<video>`` fallback text, an inline ``<svg>`` …), kept here as text of its sentence.
_UNLINKABLE_TAGS = frozenset({"code", "kbd", "samp", "var", "tt"}) | SKIPPED_ELEMENTS


@dataclass
class _OpenLink:
    href: str
    kind: LinkKind
    text_start: int
    first_segment: int
    rel: str = ""
    alt: list[str] = field(default_factory=list)


@dataclass
class InlineWalker:
    """Walks the inline tokens of one block over ``source[pos:limit]``.

    Attributes:
        source: the whole source text (front matter blanked out is fine).
        pos: the cursor: where the next piece is searched from.
        limit: the end of the block's stretch of source.
        in_heading: whether links found are in a heading.
        segments: segments found so far.
        links: links found so far.
    """

    source: str
    pos: int
    limit: int
    in_heading: bool = False
    segments: list[Segment] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    _open: list[_OpenLink] = field(default_factory=list)
    _unlinkable_depth: int = 0

    def walk(self, tokens: list[Token]) -> None:
        """Consume inline tokens (the children of an ``inline`` token)."""
        for tok in tokens:
            handler = getattr(self, "_on_" + tok.type, None)
            if handler is not None:
                handler(tok)
            elif tok.markup and tok.type.endswith(("_open", "_close")):
                self._skip(tok.markup)
        while self._open:
            self._close_link(self.pos, self.pos)

    # -- pieces of text ------------------------------------------------------------

    def _find(self, text: str) -> int:
        return self.source.find(text, self.pos, self.limit) if text else -1

    def _skip(self, markup: str) -> None:
        at = self._find(markup)
        if at >= 0:
            self.pos = at + len(markup)

    def _emit(self, text: str, start: int, end: int, linkable: bool) -> None:
        if text:
            self.segments.append(Segment(text, start, end, linkable))

    def _plain(self) -> bool:
        return not self._open and not self._unlinkable_depth

    def _on_text(self, tok: Token) -> None:
        at = self._find(tok.content)
        if at < 0:
            self._emit(tok.content, self.pos, self.pos, False)
            return
        end = at + len(tok.content)
        self._emit(tok.content, at, end, self._plain())
        self.pos = end

    def _on_text_special(self, tok: Token) -> None:  # backslash escape or entity
        at = self._find(tok.markup)
        start, end = (at, at + len(tok.markup)) if at >= 0 else (self.pos, self.pos)
        self._emit(tok.content, start, end, False)
        self.pos = end

    def _on_softbreak(self, tok: Token) -> None:
        m = _NEWLINE.search(self.source, self.pos, self.limit)
        start, end = m.span() if m else (self.pos, self.pos)
        self._emit(" ", start, end, False)
        self.pos = end

    def _on_hardbreak(self, tok: Token) -> None:
        """A line break the writer put in ("  " or "\\" before the newline): a zero-width
        separator, as the HTML reader gives ``<br>``, so that links on either side of it
        are not side by side."""
        m = _NEWLINE.search(self.source, self.pos, self.limit)
        end = m.end() if m else self.pos
        self._emit(" ", end, end, False)
        self.pos = end

    def _on_code_inline(self, tok: Token) -> None:
        self._delimited(tok, re.compile(rf"(?<!`){re.escape(tok.markup)}(?!`)"))

    def _on_math_inline(self, tok: Token) -> None:
        """``$$ … $$`` inside a paragraph: kept as text of the sentence, never linkable."""
        self._delimited(tok, re.compile(re.escape(tok.markup)))

    def _delimited(self, tok: Token, close: re.Pattern[str]) -> None:
        """Unlinkable content between ``tok.markup`` and the next match of ``close``."""
        at = self._find(tok.markup)
        if at < 0:
            self._emit(tok.content, self.pos, self.pos, False)
            return
        m = close.search(self.source, at + len(tok.markup), self.limit)
        end = m.end() if m else at + len(tok.markup)
        self._emit(tok.content, at, end, False)
        self.pos = end

    def _on_image(self, tok: Token) -> None:
        if self._open:
            self._open[-1].alt.append(tok.content)
        at = self._find("![")
        if at < 0:
            return
        close = matching_close(self.source, at + 1, self.limit)
        if close < 0:
            self.pos = at + 2
            return
        self.pos, _ = skip_link_tail(self.source, close, self.limit)

    # -- links ---------------------------------------------------------------------

    def _on_link_open(self, tok: Token) -> None:
        auto = tok.markup == "autolink"
        at = self._find("<" if auto else "[")
        start = at + 1 if at >= 0 else self.pos
        kind: LinkKind = "autolink" if auto else "inline"
        self._open.append(
            _OpenLink(str(tok.attrs.get("href", "")), kind, start, len(self.segments))
        )
        self.pos = start

    def _on_link_close(self, tok: Token) -> None:
        if not self._open or self._open[-1].kind == "html":
            return
        if self._open[-1].kind == "autolink":
            at = self._find(">")
            end = at if at >= 0 else self.pos
            self._close_link(end, end + 1 if at >= 0 else end)
            return
        at = self._find("]")
        if at < 0:
            self._close_link(self.pos, self.pos)
            return
        after, written = skip_link_tail(self.source, at, self.limit)
        self._open[-1].kind = written
        self._close_link(at, after)

    def _close_link(self, text_end: int, after: int) -> None:
        link = self._open.pop()
        text = " ".join("".join(s.text for s in self.segments[link.first_segment :]).split())
        if not text:
            text = " ".join(" ".join(link.alt).split())
        end = max(text_end, link.text_start)
        self.links.append(
            Link(text, link.href, link.text_start, end, link.kind, link.rel, self.in_heading)
        )
        self.pos = max(self.pos, after)

    def _on_html_inline(self, tok: Token) -> None:
        at = self._find(tok.content)
        if at < 0:  # a tag spanning lines whose indentation markdown-it stripped
            first = tok.content.split("\n", 1)[0]
            at = self._find(first)
            gt = self.source.find(">", at, self.limit) if at >= 0 else -1
            end = gt + 1 if gt >= 0 else self.pos
        else:
            end = at + len(tok.content)
        self.pos = max(self.pos, end)
        tag = tok.content.strip().lower()
        if tag.startswith("</"):
            name = tag[2:].rstrip("> \t\r\n")
            if name == "a" and self._open and self._open[-1].kind == "html":
                self._close_link(at if at >= 0 else self.pos, self.pos)
            elif name in _UNLINKABLE_TAGS and self._unlinkable_depth:
                self._unlinkable_depth -= 1
            return
        parsed = parse_start_tag(tok.content)
        if parsed is None:
            return
        name, attrs = parsed
        if name == "a" and attrs.get("href") is not None:
            link = _OpenLink(attrs.get("href") or "", "html", self.pos, len(self.segments))
            link.rel = attrs.get("rel") or ""
            self._open.append(link)
        elif name in _UNLINKABLE_TAGS and not tok.content.rstrip().endswith("/>"):
            self._unlinkable_depth += 1


def matching_close(source: str, start: int, limit: int, pair: str = "[]") -> int:
    """Offset of the ``pair[1]`` closing the ``pair[0]`` at ``start``, nesting and backslash
    escapes respected, before ``limit`` (-1 if none)."""
    opener, closer = pair[0], pair[1]
    depth = 0
    i = start
    while i < limit:
        c = source[i]
        if c == "\\":
            i += 2
            continue
        if c == opener:
            depth += 1
        elif c == closer:
            depth -= 1
            if depth == 0:
                return i
        i += 1
    return -1


def skip_link_tail(source: str, close: int, limit: int) -> tuple[int, LinkKind]:
    """Step over what follows a link label's ``]`` at ``close``: ``(dest "title")`` (its
    parentheses nest: ``Foo_(bar)``), ``[ref]`` or nothing.

    Returns:
        The offset just past the link and how it was written.
    """
    i = close + 1
    if i < limit and source[i] == "(":
        return _paren_end(source, i, limit), "inline"
    if i < limit and source[i] == "[":
        end = source.find("]", i, limit)
        return (end + 1 if end >= 0 else i), "reference"
    return i, "reference"


def _paren_end(source: str, i: int, limit: int) -> int:
    depth = 0
    quote = ""
    while i < limit:
        c = source[i]
        if c == "\\":
            i += 2
            continue
        if quote:
            if c == quote:
                quote = ""
        elif c in "\"'" and depth == 1 and source[i - 1] in " \t\r\n":
            quote = c
        elif c == "<" and source[i - 1] == "(":
            gt = source.find(">", i, limit)
            i = gt if gt >= 0 else i
        elif c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
            if depth == 0:
                return i + 1
        i += 1
    return min(i, limit)
