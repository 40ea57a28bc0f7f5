"""One WXR ``<item>`` to a :class:`Post`: fields by namespace, permalink, date, terms.

Used by :mod:`indexer.readers.wxr`, which streams the file and validates its frame.
"""

from __future__ import annotations

import html
import logging
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from pathlib import Path
from urllib.parse import parse_qs, urlsplit
from xml.etree.ElementTree import Element

from indexer.corpus import Post
from indexer.readers.fields import as_utc
from indexer.readers.wp_markup import strip_wp_markup

log = logging.getLogger(__name__)

_CONTENT_NS = "http://purl.org/rss/1.0/modules/content/"
_POST_TYPES = frozenset({"post", "page"})
_TAG_DOMAINS = frozenset({"post_tag", "tag"})  # WXR 1.0 wrote "tag"
_ID_QUERY_KEYS = frozenset({"p", "page_id", "attachment_id"})
_MYSQL_DATE = "%Y-%m-%d %H:%M:%S"
_HTML_TAG = re.compile(r"</?[A-Za-z][^<>]*>")  # no "<" inside: "<a<a<a…" is read once
_RSS_YEAR = re.compile(r"\s\d{4}\s")  # "Wed, 30 Nov -0001 …" (a zero date) has none


def item_to_post(item: Element, wp_ns: str, path: Path, ordinal: int) -> Post | None:
    """Turn one complete ``<item>`` into a post.

    Args:
        item: the ``<item>`` element with its children.
        wp_ns: the file's WordPress export namespace URI (that of ``<wp:wxr_version>``).
        path: the file, for :attr:`Post.path` and log messages.
        ordinal: the item's 1-based position, naming items that lack ``<wp:post_id>``.

    Returns:
        The post, or ``None`` for item types other than ``post`` and ``page`` and for
        items without a usable permalink (logged as a warning).
    """
    return _to_post(_collect(item, wp_ns), path, ordinal)


@dataclass
class _Item:
    """The parts of one ``<item>`` a post needs; the first occurrence of each field wins."""

    fields: dict[str, str] = field(default_factory=dict)
    categories: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    old_slugs: list[str] = field(default_factory=list)  # postmeta _wp_old_slug

    def get(self, key: str) -> str:
        """The field's text, stripped, or ``""``."""
        return self.fields.get(key, "").strip()


def _collect(item: Element, wp_ns: str) -> _Item:
    """Gather an item's fields by namespace URI (``title``, ``wp:status``, ``content``)."""
    found = _Item()
    for child in item:
        ns, local = split_tag(child.tag)
        text = child.text or ""
        if not ns and local == "category":
            _add_term(found, child.get("domain"), text)
        elif not ns:
            found.fields.setdefault(local, text)
        elif ns == wp_ns and local == "postmeta":
            meta = {split_tag(c.tag): (c.text or "").strip() for c in child}
            slug = meta.get((wp_ns, "meta_value"), "")
            if meta.get((wp_ns, "meta_key")) == "_wp_old_slug" and slug:
                found.old_slugs.append(slug)
        elif ns == wp_ns:
            found.fields.setdefault(f"wp:{local}", text)
        elif ns == _CONTENT_NS and local == "encoded":
            found.fields.setdefault("content", text)
    return found


def _add_term(item: _Item, domain: str | None, text: str) -> None:
    """Add a ``<category>`` to the item's categories or tags (other taxonomies are ignored)."""
    name = _plain_text(text)
    if not name:
        return
    if domain in (None, "category"):  # WXR 1.0 also wrote categories without a domain
        target = item.categories
    elif domain in _TAG_DOMAINS:
        target = item.tags
    else:
        return
    if name not in target:
        target.append(name)


def _to_post(item: _Item, path: Path, ordinal: int) -> Post | None:
    """Turn one item into a post, or ``None`` for other item types and unusable items."""
    where = f"{path}#{item.get('wp:post_id') or f'item-{ordinal}'}"
    post_type = item.get("wp:post_type")
    if post_type not in _POST_TYPES:
        if post_type:
            log.debug("%s: skipped: post type %r is not indexed", where, post_type)
        else:
            log.warning("%s: skipped an item with no <wp:post_type>", where)
        return None
    title = _plain_text(item.get("title"))
    url = _permalink(item)
    if url is None:
        log.warning(
            "%s: skipped %s %r: it has no <link> and its <guid> is not a permalink",
            where,
            post_type,
            title,
        )
        return None
    return Post(
        url=url,
        title=title,
        body=strip_wp_markup(item.get("content")),
        format="html",
        date=_published(item),
        categories=tuple(item.categories),
        tags=tuple(item.tags),
        post_type=post_type,
        draft=item.get("wp:status") != "publish",
        path=where,
        aliases=_old_urls(url, item.get("wp:post_name"), item.old_slugs),
    )


def _old_urls(url: str, slug: str, old_slugs: list[str]) -> tuple[str, ...]:
    """The URLs a post had under its old slugs (``_wp_old_slug``), which WordPress
    redirects to it: its permalink with each old slug in place of its slug, when the
    permalink ends with the slug (a ``?p=123`` link has none to replace)."""
    try:
        parts = urlsplit(url)
    except ValueError:  # "http://[::1" : no URL to take a slug from
        return ()
    head, sep, last = parts.path.rstrip("/").rpartition("/")
    if not slug or not sep or last != slug:
        return ()
    tail = parts.path[len(head) + 1 + len(last) :]  # the trailing slash, if any
    return tuple(
        dict.fromkeys(
            parts._replace(path=f"{head}/{old}{tail}").geturl()
            for old in old_slugs
            if old != slug and "/" not in old
        )
    )


def _permalink(item: _Item) -> str | None:
    """The item's ``<link>``, else its ``<guid>`` unless that is a ``?p=123`` style URL."""
    link = item.get("link")
    if link:
        return link
    guid = item.get("guid")
    parts = urlsplit(guid)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return None
    if _ID_QUERY_KEYS & parse_qs(parts.query).keys():
        return None
    return guid


def _published(item: _Item) -> datetime | None:
    """Publication time in UTC: ``post_date_gmt``, else ``post_date``, else ``pubDate``.

    ``post_date`` is the site's local time with no offset in the file; it is read as UTC,
    which can be off by the site's offset (WordPress leaves ``post_date_gmt`` at zero
    only for unpublished items).
    """
    for key in ("wp:post_date_gmt", "wp:post_date"):
        text = item.get(key)
        if text and not text.startswith("0000-00-00"):
            try:
                return datetime.strptime(text, _MYSQL_DATE).replace(tzinfo=UTC)
            except ValueError:
                continue
    return _rss_date(item.get("pubDate"))


def _rss_date(text: str) -> datetime | None:
    """Parse an RSS ``pubDate``; ``None`` for the zero dates WordPress writes for drafts."""
    if not _RSS_YEAR.search(text):
        return None
    try:
        parsed = parsedate_to_datetime(text)
    except (TypeError, ValueError):
        return None
    try:
        parsed = as_utc(parsed)
    except ValueError:
        return None
    return None if parsed.timestamp() == 0 else parsed


def _plain_text(text: str) -> str:
    """Titles and term names as plain text: tags removed, entities decoded, spaces collapsed."""
    return " ".join(html.unescape(_HTML_TAG.sub("", text)).split())


def split_tag(tag: str) -> tuple[str, str]:
    """Split ``{uri}local`` into ``(uri, local)``; ``("", tag)`` without a namespace."""
    if tag.startswith("{"):
        uri, _, local = tag[1:].partition("}")
        return uri, local
    return "", tag
