"""Apply a reviewed plan to the files, journalled so that ``undo`` restores them byte for byte.

Per file, in this order:

1. the file's SHA-256 must equal the plan's (else every item for it is skipped: it
   changed since planning), or the new hash the journal recorded: then, if the accepted
   edits are those applied, there is nothing to do; if the review changed since (edits
   accepted or rejected after an apply), the file starts again from its original bytes,
   and with no edit accepted any more it gets them back;
2. its original bytes go into ``PLAN.journal/originals/<sha256>`` (written atomically);
3. a line ``{path, original_sha256, new_sha256, ...}`` is appended to
   ``PLAN.journal/manifest.jsonl`` and fsynced;
4. the new text (the accepted edits applied from the end backwards) replaces the file
   atomically (temporary file in the same folder, fsync, ``os.replace``).

A crash at any point leaves each file fully old or fully new, and every new file has its
original in the journal, so ``undo`` works after a crash too.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal

from service.relink.atomic import append_line, sha256_bytes, write_atomic
from service.relink.planfile import Edit

Outcome = Literal[
    "applied",
    "already_applied",
    "changed",
    "missing",
    "mismatch",
    "restored",
    "already_restored",
    "refused",
]
MANIFEST = "manifest.jsonl"
log = logging.getLogger(__name__)
ORIGINALS = "originals"


class JournalError(Exception):
    """The journal cannot be used; the message says what to do."""


@dataclass(frozen=True)
class FileResult:
    """What happened to one file."""

    path: str
    outcome: Outcome
    edits: int
    message: str


OnFile = Callable[[FileResult], None]


def journal_dir(plan: Path) -> Path:
    """``PLAN.journal/`` next to the plan (``relink.jsonl`` -> ``relink.journal``)."""
    return plan.with_suffix(".journal") if plan.suffix else plan.with_name(plan.name + ".journal")


def apply_edits(text: str, edits: Sequence[Edit]) -> str:
    """Replace each edit's anchor with its replacement, from the end backwards.

    Raises:
        ValueError: an anchor is not at its offsets, or two edits overlap.
    """
    out = text
    last_start = len(text) + 1
    for e in sorted(edits, key=lambda e: e.start, reverse=True):
        if e.end > last_start:
            raise ValueError(f"edits {e.id} and another overlap")
        if out[e.start : e.end] != e.anchor:
            raise ValueError(f"edit {e.id}: {e.anchor!r} is not at {e.start}-{e.end}")
        out = out[: e.start] + e.replacement + out[e.end :]
        last_start = e.start
    return out


def apply_plan(
    plan: Path, edits: Sequence[Edit], on_file: OnFile | None = None
) -> list[FileResult]:
    """Apply the accepted edits of a plan, file by file (see the module docstring)."""
    journal = journal_dir(plan)
    (journal / ORIGINALS).mkdir(parents=True, exist_ok=True)
    done = _records_by_path(journal)
    by_file: dict[str, list[Edit]] = {file: [] for file in done}  # all rejected since?
    for e in edits:
        if e.status == "accepted":
            by_file.setdefault(e.file, []).append(e)
    results = []
    for file, items in by_file.items():
        result = _apply_file(journal, Path(file), items, done.get(file, []))
        results.append(result)
        if on_file:
            on_file(result)
    return results


def _apply_file(
    journal: Path, path: Path, edits: list[Edit], records: list[dict[str, Any]]
) -> FileResult:
    n = len(edits)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return FileResult(str(path), "missing", n, f"{path} is gone: skipped its {n} edit(s)")
    current = sha256_bytes(data)
    applied = [r for r in records if r["new_sha256"] == current]
    if applied:
        if sorted(applied[-1].get("edits", [])) == sorted(e.id for e in edits):
            return FileResult(str(path), "already_applied", n, f"{path} already has its edits")
        try:  # the review changed since this file was applied: from its original again
            data = (journal / applied[-1]["backup"]).read_bytes()
        except OSError as exc:
            return FileResult(str(path), "mismatch", n, f"{path}: skipped: no original ({exc})")
        current = sha256_bytes(data)
    if not edits:
        if not applied:
            return FileResult(str(path), "already_restored", 0, f"{path} has no accepted edit")
        _record(journal, path, current, data, [])
        write_atomic(path, data)
        return FileResult(str(path), "restored", 0, f"{path}: every edit rejected, links taken out")
    planned = {e.sha256 for e in edits}
    if planned != {current}:
        return FileResult(
            str(path),
            "changed",
            n,
            f"{path} changed since the plan was made: skipped its {n} edit(s); "
            "make a new plan to link it",
        )
    try:
        new = apply_edits(data.decode("utf-8"), edits).encode("utf-8")
    except ValueError as exc:
        return FileResult(str(path), "mismatch", n, f"{path}: skipped: {exc}")
    backup = journal / ORIGINALS / current
    if not backup.exists():
        write_atomic(backup, data)
    _record(journal, path, current, new, [e.id for e in edits])
    write_atomic(path, new)
    again = " (the review changed since it was applied)" if applied else ""
    return FileResult(str(path), "applied", n, f"{path}: {n} link(s) added{again}")


def _record(journal: Path, path: Path, original: str, new: bytes, edit_ids: list[str]) -> None:
    """Journal a replacement of ``path`` before it is made (so undo finds the original)."""
    record = {
        "path": str(path),
        "original_sha256": original,
        "new_sha256": sha256_bytes(new),
        "backup": f"{ORIGINALS}/{original}",
        "edits": edit_ids,
        "applied_at": datetime.now(UTC).isoformat(timespec="seconds"),
    }
    append_line(journal / MANIFEST, json.dumps(record, ensure_ascii=False))


def read_journal(journal: Path) -> list[dict[str, Any]]:
    """The manifest's records, in the order they were written.

    Raises:
        JournalError: there is no journal.
    """
    manifest = journal / MANIFEST
    if not manifest.is_file():
        raise JournalError(
            f"no journal at {journal}: nothing was applied from this plan "
            "(or the journal folder was moved)"
        )
    records = []
    for number, line in enumerate(
        manifest.read_text(encoding="utf-8", errors="replace").splitlines(), 1
    ):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
            _ = record["path"], record["original_sha256"], record["new_sha256"], record["backup"]
        except (ValueError, KeyError, TypeError):
            # Torn by a crash while appending: the file it names was never replaced,
            # because a file is replaced only after its record is complete on disk.
            log.warning("%s line %d is incomplete; ignored", manifest, number)
            continue
        records.append(record)
    return records


def _records_by_path(journal: Path) -> dict[str, list[dict[str, Any]]]:
    try:
        records = read_journal(journal)
    except JournalError:
        return {}
    out: dict[str, list[dict[str, Any]]] = {}
    for r in records:
        out.setdefault(r["path"], []).append(r)
    return out


def undo_plan(plan: Path, force: bool = False, on_file: OnFile | None = None) -> list[FileResult]:
    """Restore every file the plan's apply changed, newest first.

    A file is restored when it still holds the applied bytes; one changed since then is
    refused (``force`` restores it anyway); one already original is left alone.

    Raises:
        JournalError: there is no usable journal for this plan.
    """
    journal = journal_dir(plan)
    by_path: dict[str, list[dict[str, Any]]] = {}
    for r in read_journal(journal):
        by_path.setdefault(r["path"], []).append(r)
    results = []
    for path_name in reversed(list(by_path)):
        result = _undo_file(journal, Path(path_name), by_path[path_name], force)
        results.append(result)
        if on_file:
            on_file(result)
    return results


def _undo_file(journal: Path, path: Path, records: list[dict[str, Any]], force: bool) -> FileResult:
    original = records[0]["original_sha256"]
    news = {r["new_sha256"] for r in records}
    try:
        current: str | None = sha256_bytes(path.read_bytes())
    except FileNotFoundError:
        current = None
    if current == original:
        return FileResult(str(path), "already_restored", 0, f"{path} is already original")
    if current not in news and not force:
        why = "is gone" if current is None else "changed after the links were added"
        return FileResult(
            str(path),
            "refused",
            0,
            f"{path} {why}: not restored (use --force to put the original back anyway)",
        )
    try:
        data = (journal / records[0]["backup"]).read_bytes()
    except OSError:
        data = b""
    if sha256_bytes(data) != original:
        return FileResult(
            str(path),
            "mismatch",
            0,
            f"{path}: its saved original in {journal} is missing or damaged",
        )
    write_atomic(path, data)
    return FileResult(str(path), "restored", 0, f"{path} restored")
