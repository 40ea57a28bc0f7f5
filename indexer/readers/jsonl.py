"""JSONL post files (one JSON object per line), for any CMS without a folder or WXR export.

Each line holds ``url`` and ``title``, the text as ``body`` or ``content``, and optionally
``format`` (``markdown``, ``html`` or ``text``; default ``markdown``), ``date``,
``categories``, ``tags``, ``type``, ``keyphrase``, ``aliases`` (other URLs that redirect
to the post), and ``status`` (WordPress style: anything but ``publish`` is unpublished)
or ``draft``.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from pathlib import Path

from indexer.corpus import CorpusError, Post
from indexer.document import Format
from indexer.readers.fields import is_draft, parse_date, str_list, text_field
from indexer.urls import normalize_url, page_forms

_FORMATS: dict[str, Format] = {"markdown": "markdown", "html": "html", "text": "text"}


def read_jsonl(path: Path, *, origin: str = "") -> Iterator[Post]:
    """Read posts from a JSONL file, one per non-blank line.

    Args:
        path: the file.
        origin: the site's origin; absolute post URLs on it become paths, so that they
            match the links that point at them.

    Raises:
        CorpusError: naming the file and line, for a line that is not a JSON object or
            lacks ``url`` or text, and for a file that is not UTF-8 text.
    """
    path = Path(path)
    try:
        with path.open(encoding="utf-8-sig") as lines:
            for number, line in enumerate(lines, start=1):
                if not line.strip():
                    continue
                try:
                    yield _post(json.loads(line), origin, f"{path}:{number}")
                except (ValueError, TypeError) as exc:
                    raise CorpusError(f"{path}, line {number}: {exc}") from exc
                except RecursionError:
                    raise CorpusError(f"{path}, line {number}: JSON nested too deeply") from None
    except UnicodeDecodeError as exc:
        raise CorpusError(f"{path}: not UTF-8 text (bad byte at offset {exc.start})") from exc
    except OSError as exc:
        raise CorpusError(f"{path}: cannot read: {exc.strerror}") from exc


def _post(data: object, origin: str, where: str) -> Post:
    if not isinstance(data, dict):
        raise ValueError(f"expected a JSON object, got {type(data).__name__}")
    meta: Mapping[str, object] = data
    url = text_field(meta, "url")
    if not url:
        raise ValueError("'url' is missing or empty")
    body = meta.get("body", meta.get("content"))
    if not isinstance(body, str):
        raise ValueError("'body' (or 'content') must be the post's text")
    name = text_field(meta, "format") or "markdown"
    fmt = _FORMATS.get(name)
    if fmt is None:
        raise ValueError(f"'format' must be one of {', '.join(_FORMATS)}, not {name!r}")
    url = normalize_url(url, origin)
    aliases = (normalize_url(a, origin) for a in str_list(meta.get("aliases"), "aliases"))
    return Post(
        url=url,
        title=text_field(meta, "title"),
        body=body,
        format=fmt,
        date=parse_date(meta.get("date")),
        categories=str_list(meta.get("categories"), "categories"),
        tags=str_list(meta.get("tags"), "tags"),
        post_type=text_field(meta, "type", "post_type") or "post",
        draft=is_draft(meta),
        path=where,
        keyphrase=text_field(meta, "keyphrase", "focus_keyphrase"),
        aliases=tuple(dict.fromkeys(f for a in aliases if a and a != url for f in page_forms(a))),
    )
