"""Curated sources derived from a site's own outbound links, for the citation backtest.

A real site has no curated sources file for its past, but its authors' links say which
outside pages they cite again and again. Only the indexed (pre-cutoff) posts are read:
the tested posts' links are the answer and must not shape the sources.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit

from indexer.corpus import Post, Source
from indexer.readers import parse_document
from indexer.urls import domain, is_internal, normalize_url, page_key

TRUST = 0.7
MIN_POSTS = 2
MAX_ANCHORS = 12

PUBLISHERS = {
    "wikipedia.org": "Wikipedia",
    "github.com": "GitHub",
    "gitlab.com": "GitLab",
    "youtube.com": "YouTube",
    "stackoverflow.com": "Stack Overflow",
    "microsoft.com": "Microsoft",
    "gnu.org": "GNU",
    "man7.org": "man7.org",
}
# Second-level labels under which a registrable domain has three parts (bbc.co.uk).
_SECOND_LEVEL = frozenset({"co", "com", "ac", "org", "net", "gov", "edu", "or", "ne"})
# Path parts that name no topic.
_EMPTY_PARTS = frozenset(
    {
        "",
        "index",
        "default",
        "wiki",
        "blob",
        "tree",
        "master",
        "main",
        "watch",
        "en",
        "en-us",
        "latest",
        "stable",
        "docs",
        "doc",
        "html",
        "www",
        "home",
        "view",
        "show",
        "page",
    }
)
_EXTENSION = re.compile(r"\.(?:s?html?|php\d?|aspx?|jsp|cgi)$", re.IGNORECASE)
_SLUG_BREAKS = re.compile(r"[-_+]+")


@dataclass
class _Seen:
    """One outside page as the posts link it: the posts per URL variant, and anchors."""

    variants: dict[str, set[str]]  # URL (normal form) -> the posts linking it so
    anchors: dict[str, None]  # ordered set

    def posts(self) -> int:
        return len(set[str]().union(*self.variants.values()))

    def url(self) -> str:
        """The variant the most posts link; on a tie https, then the shorter."""
        return min(
            self.variants,
            key=lambda u: (-len(self.variants[u]), not u.startswith("https:"), len(u), u),
        )


def derive_sources(posts: Iterable[Post], origin: str, min_posts: int = MIN_POSTS) -> list[Source]:
    """Outbound web URLs that at least ``min_posts`` of the given posts link to, as sources.

    The variants of one page (http and https, with and without ``www.``: one
    :func:`~indexer.urls.page_key`) are one source: their posts count together and its
    URL is the variant the most posts link. Each source's title comes from its URL path,
    its publisher from its domain and its summary from the title plus the anchor texts
    the site's authors used for it.
    """
    seen: dict[str, _Seen] = defaultdict(lambda: _Seen({}, {}))
    for post in posts:
        for link in parse_document(post.body, post.format).links:
            if is_internal(link.href, origin) or not _is_web(link.href):
                continue
            url = normalize_url(link.href, origin)
            entry = seen[page_key(url)]
            entry.variants.setdefault(url, set()).add(post.url)
            text = " ".join(link.text.split())
            if text:
                entry.anchors.setdefault(text, None)
    out = []
    for entry in seen.values():
        if entry.posts() >= min_posts:
            url = entry.url()
            title = url_title(url)
            anchors = [a for a in entry.anchors if a.lower() != title.lower()][:MAX_ANCHORS]
            summary = ". ".join([title, *anchors])
            out.append(Source(url, title, url_publisher(url), summary, trust=TRUST, rel=""))
    return sorted(out, key=lambda s: s.url)


def url_title(url: str) -> str:
    """A title from the last meaningful part of a URL's path, de-slugged.

    ``https://en.wikipedia.org/wiki/Xorshift`` -> ``Xorshift``;
    ``https://man7.org/linux/man-pages/man2/mmap.2.html`` -> ``mmap.2``;
    a URL with no meaningful path part is titled by its host (``ant.apache.org``).
    """
    parts = urlsplit(url)
    for part in reversed(parts.path.split("/")):
        text = _EXTENSION.sub("", unquote(part)).strip()
        if text.lower() in _EMPTY_PARTS or text.isdigit():
            continue
        words = _SLUG_BREAKS.sub(" ", text).strip()
        if words:
            return words
    return domain(url) or url


def url_publisher(url: str) -> str:
    """Who publishes a URL: a known name (Wikipedia, GitHub), else its registrable domain."""
    host = domain(url)
    for suffix, name in PUBLISHERS.items():
        if host == suffix or host.endswith("." + suffix):
            return name
    return registrable_domain(host)


def registrable_domain(host: str) -> str:
    """``en.wikipedia.org`` -> ``wikipedia.org``; ``news.bbc.co.uk`` -> ``bbc.co.uk``."""
    labels = host.split(".")
    if len(labels) >= 3 and len(labels[-1]) == 2 and labels[-2] in _SECOND_LEVEL:
        return ".".join(labels[-3:])
    return ".".join(labels[-2:])


def _is_web(href: str) -> bool:
    return urlsplit(href.strip()).scheme.lower() in ("http", "https")
