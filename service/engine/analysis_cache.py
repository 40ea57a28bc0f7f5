"""The draft analyser with a per-process LRU cache of analysed blocks.

The editor sidebar sends the whole draft again after every pause in typing; usually one
paragraph has changed. spaCy is the largest cost of a request, so each block (paragraph,
list item, quote) is analysed once and its sentences are kept by the block's text: an edit
re-analyses only the paragraph it touched. Analysis depends on the text alone, so the cache
outlives index reloads and is shared by every engine of the process.
"""

from __future__ import annotations

from collections.abc import Sequence

from indexer.analysis import Sentence, TextAnalyser
from service.engine.lru import LRU

#: Blocks kept; a 1,500-word draft has about 30, so this holds some thirty drafts.
DEFAULT_BLOCKS = 1024


class CachedAnalyser:
    """A :class:`TextAnalyser` that remembers the sentences of every text it analysed."""

    def __init__(self, analyser: TextAnalyser, size: int = DEFAULT_BLOCKS) -> None:
        self.inner = analyser
        self.name = analyser.name
        self.cache: LRU[str, list[Sentence]] = LRU(size)

    def sentences(self, texts: Sequence[str]) -> list[list[Sentence]]:
        found = [self.cache.get(text) for text in texts]
        todo = list(dict.fromkeys(t for t, f in zip(texts, found, strict=True) if f is None))
        fresh = dict(zip(todo, self.inner.sentences(todo), strict=True)) if todo else {}
        for text, sents in fresh.items():
            self.cache.put(text, sents)
        return [f if f is not None else fresh[t] for t, f in zip(texts, found, strict=True)]

    def normalize(self, phrases: Sequence[str]) -> list[str]:
        return self.inner.normalize(phrases)


def cached(analyser: TextAnalyser) -> CachedAnalyser:
    """``analyser`` with a block cache (itself when it already has one)."""
    return analyser if isinstance(analyser, CachedAnalyser) else CachedAnalyser(analyser)
