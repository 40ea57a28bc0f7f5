"""Rules about anchor text: generic, the draft's own keyphrase, overused exact matches."""

from __future__ import annotations

import re
from collections.abc import Iterator

from indexer.generic import is_generic
from service.engine.check.context import CheckContext, LinkInfo
from service.engine.check.rule import link_issue, quoted, rule
from service.engine.check.types import Issue
from service.engine.linkstats import anchor_key


@rule(
    "generic-anchor",
    "warning",
    'Link text that says nothing about the target ("click here").',
    about_anchor=True,
)
def generic_anchor(ctx: CheckContext) -> Iterator[Issue]:
    for info in ctx.page_links:
        text = info.text
        if not is_generic(text):
            continue
        if text.strip():
            message = f"link text {quoted(text)} says nothing about where it goes"
            fix = f"describe the target in the link text, {_example(ctx, info)}"
        elif info.media:
            continue  # an image linking to its full-size file: not a link to read
        else:
            message = "the link has no text (an image without alt text?)"
            fix = (
                f"give it text (or its image alt text) saying where it goes, {_example(ctx, info)}"
            )
        yield link_issue("generic-anchor", info, message, fix)


@rule(
    "keyphrase-as-anchor",
    "warning",
    "The draft's own focus keyphrase links to another page.",
    about_anchor=True,
)
def keyphrase_as_anchor(ctx: CheckContext) -> Iterator[Issue]:
    if not ctx.keyphrase:
        return
    phrase = re.compile(rf"(?<!\w){re.escape(anchor_key(ctx.keyphrase))}(?!\w)")
    for info in ctx.page_links:
        if info.key == ctx.url or not phrase.search(anchor_key(info.text)):
            continue
        yield link_issue(
            "keyphrase-as-anchor",
            info,
            f"the link text {quoted(info.text)} holds this page's keyphrase "
            f"{quoted(ctx.keyphrase)} but links to another page",
            "link with other words, so the keyphrase points readers and search engines here",
        )


@rule(
    "overused-anchor",
    "info",
    "An exact anchor the site already uses again and again.",
    about_anchor=True,
)
def overused_anchor(ctx: CheckContext) -> Iterator[Issue]:
    least = ctx.config.overused_anchor_min
    for info in ctx.page_links:
        text = info.text
        # Internal links only, and phrases: a name ("Elfeed") is the natural anchor for
        # its page however often it is used; repeated keyword phrases are what reads as
        # over-optimised.
        if not info.internal or len(text.split()) < 2 or is_generic(text):
            continue
        uses = ctx.index.anchor_uses(text, info.key, ctx.url)
        if uses < least:
            continue
        yield link_issue(
            "overused-anchor",
            info,
            f"the site already links to {info.key} with {quoted(text)} {uses} times",
            f"vary the link text: say what this page adds, {_example(ctx, info)}",
        )


def _example(ctx: CheckContext, info: LinkInfo) -> str:
    target = ctx.index.target(info.key)
    title = target.title if target is not None else ""
    if title and not is_generic(title) and anchor_key(title) != anchor_key(info.text):
        return f"e.g. {quoted(title)}"
    return "e.g. the name of the page or what the reader learns there"
