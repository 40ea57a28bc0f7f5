"""Coercing loosely typed metadata (front matter, JSON) into post fields.

Each function raises :class:`ValueError` with a message naming the field; the corpus
readers wrap it in a :class:`~indexer.corpus.CorpusError` that names the file.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import UTC, date, datetime, time

_SEPARATORS = re.compile(r"[,\s]+")
_SPACED_OFFSET = re.compile(r"^(\d{4}-\d\d-\d\d[T ][\d:.]+)\s+([+-]\d\d:?\d\d|Z)$")
_NOT_PUBLISHED = frozenset({"draft", "pending", "private", "future", "trash", "auto-draft"})


def str_list(value: object, name: str) -> tuple[str, ...]:
    """A list of names from a list or a space/comma separated string, each name once
    (so a YAML alias repeated 10,000 times is one name, not 10,000 copies to compare).

    Raises:
        ValueError: the value is neither.
    """
    if value is None:
        return ()
    if isinstance(value, str):
        return tuple(dict.fromkeys(p for p in _SEPARATORS.split(value) if p))
    if isinstance(value, list | tuple):
        items = [v for v in value if v is not None]
        if not all(isinstance(v, str | int | float) and not isinstance(v, bool) for v in items):
            raise ValueError(f"{name!r} must be a list of names")
        return tuple(dict.fromkeys(s for v in items if (s := str(v).strip())))
    if isinstance(value, int | float) and not isinstance(value, bool):
        return (str(value),)
    raise ValueError(f"{name!r} must be a list or a comma/space separated string")


def text_field(meta: Mapping[str, object], *names: str) -> str:
    """The first of ``names`` present in ``meta`` as a string (numbers are converted).

    Raises:
        ValueError: the value is a list, mapping or other non-scalar.
    """
    for name in names:
        value = meta.get(name)
        if value is None:
            continue
        if isinstance(value, str):
            return value.strip()
        if isinstance(value, int | float) and not isinstance(value, bool):
            return str(value)
        raise ValueError(f"{name!r} must be text, not {type(value).__name__}")
    return ""


def parse_date(value: object, name: str = "date") -> datetime | None:
    """A timezone-aware UTC datetime from a string, date or datetime (naive means UTC).

    Accepts ISO 8601 (``2013-09-03T03:45:58Z``) and Jekyll's ``2013-09-03 03:45:58 -0500``.

    Raises:
        ValueError: the value is not a date.
    """
    local = parse_local_date(value, name)
    return None if local is None else as_utc(local)


def parse_local_date(value: object, name: str = "date") -> datetime | None:
    """Like :func:`parse_date` but keeps the date's own wall-clock time and offset."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value
    if isinstance(value, date):
        return datetime.combine(value, time())
    if not isinstance(value, str):
        raise ValueError(f"{name!r} must be a date, not {type(value).__name__}")
    text = value.strip()
    m = _SPACED_OFFSET.match(text)
    if m:
        text = m.group(1) + m.group(2)
    if len(text) >= 5 and text[-5] in "+-" and text[-4:].isdigit() and ":" in text[-8:-5]:
        text = text[:-2] + ":" + text[-2:]  # "+0500" -> "+05:00"
    try:
        return datetime.fromisoformat(text)
    except ValueError:
        raise ValueError(f"{name!r} is not a date: {value!r} (use YYYY-MM-DD)") from None


def as_utc(moment: datetime) -> datetime:
    """Make a datetime timezone-aware UTC (naive datetimes are taken to be UTC).

    Raises:
        ValueError: the moment falls outside years 1-9999 once moved to UTC
            (``9999-12-31T23:00:00-05:00``).
    """
    if moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)
    try:
        return moment.astimezone(UTC)
    except OverflowError:
        raise ValueError(
            f"{moment.isoformat()} is outside years 1-9999 once moved to UTC"
        ) from None


def flag(value: object, name: str) -> bool:
    """A boolean from ``true``/``false``, ``yes``/``no``, ``1``/``0``.

    Raises:
        ValueError: the value is not a boolean.
    """
    if isinstance(value, bool):
        return value
    if isinstance(value, int) and value in (0, 1):
        return bool(value)
    if isinstance(value, str) and value.strip().lower() in ("true", "yes", "1", "false", "no", "0"):
        return value.strip().lower() in ("true", "yes", "1")
    raise ValueError(f"{name!r} must be true or false, not {value!r}")


def is_draft(meta: Mapping[str, object]) -> bool:
    """Whether metadata marks an item unpublished.

    ``draft: true``, ``published: false``, or a WordPress-style ``status`` other than
    ``publish`` (``draft``, ``pending``, ``private``, ``future``, ``trash``).
    """
    if meta.get("draft") is not None and flag(meta["draft"], "draft"):
        return True
    if meta.get("published") is not None and not flag(meta["published"], "published"):
        return True
    status = meta.get("status")
    return isinstance(status, str) and status.strip().lower() in _NOT_PUBLISHED
