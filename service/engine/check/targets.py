"""Rules about where links go: nowhere (broken), back to the draft, or untrusted sites."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import PurePosixPath
from urllib.parse import urlsplit

from indexer.urls import domain
from service.engine.check.context import CheckContext, LinkInfo, attribute_lists
from service.engine.check.rule import link_issue, quoted, rule
from service.engine.check.types import Issue

#: File types an internal link may point at that are pages (others are assets).
_PAGE_SUFFIXES = frozenset({"", ".html", ".htm", ".php", ".asp", ".aspx"})


@rule("broken-internal", "error", "An internal link to a page the index does not have.")
def broken_internal(ctx: CheckContext) -> Iterator[Issue]:
    for info in ctx.page_links:
        if not (info.internal and info.resolved) or info.key == ctx.url:
            continue
        if ctx.index.redirect(info.key):  # it works: redirected-link says where it goes
            continue
        target = ctx.index.target(info.key)
        if target is not None and target.draft:
            yield link_issue(
                "broken-internal",
                info,
                f"{info.key} is {quoted(target.title)}, a draft: the link breaks until it is "
                "published",
                "publish that post first, or unlink it for now",
            )
        elif target is None and _is_page(info) and ctx.index.looks_like_post(info.key, ctx.url):
            yield link_issue(
                "broken-internal",
                info,
                f"{info.key} is not a post of this site (not in the index)",
                "correct the URL; if the page is new, run `linkwright index` again; if it "
                "exists outside the index, add it to ignore_urls",
            )


@rule("redirected-link", "warning", "An internal link to a URL the site redirects.")
def redirected_link(ctx: CheckContext) -> Iterator[Issue]:
    for info in ctx.page_links:
        to = ctx.index.redirect(info.key) if info.internal and info.resolved else None
        if to is None or to == ctx.url:
            continue
        target = ctx.index.target(to)
        yield link_issue(
            "redirected-link",
            info,
            f"{info.key} is an old URL of {quoted(target.title)}, which is at {to}"
            if target is not None
            else f"the site redirects {info.key} to {to}",
            f"link {to} instead: each redirect costs readers and crawlers a round trip",
        )


@rule("self-link", "error", "A link to the draft's own URL.")
def self_link(ctx: CheckContext) -> Iterator[Issue]:
    if not ctx.url:
        return
    for info in ctx.page_links:
        if ctx.url in (info.key, ctx.index.redirect(info.key)) and not info.fragment:
            yield link_issue(
                "self-link",
                info,
                f"{quoted(info.text)} links to this page itself ({ctx.url})",
                "unlink it, or link the section it means with a #fragment",
            )


@rule("missing-rel", "error", "An outbound link without the rel the site's policy asks for.")
def missing_rel(ctx: CheckContext) -> Iterator[Issue]:
    for info in ctx.page_links:
        if info.internal:
            continue
        needed = sorted(_required_rel(ctx, info) - info.rel)
        if not needed:
            continue
        rel = " ".join(sorted(info.rel | set(needed)))
        host = domain(info.key) or info.key
        yield link_issue(
            "missing-rel",
            info,
            f'links to {host} need rel="{" ".join(needed)}" (site policy)',
            _rel_fix(ctx, info, rel),
        )


def _required_rel(ctx: CheckContext, info: LinkInfo) -> set[str]:
    needed = set(ctx.index.source_rel(info.key).lower().split())
    host = domain(info.key)
    if _on(host, ctx.config.untrusted_domains):
        needed.add("nofollow")
    if _on(host, ctx.config.sponsored_domains):
        needed.add("sponsored")
    return needed


def _on(host: str, domains: tuple[str, ...]) -> bool:
    return bool(host) and any(host == d or host.endswith("." + d) for d in domains)


def _rel_fix(ctx: CheckContext, info: LinkInfo, rel: str) -> str:
    if info.link.kind == "html" or ctx.document.format == "html":
        return f'add rel="{rel}" to the <a> tag'
    html = f'write it as <a href="{info.link.href}" rel="{rel}">…</a>'
    if ctx.index.markdown == "goldmark":  # Hugo drops raw HTML unless told to keep it
        return (
            f"{html} (goldmark has no attribute lists for links, and Hugo shows raw HTML "
            "only with markup.goldmark.renderer.unsafe = true), or set rel in a link render "
            "hook (layouts/_default/_markup/render-link.html)"
        )
    if not attribute_lists(ctx.index):
        return f"{html} ({ctx.index.markdown} has no attribute lists for links)"
    return f'{html}, or add {{: rel="{rel}"}}'


def _is_page(info: LinkInfo) -> bool:
    path = urlsplit(info.key).path
    return PurePosixPath(path).suffix.lower() in _PAGE_SUFFIXES or path.endswith("/")
