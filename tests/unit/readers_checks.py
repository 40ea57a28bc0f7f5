"""Invariants every reader promises, checked by the reader tests."""

from __future__ import annotations

from indexer.document import Document


def assert_offsets(doc: Document) -> None:
    """Linkable segments slice back to the source; links sit inside it, in order."""
    for block in doc.blocks:
        assert block.segments, block
        for seg in block.segments:
            assert 0 <= seg.start <= seg.end <= len(doc.source), seg
            if seg.linkable:
                assert doc.source[seg.start : seg.end] == seg.text, seg
    for link in doc.links:
        assert 0 <= link.start <= link.end <= len(doc.source), link


def linkable_text(doc: Document) -> list[str]:
    """The texts of all linkable segments, in order."""
    return [s.text for b in doc.blocks for s in b.segments if s.linkable]
