"""The drafts ``linkwright check`` reads: arguments expanded, files read and vetted.

Every problem with an input is an :class:`InputError` (exit code 2) that says what to do.
"""

from __future__ import annotations

import glob
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import click

if TYPE_CHECKING:
    from indexer.document import Format

STDIN = "-"
#: Extensions a folder argument is searched for (plain text is only read when named).
_FOLDER_EXTENSIONS = frozenset({".md", ".markdown", ".mdown", ".mkd", ".html", ".htm"})
_SKIP_DIRS = frozenset({"_site", "node_modules", "public", "dist", ".git"})


class InputError(click.ClickException):
    """A usage or input error: exit code 2, as for bad options."""

    exit_code = 2


@dataclass(frozen=True)
class DraftFile:
    """One draft to check.

    Attributes:
        name: how reports name it (the path as given, or ``<stdin>``).
        text: its text exactly as written (a UTF-8 byte-order mark dropped).
        format: how to read it.
        path: the file, or None for stdin.
    """

    name: str
    text: str
    format: Format
    path: Path | None


def expand(args: tuple[str, ...]) -> list[str]:
    """Files, folders (their Markdown and HTML files) and globs -> file names, in order.

    Raises:
        InputError: a glob matches nothing, or a folder holds no drafts.
    """
    out: list[str] = []
    for arg in args:
        path = Path(arg)
        if arg == STDIN or path.is_file() or (not path.exists() and not _is_glob(arg)):
            out.append(arg)  # a missing file is reported when it is read
        elif path.exists() and not path.is_dir():  # a pipe: <(git show HEAD:post.md)
            out.append(arg)
        elif path.is_dir():
            found = _drafts_in(path)
            if not found:
                raise InputError(f"{arg}: no Markdown or HTML files in this folder")
            out.extend(found)
        else:
            matches = sorted(glob.glob(arg, recursive=True))
            files = [m for m in matches if Path(m).is_file()]
            if not files:
                raise InputError(f"{arg}: no files match this pattern")
            out.extend(files)
    return list(dict.fromkeys(out))


def read_draft(name: str, fmt: Format | None) -> DraftFile:
    """Read one draft and decide its format.

    Raises:
        InputError: missing, unreadable, binary, not UTF-8, empty, or of unknown type.
    """
    text, path = read_text(name)
    if path is None:
        return _vetted(DraftFile("<stdin>", text, fmt or "markdown", None))
    if fmt is None:
        from indexer.readers import EXTENSIONS, format_for_path

        try:
            fmt = format_for_path(path)
        except ValueError:
            known = ", ".join(EXTENSIONS)
            raise InputError(
                f"{name}: unknown file type; use {known}, or say how to read it with --format"
            ) from None
    return _vetted(DraftFile(name, text, fmt, path))


def read_text(name: str) -> tuple[str, Path | None]:
    """The text of a draft file, or of standard input for ``-`` (then the path is None):
    UTF-8 without a byte-order mark, line endings as written (so offsets match).

    Raises:
        InputError: missing, unreadable, a folder, binary or not UTF-8.
    """
    if name == STDIN:
        return _decoded("<stdin>", sys.stdin.buffer.read()), None
    path = Path(name)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise InputError(f"{name}: no such file; check the path") from None
    except IsADirectoryError:
        raise InputError(f"{name}: is a folder; name the files in it") from None
    except OSError as exc:
        raise InputError(
            f"{name}: cannot read it ({exc.strerror}); check its permissions"
        ) from None
    return _decoded(name, data), path


def _decoded(name: str, data: bytes) -> str:
    if b"\0" in data:
        raise InputError(f"{name}: a binary file, not a draft; check Markdown or HTML files")
    try:
        return data.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as exc:
        raise InputError(
            f"{name}: not UTF-8 text (bad byte at offset {exc.start}); save it as UTF-8"
        ) from None


def site_url(path: Path) -> str | None:
    """The URL a static site publishes ``path`` at, when it sits in a site folder.

    Uses the same reader as ``linkwright index`` (front matter ``url``/``permalink``,
    else the site's permalink rule), so a post is recognised as itself. The site is the
    nearest folder above ``path`` with a configuration file (or ``.git``) whose content
    folders hold it, else the nearest whose content folders do (``my/_posts/`` of a site
    whose ``collections_dir`` is ``my`` is the site's, not a site of its own).
    """
    from indexer.corpus import CorpusError
    from indexer.readers.site import config_files, content_roots, read_post, read_site_config

    path = path.resolve()
    found = None
    try:
        for folder in path.parents:
            marked = bool(config_files(folder)) or (folder / ".git").exists()
            config = read_site_config(folder)
            root = next((r for r in content_roots(folder, config) if r in path.parents), None)
            if root is not None and (found is None or marked):
                found = (root, config, folder)
            if marked:
                break
        return None if found is None else read_post(path, *found).url
    except (CorpusError, ValueError):
        return None


def _vetted(draft: DraftFile) -> DraftFile:
    if not draft.text.strip():
        raise InputError(f"{draft.name}: empty; there is nothing to check")
    return draft


def _is_glob(arg: str) -> bool:
    return any(c in arg for c in "*?[")


def _drafts_in(folder: Path) -> list[str]:
    found = []
    for path in sorted(folder.rglob("*")):
        parts = path.relative_to(folder).parts
        if any(p in _SKIP_DIRS or p.startswith(".") for p in parts[:-1]):
            continue
        if path.is_file() and path.suffix.lower() in _FOLDER_EXTENSIONS:
            found.append(str(path))
    return found
