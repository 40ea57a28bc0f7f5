"""The temporal split of a backtest: index what came before the cutoff, test what came after."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from indexer.corpus import Post


@dataclass(frozen=True)
class Split:
    """Posts on either side of a cutoff date.

    Attributes:
        indexed: published posts dated before the cutoff: what the engine may know.
        tested: published posts dated on or after the cutoff, oldest first.
        until: the day after the test period, if it has one.
        limit: the most posts tested, if limited.
    """

    cutoff: date
    indexed: tuple[Post, ...]
    tested: tuple[Post, ...]
    until: date | None = None
    limit: int | None = None


def split_posts(
    posts: Iterable[Post], cutoff: date, limit: int | None = None, until: date | None = None
) -> Split:
    """Split published, dated posts at ``cutoff``; drafts and undated posts take no part.

    Args:
        posts: the site's posts.
        cutoff: the first day of the test period.
        limit: test at most this many posts (the oldest after the cutoff).
        until: the day after the test period (default: no end).

    Raises:
        ValueError: ``limit`` is not positive.
    """
    if limit is not None and limit < 1:
        raise ValueError(f"limit must be at least 1, not {limit}")
    dated = sorted((p for p in posts if not p.draft and p.date is not None), key=_day)
    indexed = tuple(p for p in dated if _day(p) < cutoff)
    tested = tuple(p for p in dated if _day(p) >= cutoff and (until is None or _day(p) < until))
    return Split(cutoff, indexed, tested[:limit] if limit else tested, until, limit)


def _day(post: Post) -> date:
    assert post.date is not None
    return post.date.date()
