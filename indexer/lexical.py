"""Lexical profiles: each target's most telling words, for a document-level word overlap
beside the embeddings.

MiniLM compares meanings; a technical site's rare shared words ("xorshift", "w64devkit",
"birthday paradox") say more than a sentence vector about which of its posts a draft is
about. Each target keeps its :data:`TERMS_PER_TARGET` heaviest words by TF-IDF
(sublinear term frequency; a word in more than :data:`MAX_SHARE` of the targets counts
nothing), and a draft's similarity to a target is the cosine of the two profiles.

Words are hashed into :data:`BUCKETS` buckets (CRC-32), so no vocabulary is stored or
loaded: the build keeps three arrays (each target's range of terms, the terms with their
weights, the inverse document frequency per bucket), memory-mapped by every worker, of
which a draft touches only its candidates' rows. A post's word counts come from its parse
(:func:`term_counts`, kept in the build's parse cache), so an update re-counts only the
posts that changed.
"""

from __future__ import annotations

import math
import re
import threading
import zlib
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from spacy.lang.en.stop_words import STOP_WORDS

from indexer import ragged

ROWS_NAME = "lexical_rows.npy"
TERMS_NAME = "lexical_terms.npy"
IDF_NAME = "lexical_idf.npy"
FILES = (ROWS_NAME, TERMS_NAME, IDF_NAME)
BUCKETS = 1 << 21
TERMS_PER_TARGET = 64
#: A word in more of the targets than this share tells them apart no better than chance.
MAX_SHARE = 0.5
#: A word in more of the targets than this share names none of them by itself: alone it
#: is no anchor for a post (92% of nullprogram's one-word link texts are in fewer of its
#: posts; "code", "program", "string" and "Emacs" are in 29-66%).
COMMON_SHARE = 0.2
#: The stored rarity of a word in more than :data:`MAX_SHARE` of the targets (builds
#: before it stored 0 there, as for a word in none).
TOO_COMMON = -1.0
TERM = np.dtype([("bucket", "<i4"), ("weight", "<f2")])  # 6 bytes a term
_WORD = re.compile(r"\w[\w\-]+")
_PAIR = np.dtype("<i4")


def term_counts(texts: Iterable[str]) -> bytes:
    """The words of ``texts`` as packed (bucket, count) pairs, buckets ascending: lower
    case, two characters or more, English stop words left out."""
    counts: Counter[int] = Counter()
    for text in texts:
        for word in _WORD.findall(text.lower()):
            if word not in STOP_WORDS:
                counts[_bucket(word)] += 1
    pairs = np.array(sorted(counts.items()), dtype=_PAIR).reshape(-1, 2)
    return pairs.tobytes()


def _bucket(word: str) -> int:
    return zlib.crc32(word.encode("utf-8")) % BUCKETS


def unpack(terms: bytes) -> tuple[np.ndarray, np.ndarray]:
    """(buckets, counts) of :func:`term_counts`' packed pairs."""
    pairs = np.frombuffer(terms, dtype=_PAIR).reshape(-1, 2)
    return pairs[:, 0], pairs[:, 1]


def _tfidf(counts: np.ndarray, idf: np.ndarray) -> np.ndarray:
    """A word's weight in a profile: sublinear term frequency times its rarity. Targets'
    and drafts' profiles must weigh alike for their cosine to mean anything."""
    return (1.0 + np.log(np.maximum(counts, 1))) * idf


def write_profiles(folder: Path, targets: Sequence[bytes]) -> None:
    """Write the profiles of ``targets`` (packed counts, in the index's target order)."""
    sizes = np.array([len(t) // (2 * _PAIR.itemsize) for t in targets], dtype=np.int64)
    owner = np.repeat(np.arange(len(targets)), sizes)
    buckets, counts = unpack(b"".join(targets))
    df = np.bincount(buckets, minlength=BUCKETS)
    idf = np.log((1 + len(targets)) / (1 + df)) + 1.0
    common = df > MAX_SHARE * len(targets)
    idf[(df == 0) | common] = 0.0
    weight = _tfidf(counts, idf[buckets])
    # Per target, heaviest first (one sort of target and 32-bit inverted weight as one
    # integer), then the first TERMS_PER_TARGET of each.
    top = float(weight.max()) if len(weight) else 1.0
    lighter = ((1.0 - weight / max(top, 1e-9)) * 0xFFFFFFFF).astype(np.int64)
    order = np.argsort((owner.astype(np.int64) << 32) | lighter)
    owner, buckets, weight = owner[order], buckets[order], weight[order]
    keep = (ragged.run_ranks(owner) < TERMS_PER_TARGET) & (weight > 0)
    owner, buckets, weight = owner[keep], buckets[keep], weight[keep]
    norms = np.sqrt(np.bincount(owner, weights=weight**2, minlength=len(targets)))
    terms = np.empty(len(owner), dtype=TERM)
    terms["bucket"] = buckets
    terms["weight"] = weight / norms[owner]
    rows = np.concatenate([[0], np.cumsum(np.bincount(owner, minlength=len(targets)))])
    np.save(folder / ROWS_NAME, rows.astype(np.int64))
    np.save(folder / TERMS_NAME, terms)
    idf[common] = TOO_COMMON  # weighs nothing, like a word in no target, but is known
    np.save(folder / IDF_NAME, idf.astype(np.float32))


@dataclass(frozen=True)
class Query:
    """A draft's profile: its buckets (ascending) and their unit-length weights."""

    buckets: np.ndarray
    weights: np.ndarray


class LexicalProfiles:
    """The targets' profiles of one build (memory-mapped)."""

    def __init__(self, rows: np.ndarray, terms: np.ndarray, idf: np.ndarray) -> None:
        if len(idf) != BUCKETS or (len(rows) and rows[-1] != len(terms)):
            raise ValueError("the lexical profiles do not fit together")
        self._rows, self._terms, self._idf = rows, terms, idf
        self.size = len(rows) - 1
        # A word in COMMON_SHARE of the targets has idf = ln((1 + n) / (1 + df)) + 1 at
        # df = COMMON_SHARE * n; stored in float32, so one just at the limit is not taken
        # for one over it.
        n = self.size
        self._common_idf = math.log((1 + n) / (1 + COMMON_SHARE * n)) + 1.0 - 1e-6
        self._scratch = threading.local()  # a zeroed bucket array per thread, reused

    @classmethod
    def load(cls, folder: Path) -> LexicalProfiles:
        def read(name: str) -> np.ndarray:
            return np.load(folder / name, mmap_mode="r")

        return cls(read(ROWS_NAME), read(TERMS_NAME), read(IDF_NAME))

    def names_no_target(self, word: str) -> bool:
        """Whether a single word is used by more than :data:`COMMON_SHARE` of the
        targets, so that alone it names none of them. False for a word no target uses
        in this form (it may be another form of one they do: "PRNGs", "PRNG") and for
        what the profiles do not count (more than one word, a stop word, a letter)."""
        key = word.lower()
        if not _WORD.fullmatch(key) or key in STOP_WORDS:
            return False
        idf = float(self._idf[_bucket(key)])
        return idf != 0.0 and idf < self._common_idf  # 0: in no target

    def query(self, text: str) -> Query:
        """The profile of a draft's text, weighted by the site's word frequencies; words
        the site never uses are left out (they match nothing)."""
        buckets, counts = unpack(term_counts([text]))
        weight = _tfidf(counts, np.maximum(self._idf[buckets], 0.0))
        keep = weight > 0
        buckets, weight = buckets[keep], weight[keep]
        norm = float(np.sqrt((weight**2).sum()))
        return Query(buckets, weight / norm if norm else weight)

    def similarity(self, query: Query, targets: np.ndarray) -> np.ndarray:
        """The cosine of the draft's profile and each of ``targets``' (0-1)."""
        if not len(query.buckets) or not len(targets):
            return np.zeros(len(targets), dtype=np.float64)
        unique, inverse = np.unique(targets, return_inverse=True)  # a target per candidate
        return self._cosines(query, unique)[inverse]

    def _cosines(self, query: Query, targets: np.ndarray) -> np.ndarray:
        at, owner = ragged.gather(self._rows, targets)
        terms = self._terms[at]
        dense = self._dense()
        dense[query.buckets] = query.weights
        try:
            products = terms["weight"].astype(np.float32) * dense[terms["bucket"]]
        finally:
            dense[query.buckets] = 0.0
        return np.bincount(owner, weights=products, minlength=len(targets))

    def _dense(self) -> np.ndarray:
        """This thread's array of one weight per bucket, all zero between queries: made
        once, as a fresh one per query costs more than the lookups (page faults)."""
        dense: np.ndarray | None = getattr(self._scratch, "dense", None)
        if dense is None:
            dense = self._scratch.dense = np.zeros(BUCKETS, dtype=np.float32)
        return dense
