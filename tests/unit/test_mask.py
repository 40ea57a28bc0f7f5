"""The fast target mask agrees with the policy's full pass over every target."""

from __future__ import annotations

from datetime import UTC, datetime

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from indexer.store import TargetRow
from service.engine.mask import TargetMask
from service.engine.policy import allowed_targets
from service.engine.types import Filters

ORIGIN = "https://site.example"
POSTS = [
    TargetRow(
        "post",
        i,
        f"/blog/post-{i}/",
        f"Post {i}",
        datetime(2020, 1, 1 + i, tzinfo=UTC),
        ("seo",) if i % 2 else (),
        draft=i % 7 == 0,
    )
    for i in range(1, 20)
]
CAFE = TargetRow("post", 99, "/caf%C3%A9/beans/", "Beans", datetime(2020, 2, 1, tzinfo=UTC))
TARGETS = [*POSTS, CAFE, TargetRow("source", 1, "https://other.example/guide", "A guide")]
URLS = [t.url for t in TARGETS] + [
    "/café/beans/",  # the post at /caf%C3%A9/beans/, as a browser shows it
    "/caf%c3%a9/beans/",
    "https://site.example/blog/post-3/",
    "/blog/post-4",
    "/blog/post-5/#section",
    "https://other.example/guide",
    "https://nowhere.example/",
    "",
]


@settings(max_examples=200, deadline=None)
@given(
    blocked=st.lists(st.sampled_from(URLS), max_size=5),
    excluded=st.lists(st.sampled_from(URLS), max_size=5),
)
def test_fast_mask_equals_the_full_pass(blocked: list[str], excluded: list[str]) -> None:
    filters = Filters(exclude_urls=tuple(excluded))
    fast = TargetMask(TARGETS, ORIGIN).allowed(filters, blocked)
    full = allowed_targets(TARGETS, filters, blocked, ORIGIN)
    assert np.array_equal(fast, full)


def test_other_filters_take_the_full_pass() -> None:
    filters = Filters(categories=("seo",), exclude_urls=("/blog/post-3/",))
    fast = TargetMask(TARGETS, ORIGIN).allowed(filters, [])
    assert np.array_equal(fast, allowed_targets(TARGETS, filters, [], ORIGIN))
    assert 0 < fast.sum() < len(TARGETS)


def test_a_link_decoded_or_escaped_blocks_the_post() -> None:
    """A draft that links ``/café/beans/`` already links the post at its escaped URL."""
    unblocked = TargetMask(TARGETS, ORIGIN).allowed(Filters(), [])
    for link in ("/café/beans/", "/caf%c3%a9/beans/", "https://site.example/caf%C3%A9/beans/"):
        fast = TargetMask(TARGETS, ORIGIN).allowed(Filters(), [link])
        full = allowed_targets(TARGETS, Filters(), [link], ORIGIN)
        for mask in (fast, full):
            assert not mask[TARGETS.index(CAFE)], link
            assert mask.sum() == unblocked.sum() - 1, link  # that post and no other
