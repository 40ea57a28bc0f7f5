"""The plan file: JSONL, one proposed edit per line, and its review status.

A line looks like::

    {"id": "3f9c0a1b2d4e5f60", "status": "proposed", "file": "/site/_posts/2021-…md",
     "sha256": "<of the file as planned>",
     "source": {"url": "/blog/2021/…/", "title": "…"},
     "target": {"url": "/blog/2024/…/", "title": "…"},
     "anchor": {"text": "anchor text", "start": 1042, "end": 1053,
                "context_before": "…", "context_after": "…"},
     "replacement": "[anchor text](/blog/2024/…/)", "score": 0.81, "reasons": [...]}

Offsets are character offsets into the file's text (UTF-8 decoded, front matter included).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Literal, cast

from service.relink.atomic import write_atomic

Status = Literal["proposed", "accepted", "rejected"]
STATUSES: tuple[Status, ...] = ("proposed", "accepted", "rejected")


class PlanError(Exception):
    """A plan file cannot be used; the message says what to do."""


@dataclass(frozen=True)
class Edit:
    """One proposed link insertion in one file."""

    id: str
    file: str
    sha256: str
    source_url: str
    source_title: str
    target_url: str
    target_title: str
    anchor: str
    start: int
    end: int
    replacement: str
    score: float
    context_before: str = ""
    context_after: str = ""
    reasons: tuple[dict[str, Any], ...] = field(default=(), compare=False)
    status: Status = "proposed"


def edit_id(file: str, target_url: str, start: int, end: int, anchor: str) -> str:
    """The stable id of an edit: the same proposal always gets the same id."""
    key = "\0".join((file, target_url, str(start), str(end), anchor))
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:16]


def to_json(e: Edit) -> dict[str, Any]:
    return {
        "id": e.id,
        "status": e.status,
        "file": e.file,
        "sha256": e.sha256,
        "source": {"url": e.source_url, "title": e.source_title},
        "target": {"url": e.target_url, "title": e.target_title},
        "anchor": {
            "text": e.anchor,
            "start": e.start,
            "end": e.end,
            "context_before": e.context_before,
            "context_after": e.context_after,
        },
        "replacement": e.replacement,
        "score": e.score,
        "reasons": list(e.reasons),
    }


def from_json(d: Any) -> Edit:
    """Raises: KeyError, TypeError, ValueError on a malformed line."""
    if not isinstance(d, dict):
        raise TypeError("a line must be a JSON object")
    status = d.get("status", "proposed")
    if status not in STATUSES:
        raise ValueError(f"status {status!r} is not one of {', '.join(STATUSES)}")
    anchor = d["anchor"]
    return Edit(
        id=str(d["id"]),
        file=str(d["file"]),
        sha256=str(d["sha256"]),
        source_url=str(d["source"]["url"]),
        source_title=str(d["source"].get("title", "")),
        target_url=str(d["target"]["url"]),
        target_title=str(d["target"].get("title", "")),
        anchor=str(anchor["text"]),
        start=int(anchor["start"]),
        end=int(anchor["end"]),
        replacement=str(d["replacement"]),
        score=float(d.get("score", 0.0)),
        context_before=str(anchor.get("context_before", "")),
        context_after=str(anchor.get("context_after", "")),
        reasons=tuple(d.get("reasons", ())),
        status=cast(Status, status),
    )


def dumps(edits: Iterable[Edit]) -> bytes:
    lines = (json.dumps(to_json(e), ensure_ascii=False) for e in edits)
    return "".join(line + "\n" for line in lines).encode("utf-8")


def write_plan(path: Path, edits: Sequence[Edit]) -> None:
    """Write the plan atomically (a crash never leaves half a plan)."""
    write_atomic(path, dumps(edits))


def read_plan(path: Path) -> list[Edit]:
    """Read a plan file.

    Raises:
        PlanError: the file is missing, unreadable or not a plan (naming the bad line).
    """
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise PlanError(
            f"no plan file at {path}: make one with `linkwright relink plan --out {path} ...`"
        ) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise PlanError(f"cannot read the plan {path}: {exc}") from None
    edits = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            edits.append(from_json(json.loads(line)))
        except (ValueError, KeyError, TypeError) as exc:
            raise PlanError(
                f"{path} line {number} is not a plan edit ({type(exc).__name__}: {exc}); "
                "a plan is the JSONL file `linkwright relink plan` writes"
            ) from None
    return edits


def mark(edits: Sequence[Edit], ids: Iterable[str], status: Status) -> tuple[list[Edit], list[str]]:
    """Set the status of the edits named by ``ids`` (full ids or unique prefixes).

    Returns:
        The updated edits, and the ids that matched nothing or more than one edit.
    """
    chosen: set[str] = set()
    bad: list[str] = []
    for wanted in ids:
        matches = [e.id for e in edits if e.id == wanted] or [
            e.id for e in edits if e.id.startswith(wanted)
        ]
        if len(matches) == 1:
            chosen.add(matches[0])
        else:
            bad.append(wanted)
    updated = [replace(e, status=status) if e.id in chosen else e for e in edits]
    return updated, bad


def mark_all(edits: Sequence[Edit], status: Status) -> list[Edit]:
    return [replace(e, status=status) for e in edits]
