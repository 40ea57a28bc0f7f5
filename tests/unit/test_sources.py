"""Reading and validating curated sources."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from indexer.corpus import CorpusError
from indexer.readers.sources import read_sources

SAMPLE = Path(__file__).resolve().parents[2] / "sample_corpus" / "sources.yaml"

GOOD = {
    "url": "https://developer.mozilla.org/en-US/docs/Web/HTML",
    "title": "HTML basics",
    "publisher": "MDN",
    "summary": "What HTML is.",
}


def test_yaml_list_with_defaults(tmp_path: Path) -> None:
    path = tmp_path / "sources.yaml"
    path.write_text(
        "- url: https://a.example/x\n  title: A\n  publisher: P\n  summary: S\n"
        "- url: https://b.example/\n  title: B\n  publisher: Q\n  summary: T\n"
        "  text: longer\n  topics: [one, two]\n  trust: high\n  rel: nofollow\n",
        encoding="utf-8",
    )
    a, b = read_sources(path)
    assert (a.url, a.trust, a.rel, a.topics, a.text) == ("https://a.example/x", 0.5, "", (), "")
    assert (b.trust, b.rel, b.topics, b.text) == (0.9, "nofollow", ("one", "two"), "longer")


def test_yaml_mapping_and_jsonl(tmp_path: Path) -> None:
    mapping = tmp_path / "s.yml"
    mapping.write_text("sources:\n  - " + json.dumps(GOOD) + "\n", encoding="utf-8")
    assert [s.publisher for s in read_sources(mapping)] == ["MDN"]
    lines = tmp_path / "s.jsonl"
    lines.write_text(
        json.dumps({**GOOD, "trust": 0.25, "rel": "sponsored"}) + "\n\n", encoding="utf-8"
    )
    (source,) = read_sources(lines)
    assert (source.trust, source.rel) == (0.25, "sponsored")


def test_sample_corpus_sources_are_valid() -> None:
    sources = read_sources(SAMPLE)
    assert sources and all(0 <= s.trust <= 1 for s in sources)


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"url": "/relative"}, "'url'"),
        ({"url": "ftp://a.example/"}, "'url'"),
        ({"title": ""}, "'title'"),
        ({"publisher": None}, "'publisher'"),
        ({"summary": 3}, "'summary'"),
        ({"trust": 1.5}, "'trust'"),
        ({"trust": "very"}, "'trust'"),
        ({"trust": True}, "'trust'"),
        ({"rel": "ugc"}, "'rel'"),
        ({"topics": "a, b"}, "'topics'"),
        ({"topics": ["a", 1]}, "'topics'"),
        ({"text": ["x"]}, "'text'"),
    ],
)
def test_invalid_entry_names_file_entry_and_field(tmp_path: Path, change: dict, field: str) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_text(
        json.dumps(GOOD) + "\n" + json.dumps({**GOOD, "url": "https://b.example/", **change}) + "\n"
    )
    with pytest.raises(CorpusError, match=r"bad.jsonl: entry 2") as info:
        read_sources(path)
    assert field in str(info.value)


def test_duplicate_urls(tmp_path: Path) -> None:
    path = tmp_path / "dup.yaml"
    other = {**GOOD, "url": GOOD["url"] + "#section"}
    path.write_text(json.dumps([GOOD, other]), encoding="utf-8")
    with pytest.raises(CorpusError, match=r"entry 2.*already entry 1"):
        read_sources(path)


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("s.yaml", "url: [unclosed", "invalid YAML"),
        ("s.yaml", "just a string", "list of sources"),
        ("s.yaml", "- just a string", "entry 1: expected a mapping"),
        ("s.jsonl", "{broken", "line 1: invalid JSON"),
        ("s.jsonl", "[" * 100_000, "line 1: nested too deeply"),
        ("s.json", "[" * 100_000, "nested too deeply"),
    ],
)
def test_malformed_files(tmp_path: Path, name: str, content: str, message: str) -> None:
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    with pytest.raises(CorpusError, match=message):
        read_sources(path)


def test_one_page_under_two_urls_is_kept_with_a_warning(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    path = tmp_path / "sources.jsonl"
    entries = [GOOD, {**GOOD, "url": "http://www.developer.mozilla.org/en-US/docs/Web/HTML"}]
    path.write_text("\n".join(json.dumps(e) for e in entries) + "\n", encoding="utf-8")
    with caplog.at_level("WARNING"):
        assert len(read_sources(path)) == 2
    assert "entry 2 (http://www.developer.mozilla.org" in caplog.text
    assert "same page as entry 1" in caplog.text
    caplog.clear()
    with caplog.at_level("WARNING"):
        read_sources(SAMPLE)
    assert "same page" not in caplog.text
