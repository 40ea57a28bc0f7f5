"""What an index says about the site's own links and URLs, read once at load.

The pre-publish check asks three questions the targets list alone cannot answer quickly:
how often the site already links to a target with a given anchor (``overused-anchor``),
whether a path has the shape of the site's post URLs (``broken-internal`` only flags
links that should be posts), and which ``rel`` a curated source's domain calls for
(``missing-rel``). All three are computed here at load, so a check costs no more per
request than a lookup.
"""

from __future__ import annotations

import sqlite3
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from indexer.store import TargetRow
from indexer.urls import domain, normalize_url

#: A path's shape: its first segment (``"*"`` when no two posts share it) and depth.
Shape = tuple[str, int]


def anchor_key(text: str) -> str:
    """The form in which anchors are compared: case-folded, whitespace collapsed."""
    return " ".join(text.casefold().split())


def url_shape(path: str, shared: frozenset[str] = frozenset()) -> Shape:
    """The shape of a URL path: ``/blog/2020/01/02/`` -> ``("blog", 4)``.

    Args:
        path: a normalised internal URL (a path, maybe with a query).
        shared: first segments shared by several posts; any other becomes ``"*"``.
    """
    parts = [p for p in urlsplit(path).path.split("/") if p]
    if not parts:
        return ("", 0)
    first = parts[0] if parts[0] in shared else "*"
    return (first, len(parts))


@dataclass(frozen=True)
class LinkStats:
    """Link statistics and URL facts of one index build.

    Attributes:
        anchor_uses: ``(anchor key, normalised target URL)`` -> ``{post id: uses}``.
        shared_prefixes: first path segments that two or more posts share (``blog``).
        post_shapes: the shapes of the site's post URLs (see :func:`url_shape`).
        source_rel: curated source URL (normalised) -> its ``rel`` policy.
        domain_rel: domain -> the ``rel`` every curated source on it shares.
    """

    anchor_uses: Mapping[tuple[str, str], Mapping[int, int]] = field(default_factory=dict)
    shared_prefixes: frozenset[str] = frozenset()
    post_shapes: frozenset[Shape] = frozenset()
    source_rel: Mapping[str, str] = field(default_factory=dict)
    domain_rel: Mapping[str, str] = field(default_factory=dict)

    @classmethod
    def read(cls, conn: sqlite3.Connection, targets: list[TargetRow], origin: str) -> LinkStats:
        """Compute the statistics from an index database and its targets."""
        uses: dict[tuple[str, str], dict[int, int]] = defaultdict(dict)
        for post_id, anchor, href in conn.execute("SELECT post_id, anchor, href FROM links"):
            key = (anchor_key(anchor), normalize_url(href, origin))
            per_post = uses[key]
            per_post[post_id] = per_post.get(post_id, 0) + 1
        return cls.of_targets(targets, origin, dict(uses))

    @classmethod
    def of_targets(
        cls,
        targets: Iterable[TargetRow],
        origin: str,
        anchor_uses: Mapping[tuple[str, str], Mapping[int, int]] | None = None,
    ) -> LinkStats:
        """The URL facts of a list of targets (with the given anchor statistics)."""
        targets = list(targets)
        paths = [normalize_url(t.url, origin) for t in targets if t.kind == "post"]
        firsts: dict[str, int] = defaultdict(int)
        for path in paths:
            parts = [p for p in urlsplit(path).path.split("/") if p]
            if parts:
                firsts[parts[0]] += 1
        shared = frozenset(name for name, n in firsts.items() if n > 1)
        sources = [t for t in targets if t.kind == "source"]
        by_domain: dict[str, set[str]] = defaultdict(set)
        for t in sources:
            by_domain[domain(t.url)].add(t.rel)
        return cls(
            anchor_uses=anchor_uses or {},
            shared_prefixes=shared,
            post_shapes=frozenset(url_shape(p, shared) for p in paths),
            source_rel={normalize_url(t.url, origin): t.rel for t in sources},
            domain_rel={d: next(iter(r)) for d, r in by_domain.items() if d and len(r) == 1},
        )

    def uses(self, anchor: str, target: str, exclude_post: int | None = None) -> int:
        """How many existing links to ``target`` use ``anchor`` (but those of one post)."""
        per_post = self.anchor_uses.get((anchor_key(anchor), target), {})
        return sum(n for post, n in per_post.items() if post != exclude_post)

    def looks_like_post(self, path: str) -> bool:
        """Whether an internal path has the shape of the site's post URLs."""
        return url_shape(path, self.shared_prefixes) in self.post_shapes
