"""``linkwright relink`` and ``linkwright inbound`` end to end, with the real models, over
a private copy of the sample site (the apply tests edit its files, then undo)."""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from indexer.readers import format_for_path, parse_document
from indexer.urls import normalize_url
from service.cli.context import CliContext
from service.cli.main import cli
from service.relink.atomic import sha256_bytes
from service.relink.planfile import read_plan
from tests.conftest import SAMPLE
from tests.http.conftest import make_settings

pytestmark = pytest.mark.models

TARGETS = ("/blog/2021/10/19/orphan-pages/", "/blog/2025/06/17/content-pruning/")
DRAFTS = {"/blog/2023/12/05/link-reclamation/", "/blog/2024/12/03/podcast-seo/"}


@dataclass(frozen=True)
class Relink:
    site: Path
    pristine: Path
    index: Path
    engine: Any
    plan: Path

    def invoke(self, args: list[str], engine: Any = None) -> Result:
        obj = CliContext(
            settings=make_settings(self.index),
            engine_factory=lambda settings: engine or self.engine,
        )
        return CliRunner().invoke(cli, args, obj=obj)


def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


@pytest.fixture(scope="module")
def relink(tmp_path_factory: pytest.TempPathFactory, built_index, analyser, embedder) -> Relink:
    """The sample site copied and indexed (reusing the session index's embeddings), and
    one plan made over it with the CLI."""
    from indexer.build import build_index
    from indexer.corpus_input import read_inputs
    from service.engine.engine import Engine
    from service.engine.index import load_index

    base = tmp_path_factory.mktemp("relink")
    pristine, site, index = base / "pristine", base / "site", base / "index"
    shutil.copytree(SAMPLE / "site", pristine)
    shutil.copytree(pristine, site)
    shutil.copytree(built_index, index, symlinks=True)  # same passages: nothing re-embedded
    posts, sources, facts = read_inputs([site], [], SAMPLE / "sources.yaml")
    build_index(index, posts, sources, analyser=analyser, embedder=embedder, site=facts)
    engine = Engine(
        load_index(index, embedder.name, embedder.dimension, analyser.name), analyser, embedder
    )
    made = Relink(site, pristine, index, engine, base / "plan.jsonl")
    args = ["relink", "plan", "--max-sources", "4", "--threshold", "0.4", "-o", str(made.plan)]
    result = made.invoke(args + [a for url in TARGETS for a in ("--url", url)])
    assert result.exit_code == 0, result.output
    return made


@pytest.fixture
def plan(relink: Relink, tmp_path: Path) -> Path:
    """A fresh copy of the plan, over a site reset to its pristine bytes."""
    shutil.rmtree(relink.site)
    shutil.copytree(relink.pristine, relink.site)
    path = tmp_path / "plan.jsonl"
    shutil.copy(relink.plan, path)
    return path


def test_the_plan_proposes_checkable_edits(relink: Relink, plan: Path) -> None:
    edits = read_plan(plan)
    assert edits, "the sample site should offer some inbound links"
    linking: dict[str, set[str]] = {}
    for e in edits:
        data = Path(e.file).read_bytes()
        assert sha256_bytes(data) == e.sha256
        assert data.decode()[e.start : e.end] == e.anchor
        assert e.target_url in TARGETS and e.source_url != e.target_url
        assert e.source_url not in DRAFTS
        assert e.status == "proposed"
        linking.setdefault(e.target_url, set()).add(e.source_url)
    already = {"/blog/2022/06/21/seo-glossary/", "/blog/2023/08/22/topic-clusters/"}
    assert not already & linking.get(TARGETS[0], set())  # these link to it already
    page = relink.plan.with_suffix(".html").read_text()
    assert all(e.id in page for e in edits) and "<script" not in page


def test_accept_apply_undo_round_trip(relink: Relink, plan: Path) -> None:
    before = snapshot(relink.site)
    assert relink.invoke(["relink", "mark", str(plan), "--all-accept"]).exit_code == 0
    result = relink.invoke(["relink", "apply", str(plan)])
    assert result.exit_code == 0, result.output
    for e in read_plan(plan):
        text = Path(e.file).read_text()
        doc = parse_document(text, format_for_path(e.file))
        hrefs = {(link.text, normalize_url(link.href)) for link in doc.links}
        assert (e.anchor, e.target_url) in hrefs  # a real, working link
    assert snapshot(relink.site) != before
    result = relink.invoke(["relink", "undo", str(plan)])
    assert result.exit_code == 0, result.output
    assert snapshot(relink.site) == before


def test_only_accepted_edits_are_applied(relink: Relink, plan: Path) -> None:
    before = snapshot(relink.site)
    edits = read_plan(plan)
    chosen = edits[0]
    result = relink.invoke(["relink", "mark", str(plan), chosen.id, "--accept"])
    assert result.exit_code == 0, result.output
    assert relink.invoke(["relink", "apply", str(plan)]).exit_code == 0
    after = snapshot(relink.site)
    changed = [k for k in before if before[k] != after[k]]
    assert [str(relink.site / k) for k in changed] == [chosen.file]
    assert relink.invoke(["relink", "undo", str(plan)]).exit_code == 0


def test_plan_user_errors(relink: Relink, tmp_path: Path) -> None:
    out = str(tmp_path / "p.jsonl")
    result = relink.invoke(["relink", "plan", "-o", out])
    assert result.exit_code == 2 and "--since, --url, --category or --all" in result.output
    result = relink.invoke(["relink", "plan", "--url", "/no/such/post/", "-o", out])
    assert result.exit_code == 1 and "No post with the URL '/no/such/post/'" in result.output
    result = relink.invoke(["relink", "plan", "--url", TARGETS[0], "-o", str(relink.plan)])
    assert result.exit_code == 1 and "exists" in result.output
    result = relink.invoke(["relink", "plan", "--category", "no-such-topic", "-o", out])
    assert result.exit_code == 1 and "category 'no-such-topic'" in result.output
    page = tmp_path / "review.html"
    result = relink.invoke(["relink", "plan", "--url", TARGETS[0], "-o", str(page)])
    assert result.exit_code == 2 and "review page would overwrite it" in result.output
    assert not page.exists() and not Path(out).exists()
    result = relink.invoke(["relink", "mark", str(relink.plan), "x", "--accept", "--reject"])
    assert result.exit_code == 2 and "give one of --accept, --reject" in result.output


def test_inbound_says_so_when_no_source_file_can_be_read(relink: Relink) -> None:
    moved = relink.site.with_name("moved-away")
    relink.site.rename(moved)
    try:
        result = relink.invoke(["inbound", TARGETS[0], "--max-sources", "3"])
    finally:
        moved.rename(relink.site)
    assert result.exit_code == 0, result.output
    assert "none of the 3 source posts could be read" in result.output
    assert "No place in other posts scores above the threshold" not in result.output


def test_inbound_cli_json_equals_the_http_body(relink: Relink, engine, tmp_path: Path) -> None:
    from service.http.app import create_app

    url = TARGETS[0]
    args = ["inbound", url, "--json", "--max-sources", "3", "--threshold", "0.4"]
    result = relink.invoke(args, engine=engine)
    assert result.exit_code == 0, result.output
    cli_body = json.loads(result.stdout)
    app = create_app(make_settings(tmp_path / "unused"), engine=engine)
    request = {"url": url, "max_sources": 3, "options": {"threshold": 0.4}}
    http = app.test_client().post("/v1/inbound", json=request)
    assert http.status_code == 200, http.get_data(as_text=True)
    strip = lambda body: {k: v for k, v in body.items() if k != "timing_ms"}  # noqa: E731
    assert strip(cli_body) == strip(http.get_json())
    table = relink.invoke(["inbound", url, "--max-sources", "3"], engine=engine)
    assert table.exit_code == 0 and "links to" in table.output
    draft = relink.invoke(["inbound", "/blog/2024/12/03/podcast-seo/"], engine=engine)
    assert draft.exit_code == 1 and "draft" in draft.output


def test_the_density_precheck_counts_like_the_engine(relink: Relink) -> None:
    from service.engine.draft import analyse_draft
    from service.engine.inbound import has_room
    from service.engine.policy import link_room
    from service.engine.types import Draft, Options

    for path in sorted((relink.site / "_posts").iterdir())[:6]:
        text = path.read_text(encoding="utf-8")
        fmt = format_for_path(path)
        ad = analyse_draft(Draft(text, fmt), relink.engine.analyser)
        for per in (10, 80, 400):
            options = Options(words_per_link=per)
            room = link_room(options, ad.words, len(ad.document.links))
            assert has_room(text, fmt, options) == (room > 0)
