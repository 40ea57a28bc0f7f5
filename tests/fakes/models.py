"""Small stand-ins for the models, for unit tests that build a real index without them.

:class:`WordsAnalyser` implements ``TextAnalyser.normalize`` (lower-case words) and
:class:`HashingEmbedder` the ``Embedder`` protocol (a hashed bag of words, L2-normalised),
enough for ``build_index`` to write a real SQLite database and FAISS index;
:class:`CountingAnalyser` the whole ``TextAnalyser`` (one sentence per text), recording
what it was given.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence

import numpy as np

from indexer.analysis import Sentence, Token

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


class CountingAnalyser:
    """One sentence per text, every word a token; records what it was asked to analyse."""

    name = "counting-1"

    def __init__(self) -> None:
        self.seen: list[str] = []

    def sentences(self, texts: Sequence[str]) -> list[list[Sentence]]:
        self.seen += texts
        out = []
        for text in texts:
            tokens, at = [], 0
            for word in text.split():
                start = text.index(word, at)
                at = start + len(word)
                tokens.append(Token(start, at, word, word.lower(), "NOUN", False, word.isalpha()))
            out.append([Sentence(0, len(text), tuple(tokens), ())])
        return out

    def normalize(self, phrases: Sequence[str]) -> list[str]:
        return [p.lower() for p in phrases]
