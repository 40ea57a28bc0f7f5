"""The linking policy: which targets are allowed, and which scored proposals survive."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

import numpy as np

from indexer.store import TargetRow
from indexer.urls import decoded, is_path, normalize_url, page_key
from service.engine.types import Filters, Options, SuggestionKind


@dataclass(frozen=True)
class Proposal:
    """A scored (sentence, target, anchor) before the policy picks among them."""

    kind: SuggestionKind
    sentence: int
    target: int
    start: int
    end: int
    score: float
    place: float = 0.0  # among proposals of one target and score, the higher goes first


def allowed_targets(
    targets: list[TargetRow], filters: Filters, blocked_urls: Iterable[str], origin: str
) -> np.ndarray:
    """A mask over targets: published, inside the filters, not blocked (the draft's own URL,
    URLs it already links to, excluded URLs), and among ``filters.only_urls`` when given."""
    blocked = {
        decoded(normalize_url(u, origin)) for u in (*blocked_urls, *filters.exclude_urls) if u
    }  # compared decoded: a draft's link to "/café/x/" is one to "/caf%C3%A9/x/"
    only = {v for u in filters.only_urls if u for v in (u, normalize_url(u, origin))}
    cats = {c.lower() for c in filters.categories}
    types = {t.lower() for t in filters.post_types}
    mask = np.zeros(len(targets), dtype=bool)
    for i, t in enumerate(targets):
        if only and t.url not in only:  # target URLs are stored normalised
            continue
        mask[i] = _allowed(t, filters, blocked, cats, types, origin)
    return mask


def _allowed(
    t: TargetRow, f: Filters, blocked: set[str], cats: set[str], types: set[str], origin: str
) -> bool:
    if t.draft or decoded(t.url) in blocked or decoded(normalize_url(t.url, origin)) in blocked:
        return False
    if any(t.url.startswith(p) for p in f.exclude_url_prefixes):
        return False
    if f.include_url_prefixes and not any(t.url.startswith(p) for p in f.include_url_prefixes):
        return False
    if t.kind == "source":
        return True
    if types and t.post_type.lower() not in types:
        return False
    if cats and not cats & {c.lower() for c in t.categories}:
        return False
    if t.date is not None:
        if f.published_before and t.date >= _aware(f.published_before, t):
            return False
        if f.published_after and t.date <= _aware(f.published_after, t):
            return False
    return True


def _aware(limit: datetime, t: TargetRow) -> datetime:
    """Compare naive limits as UTC when target dates carry a timezone, and vice versa."""
    if limit.tzinfo is None and t.date and t.date.tzinfo:
        return limit.replace(tzinfo=UTC)
    if limit.tzinfo is not None and t.date and t.date.tzinfo is None:
        return limit.replace(tzinfo=None)
    return limit


def link_room(options: Options, words: int, existing_links: int) -> int:
    """How many links a text may still get: the density cap (one link per
    ``words_per_link`` words, its existing links counted) within ``max_suggestions``."""
    density_cap = max(1, words // max(1, options.words_per_link)) - existing_links
    return min(options.max_suggestions, max(0, density_cap))


class Pages:
    """Which targets are one page (one :func:`~indexer.urls.page_key`): a sources file may
    list a page under its http and its https URL, or with and without ``www.``."""

    def __init__(self, targets: Sequence[TargetRow], origin: str) -> None:
        keys = [page_key(t.url, origin) for t in targets]
        first: dict[str, int] = {}
        #: For each target, the first target that is the same page.
        self.numbers = tuple(first.setdefault(key, i) for i, key in enumerate(keys))
        self._origin = origin
        # Outside pages only: a path on the site is one URL, matched exactly by the mask.
        self._outside: dict[str, list[int]] = {}
        for i, key in enumerate(keys):
            if not is_path(key):
                self._outside.setdefault(key, []).append(i)

    def of_links(self, hrefs: Iterable[str]) -> list[int]:
        """The targets that are the outside page of one of ``hrefs``, under any URL."""
        keys = {page_key(h, self._origin) for h in hrefs if h}
        return [t for key in keys for t in self._outside.get(key, ())]


def select(
    proposals: list[Proposal],
    options: Options,
    words: int,
    existing_links: int,
    pages: Sequence[int] | None = None,
) -> list[Proposal]:
    """Greedy by score: one link per target, ``per_sentence`` per sentence, no overlapping
    anchors, the threshold per kind, the density cap and the count limits.

    Args:
        pages: the page each target is (:attr:`Pages.numbers`): targets that are one
            page count as one target. Without it, every target is its own page.
    """
    cap = link_room(options, words, existing_links)
    limits = {"internal": options.max_internal, "citation": options.max_citations}
    thresholds = {"internal": options.threshold, "citation": options.citation_threshold}
    chosen: list[Proposal] = []
    used_targets: set[tuple[str, int]] = set()
    per_sentence: Counter[int] = Counter()
    per_kind: Counter[str] = Counter()
    for p in sorted(proposals, key=lambda p: (-p.score, -p.place, p.start)):
        if len(chosen) >= cap:
            break
        if p.score < thresholds[p.kind] or per_kind[p.kind] >= limits[p.kind]:
            continue
        target = (p.kind, pages[p.target] if pages is not None else p.target)
        if target in used_targets or per_sentence[p.sentence] >= options.per_sentence:
            continue
        if any(p.start < c.end and c.start < p.end for c in chosen):
            continue
        chosen.append(p)
        used_targets.add(target)
        per_sentence[p.sentence] += 1
        per_kind[p.kind] += 1
    return sorted(chosen, key=lambda p: p.start)


#: What may stand between an existing link's text and a new anchor for the two to read as
#: one run of links: the link's own markup and spaces.
_AFTER_LINK = re.compile(
    r"\s*(?:\]\([^)\n]*\)|\]\[[^\]\n]*\]|\]|</a\s*>)?(?:\{:[^}\n]*\})?\s*", re.I
)
_BEFORE_LINK = re.compile(r"\s*(?:\[|<a\b[^>]*>)?\s*", re.I)


def beside_links(text: str, links: Sequence[tuple[int, int]], start: int, end: int) -> bool:
    """Whether an anchor at ``text[start:end]`` would sit right beside one of ``links``
    (their anchor texts' offsets) with nothing but spaces and markup between: two links
    side by side read as one (the check's adjacent-links rule)."""
    for a, b in links:
        if b <= start and _AFTER_LINK.fullmatch(text, b, start):
            return True
        if end <= a and _BEFORE_LINK.fullmatch(text, end, a):
            return True
    return False
