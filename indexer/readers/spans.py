"""Offset helpers shared by the readers: line tables, masking and prose segments."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from indexer.document import Block, BlockKind, Segment

_ANY_NEWLINE = re.compile(r"\r\n|\r|\n")
# Tried only where a run of spaces starts: a long run with no line break after it is
# then read once, not once from each of its characters.
_BREAK_RUN = re.compile(r"(?<![ \t\f\v])[ \t\f\v]*(?:\r\n|\r|\n)\s*")


def line_starts(text: str, *, lf_only: bool = False) -> list[int]:
    """Return the offset where each line of ``text`` starts.

    Args:
        text: the text.
        lf_only: count only ``\\n`` as a line break (as :mod:`html.parser` does);
            otherwise ``\\r\\n``, ``\\r`` and ``\\n`` all end a line (as markdown-it does).

    Returns:
        A list whose item ``i`` is the offset of line ``i`` (0-based).
    """
    if lf_only:
        return [0, *(m.end() for m in re.finditer("\n", text))]
    return [0, *(m.end() for m in _ANY_NEWLINE.finditer(text))]


def mask(text: str, spans: Iterable[tuple[int, int]]) -> str:
    """Blank out spans of ``text`` with spaces, keeping line breaks, so offsets stay put."""
    chars = list(text)
    for start, end in spans:
        for i in range(start, end):
            if chars[i] not in "\r\n":
                chars[i] = " "
    return "".join(chars)


def prose_segments(text: str, start: int, *, linkable: bool = True) -> list[Segment]:
    """Split a verbatim run of prose at its line breaks.

    The pieces between line breaks keep their source offsets; each whitespace run that
    holds a line break becomes a non-linkable ``" "`` segment, so block text reads as
    one line while every linkable piece still slices back to the source.

    Args:
        text: the run, exactly as it appears in the source.
        start: its offset in the source.
        linkable: whether the pieces may hold anchors.
    """
    segments: list[Segment] = []
    pos = 0
    for m in _BREAK_RUN.finditer(text):
        if m.start() > pos:
            piece = text[pos : m.start()]
            segments.append(Segment(piece, start + pos, start + m.start(), linkable))
        segments.append(Segment(" ", start + m.start(), start + m.end(), False))
        pos = m.end()
    if pos < len(text):
        segments.append(Segment(text[pos:], start + pos, start + len(text), linkable))
    return segments


@dataclass
class BlockBuilder:
    """Collects segments into the current block and closes blocks into a list.

    Whitespace-only segments at the start of a block are dropped, as are trailing
    whitespace-only segments when the block closes; a block with no text is dropped.
    """

    blocks: list[Block] = field(default_factory=list)
    kind: BlockKind = "paragraph"
    level: int = 0
    segments: list[Segment] = field(default_factory=list)

    def add(self, segment: Segment, kind: BlockKind, level: int = 0) -> None:
        """Append a segment, starting a new block when the kind or level changes."""
        if self.segments and (kind, level) != (self.kind, self.level):
            self.close()
        if not self.segments:
            if not segment.text.strip():
                return
            self.kind, self.level = kind, level
        self.segments.append(segment)

    def close(self) -> None:
        """Close the current block, if it holds any text."""
        segs = self.segments
        while segs and not segs[-1].text.strip():
            segs.pop()
        if segs:
            segs[0] = _strip(segs[0], left=True)
            segs[-1] = _strip(segs[-1], left=False)
            self.blocks.append(Block(self.kind, tuple(segs), self.level))
        self.segments = []

    def add_block(self, block: Block) -> None:
        """Close the current block and append a finished one."""
        self.close()
        self.blocks.append(block)


def _strip(seg: Segment, *, left: bool) -> Segment:
    """Trim whitespace off one end of a verbatim segment, keeping its offsets exact."""
    if not seg.linkable:
        return seg
    text = seg.text.lstrip() if left else seg.text.rstrip()
    if text == seg.text:
        return seg
    if left:
        return Segment(text, seg.end - len(text), seg.end, True)
    return Segment(text, seg.start, seg.start + len(text), True)


def in_order(blocks: Iterable[Block]) -> tuple[Block, ...]:
    """Sort blocks by the offset of their first segment (stable for ties)."""
    return tuple(sorted(blocks, key=lambda b: b.segments[0].start if b.segments else 0))


def verified(
    blocks: Iterable[Block], source: str, masked: Sequence[tuple[int, int]] = ()
) -> tuple[Block, ...]:
    """Make sure every linkable segment is a verbatim slice of ``source``.

    Readers parse a copy of the source with template markup blanked out (the ``masked``
    spans); a segment that reaches into a blanked span no longer matches the source. It
    is cut there ("Inline [code]x[/code] here"): its parts outside the blanked spans stay
    linkable where they are the source verbatim, and each blanked span becomes an
    unlinkable space, so the words on either side stay apart.
    """
    out: list[Block] = []
    for block in blocks:
        if all(not s.linkable or source[s.start : s.end] == s.text for s in block.segments):
            out.append(block)
            continue
        segs = tuple(
            part
            for s in block.segments
            for part in (
                (s,)
                if not s.linkable or source[s.start : s.end] == s.text
                else _cut(s, source, masked)
            )
        )
        out.append(Block(block.kind, segs, block.level))
    return tuple(out)


def _cut(seg: Segment, source: str, masked: Sequence[tuple[int, int]]) -> tuple[Segment, ...]:
    """``seg`` cut at the ``masked`` spans it reaches into (see :func:`verified`)."""
    if len(seg.text) != seg.end - seg.start:
        return (Segment(seg.text, seg.start, seg.end, False),)
    out: list[Segment] = []
    pos = seg.start
    for a, b in sorted((max(a, seg.start), min(b, seg.end)) for a, b in masked):
        if a >= b or b <= pos:
            continue
        a = max(a, pos)
        out.append(_part(seg, source, pos, a))
        out.append(Segment(" ", a, b, False))
        pos = b
    out.append(_part(seg, source, pos, seg.end))
    return tuple(p for p in out if p.text)


def _part(seg: Segment, source: str, start: int, end: int) -> Segment:
    """The piece [start, end) of ``seg``, linkable only if it is the source verbatim."""
    text = seg.text[start - seg.start : end - seg.start]
    return Segment(text, start, end, source[start:end] == text)
