"""Plain text -> :class:`Document`: paragraphs split on blank lines, all prose."""

from __future__ import annotations

import re

from indexer.document import Block, Document
from indexer.readers.spans import prose_segments

_BLANK_LINES = re.compile(r"(?:\r\n|\r|\n)(?:[ \t\f\v]*(?:\r\n|\r|\n))+")


def parse_text(source: str) -> Document:
    """Parse plain text: each run of lines between blank lines is a paragraph.

    Every word is linkable; the line breaks inside a paragraph read as spaces.

    Args:
        source: the text.

    Returns:
        The document (plain text holds no links).
    """
    blocks: list[Block] = []
    pos = 0
    for m in [*_BLANK_LINES.finditer(source), None]:
        end = m.start() if m else len(source)
        chunk = source[pos:end]
        lead = len(chunk) - len(chunk.lstrip())
        body = chunk.strip()
        if body:
            blocks.append(Block("paragraph", tuple(prose_segments(body, pos + lead))))
        pos = m.end() if m else end
    return Document(source=source, format="text", blocks=tuple(blocks), links=())
