"""``manifest.json``: what an index holds and which models built it."""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, field
from pathlib import Path

MANIFEST_NAME = "manifest.json"
FORMAT_VERSION = 1


class BadIndex(Exception):
    """An index directory is missing, incomplete, corrupt or from other models."""


@dataclass(frozen=True)
class Manifest:
    """The contents of ``manifest.json``."""

    format_version: int
    built_at: str
    embedding_model: str
    embedding_dimension: int
    spacy_pipeline: str
    counts: dict[str, int]
    checksums: dict[str, str] = field(default_factory=dict)
    origin: str = ""

    def write(self, folder: Path) -> None:
        text = json.dumps(asdict(self), indent=2, sort_keys=True)
        (folder / MANIFEST_NAME).write_text(text + "\n", encoding="utf-8")

    @classmethod
    def read(cls, folder: Path) -> Manifest:
        path = folder / MANIFEST_NAME
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            manifest = cls(**data)
        except FileNotFoundError as exc:
            raise BadIndex(f"{folder} is not an index (no {MANIFEST_NAME})") from exc
        except (ValueError, TypeError) as exc:
            raise BadIndex(f"{path} is corrupt: {exc}") from exc
        if manifest.format_version != FORMAT_VERSION:
            raise BadIndex(
                f"{folder} has index format {manifest.format_version}, this linkwright reads "
                f"{FORMAT_VERSION}: rebuild it with `linkwright index`"
            )
        return manifest

    def verify(self, folder: Path) -> None:
        """Check every file's checksum.

        Raises:
            BadIndex: naming the first file that is missing or does not match.
        """
        for name, expected in self.checksums.items():
            path = folder / name
            if not path.exists():
                raise BadIndex(f"{folder} is incomplete: {name} is missing")
            if file_sha256(path) != expected:
                raise BadIndex(f"{path} is corrupt (checksum mismatch): rebuild the index")


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()
