"""The SQLite half of an index: posts, sources, passages, existing links and phrases."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

DB_NAME = "index.sqlite"

SCHEMA = """
CREATE TABLE posts (
    id INTEGER PRIMARY KEY, url TEXT NOT NULL UNIQUE, title TEXT NOT NULL, date TEXT,
    categories TEXT NOT NULL, tags TEXT NOT NULL, post_type TEXT NOT NULL, draft INTEGER NOT NULL,
    path TEXT NOT NULL, keyphrase TEXT NOT NULL, words INTEGER NOT NULL, format TEXT NOT NULL
);
CREATE TABLE sources (
    id INTEGER PRIMARY KEY, url TEXT NOT NULL UNIQUE, title TEXT NOT NULL, publisher TEXT NOT NULL,
    summary TEXT NOT NULL, text TEXT NOT NULL, topics TEXT NOT NULL, trust REAL NOT NULL,
    rel TEXT NOT NULL
);
CREATE TABLE passages (
    id INTEGER PRIMARY KEY, owner_kind TEXT NOT NULL, owner_id INTEGER NOT NULL,
    ord INTEGER NOT NULL, heading TEXT NOT NULL, text TEXT NOT NULL, hash TEXT NOT NULL
);
CREATE TABLE links (
    id INTEGER PRIMARY KEY, post_id INTEGER NOT NULL REFERENCES posts(id), anchor TEXT NOT NULL,
    href TEXT NOT NULL, target_url TEXT NOT NULL, target_post_id INTEGER REFERENCES posts(id),
    internal INTEGER NOT NULL, start INTEGER NOT NULL, "end" INTEGER NOT NULL, kind TEXT NOT NULL,
    rel TEXT NOT NULL, in_heading INTEGER NOT NULL
);
CREATE TABLE phrases (
    key TEXT NOT NULL, owner_kind TEXT NOT NULL, owner_id INTEGER NOT NULL, origin TEXT NOT NULL,
    count INTEGER NOT NULL, PRIMARY KEY (key, owner_kind, owner_id, origin)
);
CREATE TABLE phrase_texts (text TEXT PRIMARY KEY, key TEXT NOT NULL);
CREATE INDEX links_target ON links(target_post_id);
CREATE INDEX links_target_url ON links(target_url);
CREATE INDEX passages_owner ON passages(owner_kind, owner_id);
"""


@dataclass(frozen=True)
class TargetRow:
    """A link target as the engine sees it: a post or a source."""

    kind: str  # "post" or "source"
    id: int
    url: str
    title: str
    date: datetime | None = None
    categories: tuple[str, ...] = ()
    post_type: str = "post"
    draft: bool = False
    publisher: str = ""
    topics: tuple[str, ...] = ()
    trust: float = 1.0
    rel: str = ""
    summary: str = ""
    tags: tuple[str, ...] = ()


def create(path: Path) -> sqlite3.Connection:
    """Create a new, empty index database at ``path``.

    No journal and no syncs while it is written: a build writes it once into a fresh
    folder that is fsynced before it is published, and a crashed build is never read.
    """
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA journal_mode = OFF")
    conn.execute("PRAGMA synchronous = OFF")
    conn.executescript(SCHEMA)
    return conn


@contextmanager
def open_readonly(path: Path) -> Iterator[sqlite3.Connection]:
    """Open an index database read-only (the service never writes to an index)."""
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)
    try:
        yield conn
    finally:
        conn.close()


def insert_many(conn: sqlite3.Connection, table: str, rows: Iterable[tuple[object, ...]]) -> None:
    """Insert rows into a table of the schema (column order as declared)."""
    rows = list(rows)
    if rows:
        marks = ",".join("?" * len(rows[0]))
        conn.executemany(f"INSERT INTO {table} VALUES ({marks})", rows)


def dumps(values: Iterable[str]) -> str:
    return json.dumps(list(values), ensure_ascii=False)


def load_targets(conn: sqlite3.Connection) -> list[TargetRow]:
    """All posts and sources of an index, posts first."""
    out = [
        TargetRow(
            "post",
            pid,
            url,
            title,
            _date(date),
            tuple(json.loads(cats)),
            ptype,
            bool(draft),
            tags=tuple(json.loads(tags)),
        )
        for pid, url, title, date, cats, tags, ptype, draft in conn.execute(
            "SELECT id, url, title, date, categories, tags, post_type, draft FROM posts ORDER BY id"
        )
    ]
    out += [
        TargetRow(
            "source",
            sid,
            url,
            title,
            publisher=pub,
            topics=tuple(json.loads(topics)),
            trust=trust,
            rel=rel,
            summary=summary,
        )
        for sid, url, title, pub, topics, trust, rel, summary in conn.execute(
            "SELECT id, url, title, publisher, topics, trust, rel, summary FROM sources ORDER BY id"
        )
    ]
    return out


def _date(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None
