"""Read WordPress export files (WXR 1.0, 1.1 and 1.2) into posts, one item at a time.

A WXR file (Tools → Export in WordPress) is an RSS document: ``<rss><channel>`` holds
``<wp:wxr_version>``, the site's authors and terms, then one ``<item>`` per post, page,
attachment, menu item and so on. Only posts and pages become :class:`Post` values;
published ones are link targets, every other status is yielded with ``draft=True``.

The file is untrusted input. It is parsed with defusedxml (no DOCTYPE, so no entity
expansion bombs and no external entities) and streamed: each ``<item>`` is turned into a
post and then discarded, so memory stays bounded on exports of any size. Namespaces are
matched by URI, never by prefix, so ``http://`` and ``https://`` forms of
``wordpress.org/export/1.x/`` and any prefix an exporter chose all work.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO
from xml.etree.ElementTree import Element, ParseError
from xml.parsers.expat import ErrorString

from defusedxml import DefusedXmlException, DTDForbidden
from defusedxml.ElementTree import iterparse

from indexer.corpus import CorpusError, Post
from indexer.readers.wxr_item import item_to_post, split_tag

log = logging.getLogger(__name__)

#: WXR versions this reader understands (``<wp:wxr_version>``).
SUPPORTED_VERSIONS: tuple[str, ...] = ("1.0", "1.1", "1.2")

_WP_NS = re.compile(r"https?://wordpress\.org/export/\d+\.\d+/")
_REEXPORT = "Re-export the site from WordPress (Tools → Export → All content) and import that file."


def read_wxr(path: Path) -> Iterator[Post]:
    """Yield the posts and pages of a WordPress export file, streaming.

    Posts are yielded as items are parsed, so an error in the middle of a file is raised
    after earlier posts were yielded: consume the whole iterator before committing.

    Args:
        path: the ``.xml`` file WordPress exported.

    Yields:
        One :class:`Post` per ``post`` or ``page`` item that has a permalink, with
        ``draft=True`` unless its status is ``publish``. Other item types are skipped;
        items without a usable permalink are skipped with a logged warning.

    Raises:
        CorpusError: the file cannot be read, is not well-formed XML, declares a
            DOCTYPE or entities, is not a WXR file, or has a missing, invalid or
            unsupported ``<wp:wxr_version>``. The message names the file.
    """
    try:
        with path.open("rb") as stream:
            yield from _read_stream(stream, path)
    except ParseError as exc:
        raise CorpusError(_syntax_message(path, exc)) from exc
    except DTDForbidden as exc:
        raise CorpusError(
            f"{path}: refused: the file declares a document type (<!DOCTYPE {exc.name}>), "
            "which WordPress exports never contain; it may be an XML entity attack. " + _REEXPORT
        ) from exc
    except DefusedXmlException as exc:
        raise CorpusError(
            f"{path}: refused: the file declares XML entities or external references, "
            "which WordPress exports never contain. " + _REEXPORT
        ) from exc
    except OSError as exc:
        raise CorpusError(f"{path}: cannot be read: {exc.strerror or exc}") from exc


def _read_stream(stream: IO[bytes], path: Path) -> Iterator[Post]:
    """Walk the XML events of one file, yielding posts and clearing each item after use."""
    state = _State(path)
    channel: Element | None = None
    depth = posts = 0
    for event, node in iterparse(stream, events=("start-ns", "start", "end"), forbid_dtd=True):
        if event == "start-ns":
            state.saw_wp_namespace |= bool(_WP_NS.fullmatch(node[1]))
        elif event == "start":
            depth += 1
            if depth <= 2:
                _check_frame(path, depth, node.tag)
                channel = node if depth == 2 else channel
        else:
            depth -= 1
            if depth == 2 and channel is not None:  # a child of <channel> is complete
                post = state.take(node)
                node.clear()
                channel.clear()
                if post is not None:
                    posts += 1
                    yield post
    state.finish(channel is not None)
    log.info(
        "%s: %d posts and pages from %d items (WXR %s)", path, posts, state.items, state.version
    )


@dataclass
class _State:
    """What one pass over a file has learnt so far."""

    path: Path
    version: str = ""
    wp_ns: str = ""
    saw_wp_namespace: bool = False
    items: int = 0

    def take(self, node: Element) -> Post | None:
        """Handle a complete child of ``<channel>``: the version, an item, or neither."""
        ns, local = split_tag(node.tag)
        if local == "wxr_version" and _WP_NS.fullmatch(ns) and not self.version:
            self.version = _check_version(self.path, (node.text or "").strip())
            self.wp_ns = ns
            return None
        if node.tag != "item":
            return None
        self.items += 1
        self._require_version()
        return item_to_post(node, self.wp_ns, self.path, self.items)

    def finish(self, saw_channel: bool) -> None:
        """Raise when the file turned out not to be a WXR file."""
        if not saw_channel:
            raise CorpusError(f"{self.path}: not a WordPress export: no <channel> in <rss>.")
        self._require_version()

    def _require_version(self) -> None:
        """Raise unless a supported ``<wp:wxr_version>`` has been read."""
        if self.version:
            return
        if not self.saw_wp_namespace:
            raise CorpusError(
                f"{self.path}: not a WordPress export (WXR) file: it does not use the "
                "WordPress export namespace (wordpress.org/export/1.x/); a plain RSS feed "
                "is not enough. " + _REEXPORT
            )
        raise CorpusError(
            f"{self.path}: not a valid WordPress export: <wp:wxr_version> is missing "
            "before the first item. " + _REEXPORT
        )


def _check_frame(path: Path, depth: int, tag: str) -> None:
    """Require ``<rss>`` as the root and ``<channel>`` inside it."""
    expected = "rss" if depth == 1 else "channel"
    if tag != expected:
        where = "the root element" if depth == 1 else "the element inside <rss>"
        raise CorpusError(
            f"{path}: not a WordPress export (WXR) file: {where} is <{_display(tag)}>, "
            f"expected <{expected}>. " + _REEXPORT
        )


def _check_version(path: Path, version: str) -> str:
    """Return ``version`` when this reader supports it, else raise a :class:`CorpusError`."""
    if version in SUPPORTED_VERSIONS:
        return version
    supported = ", ".join(SUPPORTED_VERSIONS)
    if not re.fullmatch(r"\d+\.\d+", version):
        raise CorpusError(
            f"{path}: invalid WXR version {version!r} in <wp:wxr_version> (expected a "
            f"number such as 1.2); the file was edited or damaged. " + _REEXPORT
        )
    raise CorpusError(
        f"{path}: unsupported WXR version {version} (supported: {supported}). Export "
        "with a WordPress version that writes WXR 1.2, or report the new version."
    )


def _syntax_message(path: Path, exc: ParseError) -> str:
    """A message for a well-formedness error, with the line and (1-based) column."""
    line, column = exc.position
    reason = ErrorString(exc.code) if getattr(exc, "code", None) else str(exc)
    return (
        f"{path}: not well-formed XML at line {line}, column {column + 1}: {reason}. "
        "The export is damaged or incomplete. " + _REEXPORT
    )


def _display(tag: str) -> str:
    """A tag as a person would write it (namespace URI shown only when there is one)."""
    ns, local = split_tag(tag)
    return f"{local} xmlns={ns!r}" if ns else local
