"""Reading posts from JSONL files."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from indexer.corpus import CorpusError
from indexer.readers.jsonl import read_jsonl


def write_lines(path: Path, *lines: object) -> Path:
    path.write_text(
        "\n".join(x if isinstance(x, str) else json.dumps(x) for x in lines) + "\n",
        encoding="utf-8",
    )
    return path


def test_reads_posts_with_defaults_and_options(tmp_path: Path) -> None:
    path = write_lines(
        tmp_path / "posts.jsonl",
        {"url": "/a/", "title": "A", "body": "# A\n\nText."},
        "",
        {
            "url": "https://site.example/b",
            "title": "B",
            "content": "<p>B</p>",
            "format": "html",
            "date": "2021-03-04T05:06:07+02:00",
            "categories": ["x", "y"],
            "tags": "one, two",
            "type": "page",
            "status": "publish",
            "focus_keyphrase": "bee",
            "aliases": ["https://site.example/old-b.html", "/b", "#top"],
        },
        {"url": "/c/", "title": "C", "body": "c", "status": "private"},
        {"url": "/d/", "title": "D", "body": "d", "draft": True},
    )
    a, b, c, d = read_jsonl(path, origin="https://site.example")
    assert (a.url, a.format, a.draft, a.date, a.path) == (
        "/a/",
        "markdown",
        False,
        None,
        f"{path}:1",
    )
    assert b.url == "/b/"
    assert (b.format, b.body, b.post_type, b.keyphrase) == ("html", "<p>B</p>", "page", "bee")
    assert b.date == datetime(2021, 3, 4, 3, 6, 7, tzinfo=UTC)
    assert (b.categories, b.tags, b.draft) == (("x", "y"), ("one", "two"), False)
    assert b.path.endswith(":3")
    assert b.aliases == ("/old-b.html", "/old-b/")  # its own URL and a fragment are none
    assert a.aliases == ()
    assert c.draft and d.draft


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("{not json", "line 2"),
        ("[1, 2]", "JSON object"),
        ('{"title": "no url", "body": "x"}', "'url'"),
        ('{"url": "/x/", "title": "no body"}', "'body'"),
        ('{"url": "/x/", "body": "x", "format": "rst"}', "'format'"),
        ('{"url": "/x/", "body": "x", "date": "soon"}', "'date'"),
        ('{"url": "/x/", "body": "x", "tags": {"a": 1}}', "'tags'"),
        ('{"url": "/x/", "body": "x", "draft": "maybe"}', "'draft'"),
        ('{"url": "/x/", "body": "x", "aliases": [["/y/"]]}', "'aliases'"),
        ("[" * 100_000, "nested too deeply"),
    ],
)
def test_bad_line_names_file_and_line(tmp_path: Path, line: str, message: str) -> None:
    path = write_lines(tmp_path / "bad.jsonl", {"url": "/ok/", "body": "ok"}, line)
    with pytest.raises(CorpusError, match=r"bad.jsonl, line 2") as info:
        list(read_jsonl(path))
    assert message in str(info.value)


def test_a_byte_order_mark_is_not_part_of_the_first_line(tmp_path: Path) -> None:
    path = tmp_path / "bom.jsonl"
    path.write_bytes(b'\xef\xbb\xbf{"url": "/x/", "body": "A post."}\n')
    assert [p.url for p in read_jsonl(path)] == ["/x/"]


def test_non_utf8_and_missing_file(tmp_path: Path) -> None:
    path = tmp_path / "latin.jsonl"
    path.write_bytes(b'{"url": "/x/", "body": "caf\xe9"}\n')
    with pytest.raises(CorpusError, match=r"latin.jsonl.*UTF-8"):
        list(read_jsonl(path))
    with pytest.raises(CorpusError, match=r"missing.jsonl"):
        list(read_jsonl(tmp_path / "missing.jsonl"))
