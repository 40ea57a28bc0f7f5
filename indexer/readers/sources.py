"""Curated outside sources: a YAML or JSONL file of entries drafts may cite.

YAML holds a list of entries, or a mapping whose ``sources`` key holds the list; JSONL
holds one entry per line (``.json`` may hold either shape). Each entry has ``url``
(absolute http/https), ``title``, ``publisher``, ``summary``, and optionally ``text``,
``topics`` (a list of phrases), ``trust`` (0-1, or ``high``/``medium``/``low``) and
``rel`` (``""``, ``nofollow`` or ``sponsored``).
"""

from __future__ import annotations

import json
import logging
from collections.abc import Mapping
from pathlib import Path
from urllib.parse import urlsplit

import yaml

from indexer.corpus import CorpusError, Rel, Source
from indexer.urls import normalize_url, page_key

log = logging.getLogger(__name__)
TRUST_LEVELS = {"high": 0.9, "medium": 0.6, "low": 0.3}
_RELS: dict[str, Rel] = {"": "", "nofollow": "nofollow", "sponsored": "sponsored"}


def read_sources(path: Path) -> list[Source]:
    """Read and validate a curated sources file.

    Raises:
        CorpusError: naming the file, the entry (1-based) and the field, for anything
            invalid: a missing or empty field, a relative URL, a trust outside 0-1, an
            unknown ``rel``, or a URL listed twice.
    """
    path = Path(path)
    entries = _load(path)
    sources: list[Source] = []
    seen: dict[str, int] = {}
    for number, entry in enumerate(entries, start=1):
        where = f"{path}: entry {number}"
        try:
            source = _source(entry)
        except ValueError as exc:
            raise CorpusError(f"{where}: {exc}") from exc
        key = normalize_url(source.url)
        if key in seen:
            raise CorpusError(f"{where}: url {source.url!r} is already entry {seen[key]}")
        seen[key] = number
        sources.append(source)
    _warn_same_page(path, sources)
    return sources


def _warn_same_page(path: Path, sources: list[Source]) -> None:
    """Log the entries that are one page under other URLs (http and https, with and
    without ``www.``): they are kept, but suggested as one, so the owner may want one."""
    first: dict[str, int] = {}
    for number, source in enumerate(sources, start=1):
        key = page_key(source.url)
        if key in first:
            log.warning(
                "%s: entry %d (%s) is the same page as entry %d (%s); it is suggested once, "
                "under whichever ranks first",
                path,
                number,
                source.url,
                first[key],
                sources[first[key] - 1].url,
            )
        else:
            first[key] = number


def _load(path: Path) -> list[object]:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise CorpusError(f"{path}: not UTF-8 text (bad byte at offset {exc.start})") from exc
    except OSError as exc:
        raise CorpusError(f"{path}: cannot read: {exc.strerror}") from exc
    if path.suffix.lower() in (".jsonl", ".ndjson"):
        entries: list[object] = []
        for number, line in enumerate(text.splitlines(), start=1):
            if line.strip():
                try:
                    entries.append(json.loads(line))
                except ValueError as exc:
                    raise CorpusError(f"{path}, line {number}: invalid JSON: {exc}") from exc
                except RecursionError:
                    raise CorpusError(f"{path}, line {number}: nested too deeply") from None
        return entries
    try:
        data = json.loads(text) if path.suffix.lower() == ".json" else yaml.safe_load(text)
    except (ValueError, yaml.YAMLError) as exc:
        raise CorpusError(f"{path}: invalid {path.suffix.lstrip('.').upper()}: {exc}") from exc
    except RecursionError:
        raise CorpusError(f"{path}: nested too deeply to read") from None
    if isinstance(data, dict) and "sources" in data:
        data = data["sources"]
    if data is None:
        return []
    if not isinstance(data, list):
        raise CorpusError(f"{path}: expected a list of sources (or a 'sources:' key)")
    return data


def _source(entry: object) -> Source:
    if not isinstance(entry, dict):
        raise ValueError(f"expected a mapping of fields, got {type(entry).__name__}")
    url = _required(entry, "url")
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ValueError(f"field 'url' must be an absolute http(s) URL, not {url!r}")
    return Source(
        url=url,
        title=_required(entry, "title"),
        publisher=_required(entry, "publisher"),
        summary=_required(entry, "summary"),
        text=_optional(entry, "text"),
        topics=_topics(entry.get("topics")),
        trust=_trust(entry.get("trust")),
        rel=_rel(entry.get("rel")),
    )


def _required(entry: Mapping[str, object], name: str) -> str:
    value = entry.get(name)
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"field {name!r} must be a non-empty string")
    return value.strip()


def _optional(entry: Mapping[str, object], name: str) -> str:
    value = entry.get(name)
    if value is None:
        return ""
    if not isinstance(value, str):
        raise ValueError(f"field {name!r} must be a string")
    return value.strip()


def _topics(value: object) -> tuple[str, ...]:
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(t, str) for t in value):
        raise ValueError("field 'topics' must be a list of strings")
    return tuple(t.strip() for t in value if t.strip())


def _trust(value: object) -> float:
    if value is None:
        return 0.5
    if isinstance(value, str) and value.strip().lower() in TRUST_LEVELS:
        return TRUST_LEVELS[value.strip().lower()]
    if isinstance(value, int | float) and not isinstance(value, bool) and 0 <= value <= 1:
        return float(value)
    raise ValueError(
        f"field 'trust' must be a number from 0 to 1 or high/medium/low, not {value!r}"
    )


def _rel(value: object) -> Rel:
    key = "" if value is None else value
    if isinstance(key, str) and key.strip().lower() in _RELS:
        return _RELS[key.strip().lower()]
    raise ValueError(f"field 'rel' must be '', 'nofollow' or 'sponsored', not {value!r}")
