"""Small stand-ins for the models, for unit tests that build a real index without them.

:class:`WordsAnalyser` implements ``TextAnalyser.normalize`` (lower-case words) and
:class:`HashingEmbedder` the ``Embedder`` protocol (a hashed bag of words, L2-normalised),
enough for ``build_index`` to write a real SQLite database and FAISS index.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence

import numpy as np

from indexer.analysis import Sentence

_WORD = re.compile(r"[a-z0-9]+")


class WordsAnalyser:
    name = "fake-words-1"

    def sentences(self, texts: Sequence[str]) -> list[list[Sentence]]:
        raise NotImplementedError("WordsAnalyser only normalises phrases")

    def normalize(self, phrases: Sequence[str]) -> list[str]:
        return [" ".join(_WORD.findall(p.lower())) for p in phrases]


class HashingEmbedder:
    name = "fake-hashing-1"
    dimension = 32

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        out = np.zeros((len(texts), self.dimension), dtype=np.float32)
        for row, text in enumerate(texts):
            for word in _WORD.findall(text.lower()):
                digest = hashlib.blake2b(word.encode(), digest_size=4).digest()
                out[row, int.from_bytes(digest, "little") % self.dimension] += 1.0
            out[row] /= max(float(np.linalg.norm(out[row])), 1e-9)
        return out
