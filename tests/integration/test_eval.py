"""`run_eval` end to end on a tiny synthetic site, with the real models."""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

import pytest

from service.engine.types import Options

pytestmark = pytest.mark.models

WIKI = "https://en.wikipedia.org/wiki/Hash_table"
WIKI_HTTP = "http://en.wikipedia.org/wiki/Hash_table"  # the same page
POSTS = {
    "2020-03-01-hash-tables.md": (
        "Hash tables in C",
        "A [hash table][ht] maps keys to values. Open addressing keeps the table in one\n"
        "array, and a good hash function spreads the keys.\n\n[ht]: " + WIKI + "\n",
    ),
    "2020-05-01-probing.md": (
        "Linear probing done right",
        "Linear probing is the simplest way to resolve collisions in a\n"
        "[hash table](" + WIKI_HTTP + "). My [earlier post on hash tables][old] built one.\n\n"
        "[old]: /blog/2020/03/01/\n",
    ),
    "2020-08-01-random.md": (
        "Random number generators",
        'A <a href="https://en.wikipedia.org/wiki/Xorshift">xorshift</a> generator is fast.\n'
        "Seeding it well matters more than the algorithm; see <https://example.com/seed>.\n",
    ),
    "2020-11-01-emacs.md": (
        "Emacs Lisp closures",
        "Closures capture variables. Lexical binding made closures practical in Emacs Lisp,\n"
        "and [xorshift](https://en.wikipedia.org/wiki/Xorshift) fits in a few lines.\n",
    ),
    "2021-02-01-hashing-again.md": (
        "Hashing strings quickly",
        "Every [hash table](" + WIKI_HTTP + ") needs a string hash. Collisions are resolved\n"
        "by [linear probing][probe], which I described before, and the\n"
        "[table itself][ht] stays small. A [xorshift generator][xs] makes test keys.\n\n"
        "[probe]: /blog/2020/05/01/#top\n[ht]: https://nullprogram.example/blog/2020/03/01/\n"
        "[xs]: /blog/2020/08/01/\n",
    ),
    "2021-04-01-lisp.md": (
        "More Lisp",
        "Closures in Emacs Lisp [once more](/blog/2020/11/01/): lexical binding is on\n"
        "by default now. A newer post [links forward](/blog/2021/06/01/).\n",
    ),
    "2021-06-01-later.md": ("A later note", "Nothing links here, and that is fine.\n"),
}


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("site")
    (root / "_config.yml").write_text(
        "permalink: /blog/:year/:month/:day/\nurl: https://nullprogram.example\n"
    )
    (root / "_posts").mkdir()
    for name, (title, body) in POSTS.items():
        (root / "_posts" / name).write_text(f"---\ntitle: {title}\n---\n\n{body}")
    return root


@pytest.fixture(scope="module")
def report(site, analyser, embedder, tmp_path_factory):
    from service.eval.runner import run_eval

    stages = set()
    result = run_eval(
        site,
        date(2021, 1, 1),
        analyser=analyser,
        embedder=embedder,
        index_dir=tmp_path_factory.mktemp("index"),
        progress=lambda stage, done, total: stages.add(stage),
    )
    assert "evaluate" in stages
    return result


def test_report_structure(report, tmp_path) -> None:
    from service.eval.plot import plot_pr

    assert (report.indexed_posts, report.tested_posts) == (4, 3)
    # the two Wikipedia pages, each linked from two posts (Hash_table by one over http)
    assert report.sources == 2
    assert report.leaked_links == 0
    assert set(report.systems) == {"linkwright", "baseline"}
    internal = report.systems["linkwright"].internal
    assert (internal.posts, internal.gold) == (2, 4)  # forward link not counted
    assert report.systems["linkwright"].citation.gold == 1  # the hash table page
    assert set(internal.target) >= {"posts", "precision@3", "recall@10"}
    # 3 and 1 gold links: (3/3 + 1/3) / 2 at k=3, (3/5 + 1/5) / 2 at k=5, ...
    assert internal.precision_ceiling == {
        "precision@3": 0.6667,
        "precision@5": 0.4,
        "precision@10": 0.2,
    }
    assert len(internal.sweep_target) == len(report.thresholds) == 21
    assert internal.retrieval is not None and 0 <= internal.retrieval["recall"] <= 1
    assert report.systems["baseline"].internal.retrieval is None
    assert report.systems["linkwright"].latency_ms["p50"] > 0
    report.write_json(tmp_path / "report.json")
    data = json.loads((tmp_path / "report.json").read_text())
    assert data["systems"]["baseline"]["citation"]["default_target"]["gold"] == 1
    assert (data["until"], data["limit"]) == (None, None)  # the whole test period, unlimited
    defaults = Options()
    assert data["default_thresholds"] == {
        "internal": defaults.threshold,
        "citation": defaults.citation_threshold,
    }
    assert data["systems"]["linkwright"]["citation"]["precision_ceiling"]["precision@3"] == 0.3333
    # the tested post links the http variant: gold for the source, under the source's URL
    assert [c["gold_citations"] for c in data["cases"]] == [{WIKI: ["hash table"]}, {}, {}]
    assert {c["url"] for c in data["cases"]} == {
        "/blog/2021/02/01/",
        "/blog/2021/04/01/",
        "/blog/2021/06/01/",
    }
    plot_pr(report, tmp_path / "pr.png")
    assert (tmp_path / "pr.png").read_bytes()[:4] == b"\x89PNG"


def test_stripped_drafts_hold_no_link_syntax(site) -> None:
    from indexer.readers import parse_document
    from indexer.readers.site import read_site
    from service.eval.cases import make_case

    syntax = re.compile(r"\]\(|\]\[|\]:|<a\s|</a>|https?://|/blog/", re.IGNORECASE)
    for post in read_site(site):
        case = make_case(post, "https://nullprogram.example", {"/blog/2020/03/01/"}, {WIKI})
        assert not syntax.search(case.draft), case.draft
        assert parse_document(case.draft, post.format).links == ()


def test_the_printed_summary_gives_the_precision_ceiling(report, capsys) -> None:
    from service.cli.eval import print_summary

    print_summary(report)
    out = capsys.readouterr().out
    assert "internal: best possible P@3 0.667, P@5 0.400, P@10 0.200 given how many" in out
    assert "citation: best possible P@3 0.333" in out
