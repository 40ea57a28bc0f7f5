"""The :class:`IndexLookup` of a loaded index."""

from __future__ import annotations

from indexer.store import TargetRow
from indexer.urls import domain
from service.engine.index import LoadedIndex


class LoadedIndexLookup:
    """Answers the rules' questions from a :class:`LoadedIndex`."""

    def __init__(self, index: LoadedIndex) -> None:
        self._index = index
        self._stats = index.link_stats

    @property
    def origin(self) -> str:
        return self._index.manifest.origin

    def target(self, url: str) -> TargetRow | None:
        slot = self._index.by_url.get(url)
        return None if slot is None else self._index.targets[slot]

    def looks_like_post(self, path: str) -> bool:
        return self._stats.looks_like_post(path)

    def source_rel(self, url: str) -> str:
        rel = self._stats.source_rel.get(url)
        if rel is not None:
            return rel
        host = domain(url)
        while host:
            if host in self._stats.domain_rel:
                return self._stats.domain_rel[host]
            host = host.partition(".")[2] if "." in host else ""
        return ""

    def anchor_uses(self, anchor: str, target: str, exclude_url: str | None = None) -> int:
        own = self.target(exclude_url) if exclude_url else None
        exclude = own.id if own is not None and own.kind == "post" else None
        return self._index.anchor_uses(anchor, target, exclude)
