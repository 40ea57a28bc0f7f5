"""Which targets a request may link to, computed fast for the common request.

Most requests filter nothing but a few URLs (the draft's own, the links it already has,
the writer's dismissed ones). For those, the mask is the published targets minus a few
slots found by URL: no pass over every target, which costs real time on a 100,000-post
site. Any other filter goes through :func:`service.engine.policy.allowed_targets`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

import numpy as np

from indexer.store import TargetRow
from indexer.urls import decoded, normalize_url
from service.engine.policy import allowed_targets
from service.engine.types import Filters

_NO_FILTERS = Filters()


class TargetMask:
    """Allowed-target masks over one index's targets."""

    def __init__(self, targets: list[TargetRow], origin: str) -> None:
        self._targets = targets
        self._origin = origin
        self._published = np.array([not t.draft for t in targets], dtype=bool)
        self._slots: dict[str, list[int]] = {}
        for i, t in enumerate(targets):
            for key in {decoded(t.url), decoded(normalize_url(t.url, origin))}:
                self._slots.setdefault(key, []).append(i)

    def allowed(self, filters: Filters, blocked_urls: Iterable[str]) -> np.ndarray:
        """Published targets inside ``filters``, minus ``blocked_urls`` and the excluded."""
        if replace(filters, exclude_urls=()) != _NO_FILTERS:
            return allowed_targets(self._targets, filters, blocked_urls, self._origin)
        mask = self._published.copy()
        for url in (*blocked_urls, *filters.exclude_urls):
            if url:
                for slot in self._slots.get(decoded(normalize_url(url, self._origin)), ()):
                    mask[slot] = False
        return mask
