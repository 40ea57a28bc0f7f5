"""What an index says about the site's URLs, computed once at load from its targets.

The pre-publish check asks two questions the targets list alone cannot answer quickly:
whether a path has the shape of the site's post URLs (``broken-internal`` only flags
links that should be posts), and which ``rel`` a curated source's domain calls for
(``missing-rel``). How often the site already uses an anchor (``overused-anchor``) is
looked up in the index database instead (:meth:`LoadedIndex.anchor_uses`): held in memory
it cost ~80 MB per worker at 100,000 posts.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from indexer.store import TargetRow
from indexer.urls import domain, is_path, normalize_url

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
    parts = [p for p in _path(path).split("/") if p]
    if not parts:
        return ("", 0)
    first = parts[0] if parts[0] in shared else "*"
    return (first, len(parts))


@dataclass(frozen=True)
class LinkStats:
    """URL facts of one index build.

    Attributes:
        shared_prefixes: first path segments that two or more posts share (``blog``).
        post_shapes: the shapes of the site's post URLs (see :func:`url_shape`).
        source_rel: curated source URL (normalised) -> its ``rel`` policy.
        domain_rel: domain -> the ``rel`` every curated source on it shares.
    """

    shared_prefixes: frozenset[str] = frozenset()
    post_shapes: frozenset[Shape] = frozenset()
    source_rel: Mapping[str, str] = field(default_factory=dict)
    domain_rel: Mapping[str, str] = field(default_factory=dict)

    @classmethod
    def of_targets(cls, targets: Iterable[TargetRow], origin: str) -> LinkStats:
        """The URL facts of a list of targets."""
        targets = list(targets)
        paths = [normalize_url(t.url, origin) for t in targets if t.kind == "post"]
        firsts: dict[str, int] = defaultdict(int)
        for path in paths:
            parts = [p for p in _path(path).split("/") if p]
            if parts:
                firsts[parts[0]] += 1
        shared = frozenset(name for name, n in firsts.items() if n > 1)
        sources = [t for t in targets if t.kind == "source"]
        by_domain: dict[str, set[str]] = defaultdict(set)
        for t in sources:
            by_domain[domain(t.url)].add(t.rel)
        return cls(
            shared_prefixes=shared,
            post_shapes=frozenset(url_shape(p, shared) for p in paths),
            source_rel={normalize_url(t.url, origin): t.rel for t in sources},
            domain_rel={d: next(iter(r)) for d, r in by_domain.items() if d and len(r) == 1},
        )

    def looks_like_post(self, path: str) -> bool:
        """Whether an internal path has the shape of the site's post URLs."""
        return url_shape(path, self.shared_prefixes) in self.post_shapes

    def tells_posts_from_pages(self, path: str) -> bool:
        """Whether a post-shaped path's shape sets posts apart from pages: it begins with
        a segment posts share (``/blog/…``, ``/2024/…``), not a slug of its own, as every
        post and page of a site with ``/:title/`` permalinks does."""
        return url_shape(path, self.shared_prefixes)[0] != "*"


def _path(url: str) -> str:
    """The path of a normalised internal URL (a path, maybe with a query)."""
    return url.partition("?")[0] if is_path(url) else urlsplit(url).path
