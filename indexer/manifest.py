"""``manifest.json``: what an index holds and which models built it."""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Collection
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from pathlib import Path

MANIFEST_NAME = "manifest.json"
#: 2: lexical profiles (``lexical_*.npy``) added.
FORMAT_VERSION = 2
#: Formats whose vectors and kept parses a new build may reuse (:mod:`indexer.reuse`).
REUSABLE_FORMATS = (1, 2)


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
    #: The site's Markdown renderer (``kramdown``, ``goldmark``), ``""`` when unknown.
    markdown: str = ""
    #: URLs of the site's pages that are not posts (a Jekyll site's ``about.md``): no
    #: link targets, but a link to one is not broken.
    pages: list[str] = field(default_factory=list)
    #: URLs the site redirects, each -> where it goes (normal forms): posts' old URLs
    #: (``redirect_from``, ``aliases``) to the post, a post with ``redirect_to`` to that
    #: URL. A link to one links where it goes.
    aliases: dict[str, str] = field(default_factory=dict)

    def write(self, folder: Path) -> None:
        text = json.dumps(asdict(self), indent=2, sort_keys=True)
        (folder / MANIFEST_NAME).write_text(text + "\n", encoding="utf-8")

    @classmethod
    def read(cls, folder: Path, formats: Collection[int] = (FORMAT_VERSION,)) -> Manifest:
        """The manifest of the index in ``folder``, whose format must be one of ``formats``.

        Raises:
            BadIndex: no manifest, a corrupt one, or another format.
        """
        path = folder / MANIFEST_NAME
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            manifest = cls(**data)
        except FileNotFoundError as exc:
            raise BadIndex(f"{folder} is not an index (no {MANIFEST_NAME})") from exc
        except (ValueError, TypeError) as exc:
            raise BadIndex(f"{path} is corrupt: {exc}") from exc
        if manifest.format_version not in formats:
            raise BadIndex(
                f"{folder} has index format {manifest.format_version}, this linkwright reads "
                f"{FORMAT_VERSION}: rebuild it with `linkwright index`"
            )
        return manifest

    def verify(self, folder: Path, names: Collection[str] | None = None) -> None:
        """Check the checksums of the files ``names`` (default: every file), hashing
        them in parallel (the digest releases the GIL; a large index is gigabytes).

        Raises:
            BadIndex: naming a file that is missing or does not match.
        """
        wanted = {n: s for n, s in self.checksums.items() if names is None or n in names}
        for name in wanted:
            if not (folder / name).exists():
                raise BadIndex(f"{folder} is incomplete: {name} is missing")
        threads = max(1, min(len(wanted), os.cpu_count() or 1))
        with ThreadPoolExecutor(threads) as pool:
            digests = dict(
                zip(wanted, pool.map(file_sha256, [folder / n for n in wanted]), strict=True)
            )
        for name, expected in wanted.items():
            if digests[name] != expected:
                raise BadIndex(f"{folder / name} is corrupt (checksum mismatch): rebuild the index")


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()
