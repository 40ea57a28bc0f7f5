"""The parsed shape of a post or draft: prose blocks with offsets, and the links it holds.

Every reader (Markdown, HTML, plain text, WXR) produces a :class:`Document`. Corpus posts
and drafts go through the same readers, so the engine sees both the same way.

Offsets are character offsets into :attr:`Document.source`, the exact text that was
submitted or read from disk (front matter included). A :class:`Segment` is a run of
plain text inside a block; when ``linkable`` is true its text is a verbatim slice of the
source (``source[start:end] == text``), so an anchor inside one segment maps straight
back to the source.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

BlockKind = Literal["paragraph", "list_item", "heading", "quote", "table", "code", "html"]
LinkKind = Literal["inline", "reference", "autolink", "html"]
Format = Literal["markdown", "html", "text"]

#: Block kinds whose words may become anchor text.
ANCHOR_BLOCKS: frozenset[str] = frozenset({"paragraph", "list_item"})


@dataclass(frozen=True)
class Segment:
    """A run of plain text inside a block.

    Attributes:
        text: the plain text (markup removed, entities decoded).
        start: offset of the run in the source.
        end: offset just past the run in the source.
        linkable: true when the run may hold an anchor: it is prose outside any
            existing link, inline code or image, and ``source[start:end] == text``.
    """

    text: str
    start: int
    end: int
    linkable: bool


@dataclass(frozen=True)
class Block:
    """A block of the document: a paragraph, list item, heading, quote, table or code."""

    kind: BlockKind
    segments: tuple[Segment, ...]
    level: int = 0  # heading level (1-6) for headings, else 0

    @property
    def text(self) -> str:
        """The block's plain text: its segments joined."""
        return "".join(s.text for s in self.segments)

    @property
    def anchor_territory(self) -> bool:
        """Whether anchors may be placed in this block at all."""
        return self.kind in ANCHOR_BLOCKS

    def source_span(self, start: int, end: int) -> tuple[int, int] | None:
        """Map a span of :attr:`text` to source offsets.

        Returns ``(source_start, source_end)`` when the span lies inside one linkable
        segment (so it is a verbatim slice of the source), else ``None``.
        """
        pos = 0
        for seg in self.segments:
            seg_end = pos + len(seg.text)
            if pos <= start and end <= seg_end:
                if not seg.linkable:
                    return None
                return seg.start + (start - pos), seg.start + (end - pos)
            if start < seg_end:
                return None
            pos = seg_end
        return None


@dataclass(frozen=True)
class Link:
    """A link already present in a document.

    Attributes:
        text: the anchor text as a reader sees it.
        href: the target as written (relative or absolute, fragment kept).
        start: source offset of the anchor text (or of the whole link when the text
            cannot be located verbatim).
        end: source offset just past it.
        kind: how the link was written.
        rel: the ``rel`` attribute for HTML links, else ``""``.
        in_heading: whether the link sits in a heading.
    """

    text: str
    href: str
    start: int
    end: int
    kind: LinkKind
    rel: str = ""
    in_heading: bool = False


@dataclass(frozen=True)
class Document:
    """A parsed post or draft."""

    source: str
    format: Format
    blocks: tuple[Block, ...]
    links: tuple[Link, ...]
    front_matter: dict[str, object] = field(default_factory=dict, compare=False, hash=False)

    @property
    def headings(self) -> tuple[str, ...]:
        return tuple(b.text for b in self.blocks if b.kind == "heading")

    @property
    def prose_text(self) -> str:
        """Plain text of the prose (paragraphs, list items, headings, quotes), for embedding."""
        return "\n\n".join(b.text for b in self.blocks if b.kind not in ("code", "html"))
