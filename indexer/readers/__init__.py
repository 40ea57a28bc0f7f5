"""Readers: turn a post or draft (Markdown, HTML, plain text) into a :class:`Document`,
and corpus files (site folders, JSONL, curated sources) into posts and sources."""

from __future__ import annotations

from pathlib import PurePath

from indexer.document import Document, Format
from indexer.readers.html import parse_html
from indexer.readers.markdown import parse_markdown
from indexer.readers.text import parse_text

__all__ = ["EXTENSIONS", "format_for_path", "parse_document", "parse_html", "parse_markdown"]

#: File extensions (lower-case, with dot) and the format each holds.
EXTENSIONS: dict[str, Format] = {
    ".md": "markdown",
    ".markdown": "markdown",
    ".mdown": "markdown",
    ".mkd": "markdown",
    ".html": "html",
    ".htm": "html",
    ".txt": "text",
}


def parse_document(source: str, format: Format) -> Document:
    """Parse ``source`` written in ``format`` (``markdown``, ``html`` or ``text``).

    Raises:
        ValueError: ``format`` is not one of the three.
    """
    if format == "markdown":
        return parse_markdown(source)
    if format == "html":
        return parse_html(source)
    if format == "text":
        return parse_text(source)
    raise ValueError(f"unknown format {format!r}: use 'markdown', 'html' or 'text'")


def format_for_path(path: str | PurePath) -> Format:
    """The format of a file, from its extension.

    Raises:
        ValueError: the extension is not one linkwright reads.
    """
    suffix = PurePath(path).suffix.lower()
    try:
        return EXTENSIONS[suffix]
    except KeyError:
        known = ", ".join(EXTENSIONS)
        raise ValueError(f"{path}: unknown file type {suffix or '(none)'!r}; use {known}") from None
