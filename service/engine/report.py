"""The site's link report: per post inbound/outbound counts, orphans and link equity.

A map over posts (:func:`post_links`: one post's row and its links in, its edges out)
and a merge (:func:`merge`: inbound counts, orphan flags, PageRank over the internal link
graph). Only published posts are nodes; drafts are left out entirely. Self-links and
links to pages outside the index count as outbound internal links but are not edges.

A post is an orphan when no other published post links to it, unless it asks not to be
indexed (``noindex: true`` or ``robots: noindex`` in its front matter, or a robots
``<meta>`` tag): such pages are not expected to be linked.
"""

from __future__ import annotations

import re
import sqlite3
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from indexer import layout, store
from indexer.manifest import Manifest
from indexer.readers.front_matter import safe_front_matter, split_front_matter

DAMPING = 0.85
#: Bytes read from the head of a post's file to look for ``noindex``.
HEAD_BYTES = 16_384
_META_ROBOTS = re.compile(
    r"<meta\s[^>]*name=[\"']?robots[\"']?[^>]*content=[\"'][^\"']*noindex", re.IGNORECASE
)


@dataclass(frozen=True)
class PostRow:
    """A published post as the report reads it from the index."""

    id: int
    url: str
    title: str
    date: str | None
    path: str
    noindex: bool = False


@dataclass(frozen=True)
class LinkRow:
    """One link found in a post."""

    target_post_id: int | None
    internal: bool


@dataclass(frozen=True)
class PostLinks:
    """The map's output for one post: its outbound counts and its graph edges."""

    post: PostRow
    outbound_internal: int
    outbound_external: int
    edges: tuple[int, ...]  # distinct target post ids, itself excluded


@dataclass(frozen=True)
class PostReport:
    """One line of the report."""

    url: str
    title: str
    date: str | None
    path: str
    inbound: int  # internal links from other published posts
    inbound_posts: int  # distinct published posts linking to it
    outbound_internal: int
    outbound_external: int
    noindex: bool
    orphan: bool
    pagerank: float


@dataclass(frozen=True)
class SiteReport:
    """The whole report, posts sorted by PageRank (highest first)."""

    posts: tuple[PostReport, ...]

    @property
    def orphans(self) -> tuple[PostReport, ...]:
        return tuple(p for p in self.posts if p.orphan)


def post_links(post: PostRow, links: Iterable[LinkRow]) -> PostLinks:
    """Map step: count one post's links and list its edges in the internal link graph."""
    internal = external = 0
    edges: dict[int, None] = {}
    for link in links:
        if not link.internal:
            external += 1
            continue
        internal += 1
        if link.target_post_id is not None and link.target_post_id != post.id:
            edges[link.target_post_id] = None
    return PostLinks(post, internal, external, tuple(edges))


def merge(items: Sequence[PostLinks], counts: Counter[int] | None = None) -> SiteReport:
    """Merge step: inbound counts, orphan flags and PageRank.

    Args:
        items: one :class:`PostLinks` per published post.
        counts: links (not distinct posts) per target id from other posts; when None,
            one per edge.
    """
    slot = {item.post.id: i for i, item in enumerate(items)}
    src: list[int] = []
    dst: list[int] = []
    for i, item in enumerate(items):
        for target in item.edges:
            if target in slot:
                src.append(i)
                dst.append(slot[target])
    ranks = pagerank(len(items), np.asarray(src, dtype=np.int64), np.asarray(dst, dtype=np.int64))
    inbound_posts = np.bincount(np.asarray(dst, dtype=np.int64), minlength=len(items))
    rows = []
    for i, item in enumerate(items):
        p = item.post
        n_posts = int(inbound_posts[i])
        rows.append(
            PostReport(
                url=p.url,
                title=p.title,
                date=p.date,
                path=p.path,
                inbound=counts[p.id] if counts is not None else n_posts,
                inbound_posts=n_posts,
                outbound_internal=item.outbound_internal,
                outbound_external=item.outbound_external,
                noindex=p.noindex,
                orphan=n_posts == 0 and not p.noindex,
                pagerank=float(ranks[i]),
            )
        )
    rows.sort(key=lambda r: (-r.pagerank, r.url))
    return SiteReport(tuple(rows))


def pagerank(
    n: int,
    src: np.ndarray,
    dst: np.ndarray,
    damping: float = DAMPING,
    tol: float = 1e-12,
    max_iter: int = 200,
) -> np.ndarray:
    """PageRank by power iteration over edges ``src[k] -> dst[k]`` (distinct pairs).

    A node without outbound edges (dangling) spreads its rank evenly over all nodes.
    The result sums to 1.
    """
    if n == 0:
        return np.zeros(0)
    out_degree = np.bincount(src, minlength=n).astype(np.float64)
    dangling = out_degree == 0
    weight = 1.0 / out_degree[src] if len(src) else np.zeros(0)
    rank = np.full(n, 1.0 / n)
    for _ in range(max_iter):
        flow = np.bincount(dst, weights=rank[src] * weight, minlength=n)
        new = (1.0 - damping) / n + damping * (flow + rank[dangling].sum() / n)
        new /= new.sum()
        delta = float(np.abs(new - rank).sum())
        rank = new
        if delta < tol:
            break
    return rank


def is_noindex(head: str) -> bool:
    """Whether a post's text (its beginning is enough) asks search engines not to index it."""
    meta = safe_front_matter(split_front_matter(head))
    if meta.get("noindex") is True:
        return True
    for key in ("robots", "meta_robots"):
        value = meta.get(key)
        if isinstance(value, str) and "noindex" in value.lower():
            return True
    return bool(_META_ROBOTS.search(head))


def read_head(path: str) -> str:
    """The first bytes of a post's file as text ("" when it is not a readable file)."""
    try:
        with Path(path).open("rb") as fh:
            return fh.read(HEAD_BYTES).decode("utf-8", errors="ignore")
    except OSError:
        return ""


def site_report(index_root: Path) -> SiteReport:
    """The report for the current build under ``index_root`` (or a build folder itself).

    Raises:
        indexer.manifest.BadIndex: there is no index there, or a build the service would
            refuse (a corrupt manifest or database, another format).
        sqlite3.Error: the database cannot be read.
    """
    build = layout.resolve(index_root)
    Manifest.read(build).verify(build, [store.DB_NAME])  # the one file read here
    with store.open_readonly(build / store.DB_NAME) as conn:
        return report_from_db(conn)


def report_from_db(conn: sqlite3.Connection) -> SiteReport:
    """Read published posts and their links, map each post, merge."""
    posts = [
        PostRow(pid, url, title, date, path, is_noindex(read_head(path)))
        for pid, url, title, date, path in conn.execute(
            "SELECT id, url, title, date, path FROM posts WHERE draft = 0 ORDER BY id"
        )
    ]
    links: dict[int, list[LinkRow]] = {p.id: [] for p in posts}
    counts: Counter[int] = Counter()
    for post_id, target, internal in conn.execute(
        "SELECT post_id, target_post_id, internal FROM links"
    ):
        if post_id in links:
            links[post_id].append(LinkRow(target, bool(internal)))
            if internal and target is not None and target != post_id:
                counts[target] += 1
    return merge([post_links(p, links[p.id]) for p in posts], counts)
