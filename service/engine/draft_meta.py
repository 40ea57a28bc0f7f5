"""What a draft says about itself: its categories and tags, and its publication date.

A request's own fields win; a draft's front matter fills in the rest (``categories`` or
``category``, ``tags`` or ``tag``, ``date``), read as the site reader reads a post's. A
front matter value that is not a list of names or a date is ignored: a draft is not
rejected for its metadata.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime

from indexer.readers.fields import as_utc, parse_date, str_list
from service.engine.types import Draft


@dataclass(frozen=True)
class DraftMeta:
    """The draft's labels (categories and tags, normalised) and date (UTC)."""

    labels: frozenset[str] = frozenset()
    date: datetime | None = None


def draft_meta(draft: Draft, front_matter: Mapping[str, object]) -> DraftMeta:
    """The draft's metadata: the request's fields, else its front matter's."""
    categories = draft.categories or _names(front_matter, "categories", "category")
    tags = draft.tags or _names(front_matter, "tags", "tag")
    when = draft.date or _date(front_matter)
    return DraftMeta(labels((*categories, *tags)), as_utc(when) if when else None)


def labels(names: Iterable[str]) -> frozenset[str]:
    """Category and tag names in the one form they are compared in."""
    return frozenset(key for name in names if (key := " ".join(name.lower().split())))


def _names(meta: Mapping[str, object], *keys: str) -> tuple[str, ...]:
    for key in keys:
        if key in meta:
            try:
                return str_list(meta[key], key)
            except ValueError:
                return ()
    return ()


def _date(meta: Mapping[str, object]) -> datetime | None:
    try:
        return parse_date(meta.get("date"))
    except ValueError:
        return None
