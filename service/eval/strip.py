"""Turn a published post back into a draft: every link removed, its anchor text kept.

Works from the reader's :class:`~indexer.document.Link` offsets (the anchor text) and
finds the link syntax around them: ``[text](url)``, ``[text][ref]``, ``[text][]``,
``[text]``, ``<a href>text</a>``; autolinks ``<https://…>`` go entirely. Markdown
reference definitions (``[ref]: url``) are deleted line by line, or the answer would
leak into the draft. The author's anchors are mapped into the stripped text's offsets.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from indexer.document import Document, Link, LinkKind
from indexer.readers.markdown_inline import matching_close

Cut = tuple[int, int]

# A reference definition on one line: up to 3 spaces, [label]:, a destination, an
# optional title; the line break after it goes too.
_DEFINITION = re.compile(
    r"^ {0,3}\[(?:[^\]\\\n]|\\.)+\]:[ \t]*\S+(?:[ \t]+(?:\"[^\"\n]*\"|'[^'\n]*'|\([^)\n]*\)))?"
    r"[ \t]*(?:\r\n|\r|\n|\Z)",
    re.MULTILINE,
)
_A_OPEN = re.compile(r"<a\b[^>]*>", re.IGNORECASE)
_A_CLOSE = re.compile(r"</a\s*>", re.IGNORECASE)
_HTML_LOOKBACK = 4000


@dataclass(frozen=True)
class AuthorLink:
    """A link the author wrote, with its anchor in the stripped text's offsets."""

    href: str
    text: str
    start: int
    end: int
    kind: LinkKind


@dataclass(frozen=True)
class Stripped:
    """A post with its links removed.

    Attributes:
        text: the draft: the post's source without link syntax or reference definitions.
        links: the author's links; ``text[start:end]`` is each anchor's text as written
            (empty for autolinks, whose text is removed with them).
        unlocated: links whose syntax could not be found around their offsets (left as is).
    """

    text: str
    links: tuple[AuthorLink, ...]
    unlocated: int = 0


def strip_links(doc: Document) -> Stripped:
    """Remove every link and reference definition from a parsed post."""
    source = doc.source
    cuts: list[Cut] = []
    kept: list[tuple[Link, int, int]] = []
    unlocated = 0
    for link in doc.links:
        extent = link_extent(source, link)
        if extent is None:
            unlocated += 1
            continue
        outer_start, text_start, text_end, outer_end = extent
        cuts += [(outer_start, text_start), (text_end, outer_end)]
        kept.append((link, text_start, text_end))
    if doc.format == "markdown":
        cuts += definition_lines(doc)
    merged = merge_cuts(cuts)
    mapper = OffsetMap(merged)
    text = apply_cuts(source, merged)
    links = tuple(
        AuthorLink(link.href, link.text, mapper(start), mapper(end), link.kind)
        for link, start, end in kept
    )
    return Stripped(text, links, unlocated)


def link_extent(source: str, link: Link) -> tuple[int, int, int, int] | None:
    """``(outer_start, text_start, text_end, outer_end)`` of a link's syntax, or None.

    The anchor text is ``source[text_start:text_end]``; an autolink keeps no text.
    """
    s, e = link.start, link.end
    if link.kind == "html":
        return _html_extent(source, s, e)
    if link.kind == "autolink":
        if s >= 1 and source[s - 1] == "<" and source.startswith(">", e):
            return s - 1, s - 1, s - 1, e + 1
        return None
    if s >= 1 and source[s - 1] == "[" and source.startswith("]", e):
        return s - 1, s, e, _markdown_tail(source, e + 1)
    return None


def _html_extent(source: str, s: int, e: int) -> tuple[int, int, int, int] | None:
    opening = None
    for m in _A_OPEN.finditer(source, max(0, s - _HTML_LOOKBACK), s):
        if m.end() <= s:
            opening = m
    if opening is None:
        return None
    closing = _A_CLOSE.search(source, e)
    close_start, close_end = (closing.start(), closing.end()) if closing else (e, e)
    return opening.start(), opening.end(), close_start, close_end


def _markdown_tail(source: str, i: int) -> int:
    """The offset just past ``(destination "title")`` or ``[ref]`` at ``i`` (``i`` if none)."""
    if source.startswith("(", i):
        close = matching_close(source, i, len(source), "()")
        return close + 1 if close >= 0 else i
    if source.startswith("[", i):
        end = source.find("]", i)
        if end >= 0 and "\n\n" not in source[i:end]:
            return end + 1
    return i


def definition_lines(doc: Document) -> list[Cut]:
    """Spans of Markdown reference definition lines outside code blocks."""
    code = sorted(
        (b.segments[0].start, b.segments[-1].end)
        for b in doc.blocks
        if b.kind == "code" and b.segments
    )
    out = []
    for m in _DEFINITION.finditer(doc.source):
        if not any(start <= m.start() < end for start, end in code):
            out.append((m.start(), m.end()))
    return out


def merge_cuts(cuts: list[Cut]) -> list[Cut]:
    """Sort cuts and merge the ones that overlap or touch; drop empty ones."""
    merged: list[Cut] = []
    for start, end in sorted(c for c in cuts if c[1] > c[0]):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def apply_cuts(source: str, cuts: list[Cut]) -> str:
    """``source`` without the (sorted, disjoint) cut spans."""
    parts, pos = [], 0
    for start, end in cuts:
        parts.append(source[pos:start])
        pos = end
    parts.append(source[pos:])
    return "".join(parts)


class OffsetMap:
    """Maps an offset in the source to the stripped text (an offset inside a cut maps to
    where the cut was)."""

    def __init__(self, cuts: list[Cut]) -> None:
        self._starts = [c[0] for c in cuts]
        self._cuts = cuts
        self._removed_before = [0]
        for start, end in cuts:
            self._removed_before.append(self._removed_before[-1] + end - start)

    def __call__(self, pos: int) -> int:
        i = bisect.bisect_right(self._starts, pos)  # cuts starting at or before pos
        if i == 0:
            return pos
        start, end = self._cuts[i - 1]
        removed = self._removed_before[i - 1] + min(pos, end) - start
        return pos - removed
