"""Test cases: a post turned into a draft, and the links its author wrote as the answer."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from indexer.corpus import Post
from indexer.readers import parse_document
from indexer.urls import is_internal, normalize_url, page_key
from service.engine.types import Draft, Options
from service.eval.strip import AuthorLink, strip_links

Span = tuple[int, int]
#: target URL (normal form) -> the author's anchor spans for it in the draft.
Gold = dict[str, tuple[Span, ...]]


@dataclass(frozen=True)
class EvalCase:
    """One tested post.

    Attributes:
        post: the published post (never shown to the engine).
        draft: its text with every link stripped: all the engine sees.
        internal: gold internal links: indexed posts the author linked.
        citations: gold citations: sources the author linked (under any URL of the
            source's page: http or https, with or without ``www.``), keyed by the
            source's own URL.
        leaked: links the reader still finds in the draft (should be 0).
    """

    post: Post
    draft: str
    internal: Gold
    citations: Gold
    leaked: int

    def as_draft(self, options: Options) -> Draft:
        """The draft as its writer would submit it: the stripped text, with the post's
        own URL, date, categories and tags (all known before it is published)."""
        post = self.post
        return Draft(
            self.draft,
            post.format,
            post.url,
            options,
            categories=post.categories,
            tags=post.tags,
            date=post.date,
        )


def make_case(
    post: Post, origin: str, indexed_urls: Collection[str], source_urls: Collection[str]
) -> EvalCase:
    """Strip a post's links and collect its gold links.

    Args:
        post: the post to test.
        origin: the site's origin, for telling internal links from outbound ones.
        indexed_urls: normal forms of the indexed posts' URLs.
        source_urls: normal forms of the sources' URLs. A link to another variant of a
            source's page (:func:`~indexer.urls.page_key`) counts as that source.
    """
    stripped = strip_links(parse_document(post.body, post.format))
    own = normalize_url(post.url, origin)
    sources = {page_key(url, origin): url for url in sorted(source_urls)}
    internal: dict[str, list[Span]] = {}
    citations: dict[str, list[Span]] = {}
    for link in stripped.links:
        key, is_post = link_key(link, origin)
        if is_post and key in indexed_urls and key != own:
            internal.setdefault(key, []).append((link.start, link.end))
        elif not is_post and (source := sources.get(page_key(key, origin))):
            citations.setdefault(source, []).append((link.start, link.end))
    leaked = len(parse_document(stripped.text, post.format).links) + stripped.unlocated
    return EvalCase(post, stripped.text, _freeze(internal), _freeze(citations), leaked)


def link_key(link: AuthorLink, origin: str) -> tuple[str, bool]:
    """A link's target in normal form (fragment dropped), and whether it is internal."""
    internal = is_internal(link.href, origin)
    return normalize_url(link.href, origin), internal


def _freeze(gold: dict[str, list[Span]]) -> Gold:
    return {url: tuple(sorted(set(spans))) for url, spans in gold.items()}
