"""What every rule sees: the parsed draft, its links resolved once, and the index."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import Protocol
from urllib.parse import urljoin, urlsplit

from indexer.document import Document, Link
from indexer.readers.markdown_inline import skip_link_tail
from indexer.store import TargetRow
from indexer.urls import is_internal, normalize_url
from service.engine.check.types import CheckConfig

#: Extensions of media files: a link to one (often an image thumbnail) is not a page link.
MEDIA_SUFFIXES = frozenset(
    {
        ".png",
        ".jpg",
        ".jpeg",
        ".gif",
        ".svg",
        ".webp",
        ".avif",
        ".bmp",
        ".ico",
        ".mp4",
        ".webm",
        ".ogv",
        ".ogg",
        ".mov",
        ".mp3",
        ".wav",
    }
)

# A kramdown attribute list right after a Markdown link: [text](url){: rel="nofollow"}
_IAL = re.compile(r"\{:?([^}\n]*)\}")
_MARKUP = re.compile(r"<[^>]*>|!\[[^\]]*\]\([^)]*\)|!\[[^\]]*\]\[[^\]]*\]")
_CLOSE_A = re.compile("</a", re.IGNORECASE)
#: How far a link's text is looked for (the text of a link in <pre>, up to its </a>):
#: a search to the end of the draft for each of 18,000 links was most of a 6 s check.
_LONGEST_SHOWN = 2_000
_REL_ATTR = re.compile(r"""\brel\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'}]+))""")


class IndexLookup(Protocol):
    """The read-only questions rules ask the index. URLs are in normal form
    (:func:`indexer.urls.normalize_url` with :attr:`origin`)."""

    @property
    def origin(self) -> str:
        """The site's origin (``https://site.example``), or ``""`` when unknown."""
        ...

    @property
    def markdown(self) -> str:
        """The site's Markdown renderer (``kramdown``, ``goldmark``), ``""`` when unknown."""
        ...

    def target(self, url: str) -> TargetRow | None:
        """The post or curated source at ``url``, if the index has one."""
        ...

    def redirect(self, url: str) -> str | None:
        """Where the site redirects ``url``: a post's old URL (Jekyll's ``redirect_from``,
        Hugo's ``aliases``) to the post, a post with ``redirect_to`` to that URL; ``None``
        for a URL the site does not redirect."""
        ...

    def looks_like_post(self, path: str, exclude_url: str | None = None) -> bool:
        """Whether an internal path should be one of the site's posts: it has the shape of
        the site's post URLs, it is none of the site's pages the index knows, and where
        pages share that shape (``/:title/``), the site's posts (but the one at
        ``exclude_url``) do not link to it as a page."""
        ...

    def source_rel(self, url: str) -> str:
        """The ``rel`` the curated sources call for on an outbound URL (``""``: none)."""
        ...

    def anchor_uses(self, anchor: str, target: str, exclude_url: str | None = None) -> int:
        """How often the site already links to ``target`` with ``anchor`` (any case),
        not counting the links of the post at ``exclude_url``."""
        ...


@dataclass(frozen=True)
class LinkInfo:
    """A link of the draft with its target resolved.

    Attributes:
        link: the link as the reader found it.
        text: what a reader sees as its text (the reader's text, or for a link inside
            code, whose text the reader keeps as code, the text of its source).
        key: the target in normal form (a path for internal links), ``""`` for a bare
            fragment or an empty href, the href itself for ``mailto:`` and the like.
        fragment: the ``#fragment`` of the href, without ``#``.
        internal: whether it points at a page of the site.
        resolved: whether ``key`` is certain (a relative href needs the draft's URL).
        rel: the ``rel`` tokens, from HTML, or from a kramdown attribute list where
            :func:`attribute_lists` holds (another renderer shows the list as text).
    """

    link: Link
    text: str
    key: str
    fragment: str
    internal: bool
    resolved: bool
    rel: frozenset[str]

    @property
    def page(self) -> bool:
        """Whether it points at a web page (not a bare fragment or ``mailto:``)."""
        web = ("http:", "https:", "//")  # "//host/x": protocol-relative
        return bool(self.key) and (self.internal or self.key.startswith(web))

    @property
    def media(self) -> bool:
        """Whether it points at an image, video or sound file."""
        path = urlsplit(self.key).path if _splits(self.key) else self.key
        return PurePosixPath(path).suffix.lower() in MEDIA_SUFFIXES


@dataclass(frozen=True)
class CheckContext:
    """The input of every rule.

    Attributes:
        document: the parsed draft.
        text: the draft exactly as submitted (``document.source``).
        url: the draft's own URL in normal form, when known.
        keyphrase: the draft's focus keyphrase, when known.
        config: thresholds and domain lists.
        index: read-only lookups into the index.
        links: the draft's links, resolved, in text order.
        words: words of prose (code and raw HTML not counted).
    """

    document: Document
    text: str
    url: str | None
    keyphrase: str | None
    config: CheckConfig
    index: IndexLookup
    links: tuple[LinkInfo, ...]
    words: int

    @classmethod
    def build(
        cls,
        document: Document,
        url: str | None,
        keyphrase: str | None,
        config: CheckConfig,
        index: IndexLookup,
    ) -> CheckContext:
        """Resolve the draft's links and count its words."""
        origin = index.origin
        own = normalize_url(url, origin) if url else None
        lists = attribute_lists(index)
        links = tuple(
            _resolve(link, own, origin, document.source, lists) for link in document.links
        )
        words = sum(len(b.text.split()) for b in document.blocks if b.kind not in ("code", "html"))
        phrase = " ".join(keyphrase.split()) if keyphrase else None
        return cls(document, document.source, own, phrase or None, config, index, links, words)

    @property
    def page_links(self) -> tuple[LinkInfo, ...]:
        """The links that point at web pages."""
        return tuple(li for li in self.links if li.page)


def attribute_lists(index: IndexLookup) -> bool:
    """Whether the site's Markdown links may carry a kramdown attribute list: kramdown
    (Jekyll's default) reads one, other renderers (Hugo's goldmark) show it as text; a
    site whose renderer is unknown gets the benefit of the doubt."""
    return index.markdown in ("", "kramdown")


def _resolve(link: Link, own: str | None, origin: str, source: str, lists: bool) -> LinkInfo:
    href = link.href.strip()
    parts = urlsplit(href) if _splits(href) else None
    fragment = parts.fragment if parts else ""
    resolved = True
    relative = parts is not None and not parts.scheme and not parts.netloc and parts.path
    if relative and not href.startswith("/"):
        if own and own.startswith("/"):
            href = urljoin(own, href)
        else:
            resolved = False
    internal = is_internal(href, origin)
    key = normalize_url(href, origin)
    text = link.text or _shown_text(link, source)
    rel = _rel(link, source, lists)
    return LinkInfo(link, text, key, fragment, internal, resolved, rel)


def _shown_text(link: Link, source: str) -> str:
    """The text of a link the reader gave none (one in code, or an image link)."""
    end = link.end
    if link.kind == "html" and link.end == link.start:  # in <pre>: up to its </a>
        close = _CLOSE_A.search(source, link.start, link.start + _LONGEST_SHOWN)
        end = close.start() if close else end
    return _visible(source[link.start : end])


def _visible(raw: str) -> str:
    """The visible words of a stretch of source: tags and images dropped."""
    return " ".join(_MARKUP.sub(" ", raw).split())


def _splits(href: str) -> bool:
    try:
        urlsplit(href)
    except ValueError:
        return False
    return True


def _rel(link: Link, source: str, lists: bool) -> frozenset[str]:
    rel = link.rel
    if not rel and lists and link.kind in ("inline", "reference"):
        m = None
        if source.startswith("]", link.end):  # the attribute list follows the whole link
            after, _ = skip_link_tail(source, link.end, min(len(source), link.end + 2000))
            m = _IAL.match(source, after, min(len(source), after + 1000))
        if m:
            attr = _REL_ATTR.search(m.group(1))
            rel = next((g for g in attr.groups() if g is not None), "") if attr else ""
    return frozenset(rel.lower().split())
