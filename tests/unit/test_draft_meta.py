"""A draft's categories, tags and date: from the request, else from its front matter."""

from __future__ import annotations

from datetime import UTC, datetime

from indexer.readers import parse_document
from service.engine.draft_meta import DraftMeta, draft_meta, labels
from service.engine.types import Draft

FRONT = """---
title: Fast PRNGs
date: 2019-03-04 10:00:00 -0500
tags: [C, optimization]
categories: Programming
---
Some text about generators.
"""


def meta_of(draft: Draft) -> DraftMeta:
    return draft_meta(draft, parse_document(draft.text, draft.format).front_matter)


def test_front_matter_gives_labels_and_date() -> None:
    meta = meta_of(Draft(FRONT))
    assert meta.labels == {"c", "optimization", "programming"}
    assert meta.date == datetime(2019, 3, 4, 15, 0, tzinfo=UTC)


def test_request_fields_win_over_front_matter() -> None:
    when = datetime(2024, 1, 2, tzinfo=UTC)
    meta = meta_of(Draft(FRONT, tags=("Rust",), categories=("Systems",), date=when))
    assert meta.labels == {"rust", "systems"}
    assert meta.date == when


def test_request_tags_keep_front_matter_categories() -> None:
    meta = meta_of(Draft(FRONT, tags=("rust",)))
    assert meta.labels == {"rust", "programming"}


def test_bad_front_matter_values_are_ignored() -> None:
    text = "---\ntags: {a: 1}\ndate: someday\n---\nText.\n"
    assert meta_of(Draft(text)) == DraftMeta()


def test_naive_request_date_is_utc() -> None:
    meta = meta_of(Draft("Text.", date=datetime(2020, 5, 6)))
    assert meta.date == datetime(2020, 5, 6, tzinfo=UTC)


def test_labels_are_case_and_space_folded() -> None:
    assert labels(["  Game  Dev ", "game dev", "", "C"]) == {"game dev", "c"}


def test_a_yaml_alias_repeated_is_one_label() -> None:
    # An alias is one object however often it is used: its name is compared once.
    tags = ", ".join(["*t"] * 20_000)
    draft = Draft(f"---\nt: &t {'long tag ' * 2_000}\ntags: [{tags}]\n---\nText.\n")
    assert meta_of(draft).labels == {" ".join(["long tag"] * 2_000)}
