"""A draft analysed for linking: its sentences in anchor territory, its words, its links."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from indexer.analysis import Sentence, TextAnalyser
from indexer.document import Block, Document
from indexer.readers import parse_document
from service.engine.draft_meta import DraftMeta, draft_meta
from service.engine.types import Draft

MIN_SENTENCE_TOKENS = 4
#: Blocks analysed at a time; the time budget is checked between batches.
BLOCK_BATCH = 8


@dataclass(frozen=True)
class DraftSentence:
    """A sentence of the draft that may hold an anchor."""

    index: int
    block: Block
    sentence: Sentence

    @property
    def text(self) -> str:
        return self.block.text[self.sentence.start : self.sentence.end]

    def source_span(self, i: int, j: int) -> tuple[int, int] | None:
        """Source offsets of tokens [i, j) when they are one verbatim, linkable run."""
        toks = self.sentence.tokens
        return self.block.source_span(toks[i].start, toks[j - 1].end)

    def source_start(self) -> int | None:
        """Source offset of the sentence's first character, when it maps verbatim."""
        span = self.source_span(0, 1)
        return span[0] if span else None


@dataclass(frozen=True)
class AnalysedDraft:
    """The parsed draft and its linkable sentences.

    ``blocks_left`` counts prose blocks never analysed because the time budget ran out;
    ``meta`` is what the draft says about itself (:func:`draft_meta`).
    """

    draft: Draft
    document: Document
    sentences: tuple[DraftSentence, ...]
    words: int
    blocks_left: int = 0
    meta: DraftMeta = field(default_factory=DraftMeta)


def analyse_draft(
    draft: Draft, analyser: TextAnalyser, expired: Callable[[], bool] | None = None
) -> AnalysedDraft:
    """Parse a draft and split its prose blocks into sentences (with the corpus's analyser).

    Args:
        expired: checked between batches of blocks; once true, later blocks are skipped.
    """
    doc = parse_document(draft.text, draft.format)
    blocks = [b for b in doc.blocks if b.anchor_territory and b.text.strip()]
    sentences: list[DraftSentence] = []
    step = BLOCK_BATCH if expired else max(1, len(blocks))
    done = 0
    while done < len(blocks) and not (done and expired and expired()):
        batch = blocks[done : done + step]
        for block, sents in zip(batch, analyser.sentences([b.text for b in batch]), strict=True):
            for sent in sents:
                if sum(t.is_alpha for t in sent.tokens) >= MIN_SENTENCE_TOKENS:
                    sentences.append(DraftSentence(len(sentences), block, sent))
        done += len(batch)
    words = sum(len(b.text.split()) for b in doc.blocks if b.kind not in ("code", "html"))
    meta = draft_meta(draft, doc.front_matter)
    return AnalysedDraft(draft, doc, tuple(sentences), words, len(blocks) - done, meta)
