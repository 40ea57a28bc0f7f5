"""Inbound pre-selection and scope rules on the tiny site (fake models, real FAISS)."""

from __future__ import annotations

from datetime import datetime

import pytest

from service.engine.inbound import UnknownPost, find_target, load_graph, plan_jobs
from service.engine.index import LoadedIndex, load_index
from service.engine.policy import allowed_targets
from service.engine.types import Filters, InvalidRequest
from service.relink.plan import Scope, link_markup, select_targets
from tests.fakes.models import HashingEmbedder, WordsAnalyser
from tests.unit.test_report import ORIGIN, build_tiny


@pytest.fixture(scope="module")
def index(tmp_path_factory: pytest.TempPathFactory) -> LoadedIndex:
    root = build_tiny(tmp_path_factory.mktemp("site"), tmp_path_factory.mktemp("index"))
    embedder, analyser = HashingEmbedder(), WordsAnalyser()
    return load_index(root, embedder.name, embedder.dimension, analyser.name)


def urls(index: LoadedIndex, slots: object) -> set[str]:
    return {index.targets[i].url for i in slots}  # type: ignore[attr-defined]


def test_only_urls_restricts_the_targets(index: LoadedIndex) -> None:
    filters = Filters(only_urls=(f"{ORIGIN}/b", "/c/"))
    mask = allowed_targets(index.targets, filters, ["/c/"], ORIGIN)
    assert urls(index, mask.nonzero()[0]) == {"/b/"}  # /c/ is blocked: the draft links to it
    unfiltered = allowed_targets(index.targets, Filters(), [], ORIGIN)
    assert "/g/" not in urls(index, unfiltered.nonzero()[0])  # drafts never


def test_sources_are_never_the_target_its_linkers_or_drafts(index: LoadedIndex) -> None:
    graph = load_graph(index)
    a, f = find_target(index, "/a/"), find_target(index, "/f/")
    by_target: dict[str, set[str]] = {}
    for job in plan_jobs(index, graph, [a, f], max_sources=10, min_similarity=-1.0):
        for url in job.target_urls:
            by_target.setdefault(url, set()).add(job.source.url)
    assert by_target["/a/"] == {"/e/", "/f/"}  # b, c, d already link to /a/
    assert by_target["/f/"] == {"/a/", "/b/", "/c/", "/d/", "/e/"}  # /g/ is a draft
    jobs = plan_jobs(index, graph, [a], max_sources=1, min_similarity=-1.0)
    assert len(jobs) == 1


def test_unknown_and_draft_targets_are_refused(index: LoadedIndex) -> None:
    assert find_target(index, f"{ORIGIN}/a") == find_target(index, "/a/")
    with pytest.raises(UnknownPost) as unknown:
        find_target(index, "/nope/")
    assert unknown.value.status == 404
    with pytest.raises(InvalidRequest, match="draft"):
        find_target(index, "/g/")


def test_scope(index: LoadedIndex) -> None:
    since = select_targets(index, Scope(since=datetime(2024, 1, 5)))
    assert urls(index, since) == {"/e/", "/f/"}  # /g/ (Jan 7) is a draft
    assert len(select_targets(index, Scope(all=True))) == 6
    assert urls(index, select_targets(index, Scope(urls=("/b/",)))) == {"/b/"}
    assert select_targets(index, Scope()) == []


@pytest.mark.parametrize(
    ("fmt", "anchor", "url", "expected"),
    [
        ("markdown", "hash tables", "/b/", "[hash tables](/b/)"),
        ("markdown", "odd url", "/a (1)/", "[odd url](</a (1)/>)"),
        ("markdown", "a [bracket]", "/b/", None),
        (
            "html",
            "hash tables",
            '/b/?x=1&y="2"',
            '<a href="/b/?x=1&amp;y=&quot;2&quot;">hash tables</a>',
        ),
        ("html", "a &amp; b", "/b/", None),
    ],
)
def test_link_markup(fmt: str, anchor: str, url: str, expected: str | None) -> None:
    assert link_markup(fmt, anchor, url) == expected
