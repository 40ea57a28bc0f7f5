"""The :class:`IndexLookup` of a loaded index."""

from __future__ import annotations

from functools import cached_property

from indexer.store import TargetRow
from indexer.urls import decoded, domain, page_forms, page_key
from service.engine.index import LoadedIndex


def _forms(url: str) -> list[str]:
    """``url`` as written, without its query string, and percent-decoded: the forms under
    which a link may name an indexed page (``/x/?utm_source=y``, ``/caf%C3%A9/``)."""
    bare = url.partition("?")[0] if "?" in url else url
    return list(dict.fromkeys((url, bare, decoded(bare))))


class LoadedIndexLookup:
    """Answers the rules' questions from a :class:`LoadedIndex`."""

    def __init__(self, index: LoadedIndex) -> None:
        self._index = index
        self._stats = index.link_stats

    @property
    def origin(self) -> str:
        return self._index.manifest.origin

    @property
    def markdown(self) -> str:
        return self._index.manifest.markdown

    def target(self, url: str) -> TargetRow | None:
        for form in _forms(url):
            slot = self._index.by_url.get(form, self._decoded_urls.get(form))
            if slot is not None:
                return self._index.targets[slot]
        return None

    def redirect(self, url: str) -> str | None:
        aliases = self._index.manifest.aliases
        return next((aliases[form] for form in _forms(url) if form in aliases), None)

    @cached_property
    def _pages(self) -> frozenset[str]:
        """The URLs of the site's pages that are not posts (a Jekyll site's ``about.md``)."""
        return frozenset(form for url in self._index.manifest.pages for form in page_forms(url))

    @cached_property
    def _decoded_urls(self) -> dict[str, int]:
        """Indexed URLs that hold percent-escapes, decoded (a WordPress export's permalinks)."""
        return {decoded(u): slot for u, slot in self._index.by_url.items() if "%" in u}

    @cached_property
    def _source_rel_by_page(self) -> dict[str, str]:
        return {page_key(u): rel for u, rel in self._stats.source_rel.items()}

    def looks_like_post(self, path: str, exclude_url: str | None = None) -> bool:
        if not self._stats.looks_like_post(path) or any(f in self._pages for f in _forms(path)):
            return False
        if self._stats.tells_posts_from_pages(path):
            return True
        # Posts at /:title/: /about/ has a post's shape too. That the site's own posts
        # link to it as a page (the index has no post there) says it exists.
        return self._index.page_links(path, self._post_id(exclude_url)) == 0

    def _post_id(self, url: str | None) -> int | None:
        own = self.target(url) if url else None
        return own.id if own is not None and own.kind == "post" else None

    def source_rel(self, url: str) -> str:
        for form in _forms(url):  # http or https, with or without www., any query
            rel = self._stats.source_rel.get(form, self._source_rel_by_page.get(page_key(form)))
            if rel is not None:
                return rel
        host = domain(url)
        while host:
            if host in self._stats.domain_rel:
                return self._stats.domain_rel[host]
            host = host.partition(".")[2] if "." in host else ""
        return ""

    def anchor_uses(self, anchor: str, target: str, exclude_url: str | None = None) -> int:
        return self._index.anchor_uses(anchor, target, self._post_id(exclude_url))
