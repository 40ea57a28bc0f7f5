"""The link report: counts, orphans and PageRank on a tiny hand-checked site."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner

from indexer.build import build_index
from indexer.corpus_input import read_inputs
from service.cli.context import CliContext
from service.cli.main import cli
from service.engine.report import is_noindex, pagerank, site_report
from tests.fakes.models import HashingEmbedder, WordsAnalyser
from tests.http.conftest import make_settings

ORIGIN = "https://tiny.example"
#: name -> (front matter extra, body). Links written by hand; expectations below.
POSTS = {
    "a": ("", "Hub. See [b](/b/), [c](/c/), [d](/d/), [me](/a/) and [x](https://example.org/)."),
    "b": (
        "",
        "Back to [a](/a/#top), [about](/about/), [y](https://y.example/) [z](http://z.example/).",
    ),
    "c": ("", "Links [a](/a/) and [b](https://tiny.example/b/)."),
    "d": ("", "Links [a](/a/) and [c](/c/index.html)."),
    "e": ("noindex: true\n", "A thank-you page nobody links to."),
    "f": ("", "Nobody links here."),
    "g": ("draft: true\n", "A draft linking to [f](/f/) does not count."),
}
EXPECTED = {  # url: (inbound, outbound_internal, outbound_external, orphan, noindex)
    "/a/": (3, 4, 1, False, False),
    "/b/": (2, 2, 2, False, False),
    "/c/": (2, 2, 0, False, False),
    "/d/": (1, 2, 0, False, False),
    "/e/": (0, 0, 0, False, True),
    "/f/": (0, 0, 0, True, False),
}


def build_tiny(site: Path, root: Path) -> Path:
    """Write the tiny site into ``site`` and index it (fake models) into ``root``."""
    (site / "_config.yml").write_text("url: https://tiny.example\npermalink: /:title/\n")
    (site / "_posts").mkdir()
    for day, (name, (extra, body)) in enumerate(POSTS.items(), start=1):
        text = f"---\ntitle: Post {name}\n{extra}---\n\n{body}\n"
        (site / "_posts" / f"2024-01-{day:02d}-{name}.md").write_text(text)
    (site / "contact.md").write_text("---\ntitle: Contact\n---\nWrite to us.\n")  # a page
    (site / "legacy.html").write_text("<p>Copied as it is, to /legacy.html.</p>")
    posts, _, facts = read_inputs([site], [], None)
    analyser, embedder = WordsAnalyser(), HashingEmbedder()
    build_index(root, posts, [], analyser=analyser, embedder=embedder, site=facts)
    return root


@pytest.fixture(scope="module")
def tiny_index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_tiny(tmp_path_factory.mktemp("tiny"), tmp_path_factory.mktemp("tiny-index"))


def test_counts_orphans_and_noindex_match_the_hand_count(tiny_index: Path) -> None:
    report = site_report(tiny_index)
    got = {
        p.url: (p.inbound, p.outbound_internal, p.outbound_external, p.orphan, p.noindex)
        for p in report.posts
    }
    assert got == EXPECTED  # the draft /g/ is left out entirely
    assert [p.url for p in report.orphans] == ["/f/"]


def test_pagerank_sums_to_one_and_ranks_the_most_linked_first(tiny_index: Path) -> None:
    report = site_report(tiny_index)
    assert sum(p.pagerank for p in report.posts) == pytest.approx(1.0)
    assert report.posts[0].url == "/a/"
    ranks = [p.pagerank for p in report.posts]
    assert ranks == sorted(ranks, reverse=True)


def test_pagerank_against_the_dense_definition() -> None:
    rng = np.random.default_rng(7)
    n = 12
    pairs = {(int(a), int(b)) for a, b in rng.integers(0, n, (30, 2)) if a != b}
    src = np.array([a for a, _ in pairs])
    dst = np.array([b for _, b in pairs])
    got = pagerank(n, src, dst)
    m = np.zeros((n, n))
    for a, b in pairs:
        m[b, a] = 1.0
    out = m.sum(axis=0)
    m[:, out == 0] = 1.0  # dangling nodes link everywhere
    m /= m.sum(axis=0)
    google = 0.85 * m + 0.15 / n
    values, vectors = np.linalg.eig(google)
    expected = np.real(vectors[:, np.argmax(np.real(values))])
    expected /= expected.sum()
    assert got == pytest.approx(expected, abs=1e-9)
    assert pagerank(3, np.array([0, 1, 2]), np.array([1, 2, 0])) == pytest.approx([1 / 3] * 3)
    assert len(pagerank(0, np.zeros(0, int), np.zeros(0, int))) == 0


@pytest.mark.parametrize(
    ("head", "expected"),
    [
        ("---\nnoindex: true\n---\nx", True),
        ("---\nrobots: noindex, follow\n---\nx", True),
        ('---\ntitle: t\n---\n<meta name="robots" content="noindex">', True),
        ("---\nnoindex: false\n---\nx", False),
        ("No front matter; the word noindex in prose.", False),
    ],
)
def test_noindex(head: str, expected: bool) -> None:
    assert is_noindex(head) is expected


def _invoke(index: Path, args: list[str]) -> str:
    obj = CliContext(settings=make_settings(index))
    result = CliRunner().invoke(cli, args, obj=obj)
    assert result.exit_code == 0, result.output
    return result.stdout


def test_cli_formats(tiny_index: Path) -> None:
    body = json.loads(_invoke(tiny_index, ["report", "--format", "json"]))
    assert body["format_version"] == 1
    assert body["summary"] == {"posts": 6, "orphans": 1, "internal_links": 10, "external_links": 3}
    assert body["posts"][0]["url"] == "/a/"
    orphans = json.loads(_invoke(tiny_index, ["report", "--format", "json", "--orphans"]))
    assert [p["url"] for p in orphans["posts"]] == ["/f/"]
    rows = list(csv.DictReader(io.StringIO(_invoke(tiny_index, ["report", "--format", "csv"]))))
    assert {r["url"]: int(r["inbound"]) for r in rows} == {u: e[0] for u, e in EXPECTED.items()}
    table = _invoke(tiny_index, ["report", "--orphans"])
    assert "/f/" in table and "/b/" not in table


@pytest.mark.parametrize("made", [False, True], ids=["missing", "empty-folder"])
def test_cli_without_an_index_says_what_to_do(tmp_path: Path, made: bool) -> None:
    if made:
        (tmp_path / "nothing").mkdir()
    obj = CliContext(settings=make_settings(tmp_path / "nothing"))
    result = CliRunner().invoke(cli, ["report"], obj=obj)
    assert result.exit_code != 0
    assert f"linkwright --index {tmp_path / 'nothing'} index" in result.output
    assert "build" not in result.output  # one hint (it once came twice for an empty folder)


@pytest.mark.parametrize("broken", ["manifest.json", "index.sqlite"])
def test_cli_refuses_a_build_the_service_would_refuse(
    tiny_index: Path, tmp_path: Path, broken: str
) -> None:
    import shutil

    from indexer import layout

    copy = tmp_path / "copy"
    shutil.copytree(tiny_index, copy, symlinks=True)
    target = layout.resolve(copy) / broken
    target.write_bytes(target.read_bytes()[:-10] + b"corrupted!")
    obj = CliContext(settings=make_settings(copy))
    result = CliRunner().invoke(cli, ["report"], obj=obj)
    assert result.exit_code == 1
    assert "corrupt" in result.output
