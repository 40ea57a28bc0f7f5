"""What the corpus readers yield: posts of the site and curated outside sources."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from indexer.document import Format

Rel = Literal["", "nofollow", "sponsored"]


class CorpusError(ValueError):
    """A corpus file or folder cannot be read. The message names the file and the problem."""


@dataclass(frozen=True)
class Post:
    """One page of the site.

    Attributes:
        url: the post's URL path or absolute URL as the site publishes it
            (e.g. ``/blog/2021/03/04/``); the key every link resolves to.
        title: the post's title.
        body: the post's source text without front matter, in ``format``.
        format: ``markdown``, ``html`` or ``text``.
        date: publication date (timezone-aware UTC when known).
        categories: category names.
        tags: tag names.
        post_type: ``post`` or ``page`` (WordPress), free text elsewhere.
        draft: drafts, private, scheduled or trashed items: never link targets.
        path: where it was read from (file path, or ``file.xml#item-id``).
        keyphrase: an optional focus keyphrase from front matter.
        aliases: other URLs of the post, written as ``url`` is, that the site redirects
            to it (Jekyll's ``redirect_from``, Hugo's ``aliases``, WordPress's old slugs):
            a link to one links it.
        redirect_to: where the site sends this post's readers instead (Jekyll's
            ``redirect_to``), ``""`` for none: the post is then no page of its own (a
            draft, never a link target), and its URL an old URL of that one.
    """

    url: str
    title: str
    body: str
    format: Format
    date: datetime | None = None
    categories: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    post_type: str = "post"
    draft: bool = False
    path: str = ""
    keyphrase: str = ""
    aliases: tuple[str, ...] = ()
    redirect_to: str = ""


@dataclass(frozen=True)
class Source:
    """A curated outside source that drafts may cite.

    Attributes:
        url: absolute URL.
        title: the page's title.
        publisher: who publishes it ("Google Search Central", "Mozilla").
        summary: a short description in the curator's words.
        text: optional longer text about the source.
        topics: topic phrases.
        trust: 0.0-1.0, how much the site trusts it.
        rel: the ``rel`` a link to it must carry.
    """

    url: str
    title: str
    publisher: str
    summary: str
    text: str = ""
    topics: tuple[str, ...] = ()
    trust: float = 0.5
    rel: Rel = ""


@dataclass(frozen=True)
class SiteFacts:
    """What the inputs say about the site as a whole.

    Attributes:
        origin: the site's origin (``https://site.example``), or ``""`` when unknown.
        markdown: the Markdown renderer a site folder's configuration names
            (:attr:`indexer.readers.site.SiteConfig.markdown`), or ``""`` when unknown.
        pages: the URLs of a Jekyll site's pages, which are not posts
            (:func:`indexer.readers.pages.site_pages`).
    """

    origin: str = ""
    markdown: str = ""
    pages: tuple[str, ...] = ()


#: Nothing known about the site (an index of JSONL posts, a test).
NO_FACTS = SiteFacts()
