"""The title-match baseline: what most link plugins do, to measure the engine against.

A target is a candidate for a sentence when at least two of its title's stems (Snowball
English stemmer; stopwords dropped from titles) occur in the sentence. The anchor runs
from the first to the last matching word, at most ten words (the window with the most
matching stems when they lie further apart). One suggestion per target, ranked by the
share of the title's stems matched. Titles of one stem (many derived source titles,
"Xorshift") need that one stem. It answers :class:`Draft` with a
:class:`SuggestionResult`, like the engine.
"""

from __future__ import annotations

import re
import time
from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache

import snowballstemmer
from spacy.lang.en.stop_words import STOP_WORDS

from indexer.document import Block
from indexer.readers import parse_document
from indexer.urls import normalize_url
from service.engine.index import LoadedIndex
from service.engine.types import (
    Anchor,
    Draft,
    IndexInfo,
    Reason,
    Suggestion,
    SuggestionKind,
    SuggestionResult,
    Target,
)

MIN_MATCHES = 2
MAX_ANCHOR_WORDS = 10
_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")
_STEMMER = snowballstemmer.stemmer("english")


@lru_cache(maxsize=100_000)
def stem(word: str) -> str:
    """The Snowball (Porter 2) English stem of a word, lower-cased."""
    return str(_STEMMER.stemWord(word.lower()))


def title_stems(title: str) -> frozenset[str]:
    """The stems of a title's words, stopwords dropped."""
    words = (w.lower() for w in _WORD.findall(title))
    return frozenset(stem(w) for w in words if w not in STOP_WORDS)


@dataclass(frozen=True)
class Word:
    """A word of a sentence: offsets into the block text and its stem."""

    start: int
    end: int
    stem: str


def sentence_words(text: str) -> Iterator[list[Word]]:
    """Split a block's text into sentences of words (offsets into ``text``)."""
    pos = 0
    for m in [*_SENTENCE_END.finditer(text), None]:
        end = m.start() if m else len(text)
        words = [Word(w.start(), w.end(), stem(w.group())) for w in _WORD.finditer(text, pos, end)]
        if words:
            yield words
        pos = m.end() if m else end


def match_title(
    stems: frozenset[str], words: Sequence[Word], min_matches: int = MIN_MATCHES
) -> tuple[int, int, float] | None:
    """Whether a title matches a sentence, and where.

    Returns:
        ``(i, j, share)``: the anchor is words ``[i, j)`` (first to last matching word,
        at most :data:`MAX_ANCHOR_WORDS`), ``share`` the part of the title's stems it
        holds; ``None`` when fewer than ``min(min_matches, len(stems))`` stems match.
    """
    if not stems:
        return None
    hits = [i for i, w in enumerate(words) if w.stem in stems]
    best: tuple[int, int, int] | None = None  # (distinct stems, i, j)
    for a, i in enumerate(hits):
        window = [k for k in hits[a:] if k - i < MAX_ANCHOR_WORDS]
        found = len({words[k].stem for k in window})
        if best is None or found > best[0]:
            best = (found, i, window[-1] + 1)
    if best is None or best[0] < min(min_matches, len(stems)):
        return None
    return best[1], best[2], best[0] / len(stems)


@dataclass(frozen=True)
class TitleTarget:
    """A target the baseline may suggest."""

    url: str
    title: str
    kind: SuggestionKind
    stems: frozenset[str]


@dataclass(frozen=True)
class _Match:
    target: int
    share: float
    start: int
    end: int


class TitleMatchBaseline:
    """Suggests targets whose title words appear in a sentence of the draft."""

    def __init__(self, targets: Sequence[TitleTarget], info: IndexInfo, origin: str = "") -> None:
        self.targets = list(targets)
        self.origin = origin
        self._info = info
        self._by_stem: dict[str, list[int]] = defaultdict(list)
        for i, t in enumerate(self.targets):
            for s in t.stems:
                self._by_stem[s].append(i)

    @classmethod
    def from_index(cls, index: LoadedIndex) -> TitleMatchBaseline:
        """The baseline over the posts and sources of a loaded index."""
        targets = [
            TitleTarget(
                t.url, t.title, "internal" if t.kind == "post" else "citation", title_stems(t.title)
            )
            for t in index.targets
            if not t.draft
        ]
        return cls(targets, index.info(), index.manifest.origin)

    def info(self) -> IndexInfo:
        return self._info

    def suggest(self, draft: Draft) -> SuggestionResult:
        """Title matches for a draft, under its options' kinds, thresholds and limits."""
        started = time.perf_counter()
        opts = draft.options
        own = normalize_url(draft.url, self.origin) if draft.url else None
        best: dict[int, _Match] = {}
        for m in self._matches(draft):
            t = self.targets[m.target]
            if own and normalize_url(t.url, self.origin) == own:
                continue
            old = best.get(m.target)
            if old is None or m.share > old.share:
                best[m.target] = m
        limits = {"internal": opts.max_internal, "citation": opts.max_citations}
        thresholds = {"internal": opts.threshold, "citation": opts.citation_threshold}
        wanted = {"internal": opts.internal, "citation": opts.citations}
        chosen: list[Suggestion] = []
        for m in sorted(best.values(), key=lambda m: (-m.share, m.start)):
            kind = self.targets[m.target].kind
            if not wanted[kind] or m.share < thresholds[kind] or limits[kind] <= 0:
                continue
            if len(chosen) >= opts.max_suggestions:
                break
            limits[kind] -= 1
            chosen.append(self._suggestion(draft.text, m))
        elapsed = round((time.perf_counter() - started) * 1000, 2)
        return SuggestionResult(tuple(chosen), self._info, {"total": elapsed})

    def _matches(self, draft: Draft) -> Iterator[_Match]:
        doc = parse_document(draft.text, draft.format)
        for block in doc.blocks:
            if not block.anchor_territory:
                continue
            for words in sentence_words(block.text):
                candidates = {i for w in words for i in self._by_stem.get(w.stem, ())}
                for i in sorted(candidates):
                    found = match_title(self.targets[i].stems, words)
                    span = _source_span(block, words, found) if found else None
                    if found and span:
                        yield _Match(i, found[2], *span)

    def _suggestion(self, text: str, m: _Match) -> Suggestion:
        t = self.targets[m.target]
        anchor = Anchor(
            text[m.start : m.end],
            m.start,
            m.end,
            text[max(0, m.start - 40) : m.start],
            text[m.end : m.end + 40],
            text.count(text[m.start : m.end], 0, m.start),
        )
        why = (Reason("title_match", f"{m.share:.0%} of the title's words", m.share),)
        return Suggestion(t.kind, Target(t.url, t.title, t.kind), anchor, round(m.share, 4), why)


def _source_span(
    block: Block, words: Sequence[Word], found: tuple[int, int, float]
) -> tuple[int, int] | None:
    """Source offsets of words ``[i, j)``: the first word's start to the last word's end
    (the span may cross a line break of the source)."""
    first, last = words[found[0]], words[found[1] - 1]
    a = block.source_span(first.start, first.end)
    b = block.source_span(last.start, last.end)
    return (a[0], b[1]) if a and b else None
