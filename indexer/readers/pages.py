"""A Jekyll site's pages: URLs the site publishes that are not posts.

``about.md`` or ``contact/index.html`` at a Jekyll site's root is a page, not a post: it
is no link target, but a link to it is not broken either. Where posts live at
``/:title/``, a page's URL has a post's shape, so the check needs the pages' URLs to
tell a link to ``/about/`` from a link to a post that does not exist.

Pages are the Markdown and HTML files Jekyll reads: not in ``_``- or dot-folders nor
named so, unless the configuration's ``include:`` names them (Minimal Mistakes' ``_pages/``),
and not what its ``exclude:`` names. A page's URL is its front matter ``permalink`` (with
``:path``, ``:basename`` and ``:output_ext`` filled in), else Jekyll's rule for pages: ``index``
files at their folder (``/contact/``), other files at ``/:path/:basename`` with the
suffix the site's permalink style gives (``pretty`` or a rule ending in ``/``: ``/``;
the named styles and rules ending in ``:output_ext``: ``.html``). An HTML file without
front matter is copied as is, to its own path. The documents of a collection Jekyll
writes out (``_projects/`` with ``output: true``) are pages too, at the collection's
``permalink`` rule (by default ``/:collection/:path`` with that suffix).
"""

from __future__ import annotations

import logging
import os
import re
from collections.abc import Iterator
from pathlib import Path

from indexer.readers.fields import parse_local_date, str_list, text_field
from indexer.readers.front_matter import FrontMatterError, split_front_matter
from indexer.readers.permalink import STYLES, expand_permalink, slugify
from indexer.readers.site import (
    SiteConfig,
    is_jekyll,
    jekyll_reads,
    language_baseurl,
    post_language,
    read_site_config,
)
from indexer.urls import normalize_url

_PAGE_EXTENSIONS = frozenset({".md", ".markdown", ".html", ".htm"})
#: Folders of a Jekyll site that hold no pages (beside ``_``-folders and dot-folders):
#: packages that bundler and npm install into the site.
_NOT_PAGES = frozenset({"node_modules", "vendor"})
_BOM = "\ufeff".encode()
_OPEN = b"---"  # Jekyll's front matter is YAML
#: The most page files read, a bound on the time a folder full of them can take.
MAX_PAGES = 10_000
#: Page files that cannot be read are named one by one up to this many, then counted.
MAX_WARNINGS = 5

log = logging.getLogger(__name__)


def site_pages(
    folder: Path, config: SiteConfig | None = None, permalink: str | None = None
) -> tuple[str, ...]:
    """The URLs (normal form) of a Jekyll site's pages, one a file, sorted (a page may
    answer at more, :func:`~indexer.urls.page_forms`); ``()`` for a folder that
    is not a Jekyll site (:func:`~indexer.readers.site.is_jekyll`). ``config`` is the folder's
    :func:`read_site_config`, read when not given; ``permalink`` overrides its rule.
    Files that cannot be read (each logged as a warning), and pages with ``published:
    false``, are left out: they are no page the check can vouch for."""
    folder = Path(folder)
    config = config or read_site_config(folder)
    if not is_jekyll(folder, config):
        return ()
    suffix = _suffix(permalink or config.permalink or "date")
    pages = _pages(folder, config, "pages", config)
    urls = {_page_url(path, meta, folder, suffix, config) for path, meta in pages}
    for name, rule in config.collections:
        root = folder / config.collections_dir / f"_{name}"
        template = rule or "/:collection/:path" + suffix
        urls |= {
            _document_url(path, meta, folder, root, name, template, config)
            for path, meta in _pages(root, config, name)
            if meta is not None  # a file without front matter is a static file
        }
    return tuple(sorted(url for url in urls if url))


def _pages(
    folder: Path, site: SiteConfig, kind: str, config: SiteConfig | None = None
) -> Iterator[tuple[Path, dict[str, object] | None]]:
    """The page files of type ``kind`` (``pages`` or a collection's name) under
    ``folder`` with their front matter and the ``defaults:`` of ``site`` for them
    (``None`` without front matter), but those with ``published: false`` and those that
    cannot be read (each logged: a link to such a page may be reported as broken);
    ``config`` as :func:`_page_files` reads it."""
    left_out = 0
    for path in _page_files(folder, config):
        try:
            meta = _front_matter(path)
            if meta is not None:
                meta = site.with_defaults(meta, path, (kind,))
        except (OSError, UnicodeDecodeError, FrontMatterError, ValueError) as exc:
            left_out += 1
            if left_out <= MAX_WARNINGS:
                log.warning("%s: not read as a page: %s", path, _why(exc))
            continue
        if meta is None or meta.get("published") is not False:
            yield path, meta
    if left_out > MAX_WARNINGS:
        log.warning("%s: %d more page files not read", folder, left_out - MAX_WARNINGS)


def _why(exc: Exception) -> str:
    if isinstance(exc, UnicodeDecodeError):
        return f"not UTF-8 text (bad byte at offset {exc.start})"
    if isinstance(exc, OSError):
        return exc.strerror or str(exc)
    return str(exc)


def _suffix(style: str) -> str:
    style = style.strip()
    if style == "pretty" or style.endswith("/"):
        return "/"
    if style in STYLES or style.endswith(":output_ext"):
        return ".html"
    return ""


def _page_files(folder: Path, config: SiteConfig | None = None) -> list[Path]:
    """The page files under ``folder``, in path order: those Jekyll reads
    (:func:`~indexer.readers.site.jekyll_reads`, with ``config`` for the site's root: its
    paths are relative to it), or under a collection's folder those not named with ``_``
    or ``.``."""
    reads = config or SiteConfig()
    found: list[Path] = []
    for dirpath, dirnames, filenames in os.walk(folder):
        here = Path(dirpath).relative_to(folder)
        dirnames[:] = sorted(
            d for d in dirnames if d not in _NOT_PAGES and jekyll_reads(here / d, reads)
        )
        found.extend(
            Path(dirpath, name)
            for name in sorted(filenames)
            if Path(name).suffix.lower() in _PAGE_EXTENSIONS and jekyll_reads(here / name, reads)
        )
        if len(found) > MAX_PAGES:
            log.warning(
                "%s: only the first %d page files were read; links to the others may be "
                "reported as broken",
                folder,
                MAX_PAGES,
            )
            break
    return found[:MAX_PAGES]


def _page_url(
    path: Path, meta: dict[str, object] | None, folder: Path, suffix: str, config: SiteConfig
) -> str | None:
    relative = path.relative_to(folder)
    if meta is None:  # no front matter: Jekyll renders nothing, it copies the file
        if path.suffix.lower() not in (".html", ".htm"):
            return None
        url = "/" + relative.as_posix()
    elif rule := _own_permalink(meta):
        own = _page_rule(rule, relative)
        if own is None:
            return None
        url = own
    else:
        parts = relative.with_suffix("").parts
        if parts[-1].lower() == "index":
            url = "/".join(["", *parts[:-1], ""])
        else:  # a rule of no suffix writes about.html, served at /about too
            url = "/" + "/".join(parts) + (suffix or ".html")
    try:  # a page in French is at /fr/ (jekyll-polyglot)
        base = language_baseurl(config, post_language(path, folder, config, meta))
    except ValueError:  # a lang that is not text: no URL to vouch for
        return None
    return normalize_url(base + "/" + url.lstrip("/"), config.origin)


def _own_permalink(meta: dict[str, object]) -> str:
    rule = meta.get("permalink")
    return rule.strip() if isinstance(rule, str) else ""


def _page_rule(rule: str, relative: Path) -> str | None:
    """A page's own ``permalink`` with Jekyll's page placeholders filled in (``:path``
    its folder, ``:basename`` its file name without the extension, ``:output_ext``
    ``.html``); ``None`` for a rule with any other placeholder, which Jekyll leaves as
    it is: no URL to vouch for."""
    folder = relative.parent.as_posix()
    url = rule.replace(":path", "" if folder == "." else "/" + folder)
    url = url.replace(":basename", relative.stem).replace(":output_ext", ".html")
    return None if re.search(r":[a-z_]+", url) else re.sub(r"/{2,}", "/", url)


def _document_url(
    path: Path,
    meta: dict[str, object],
    folder: Path,
    root: Path,
    collection: str,
    template: str,
    config: SiteConfig,
) -> str | None:
    """The URL of a document of a collection: its front matter ``permalink``, else one
    the site's ``defaults:`` give it, else the collection's rule (``:collection``,
    ``:path``, ``:name``, ``:title`` and the date placeholders filled in); ``None`` when
    the rule cannot be filled (a date it lacks). ``folder`` is the site's, ``root`` the
    collection's."""
    relative = path.relative_to(root).with_suffix("")
    try:  # the front matter read as a post's is (indexer.readers.site)
        pattern = (text_field(meta, "permalink") or template).strip()
        pattern = pattern.replace(":collection", collection).replace(":path", relative.as_posix())
        pattern = pattern.replace(":name", slugify(relative.name))
        url = expand_permalink(
            pattern,
            title=text_field(meta, "slug") or relative.name,
            date=parse_local_date(meta.get("date")),
            categories=str_list(meta.get("categories", meta.get("category")), "categories"),
        )
        base = language_baseurl(config, post_language(path, folder, config, meta))
    except ValueError:
        return None
    return normalize_url(base + url, config.origin)


def _front_matter(path: Path) -> dict[str, object] | None:
    """A page file's front matter, ``None`` without one. Only files that open with
    ``---`` are read whole: a site may hold thousands of large generated HTML files.

    Raises:
        OSError: also for a file that is not a regular one (reading a named pipe would
            wait for a writer forever).
    """
    if path.exists() and not path.is_file():
        raise OSError("not a regular file (a named pipe, socket or device)")
    with path.open("rb") as f:
        if not f.read(len(_BOM) + len(_OPEN)).removeprefix(_BOM).startswith(_OPEN):
            return None
        f.seek(0)
        text = f.read().decode("utf-8").removeprefix("\ufeff")
    fm = split_front_matter(text)
    return None if fm.kind is None else fm.load()
