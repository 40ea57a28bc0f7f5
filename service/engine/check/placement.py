"""Rules about where links sit: twice to one target, in headings, chained together."""

from __future__ import annotations

import itertools
from collections.abc import Iterator

from indexer.document import Block, Document, Link
from service.engine.check.context import CheckContext
from service.engine.check.rule import link_issue, quoted, rule
from service.engine.check.types import Issue


@rule("duplicate-target", "warning", "Two links to the same target.")
def duplicate_target(ctx: CheckContext) -> Iterator[Issue]:
    first: dict[tuple[str, str], Link] = {}
    for info in ctx.page_links:
        if info.media:  # a thumbnail and a "full size" link to one picture are fine
            continue
        where = (info.key, info.fragment)
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
    for before, after in itertools.pairwise(links):
        gap = _gap(ctx.document, before.link, after.link)
        if gap is None or any(c.isalnum() or c in _SEPARATORS for c in gap):
            continue
        yield link_issue(
            "adjacent-links",
            after,
            f"{quoted(before.text)} and {quoted(after.text)} are links side by side",
            "put words between them, or keep one: readers cannot tell where one link ends",
        )


def _gap(doc: Document, before: Link, after: Link) -> str | None:
    """The text a reader sees between two links of one block (None: other blocks)."""
    if after.start < before.end:
        return None
    block = _block_of(doc, before)
    if block is None or block is not _block_of(doc, after):
        return None
    if block.kind in ("code", "html", "table"):  # cells are not side by side
        return None
    between = [s for s in block.segments if s.start >= before.end and s.end <= after.start]
    # A zero-width separator is a line break (<br>) the reader put in: it sets links apart.
    return "".join("\n" if s.start == s.end else s.text for s in between)


def _block_of(doc: Document, link: Link) -> Block | None:
    for block in doc.blocks:
        if not block.segments:
            continue
        if block.segments[0].start <= link.start and link.end <= block.segments[-1].end:
            return block
    return None
