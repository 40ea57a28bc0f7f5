"""Planning: which posts are in scope, and the edits each source post should get.

:func:`plan_post` is the map (one source post's bytes in, its edits out) and
:func:`merge_edits` the merge, so a large site can run the map on a distributed engine;
:func:`make_plan` is the local loop with a progress callback.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from service.engine.engine import Engine
from service.engine.inbound import (
    MAX_SOURCES,
    SourceJob,
    find_target,
    load_graph,
    plan_jobs,
    suggest_for_source,
)
from service.engine.index import LoadedIndex
from service.engine.types import InvalidRequest, Options, Suggestion
from service.relink.atomic import sha256_bytes
from service.relink.planfile import Edit, edit_id

CONTEXT_CHARS = 80
#: Characters that would break the link markup around an anchor: such anchors are skipped.
_UNSAFE_MARKDOWN = frozenset("[]`\\\n\r")

Progress = Callable[[str, int, int], None]


@dataclass(frozen=True)
class Scope:
    """Which posts need inbound links. Empty fields select nothing; ``all`` selects all."""

    since: datetime | None = None
    urls: tuple[str, ...] = ()
    categories: tuple[str, ...] = ()
    all: bool = False

    @property
    def empty(self) -> bool:
        return not (self.since or self.urls or self.categories or self.all)


@dataclass(frozen=True)
class Plan:
    edits: tuple[Edit, ...]
    targets: int
    sources: int
    notes: tuple[str, ...]


def select_targets(index: LoadedIndex, scope: Scope) -> list[int]:
    """Published posts in scope: the union of ``--url``s, posts on or after ``since``
    and posts in any of ``categories``; every published post with ``all``.

    Raises:
        UnknownPost / InvalidRequest: a ``--url`` is not a published post, or a
            ``--category`` is no published post's.
    """
    chosen = {find_target(index, url) for url in scope.urls}
    cats = {c.lower() for c in scope.categories}
    known = {
        c.lower() for t in index.targets if t.kind == "post" and not t.draft for c in t.categories
    }
    unknown = sorted(cats - known)
    if unknown:
        names = ", ".join(sorted(known)[:20]) or "none"
        raise InvalidRequest(
            f"no published post is in the category {', '.join(map(repr, unknown))}; "
            f"the site's categories: {names}"
        )
    since = scope.since
    if since is not None and since.tzinfo is None:
        since = since.replace(tzinfo=UTC)
    for i, t in enumerate(index.targets):
        if t.kind != "post" or t.draft:
            continue
        date = t.date.replace(tzinfo=UTC) if t.date and t.date.tzinfo is None else t.date
        if (
            scope.all
            or (since is not None and date is not None and date >= since)
            or (cats and cats & {c.lower() for c in t.categories})
        ):
            chosen.add(i)
    return sorted(chosen)


def link_markup(fmt: str, anchor: str, url: str) -> str | None:
    """The link that replaces ``anchor``: Markdown or HTML; None when the anchor's
    characters would break the markup."""
    if fmt == "html":
        if "<" in anchor or "&" in anchor:
            return None
        return f'<a href="{html.escape(url, quote=True)}">{anchor}</a>'
    if _UNSAFE_MARKDOWN & set(anchor):
        return None
    target = f"<{url}>" if any(c in url for c in " ()<>") else url
    return f"[{anchor}]({target})"


def plan_post(
    engine: Engine, job: SourceJob, data: bytes, options: Options, file: str
) -> list[Edit]:
    """The map step: the edits one source post should get, from its file's bytes.

    Args:
        file: the file path to record (absolute, so the plan can be applied from anywhere).

    Raises:
        UnicodeDecodeError: the file is not UTF-8.
    """
    text = data.decode("utf-8")
    sha = sha256_bytes(data)
    edits = []
    for s in suggest_for_source(engine, job, text, options):
        edit = _edit(job, file, sha, text, s)
        if edit is not None:
            edits.append(edit)
    return edits


def _edit(job: SourceJob, file: str, sha: str, text: str, s: Suggestion) -> Edit | None:
    a = s.anchor
    if text[a.start : a.end] != a.text:  # never expected: offsets come from the file text
        return None
    markup = link_markup(job.source.format, a.text, s.target.url)
    if markup is None:
        return None
    return Edit(
        id=edit_id(file, s.target.url, a.start, a.end, a.text),
        file=file,
        sha256=sha,
        source_url=job.source.url,
        source_title=job.source.title,
        target_url=s.target.url,
        target_title=s.target.title,
        anchor=a.text,
        start=a.start,
        end=a.end,
        replacement=markup,
        score=round(float(s.score), 4),
        context_before=text[max(0, a.start - CONTEXT_CHARS) : a.start],
        context_after=text[a.end : a.end + CONTEXT_CHARS],
        reasons=tuple(
            {"code": r.code, "detail": r.detail, "value": round(float(r.value), 4)}
            for r in s.reasons
        ),
    )


def merge_edits(parts: Iterable[Sequence[Edit]]) -> tuple[Edit, ...]:
    """The merge step: all edits, by file then position, each id once."""
    seen: dict[str, Edit] = {}
    for part in parts:
        for e in part:
            seen.setdefault(e.id, e)
    return tuple(sorted(seen.values(), key=lambda e: (e.file, e.start, e.target_url)))


@dataclass(frozen=True)
class PostTask:
    """The input of one map step: a source post's job, its file and its bytes."""

    job: SourceJob
    file: str
    data: bytes
    options: Options


@dataclass(frozen=True)
class PostResult:
    edits: tuple[Edit, ...]
    note: str = ""


#: Runs the map over tasks, yielding one result per task (in any order).
Mapper = Callable[[Sequence[PostTask]], Iterator[PostResult]]


def run_task(engine: Engine, task: PostTask) -> PostResult:
    """One map step, with an unreadable file turned into a note."""
    try:
        return PostResult(tuple(plan_post(engine, task.job, task.data, task.options, task.file)))
    except UnicodeDecodeError as exc:
        return PostResult((), f"skipped {task.file}: not UTF-8 text ({exc})")


def local_mapper(engine: Engine) -> Mapper:
    """The map as a plain loop in this process."""
    return lambda tasks: (run_task(engine, t) for t in tasks)


def make_plan(
    engine: Engine,
    scope: Scope,
    options: Options,
    *,
    max_sources: int = MAX_SOURCES,
    progress: Progress | None = None,
    mapper: Mapper | None = None,
) -> Plan:
    """Plan inbound links for the posts in scope across the whole site.

    Args:
        mapper: runs the per-post map (default: a loop over ``engine`` in this process;
            :func:`service.relink.pool.process_mapper` spreads it over processes).

    Raises:
        UnknownPost / InvalidRequest: a URL in the scope is not a published post.
    """
    index = engine.index
    targets = select_targets(index, scope)
    jobs = plan_jobs(index, load_graph(index), targets, max_sources)
    notes: list[str] = []
    tasks = []
    for job in jobs:
        path = Path(job.source.path).absolute()
        try:
            tasks.append(PostTask(job, str(path), path.read_bytes(), options))
        except OSError as exc:
            notes.append(f"skipped {path}: cannot read it ({exc.strerror or exc})")
    parts: list[tuple[Edit, ...]] = []
    run = mapper or local_mapper(engine)
    for done, result in enumerate(run(tasks), start=1):
        parts.append(result.edits)
        if result.note:
            notes.append(result.note)
        if progress:
            progress("plan", done, len(tasks))
    return Plan(merge_edits(parts), len(targets), len(jobs), tuple(notes))
