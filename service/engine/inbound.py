"""Inbound suggestions: places in OTHER posts where a link to a given post fits.

The linking rules are the drafts' rules, applied to each source post as if it were a draft
with its own URL: its existing links count against its density cap, it never links to
itself, targets it already links to are skipped. The only difference is that the allowed
targets are the requested posts (``Filters.only_urls``).

Parsing every post of a site per request would be slow, so the source posts worth parsing
are pre-selected with FAISS: the posts whose passages are nearest to the target's
passages. The work is a map over source posts (:func:`suggest_for_source`, one call per
:class:`SourceJob`) followed by a merge, so a whole-site run can move to a distributed
engine unchanged.

Offsets are into the source post's file text as read from disk (front matter included):
``file_text[start:end] == anchor.text``.
"""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

import numpy as np

from indexer import store
from indexer.document import Format
from indexer.readers import EXTENSIONS, parse_document
from indexer.urls import normalize_url
from indexer.vectors import VECTORS_NAME
from service.engine.engine import Engine
from service.engine.index import LoadedIndex
from service.engine.policy import link_room
from service.engine.types import (
    Draft,
    DraftTooLarge,
    InvalidRequest,
    Options,
    Suggestion,
    Target,
)

#: Source posts parsed per target, nearest first.
MAX_SOURCES = 30
#: A source post must have a passage at least this close (cosine) to one of the target's.
MIN_SIMILARITY = 0.35
#: Passages retrieved per target passage when pre-selecting.
PASSAGES_PER_QUERY = 100
#: Formats whose files can be edited in place.
EDITABLE = frozenset({"markdown", "html"})

#: progress(stage, done, total)
Progress = Callable[[str, int, int], None]


class UnknownPost(InvalidRequest):
    """The URL is not a published post of the index."""

    status = 404


@dataclass(frozen=True)
class SourcePost:
    """A post that may receive a new outbound link: it has an editable file.

    Attributes:
        slot: its index in ``LoadedIndex.targets``.
        path: its source file, as the index recorded it.
    """

    slot: int
    id: int
    url: str
    title: str
    path: str
    format: str


@dataclass(frozen=True)
class SiteGraph:
    """What inbound work needs beyond the loaded index: source files and existing links."""

    sources: dict[int, SourcePost]  # slot -> editable post
    links_to: dict[int, set[int]]  # target slot -> slots of the posts linking to it
    passages_of: dict[int, np.ndarray]  # target slot -> its passage ids

    def already_linking(self, target: int) -> set[int]:
        return self.links_to.get(target, set())


@dataclass(frozen=True)
class SourceJob:
    """One unit of the map: a source post and the targets it may now link to."""

    source: SourcePost
    target_urls: tuple[str, ...]
    similarity: float  # best passage similarity to any of the targets


@dataclass(frozen=True)
class InboundSuggestion:
    """A suggested link in ``source``'s file to one of the requested posts."""

    source: SourcePost
    suggestion: Suggestion


@dataclass(frozen=True)
class InboundResult:
    """The answer for one or more target posts."""

    targets: tuple[Target, ...]
    suggestions: tuple[InboundSuggestion, ...]
    sources_considered: int
    timing_ms: dict[str, float]
    notes: tuple[str, ...] = ()
    unreadable: int = 0  # of the sources considered, those whose file could not be read


def load_graph(index: LoadedIndex) -> SiteGraph:
    """Read the posts' files and the resolved link graph from the index database."""
    slot = {t.id: i for i, t in enumerate(index.targets) if t.kind == "post"}
    sources: dict[int, SourcePost] = {}
    links_to: dict[int, set[int]] = defaultdict(set)
    with store.open_readonly(index.path / store.DB_NAME) as conn:
        for pid, url, title, path, fmt, draft in conn.execute(
            "SELECT id, url, title, path, format, draft FROM posts ORDER BY id"
        ):
            if not draft and fmt in EDITABLE and Path(path).suffix.lower() in EXTENSIONS:
                sources[slot[pid]] = SourcePost(slot[pid], pid, url, title, path, fmt)
        for src, dst in conn.execute(
            "SELECT DISTINCT post_id, target_post_id FROM links WHERE target_post_id IS NOT NULL"
        ):
            links_to[slot[dst]].add(slot[src])
    owners = np.asarray(index.passage_owner)
    order = np.argsort(owners, kind="stable")
    bounds = np.searchsorted(owners[order], np.arange(len(index.targets) + 1))
    passages_of = {
        t: order[bounds[t] : bounds[t + 1]]
        for t in range(len(index.targets))
        if bounds[t + 1] > bounds[t]
    }
    return SiteGraph(sources, dict(links_to), passages_of)


def find_target(index: LoadedIndex, url: str) -> int:
    """The slot of the published post at ``url``.

    Raises:
        UnknownPost: no post has that URL.
        InvalidRequest: the post is a draft (drafts are never link targets).
    """
    slot = index.by_url.get(url)
    if slot is None:
        slot = index.by_url.get(normalize_url(url, index.manifest.origin))
    if slot is None or index.targets[slot].kind != "post":
        errors = [{"field": "url", "message": "not a post of the index", "code": "unknown_url"}]
        raise UnknownPost(
            f"No post with the URL {url!r} in the index: check the URL, or rebuild the index "
            "(`linkwright index`) if the post is new.",
            errors,
        )
    if index.targets[slot].draft:
        errors = [{"field": "url", "message": "the post is a draft", "code": "draft"}]
        raise InvalidRequest(
            f"{url} is a draft, and drafts are never link targets: publish it (remove "
            "`draft: true` / `published: false`) and rebuild the index.",
            errors,
        )
    return slot


def plan_jobs(
    index: LoadedIndex,
    graph: SiteGraph,
    targets: Sequence[int],
    max_sources: int = MAX_SOURCES,
    min_similarity: float = MIN_SIMILARITY,
) -> list[SourceJob]:
    """Pre-select, for each target, the source posts whose passages are nearest to its
    passages; group them by source post (one job per source, listing its targets).

    A source is never the target itself, a draft, or a post that already links to it.
    """
    near = _nearest_sources(index, graph, targets, max_sources, min_similarity)
    by_source: dict[int, list[tuple[int, float]]] = defaultdict(list)
    for target, ranked in near.items():
        for source, sim in ranked:
            by_source[source].append((target, sim))
    jobs = []
    for source in sorted(by_source):
        pairs = sorted(by_source[source], key=lambda p: -p[1])
        urls = tuple(index.targets[t].url for t, _ in pairs)
        jobs.append(SourceJob(graph.sources[source], urls, round(pairs[0][1], 4)))
    return jobs


def _nearest_sources(
    index: LoadedIndex,
    graph: SiteGraph,
    targets: Sequence[int],
    max_sources: int,
    min_similarity: float,
) -> dict[int, list[tuple[int, float]]]:
    vectors = np.load(index.path / VECTORS_NAME, mmap_mode="r")
    queries, query_target = [], []
    for t in dict.fromkeys(targets):
        pids = graph.passages_of.get(t, np.empty(0, dtype=np.int64))
        queries.append(np.asarray(vectors[np.sort(pids)], dtype=np.float32))
        query_target += [t] * len(pids)
    if not query_target:
        return {}
    k = min(PASSAGES_PER_QUERY, index.vectors.size)
    scores, ids = index.vectors.search(np.vstack(queries), k)
    owners = np.asarray(index.passage_owner)
    best: dict[int, dict[int, float]] = defaultdict(dict)
    for row, t in enumerate(query_target):
        found = best[t]
        for score, pid in zip(scores[row], ids[row], strict=True):
            if pid < 0 or score < min_similarity:
                continue
            s = int(owners[pid])
            if score > found.get(s, -1.0):
                found[s] = float(score)
    out = {}
    for t, found in best.items():
        blocked = graph.already_linking(t) | {t}
        ranked = [(s, v) for s, v in found.items() if s in graph.sources and s not in blocked]
        ranked.sort(key=lambda p: (-p[1], p[0]))
        out[t] = ranked[:max_sources]
    return out


def read_source(path: str | Path) -> tuple[bytes, str]:
    """A source post's bytes and its text (UTF-8, exactly as on disk: BOM and line ends kept).

    Raises:
        OSError: the file cannot be read.
        UnicodeDecodeError: it is not UTF-8.
    """
    data = Path(path).read_bytes()
    return data, data.decode("utf-8")


def batch_options(options: Options, target_urls: Iterable[str]) -> Options:
    """The draft options for a source post: internal links to these targets only, and the
    whole post analysed (no time budget: batch work is bounded by the sources parsed, and
    a plan must not depend on how busy the machine was)."""
    filters = replace(options.filters, only_urls=tuple(target_urls))
    return replace(options, internal=True, citations=False, filters=filters, time_budget_ms=None)


def has_room(text: str, fmt: Format, options: Options) -> bool:
    """Whether the density cap leaves room for a link in ``text``: a cheap parse, so posts
    already at their cap skip the models entirely. Words and links are counted as
    :func:`service.engine.draft.analyse_draft` counts them."""
    doc = parse_document(text, fmt)
    words = sum(len(b.text.split()) for b in doc.blocks if b.kind not in ("code", "html"))
    return link_room(options, words, len(doc.links)) > 0


def suggest_for_source(
    engine: Engine, job: SourceJob, text: str, options: Options
) -> tuple[Suggestion, ...]:
    """The map step: the drafts' linking rules applied to one source post's file text.

    Returns suggestions whose anchor offsets index ``text``; none when the file is longer
    than the engine's draft limit.
    """
    fmt: Format = "html" if job.source.format == "html" else "markdown"
    if not has_room(text, fmt, options):
        return ()  # the post is at its density cap: the policy would choose nothing
    draft = Draft(
        text=text, format=fmt, url=job.source.url, options=batch_options(options, job.target_urls)
    )
    try:
        return engine.suggest(draft).suggestions
    except DraftTooLarge:
        return ()


@dataclass
class _Notes:
    items: list[str] = field(default_factory=list)

    def add(self, message: str) -> None:
        if len(self.items) < 20:
            self.items.append(message)


def inbound(
    engine: Engine,
    urls: Sequence[str],
    options: Options | None = None,
    *,
    max_sources: int = MAX_SOURCES,
    progress: Progress | None = None,
) -> InboundResult:
    """Where other posts could link to the posts at ``urls``, best first.

    Raises:
        UnknownPost: a URL is not a post of the index.
        InvalidRequest: a URL is a draft.
    """
    started = time.perf_counter()
    options = options or Options()
    index = engine.index
    slots = [find_target(index, url) for url in urls]
    graph = load_graph(index)
    jobs = plan_jobs(index, graph, slots, max_sources)
    selected = time.perf_counter()
    notes = _Notes()
    if not graph.sources:
        notes.add(
            "no post of this index is a Markdown or HTML file that can be edited (posts read "
            "from JSONL files or WordPress exports are not): index the site's own folder"
        )
    found: list[InboundSuggestion] = []
    unreadable = 0
    for done, job in enumerate(jobs, start=1):
        try:
            _, text = read_source(job.source.path)
        except (OSError, UnicodeDecodeError) as exc:
            notes.add(f"skipped {job.source.path}: cannot read it ({exc})")
            unreadable += 1
            continue
        for s in suggest_for_source(engine, job, text, options):
            found.append(InboundSuggestion(job.source, s))
        if progress:
            progress("suggest", done, len(jobs))
    if jobs and unreadable == len(jobs):  # first, before the capped per-file notes
        notes.items.insert(
            0,
            f"none of the {len(jobs)} source posts could be read: their files may have moved "
            "since the index was built; run `linkwright index` on the site's folder again",
        )
    found.sort(key=lambda f: (-f.suggestion.score, f.source.url, f.suggestion.anchor.start))
    targets = tuple(_target(index, s) for s in slots)
    ended = time.perf_counter()
    timing = {
        "select": round((selected - started) * 1000, 2),
        "suggest": round((ended - selected) * 1000, 2),
        "total": round((ended - started) * 1000, 2),
    }
    return InboundResult(targets, tuple(found), len(jobs), timing, tuple(notes.items), unreadable)


def _target(index: LoadedIndex, slot: int) -> Target:
    t = index.targets[slot]
    return Target(t.url, t.title, "internal", t.publisher, t.date, t.categories)
