"""The plain-text reader, format dispatch and file-extension formats."""

from __future__ import annotations

from pathlib import Path

import pytest

from indexer.readers import format_for_path, parse_document
from indexer.readers.text import parse_text
from tests.unit.readers_checks import assert_offsets


def test_text_paragraphs_split_on_blank_lines() -> None:
    src = "\n  First line\nsecond line  \n \t\nSecond para.\r\n\r\nThird *not markup*\n"
    doc = parse_text(src)
    assert_offsets(doc)
    assert [(b.kind, b.text) for b in doc.blocks] == [
        ("paragraph", "First line second line"),
        ("paragraph", "Second para."),
        ("paragraph", "Third *not markup*"),
    ]
    assert doc.links == () and doc.format == "text"
    assert parse_text("").blocks == () and parse_text(" \n\n ").blocks == ()


@pytest.mark.parametrize("fmt", ["markdown", "html", "text"])
def test_parse_document_dispatches(fmt: str) -> None:
    doc = parse_document("Hello <b>there</b>", fmt)  # type: ignore[arg-type]
    assert doc.format == fmt


def test_parse_document_rejects_unknown_format() -> None:
    with pytest.raises(ValueError, match=r"unknown format 'rst'"):
        parse_document("x", "rst")  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("name", "fmt"),
    [
        ("a.md", "markdown"),
        ("a.markdown", "markdown"),
        ("A.MDOWN", "markdown"),
        (Path("x/a.html"), "html"),
        ("a.htm", "html"),
        ("a.txt", "text"),
    ],
)
def test_format_for_path(name: str | Path, fmt: str) -> None:
    assert format_for_path(name) == fmt


def test_format_for_unknown_extension() -> None:
    with pytest.raises(ValueError, match=r"unknown file type '.rst'"):
        format_for_path("a.rst")
