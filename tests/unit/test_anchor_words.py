"""Anchors begin and end on whole words (``anchors.whole_words``) and name something
(``generic.is_generic``): pure logic."""

from __future__ import annotations

import pytest

from indexer.generic import is_generic
from service.engine.anchors import whole_words


def _cut(source: str, piece: str) -> str | None:
    start = source.index(piece)
    where = whole_words(source, start, start + len(piece))
    return None if where is None else source[where[0] : where[1]]


@pytest.mark.parametrize(
    ("source", "piece", "expected"),
    [
        ("with non-standard versions of", "non-standard versions", "non-standard versions"),
        ("with non-standard versions of", "standard versions", None),
        ("a *non-allocating library*", "allocating library", None),
        ("the non-volatile registers", "non", None),
        ("edit main.c first", "main", None),
        ("edit main.c first", "c", None),
        ("a.k.a. encrypt", "encrypt", "encrypt"),
        ("written in plain old C.", "plain old C.", "plain old C"),
        ("the U.S. market", "U.S.", "U.S."),
        ("Linux's scheduler", "Linux", "Linux"),
        ("the (GA4) report", "GA4", "GA4"),
        ("a busybox-w32 build", "busybox-w32", "busybox-w32"),
        ("a busybox-w32 build", "w32", None),
        ("snake_case names", "case names", None),
        ("ends here", "here", "here"),
        ('the "safe" functions', 'safe" functions', '"safe" functions'),
        ('such "UTF-16" names', 'such "UTF-16', 'such "UTF-16"'),
        ("on x86-64 (output to", "x86-64 (output", None),
        ("(BMP) images", "BMP) images", "(BMP) images"),
        ("a (big (deep) tree", "big (deep) tree", "big (deep) tree"),
        ("a ((deep tree", "(deep tree", None),
        ("the `rep movsb` trick", "rep movsb` trick", "`rep movsb` trick"),
    ],
)
def test_whole_words(source, piece, expected):
    assert _cut(source, piece) == expected


@pytest.mark.parametrize(
    ("text", "generic"),
    [
        ("click here", True),
        ("Read more.", True),
        ("most valuable thing", True),
        ("an efficient way", True),
        ("the Unix way", False),
        ("wayfinding", False),
        ("thin posts", False),
        ("kind of sorting", False),
        ("a libc qsort() shootout of sorts", False),
    ],
)
def test_generic_anchor_texts(text, generic):
    assert is_generic(text) is generic
