"""The index root on disk: immutable builds and an atomically switched ``current`` link.

```
ROOT/
  current -> builds/20261122T101500123456Z   (a symlink, replaced atomically)
  builds/20261122T101500123456Z/             (manifest.json, index.sqlite, vectors)
  builds/.tmp-…/                             (a build in progress; never read)
  history                                    (the builds current before, one a line)
  .lock                                      (held while a build runs)
```
A failed or crashed build leaves only a ``.tmp-`` folder behind; ``current`` still names
the last good build. The previous builds are kept, so :func:`rollback` is a way back: to
the build that was current before this one, then the one before that.
"""

from __future__ import annotations

import fcntl
import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

from indexer.manifest import MANIFEST_NAME, BadIndex

KEEP_BUILDS = 3


def resolve(root: Path) -> Path:
    """The build folder an index path means: ``root`` itself if it is a build, else ``current``.

    Raises:
        BadIndex: when there is no index there, saying how to build one.
    """
    if (root / MANIFEST_NAME).exists():
        return root
    link = root / "current"
    if not link.exists():
        raise BadIndex(f"no index at {root}: build one with `linkwright index`")
    return link.resolve()


@contextmanager
def build_folder(root: Path) -> Iterator[Path]:
    """A fresh temporary build folder under the root's lock; removed if the build fails."""
    builds = root / "builds"
    builds.mkdir(parents=True, exist_ok=True)
    with (root / ".lock").open("w") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError as exc:
            raise BadIndex(f"another build is running on {root}") from exc
        for stale in builds.glob(".tmp-*"):
            shutil.rmtree(stale, ignore_errors=True)
        tmp = builds / f".tmp-{_stamp()}"
        tmp.mkdir()
        try:
            yield tmp
        finally:
            if tmp.exists():
                shutil.rmtree(tmp, ignore_errors=True)


def publish(root: Path, tmp: Path) -> Path:
    """Make a finished build current: rename it into place, then swap the link atomically."""
    final = tmp.with_name(tmp.name.removeprefix(".tmp-"))
    _fsync_tree(tmp)
    tmp.rename(final)
    before = previous(root)
    _switch(root, final)
    if before is not None:
        _write_history(root, [*_history(root), before.name])
    _prune(root)
    return final


def rollback(root: Path) -> Path:
    """Point ``current`` back at the build before it.

    Raises:
        BadIndex: when there is no earlier build to go back to.
    """
    current = resolve(root)
    history = _history(root)
    while history:
        back = root / "builds" / history.pop()
        if back.is_dir() and back.resolve() != current:
            _switch(root, back)
            _write_history(root, history)
            return back
    older = [b for b in _builds(root) if b.name < current.name]  # an index without history
    if not older:
        raise BadIndex(f"no earlier build under {root} to roll back to")
    _switch(root, older[-1])
    return older[-1]


def previous(root: Path) -> Path | None:
    """The current build, if any: a new build reuses its embeddings."""
    try:
        return resolve(root)
    except BadIndex:
        return None


def _switch(root: Path, build: Path) -> None:
    tmp_link = root / f".current-{os.getpid()}"
    if tmp_link.is_symlink():
        tmp_link.unlink()
    tmp_link.symlink_to(build.relative_to(root))
    os.replace(tmp_link, root / "current")
    _fsync_dir(root)


def _history(root: Path) -> list[str]:
    path = root / "history"
    names = path.read_text(encoding="utf-8").split() if path.is_file() else []
    return [n for n in names if not n.startswith(".") and "/" not in n]


def _write_history(root: Path, names: list[str]) -> None:
    tmp = root / f".history-{os.getpid()}"
    tmp.write_text("".join(f"{n}\n" for n in names[-KEEP_BUILDS * 4 :]), encoding="utf-8")
    os.replace(tmp, root / "history")


def _builds(root: Path) -> list[Path]:
    return sorted(p for p in (root / "builds").iterdir() if p.is_dir() and p.name[0] != ".")


def _prune(root: Path) -> None:
    current = resolve(root)
    for old in _builds(root)[:-KEEP_BUILDS]:
        if old != current:
            shutil.rmtree(old, ignore_errors=True)


def _stamp() -> str:
    return datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")


def _fsync_tree(folder: Path) -> None:
    for path in folder.iterdir():
        if path.is_file():
            with path.open("rb") as fh:
                os.fsync(fh.fileno())
    _fsync_dir(folder)


def _fsync_dir(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
