"""Rules about where links sit: twice to one target, in headings, chained together."""

from __future__ import annotations

import bisect
import itertools
from collections.abc import Iterator

from indexer.document import Document, Link
from service.engine.check.context import CheckContext
from service.engine.check.rule import link_issue, quoted, rule
from service.engine.check.types import Issue


@rule("duplicate-target", "warning", "Two links to the same target.")
def duplicate_target(ctx: CheckContext) -> Iterator[Issue]:
    first: dict[tuple[str, str], Link] = {}
    for info in ctx.page_links:
        if info.media:  # a thumbnail and a "full size" link to one picture are fine
            continue
        where = (ctx.index.redirect(info.key) or info.key, info.fragment)  # an old URL too
        seen = first.setdefault(where, info.link)
        if seen is info.link:
            continue
        line = ctx.text.count("\n", 0, seen.start) + 1
        yield link_issue(
            "duplicate-target",
            info,
            f"a second link to {info.key} (the first is {quoted(seen.text)} on line {line})",
            "keep the one readers meet first and unlink this one; one link per target is enough",
        )


@rule("link-in-heading", "warning", "A link inside a heading.")
def link_in_heading(ctx: CheckContext) -> Iterator[Issue]:
    for info in ctx.links:
        own_section = info.key == ctx.url and bool(info.fragment)  # a heading's own anchor
        if info.link.in_heading and info.page and not own_section:
            yield link_issue(
                "link-in-heading",
                info,
                f"the heading links {quoted(info.text)} to {info.key}",
                "keep headings plain text and put the link in the paragraph below",
            )


#: Marks that set two links apart for the eye (WCAG's remedy for adjacent links).
_SEPARATORS = frozenset(",;:|()[]{}·•–—.!?…\n")


@rule("adjacent-links", "warning", "Links side by side with nothing but spaces between.")
def adjacent_links(ctx: CheckContext) -> Iterator[Issue]:
    """Links that read as one: only whitespace (or a hyphen, slash or quote) between.

    A comma, parenthesis, pipe or sentence end between two links is not reported: such
    a printable separator is exactly what accessibility guidance asks for, and lists of
    links ("[gnuplot], [Graphviz] and [xxd]") are good writing.
    """
    links = sorted(ctx.page_links, key=lambda li: li.link.start)
    blocks = _Blocks(ctx.document)
    for before, after in itertools.pairwise(links):
        gap = blocks.gap(before.link, after.link)
        if gap is None or any(c.isalnum() or c in _SEPARATORS for c in gap):
            continue
        yield link_issue(
            "adjacent-links",
            after,
            f"{quoted(before.text)} and {quoted(after.text)} are links side by side",
            "put words between them, or keep one: readers cannot tell where one link ends",
        )


class _Blocks:
    """A document's blocks, looked up by offset: a draft of 25,000 links in one paragraph
    is 25,000 lookups, not 25,000 scans of every block and segment."""

    def __init__(self, doc: Document) -> None:
        self._blocks = [b for b in doc.blocks if b.segments]
        self._firsts = [b.segments[0].start for b in self._blocks]
        # How far any block up to each one reaches: the search back stops below that.
        self._reach = list(itertools.accumulate((b.segments[-1].end for b in self._blocks), max))
        self._starts = [[seg.start for seg in b.segments] for b in self._blocks]

    def gap(self, before: Link, after: Link) -> str | None:
        """The text a reader sees between two links of one block (None: other blocks)."""
        if after.start < before.end:
            return None
        at = self._of(before)
        if at is None or at != self._of(after):
            return None
        block = self._blocks[at]
        if block.kind in ("code", "html", "table"):  # cells are not side by side
            return None
        segments, between = block.segments, []
        i = bisect.bisect_left(self._starts[at], before.end)
        while i < len(segments) and segments[i].end <= after.start:
            # A zero-width separator is a line break (<br>) the reader put in: it sets
            # links apart.
            seg = segments[i]
            between.append("\n" if seg.start == seg.end else seg.text)
            i += 1
        return "".join(between)

    def _of(self, link: Link) -> int | None:
        """Which block's segments span the link (the innermost, where one holds another)."""
        i = bisect.bisect_right(self._firsts, link.start) - 1
        while i >= 0 and self._reach[i] >= link.end:
            if link.end <= self._blocks[i].segments[-1].end:
                return i
            i -= 1
        return None
