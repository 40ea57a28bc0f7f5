"""Markdown (CommonMark with tables) -> :class:`Document` with source offsets."""

from __future__ import annotations

from dataclasses import dataclass, field

from markdown_it import MarkdownIt
from markdown_it.token import Token
from mdit_py_plugins.texmath import texmath_plugin

from indexer.document import Block, BlockKind, Document, Link, Segment
from indexer.readers.front_matter import safe_front_matter, split_front_matter
from indexer.readers.html import html_links
from indexer.readers.markdown_inline import InlineWalker
from indexer.readers.spans import in_order, line_starts, mask, verified
from indexer.readers.templates import KRAMDOWN_BLOCKS, find_template_markup

# text_join would merge escapes and entities into the surrounding text, hiding where the
# verbatim text ends; without it they arrive as their own ``text_special`` tokens. Math
# between ``$$`` (kramdown's, Jekyll's default, and Hugo's passthrough) is not prose: a
# link inside it would break the formula. A single ``$`` stays text ("$5 or $10").
_MD = (
    MarkdownIt("commonmark", {"html": True})
    .enable("table")
    .disable("text_join")
    .use(texmath_plugin, delimiters="kramdown")
)


def parse_markdown(source: str) -> Document:
    """Parse a Markdown post or draft.

    Front matter at the very top is skipped and returned in ``front_matter`` (``{}``
    when absent or invalid); every offset is into ``source`` itself. Never raises on
    any input.

    Args:
        source: the Markdown text, front matter included.

    Returns:
        The document: prose blocks with segments, and the links already present.
    """
    fm = split_front_matter(source)
    templates = find_template_markup(source, fm.end, KRAMDOWN_BLOCKS)
    masked = [(0, fm.end), *templates.masked]
    text = mask(source, masked)
    walker = _BlockWalker(text, line_starts(text))
    walker.walk(_MD.parse(text))
    return Document(
        source=source,
        format="markdown",
        blocks=verified(in_order([*walker.blocks, *templates.code_blocks]), source, masked),
        links=tuple(sorted(walker.links, key=lambda link: link.start)),
        front_matter=safe_front_matter(fm),
    )


@dataclass
class _BlockWalker:
    """Walks block tokens, keeping the stack of open containers."""

    text: str
    starts: list[int]
    blocks: list[Block] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    _stack: list[Token] = field(default_factory=list)
    _table: InlineWalker | None = None

    def walk(self, tokens: list[Token]) -> None:
        for tok in tokens:
            if tok.nesting == 1:
                self._stack.append(tok)
                if tok.type == "table_open":
                    start, end = self._span(tok)
                    self._table = InlineWalker(self.text, start, end)
                elif tok.type in ("th_open", "td_open", "tr_open"):
                    self._separate()
            elif tok.nesting == -1:
                if self._stack:
                    self._stack.pop()
                if tok.type == "table_close":
                    self._close_table()
            elif tok.type == "inline":
                self._inline(tok)
            elif tok.type in ("fence", "code_block"):
                self._literal(tok, "code")
            elif tok.type == "html_block":
                self._literal(tok, "html")
                start, end = self._span(tok)
                self.links.extend(html_links(self.text, start, end))

    def _span(self, tok: Token) -> tuple[int, int]:
        """Source offsets of a token's line range (the whole text when it has none)."""
        if tok.map is None:
            return 0, len(self.text)
        first, last = tok.map
        start = self.starts[min(first, len(self.starts) - 1)]
        end = self.starts[last] if last < len(self.starts) else len(self.text)
        return start, max(start, end)

    def _kind(self) -> tuple[BlockKind, int]:
        types = [t.type for t in self._stack]
        if "heading_open" in types:
            heading = self._stack[types.index("heading_open")]
            return "heading", int(heading.tag[1:]) if heading.tag[1:].isdigit() else 1
        if "blockquote_open" in types:
            return "quote", 0
        if "list_item_open" in types:
            return "list_item", 0
        return "paragraph", 0

    def _inline(self, tok: Token) -> None:
        if self._table is not None:
            self._table.walk(tok.children or [])
            return
        kind, level = self._kind()
        start, end = self._span(tok)
        walker = InlineWalker(self.text, start, end, in_heading=kind == "heading")
        walker.walk(tok.children or [])
        self.links.extend(walker.links)
        segments = _trim(walker.segments)
        if segments:
            self.blocks.append(Block(kind, segments, level))

    def _separate(self) -> None:
        table = self._table
        if table is not None and table.segments and table.segments[-1].text != " ":
            table.segments.append(Segment(" ", table.pos, table.pos, False))

    def _close_table(self) -> None:
        table, self._table = self._table, None
        if table is None:
            return
        self.links.extend(table.links)
        segments = _trim(table.segments)
        if segments:
            self.blocks.append(Block("table", segments))

    def _literal(self, tok: Token, kind: BlockKind) -> None:
        if not tok.content.strip():
            return
        start, end = self._span(tok)
        self.blocks.append(Block(kind, (Segment(tok.content, start, end, False),)))


def _trim(segments: list[Segment]) -> tuple[Segment, ...]:
    """Drop whitespace-only segments at both ends."""
    lo, hi = 0, len(segments)
    while lo < hi and not segments[lo].text.strip():
        lo += 1
    while hi > lo and not segments[hi - 1].text.strip():
        hi -= 1
    return tuple(segments[lo:hi])
