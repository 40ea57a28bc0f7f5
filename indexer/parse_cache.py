"""Each post's parse, kept in the build so the next build re-parses only changed posts.

A post's parse (:func:`indexer.passages.analyse_post`: passages, links, headings, words,
word counts) depends only on its body, its format, its title (counted with the body's
words) and the parsing code. ``parses.sqlite`` in a build folder maps a key over those
four to the parse, as JSON. The key takes in a
fingerprint of the parsing code (the readers', chunker's and word counter's source files,
the versions of Python, markdown-it, PyYAML and spaCy (its stop words), and
:data:`PARSE_VERSION`), so any change to how posts are parsed
simply means nothing to reuse. The file is the build's own cache: the service never
reads it, and it is not among the manifest's checksums.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import logging
import sqlite3
import sys
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import metadata
from pathlib import Path

from indexer import document, lexical, passages, readers
from indexer.corpus import Post
from indexer.document import Link
from indexer.passages import Passage, PostRecord, analyse_post

log = logging.getLogger(__name__)

PARSES_NAME = "parses.sqlite"
#: Bump to drop every kept parse when parsing changes in a way the fingerprint misses.
PARSE_VERSION = 1


@cache
def parser_fingerprint() -> str:
    """A hash of everything that decides a post's parse besides the post itself."""
    digest = hashlib.sha256(f"parse-v{PARSE_VERSION}\0{sys.version}\0".encode())  # html.parser
    for package in ("markdown-it-py", "PyYAML", "spacy"):
        digest.update(f"{package}=={metadata.version(package)}\0".encode())
    files = sorted(Path(readers.__file__).parent.glob("*.py"))
    for path in [*files, Path(document.__file__), Path(passages.__file__), Path(lexical.__file__)]:
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def parse_key(post: Post) -> str:
    """The key of a post's parse: its format, title and body under this parsing code."""
    head = f"{parser_fingerprint()}\0{post.format}\0{post.title}\0"
    digest = hashlib.sha256(head.encode("utf-8", "surrogatepass"))
    digest.update(post.body.encode("utf-8", "surrogatepass"))
    return digest.hexdigest()[:32]


@dataclass(frozen=True)
class Parsed:
    """The map step's result: one record per post, and what the new build keeps."""

    records: list[PostRecord]
    kept: list[tuple[str, bytes]]  # (key, parse) per post, in order
    parsed: int  # how many posts were parsed (the others reused their kept parse)


def analyse_posts(
    posts: Sequence[Post],
    kept: Mapping[str, bytes],
    analyse: Callable[[Sequence[Post]], Iterable[PostRecord]] = lambda ps: map(analyse_post, ps),
) -> Parsed:
    """Each post's record: from its kept parse when there is one, else parsed by ``analyse``
    (a map of :func:`analyse_post`, serial by default)."""
    keys = [parse_key(post) for post in posts]
    records = [_reuse(kept.get(k), p) for k, p in zip(keys, posts, strict=True)]
    todo = [i for i, r in enumerate(records) if r is None]
    fresh: dict[int, PostRecord] = dict(zip(todo, analyse([posts[i] for i in todo]), strict=True))
    done = [r if r is not None else fresh[i] for i, r in enumerate(records)]
    rows = [(k, encode(fresh[i]) if i in fresh else kept[k]) for i, k in enumerate(keys)]
    return Parsed(done, rows, len(todo))


def _reuse(blob: bytes | None, post: Post) -> PostRecord | None:
    if blob is None:
        return None
    try:
        return decode(blob, post)
    except ValueError as exc:
        log.warning("re-parsing %s: its kept parse is unreadable (%s)", post.path, exc)
        return None


def encode(record: PostRecord) -> bytes:
    """A post's parse as JSON (the post itself is not kept: it is the build's input)."""
    data = {
        "passages": [[p.ord, p.heading, p.text] for p in record.passages],
        "links": [
            [k.text, k.href, k.start, k.end, k.kind, k.rel, k.in_heading] for k in record.links
        ],
        "headings": list(record.headings),
        "words": record.words,
        "terms": base64.b64encode(record.terms).decode("ascii"),
    }
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def decode(blob: bytes, post: Post) -> PostRecord:
    """The :class:`PostRecord` of ``post`` from its kept parse.

    Raises:
        ValueError: the blob is not a parse this code wrote.
    """
    try:
        data = json.loads(blob)
        return PostRecord(
            post,
            tuple(Passage(*p) for p in data["passages"]),
            tuple(Link(*k) for k in data["links"]),
            tuple(data["headings"]),
            int(data["words"]),
            base64.b64decode(data["terms"], validate=True),
        )
    except (KeyError, TypeError, binascii.Error) as exc:
        raise ValueError(f"not a kept parse: {exc}") from exc


def load(folder: Path) -> dict[str, bytes]:
    """The parses a build kept, by key; empty when it kept none or they cannot be read."""
    path = folder / PARSES_NAME
    if not path.exists():
        return {}
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            return dict(conn.execute("SELECT key, parse FROM parses"))
        finally:
            conn.close()
    except sqlite3.Error as exc:
        log.warning("not reusing parses from %s: %s", path, exc)
        return {}


def save(folder: Path, rows: Iterable[tuple[str, bytes]]) -> None:
    """Keep ``(key, parse)`` rows in a new build folder."""
    conn = sqlite3.connect(folder / PARSES_NAME)
    try:
        conn.execute("PRAGMA journal_mode = OFF")
        conn.execute("CREATE TABLE parses (key TEXT PRIMARY KEY, parse BLOB NOT NULL)")
        conn.executemany("INSERT OR IGNORE INTO parses VALUES (?, ?)", rows)
        conn.commit()
    finally:
        conn.close()
