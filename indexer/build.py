"""Build an index: a map over posts (:func:`analyse_post`), one merge, one atomic switch."""

from __future__ import annotations

import logging
import sqlite3
import time
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import lru_cache
from pathlib import Path

import numpy as np

from indexer import layout, lexical, parse_cache, store
from indexer.analysis import TextAnalyser
from indexer.corpus import NO_FACTS, CorpusError, Post, SiteFacts, Source
from indexer.embedding import Embedder
from indexer.generic import is_generic
from indexer.manifest import FORMAT_VERSION, Manifest, file_sha256
from indexer.passages import (
    Passage,
    PostRecord,
    analyse_post,
    source_passages,
    source_terms,
    text_hash,
)
from indexer.reuse import KeptVectors, Previous, load_previous
from indexer.urls import decoded, is_internal, normalize_url
from indexer.vectors import FAISS_NAME, TITLES_NAME, VECTORS_NAME, FaissIndex

log = logging.getLogger(__name__)

#: progress(stage, done, total): called as work advances.
Progress = Callable[[str, int, int], None]


@dataclass(frozen=True)
class BuildSummary:
    """What a build did."""

    path: Path
    posts: int
    drafts: int
    sources: int
    passages: int
    internal_links: int
    resolved_links: int
    external_links: int
    embedded: int
    reused: int
    seconds: float
    parsed: int = 0  # posts parsed; the others reused their parse from the previous build
    aliases: int = 0  # old URLs of posts that name them (alias_map)


def build_index(
    root: Path,
    posts: Sequence[Post],
    sources: Sequence[Source],
    *,
    analyser: TextAnalyser,
    embedder: Embedder,
    site: SiteFacts = NO_FACTS,
    progress: Progress | None = None,
) -> BuildSummary:
    """Build a new index under ``root`` and make it current; the old one stays until then.

    Raises:
        CorpusError: when the input holds no posts, only drafts (and no sources), or two
            posts share a URL.
        BadIndex: when another build holds the lock.
    """
    started = time.monotonic()
    report = progress or (lambda stage, done, total: None)
    _check_unique(posts)
    if all(post.draft for post in posts) and not sources:
        raise CorpusError(
            f"nothing to link to: the {len(posts)} post(s) read are all drafts or unpublished, "
            "and no sources were given; index published posts (or give --sources)"
        )
    reuse = load_previous(root, embedder.name, analyser.name)
    parsed = parse_cache.analyse_posts(posts, reuse.parses, _analyser_map(report))
    records = parsed.records
    aliases = alias_map(posts, site.origin)
    with layout.build_folder(root) as tmp:
        parse_cache.save(tmp, parsed.kept)
        counts, embedded, checksums = _write(
            tmp, records, sources, analyser, embedder, site.origin, aliases, reuse, report
        )
        _finish(tmp, analyser, embedder, counts, checksums, site, aliases)
        final = layout.publish(root, tmp)
    return BuildSummary(
        path=final,
        posts=counts["posts"],
        drafts=counts["drafts"],
        sources=counts["sources"],
        passages=counts["passages"],
        internal_links=counts["internal_links"],
        resolved_links=counts["resolved_links"],
        external_links=counts["external_links"],
        aliases=counts["aliases"],
        embedded=embedded,
        reused=counts["passages"] - embedded,
        seconds=time.monotonic() - started,
        parsed=parsed.parsed,
    )


def _analyser_map(report: Progress) -> Callable[[Sequence[Post]], Iterator[PostRecord]]:
    """:func:`analyse_post` over the posts to parse, reporting progress."""

    def analyse(posts: Sequence[Post]) -> Iterator[PostRecord]:
        for i, post in enumerate(posts):
            yield analyse_post(post)
            report("parse", i + 1, len(posts))

    return analyse


def _check_unique(posts: Sequence[Post]) -> None:
    if not posts:
        raise CorpusError(
            "no posts to index: none of the paths given holds a post (a folder of Markdown "
            "or HTML posts, a .jsonl file, a WordPress .xml export); check them"
        )
    seen: dict[str, str] = {}
    for post in posts:
        if post.url in seen:
            raise CorpusError(f"{post.path} and {seen[post.url]} both have the URL {post.url}")
        seen[post.url] = post.path


def alias_map(posts: Sequence[Post], origin: str) -> dict[str, str]:
    """Each URL that redirects -> where it goes (normal forms): each post's
    :attr:`~indexer.corpus.Post.aliases` to the post, and the URL of a post with a
    :attr:`~indexer.corpus.Post.redirect_to` there. A post's own URL is never another's
    alias, and of two posts that claim one alias the first keeps it; both are logged,
    since the site redirects only one way. A chain of redirects maps to where it ends."""
    urls = {normalize_url(p.url, origin): p for p in posts if not p.redirect_to}
    out = {normalize_url(p.url, origin): p.redirect_to for p in posts if p.redirect_to}
    for post in posts:
        for alias in (normalize_url(a, origin) for a in post.aliases):
            if alias in urls or alias in out:
                why = f"the URL of {urls[alias].path}" if alias in urls else f"{out[alias]}'s"
                log.warning("%s: alias %s left out: it is %s", post.path, alias, why)
                continue
            out[alias] = normalize_url(post.url, origin)
    return {alias: _last_stop(out, alias) for alias in out}


def _last_stop(redirects: dict[str, str], url: str) -> str:
    """Where following ``redirects`` from ``url`` ends: the first URL that does not
    redirect, or in a loop the last one before it comes round."""
    path = [url]
    while path[-1] in redirects and redirects[path[-1]] not in path:
        path.append(redirects[path[-1]])
    return path[-1]


def _write(
    tmp: Path,
    records: list[PostRecord],
    sources: Sequence[Source],
    analyser: TextAnalyser,
    embedder: Embedder,
    origin: str,
    aliases: dict[str, str],
    reuse: Previous,
    report: Progress,
) -> tuple[dict[str, int], int, dict[str, str]]:
    """Write the build's files; returns counts, passages embedded and file checksums.
    ``aliases``: the posts' :func:`alias_map`."""
    texts, rows = _passage_rows(records, sources)
    vectors = _vector_file(tmp / VECTORS_NAME, len(rows), embedder.dimension)
    embedded = _embed(texts, [str(r[6]) for r in rows], embedder, reuse.passages, report, vectors)
    titles = [r.post.title for r in records] + [s.title for s in sources]
    title_vectors = _vector_file(tmp / TITLES_NAME, len(titles), embedder.dimension)
    _embed_titles(titles, embedder, reuse.titles, title_vectors)
    title_vectors.flush()
    # faiss and hashlib release the GIL: the FAISS index is built and written and the
    # vector files checksummed on a second thread while this one fills SQLite.
    with ThreadPoolExecutor(max_workers=1) as pool:
        files = pool.submit(_save_vectors, tmp, vectors)
        conn = store.create(tmp / store.DB_NAME)
        ids = _post_ids(records, origin, aliases)
        store.insert_many(conn, "posts", (_post_row(i + 1, r) for i, r in enumerate(records)))
        store.insert_many(conn, "sources", (_source_row(i + 1, s) for i, s in enumerate(sources)))
        links = _link_rows(records, ids, origin)
        store.insert_many(conn, "links", links)
        _write_phrases(conn, records, sources, links, analyser, reuse.phrase_keys)
        store.insert_many(conn, "passages", rows)
        conn.commit()
        conn.close()
        _write_profiles(tmp, records, sources)
        checksums = {name: file_sha256(tmp / name) for name in (store.DB_NAME, *lexical.FILES)}
        checksums.update(files.result())
    counts = {
        "posts": sum(not r.post.draft for r in records),
        "drafts": sum(r.post.draft for r in records),
        "sources": len(sources),
        "passages": len(rows),
        "internal_links": sum(bool(link[6]) for link in links),
        "resolved_links": sum(link[5] is not None for link in links),
        "external_links": sum(not link[6] for link in links),
        "aliases": len(aliases),
    }
    return counts, embedded, checksums


def _write_profiles(tmp: Path, records: list[PostRecord], sources: Sequence[Source]) -> None:
    """Every target's lexical profile, in the index's target order (posts, then sources)."""
    lexical.write_profiles(tmp, [r.terms for r in records] + [source_terms(s) for s in sources])


def _vector_file(path: Path, rows: int, dimension: int) -> np.memmap:
    """A new ``.npy`` file of float32 vectors, mapped for writing: the vectors go straight
    into the file (the same bytes as ``np.save``), not into a copy in memory first."""
    return np.lib.format.open_memmap(path, mode="w+", dtype=np.float32, shape=(rows, dimension))


def _save_vectors(tmp: Path, vectors: np.memmap) -> dict[str, str]:
    """Write the FAISS index of the passage vectors; the checksums of the vector files."""
    vectors.flush()
    FaissIndex.build(vectors).save(tmp / FAISS_NAME)
    return {name: file_sha256(tmp / name) for name in (VECTORS_NAME, FAISS_NAME, TITLES_NAME)}


def _post_row(pid: int, r: PostRecord) -> tuple[object, ...]:
    p = r.post
    date = p.date.isoformat() if p.date else None
    return (
        pid,
        p.url,
        p.title,
        date,
        _names_json(tuple(p.categories)),
        _names_json(tuple(p.tags)),
        p.post_type,
        int(p.draft),
        p.path,
        p.keyphrase,
        r.words,
        p.format,
    )


@lru_cache(maxsize=4096)
def _names_json(names: tuple[str, ...]) -> str:
    """Categories or tags as JSON; a site has few distinct sets, so each is encoded once."""
    return store.dumps(names)


def _source_row(sid: int, s: Source) -> tuple[object, ...]:
    return (
        sid,
        s.url,
        s.title,
        s.publisher,
        s.summary,
        s.text,
        store.dumps(s.topics),
        s.trust,
        s.rel,
    )


def _post_ids(records: list[PostRecord], origin: str, aliases: dict[str, str]) -> dict[str, int]:
    """Post URL (normal form) -> post id, also under its :func:`~indexer.urls.decoded`
    form, so that a link to "/café/x/" names the post at "/caf%C3%A9/x/", and under each
    URL that redirects to it (:func:`alias_map`)."""
    ids = {normalize_url(r.post.url, origin): i + 1 for i, r in enumerate(records)}
    ids.update({alias: ids[url] for alias, url in aliases.items() if url in ids})
    for url, pid in list(ids.items()):
        ids.setdefault(decoded(url), pid)
    return ids


def _post_id(ids: dict[str, int], url: str) -> int | None:
    """The post a link's target (normal form) names, as written or decoded."""
    found = ids.get(url)
    return ids.get(decoded(url)) if found is None else found


def _link_rows(
    records: list[PostRecord], ids: dict[str, int], origin: str
) -> list[tuple[object, ...]]:
    rows: list[tuple[object, ...]] = []
    targets: dict[str, tuple[bool, str | None]] = {}  # href -> (internal, target); hrefs repeat
    for pid, r in enumerate(records, start=1):
        if r.post.draft:
            continue
        for link in r.links:
            if link.href not in targets:
                targets[link.href] = _target(link.href, origin)
            internal, target = targets[link.href]
            if target is None:
                continue
            target_id = _post_id(ids, target) if internal else None
            rows.append(
                (
                    len(rows) + 1,
                    pid,
                    link.text,
                    link.href,
                    target,
                    target_id,
                    int(internal),
                    link.start,
                    link.end,
                    link.kind,
                    link.rel,
                    int(link.in_heading),
                )
            )
    return rows


def _target(href: str, origin: str) -> tuple[bool, str | None]:
    """Whether a link is internal, and its target; ``None`` for what is not a page link."""
    internal = is_internal(href, origin)
    if not internal and not href.lower().startswith(("http://", "https://")):
        return False, None  # same-page fragments, mailto:, tel: are not links between pages
    return internal, normalize_url(href, origin) if internal else href


def _write_phrases(
    conn: sqlite3.Connection,
    records: list[PostRecord],
    sources: Sequence[Source],
    links: list[tuple[object, ...]],
    analyser: TextAnalyser,
    known_keys: dict[str, str],
) -> None:
    """Record which phrases name which target: titles, headings, tags, topics, anchors."""
    raw: Counter[tuple[str, str, int, str]] = Counter()
    for pid, r in enumerate(records, start=1):
        if r.post.draft:
            continue
        for text, origin in [(r.post.title, "title"), (r.post.keyphrase, "keyphrase")]:
            raw[(text, "post", pid, origin)] += 1
        for tag in r.post.tags:
            raw[(tag, "post", pid, "tag")] += 1
    for link in links:
        anchor, target_id = str(link[2]), link[5]
        if isinstance(target_id, int) and not is_generic(anchor):
            raw[(anchor, "post", target_id, "anchor")] += 1
    for sid, s in enumerate(sources, start=1):
        raw[(s.title, "source", sid, "title")] += 1
        for topic in s.topics:
            raw[(topic, "source", sid, "topic")] += 1
    texts = sorted({k[0] for k in raw if k[0].strip()})
    todo = [t for t in texts if t not in known_keys]
    keys = {t: known_keys[t] for t in texts if t in known_keys}
    keys.update(zip(todo, analyser.normalize(todo), strict=True))
    store.insert_many(conn, "phrase_texts", sorted(keys.items()))
    merged: Counter[tuple[str, str, int, str]] = Counter()
    for (text, kind, oid, origin), n in raw.items():
        key = keys.get(text, "")
        if key:
            merged[(key, kind, oid, origin)] += n
    store.insert_many(conn, "phrases", ((*k, n) for k, n in merged.items()))


def _passage_rows(
    records: list[PostRecord], sources: Sequence[Source]
) -> tuple[list[str], list[tuple[object, ...]]]:
    texts: list[str] = []
    rows: list[tuple[object, ...]] = []

    def add(kind: str, oid: int, title: str, passages: Sequence[Passage]) -> None:
        for p in passages:
            text = p.embedding_text(title)
            texts.append(text)
            rows.append((len(rows), kind, oid, p.ord, p.heading, p.text, text_hash(text)))

    for pid, r in enumerate(records, start=1):
        if not r.post.draft:
            add("post", pid, r.post.title, r.passages or (Passage(0, "", r.post.title),))
    for sid, s in enumerate(sources, start=1):
        add("source", sid, s.title, source_passages(s))
    return texts, rows


def _embed(
    texts: list[str],
    hashes: list[str],
    embedder: Embedder,
    kept: KeptVectors,
    report: Progress,
    out: np.ndarray,
    batch: int = 256,
) -> int:
    """Fill ``out`` with one vector per passage, embedding only new passages; how many."""
    todo = kept.fill(out, hashes)
    for start in range(0, len(todo), batch):
        chunk = todo[start : start + batch]
        out[chunk] = embedder.encode([texts[i] for i in chunk])
        report("embed", min(start + batch, len(todo)), len(todo))
    return len(todo)


def _embed_titles(
    titles: list[str], embedder: Embedder, kept: KeptVectors, out: np.ndarray
) -> None:
    """Fill ``out`` with one vector per title, embedding only titles the previous build
    did not have."""
    missing = kept.fill(out, titles)
    todo = sorted({titles[i] for i in missing})
    if todo:
        fresh = {title: row for row, title in enumerate(todo)}
        out[missing] = embedder.encode(todo)[[fresh[titles[i]] for i in missing]]


def _finish(
    tmp: Path,
    analyser: TextAnalyser,
    embedder: Embedder,
    counts: dict[str, int],
    checksums: dict[str, str],
    site: SiteFacts,
    aliases: dict[str, str],
) -> None:
    Manifest(
        format_version=FORMAT_VERSION,
        built_at=datetime.now(UTC).isoformat(timespec="seconds"),
        embedding_model=embedder.name,
        embedding_dimension=embedder.dimension,
        spacy_pipeline=analyser.name,
        counts=counts,
        checksums=checksums,
        origin=site.origin,
        markdown=site.markdown,
        pages=list(site.pages),
        aliases=aliases,
    ).write(tmp)
