"""Gather posts and sources from the paths a user names: folders, JSONL, WXR, sources."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from indexer.corpus import CorpusError, Post, SiteFacts, Source


def read_inputs(
    paths: Sequence[Path],
    wxr_files: Sequence[Path],
    sources_file: Path | None,
    permalink: str | None = None,
    origin: str | None = None,
) -> tuple[list[Post], list[Source], SiteFacts]:
    """Read every input into posts and sources, and what they say about the site (the
    first folder's configuration that names an origin or a renderer decides it).

    Raises:
        CorpusError: a path does not exist or cannot be read, naming it and the problem.
    """
    from indexer.readers.jsonl import read_jsonl
    from indexer.readers.pages import site_pages
    from indexer.readers.site import read_site, read_site_config
    from indexer.readers.sources import read_sources
    from indexer.readers.wxr import read_wxr

    posts: list[Post] = []
    found_origin, markdown, pages = origin or "", "", set[str]()
    for path in [*paths, *wxr_files]:
        if not path.exists():
            raise CorpusError(f"{path}: no such file or folder")
        if path.is_dir():
            posts.extend(read_site(path, permalink=permalink, origin=origin))
            config = read_site_config(path)
            found_origin, markdown = found_origin or config.origin, markdown or config.markdown
            pages.update(site_pages(path, config, permalink))
        elif path.suffix.lower() == ".jsonl":
            posts.extend(read_jsonl(path, origin=origin or ""))
        elif path.suffix.lower() == ".xml" or path in wxr_files:
            items = list(read_wxr(path))
            posts.extend(items)
            found_origin = found_origin or _origin_of(items)
        else:
            raise CorpusError(f"{path}: not a folder, a .jsonl file or a WXR .xml export")
    sources: list[Source] = []
    if sources_file is not None:
        if not sources_file.exists():
            raise CorpusError(f"{sources_file}: no such sources file")
        sources = read_sources(sources_file)
    return posts, sources, SiteFacts(found_origin, markdown, tuple(sorted(pages)))


def _origin_of(posts: Sequence[Post]) -> str:
    """The origin of the first absolute post URL (WXR permalinks are absolute)."""
    from urllib.parse import urlsplit

    for post in posts:
        parts = urlsplit(post.url)
        if parts.scheme and parts.netloc:
            return f"{parts.scheme}://{parts.netloc}"
    return ""
