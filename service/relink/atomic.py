"""Crash-safe file writes: a temporary file in the same folder, fsync, then ``os.replace``."""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
from pathlib import Path


def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def sha256_file(path: Path) -> str:
    """The SHA-256 of a file's bytes.

    Raises:
        OSError: the file cannot be read.
    """
    return sha256_bytes(path.read_bytes())


def write_atomic(path: Path, data: bytes) -> None:
    """Replace ``path`` with ``data`` so a crash leaves either the old or the new bytes.

    The file's permission bits are kept when it exists.

    A symlink stays a symlink: the file it points at is the one replaced.

    Raises:
        OSError: the folder is not writable, the disk is full, ...
    """
    path = Path(os.path.realpath(path))
    fd, tmp_name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        if path.exists():
            shutil.copymode(path, tmp)
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    fsync_dir(path.parent)


def append_line(path: Path, line: str) -> None:
    """Append one line to a journal file and force it to disk."""
    with path.open("a+", encoding="utf-8") as fh:
        torn = fh.tell() > 0 and _last_byte(path) != b"\n"  # a crash cut the last line
        fh.write(("\n" if torn else "") + line + "\n")
        fh.flush()
        os.fsync(fh.fileno())
    fsync_dir(path.parent)


def fsync_dir(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _last_byte(path: Path) -> bytes:
    with path.open("rb") as fh:
        fh.seek(-1, os.SEEK_END)
        return fh.read(1)
