"""`linkwright index --wxr` end to end: a good export is indexed; a broken one is refused
with the file and the problem named, and the index in use is left as it was."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from indexer import layout
from indexer.manifest import Manifest
from indexer.readers.wxr import read_wxr
from service.cli.context import CliContext
from service.cli.main import cli
from service.settings import Settings

from ..unit.test_wxr import REFUSED, fixture

pytestmark = pytest.mark.models


def index(root: Path, *args: str) -> tuple[int, str]:
    obj = CliContext(settings=Settings(index=root))  # type: ignore[call-arg]
    result = CliRunner().invoke(cli, ["index", *args], obj=obj)
    return result.exit_code, result.output


@pytest.mark.parametrize("name", sorted(REFUSED))
def test_a_broken_export_is_refused_and_the_index_kept(index_copy: Path, name: str) -> None:
    before = layout.resolve(index_copy)
    code, output = index(index_copy, "sample_corpus/site", "--wxr", str(fixture(name)))
    assert code != 0
    assert str(fixture(name)) in output
    assert REFUSED[name] in output
    assert layout.resolve(index_copy) == before
    Manifest.read(before).verify(before)


def test_an_export_is_indexed_beside_a_site_folder(tmp_path: Path) -> None:
    root = tmp_path / "index"
    export = fixture("wxr-simple.xml")
    code, output = index(root, "sample_corpus/site", "--wxr", str(export))
    assert code == 0, output
    assert "read 49 posts" in output  # the site's 48 files and the export's one post
    build = layout.resolve(root)
    with sqlite3.connect(build / "index.sqlite") as db:
        urls = {url for (url,) in db.execute("SELECT url FROM posts")}
    (post,) = read_wxr(export)
    assert post.url in urls
    assert "/blog/2021/01/12/keyword-research-basics/" in urls


def test_a_site_of_unknown_origin_is_said(tmp_path: Path) -> None:
    """Without the site's origin, links that name it in full cannot count as internal:
    the index says so, and ``--origin`` makes them internal."""
    site = tmp_path / "site"
    (site / "_posts").mkdir(parents=True)
    (site / "_config.yml").write_text("permalink: /:title/\n", encoding="utf-8")
    for name, text in {
        "2020-01-01-first.md": "Sourdough starters need flour, water and patience.",
        "2020-01-02-second.md": "Feed the [starter](https://bread.example/first/) daily.",
    }.items():
        (site / "_posts" / name).write_text(f"---\ntitle: {name}\n---\n{text}\n", "utf-8")
    code, output = index(tmp_path / "index", str(site))
    assert code == 0, output
    assert "origin is unknown" in output and "0 to indexed posts" in output
    code, output = index(tmp_path / "index", str(site), "--origin", "https://bread.example")
    assert code == 0, output
    assert "origin is unknown" not in output and "1 to indexed posts" in output


def test_a_link_written_decoded_or_escaped_links_the_post(tmp_path: Path) -> None:
    """Jekyll writes the category "Café" as ``caf%C3%A9`` in URLs; a writer pastes the
    link as the browser shows it (``/café/…``) or escaped in lower case: each links it."""
    site = tmp_path / "site"
    (site / "_posts").mkdir(parents=True)
    (site / "_config.yml").write_text("url: https://s.example\n", encoding="utf-8")
    posts = {
        "2020-01-01-beans.md": "---\ncategories: [Café]\n---\nRoasting coffee beans at home.",
        "2020-01-02-a.md": "---\n---\nSee [beans](/café/2020/01/01/beans.html) first.",
        "2020-01-03-b.md": "---\n---\nSee [beans](/caf%c3%a9/2020/01/01/beans.html) too.",
    }
    for name, text in posts.items():
        (site / "_posts" / name).write_text(text + "\n", encoding="utf-8")
    code, output = index(tmp_path / "index", str(site))
    assert code == 0, output
    with sqlite3.connect(layout.resolve(tmp_path / "index") / "index.sqlite") as db:
        (url,) = db.execute("SELECT url FROM posts WHERE title = 'beans'").fetchone()
        linked = db.execute("SELECT count(*) FROM links WHERE target_post_id IS NOT NULL")
        assert url == "/caf%C3%A9/2020/01/01/beans.html"
        assert linked.fetchone() == (2,)
