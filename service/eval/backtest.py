"""Set up a backtest: read a site, split it at a cutoff, derive sources, index the past,
and turn the tested posts into drafts with their gold links."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from indexer.analysis import TextAnalyser
from indexer.build import build_index
from indexer.corpus import CorpusError, SiteFacts, Source
from indexer.embedding import Embedder
from indexer.readers.site import read_site, read_site_config
from indexer.urls import normalize_url
from service.eval.cases import EvalCase, make_case
from service.eval.citations import derive_sources
from service.eval.split import Split, split_posts

#: progress(stage, done, total), as the index build reports it.
Progress = Callable[[str, int, int], None]


@dataclass(frozen=True)
class Backtest:
    """Everything a backtest run needs, ready: the index is built under ``index_dir``."""

    site: Path
    origin: str
    split: Split
    sources: tuple[Source, ...]
    cases: tuple[EvalCase, ...]
    index_dir: Path
    build_seconds: float


def split_site(
    site: Path, cutoff: date, *, limit: int | None = None, until: date | None = None
) -> tuple[str, Split]:
    """Read ``site`` and split it at ``cutoff``: its origin and the split (quick, and
    without the models, so a bad choice of dates is said before they load).

    Raises:
        CorpusError: the site cannot be read, or no post falls on one side of the cutoff.
    """
    if not site.is_dir():
        raise CorpusError(f"{site}: no such site folder")
    origin = read_site_config(site).origin
    split = split_posts(read_site(site), cutoff, limit=limit, until=until)
    if not split.indexed or not split.tested:
        window = f"on or after it and before {until}" if until else "on or after it"
        raise CorpusError(
            f"{site}: {len(split.indexed)} posts before {cutoff} and {len(split.tested)} "
            f"{window}: pick dates with posts on both sides"
        )
    return origin, split


def prepare(
    site: Path,
    cutoff: date,
    *,
    analyser: TextAnalyser,
    embedder: Embedder,
    index_dir: Path,
    limit: int | None = None,
    until: date | None = None,
    progress: Progress | None = None,
    read: tuple[str, Split] | None = None,
) -> Backtest:
    """Read ``site``, index its posts before ``cutoff`` and make the test cases.

    Args:
        read: what :func:`split_site` gave for the same site and dates, if it was
            called already (the site is not read again).

    Raises:
        CorpusError: the site cannot be read, or no post falls on one side of the cutoff.
    """
    site = Path(site)
    origin, split = read or split_site(site, cutoff, limit=limit, until=until)
    sources = tuple(derive_sources(split.indexed, origin))
    started = time.monotonic()
    build_index(
        index_dir,
        split.indexed,
        sources,
        analyser=analyser,
        embedder=embedder,
        site=SiteFacts(origin),
        progress=progress,
    )
    build_seconds = time.monotonic() - started
    indexed_urls = {normalize_url(p.url, origin) for p in split.indexed}
    source_urls = {normalize_url(s.url, origin) for s in sources}
    cases = tuple(make_case(p, origin, indexed_urls, source_urls) for p in split.tested)
    return Backtest(site, origin, split, sources, cases, index_dir, build_seconds)
