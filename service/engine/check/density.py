"""Rules about the draft as a whole: too many links for its length, or no internal link."""

from __future__ import annotations

from collections.abc import Iterator

from service.engine.check.context import CheckContext
from service.engine.check.rule import rule
from service.engine.check.types import Issue

#: Fewest links ``too-many-links`` allows however short the draft.
MIN_ALLOWED = 2


@rule("too-many-links", "warning", "More links than the draft's length carries.")
def too_many_links(ctx: CheckContext) -> Iterator[Issue]:
    # Image links (a thumbnail opening the full picture) are not links in the prose.
    links = [li for li in ctx.page_links if li.text.strip() and not li.media]
    per = ctx.config.words_per_link
    allowed = max(MIN_ALLOWED, ctx.words // per)
    if len(links) <= allowed:
        return
    first_extra = links[allowed].link
    # About the whole draft, shown at its first link too many: no href, so an ignore_urls
    # pattern that happens to match that one link does not silence it.
    yield Issue(
        "too-many-links",
        f"{len(links)} links in {ctx.words} words; up to {allowed} read well "
        f"(one per {per} words), and this is link {allowed + 1}",
        f"keep the {allowed} links that help the reader most",
        first_extra.start,
        first_extra.end,
        links[allowed].text,
    )


@rule("no-internal-link", "warning", "The draft links to no other page of the site.")
def no_internal_link(ctx: CheckContext) -> Iterator[Issue]:
    if any(li.internal and li.key != ctx.url for li in ctx.page_links):
        return
    if not ctx.words:
        return
    at = _body_start(ctx)
    yield Issue(
        "no-internal-link",
        "the draft links to no other post of the site, leaving readers nowhere to go next",
        "link a related post where it helps the reader (see the suggested links)",
        at,
        at,
    )


def _body_start(ctx: CheckContext) -> int:
    """Where the prose starts: the first block after any front matter."""
    starts = [b.segments[0].start for b in ctx.document.blocks if b.segments]
    return min(starts, default=0)
