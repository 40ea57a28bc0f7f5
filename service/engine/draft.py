"""A draft analysed for linking: its sentences in anchor territory, its words, its links."""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace

from indexer.analysis import Sentence, TextAnalyser
from indexer.document import Block, Document, Format
from indexer.readers import parse_document
from service.engine.draft_meta import DraftMeta, draft_meta
from service.engine.types import Draft

MIN_SENTENCE_TOKENS = 4
#: About how many characters are analysed at a time; the time budget is checked between
#: batches. A block longer than this is cut between sentences, so that one very long
#: paragraph cannot hold a request past its budget.
BATCH_CHARS = 4_000
_SENTENCE_END = re.compile(r"[.!?][\"')\]]*\s+")


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
    draft: Draft,
    analyser: TextAnalyser,
    expired: Callable[[], bool] | None = None,
    on_sentences: Callable[[list[DraftSentence]], None] | None = None,
) -> AnalysedDraft:
    """Parse a draft and split its prose blocks into sentences (with the corpus's analyser),
    a batch of about :data:`BATCH_CHARS` characters at a time.

    Args:
        expired: checked between batches; once true, the rest is skipped
            (``blocks_left`` says how many blocks it touches).
        on_sentences: given each batch's sentences as soon as they are known (the
            engine starts embedding them while the next batch is analysed).
    """
    doc = parsed(draft.text, draft.format)
    blocks = [b for b in doc.blocks if b.anchor_territory and b.text.strip()]
    units = [(b, at, piece) for b in blocks for at, piece in pieces(b.text)]
    sentences: list[DraftSentence] = []
    done = 0
    while done < len(units) and not (done and expired and expired()):
        end = _batch_end(units, done)
        batch = units[done:end]
        texts = [piece for _, _, piece in batch]
        first = len(sentences)
        for (block, at, _), sents in zip(batch, analyser.sentences(texts), strict=True):
            for sent in sents:
                if sum(t.is_alpha for t in sent.tokens) >= MIN_SENTENCE_TOKENS:
                    sentences.append(DraftSentence(len(sentences), block, _shifted(sent, at)))
        if on_sentences is not None:
            on_sentences(sentences[first:])
        done = end
    blocks_left = len({id(block) for block, _, _ in units[done:]})
    words = sum(len(b.text.split()) for b in doc.blocks if b.kind not in ("code", "html"))
    meta = draft_meta(draft, doc.front_matter)
    return AnalysedDraft(draft, doc, tuple(sentences), words, blocks_left, meta)


@functools.lru_cache(maxsize=2)
def parsed(text: str, format: Format) -> Document:
    """The draft's document, read once for a check's rules and its suggestions both (a
    Document is immutable, so the two share it). Only the last drafts are kept: a worker
    answers one request at a time, and a hostile draft's document holds ~15 MB."""
    return parse_document(text, format)


def pieces(text: str, limit: int = BATCH_CHARS) -> list[tuple[int, str]]:
    """``text`` as (offset, piece) runs of at most ``limit`` characters, each cut after
    a sentence's closing punctuation where there is one, else after a space."""
    out, start = [], 0
    while len(text) - start > limit:
        window = text[start : start + limit]
        ends = [m.end() for m in _SENTENCE_END.finditer(window)]
        cut = ends[-1] if ends else window.rfind(" ") + 1 or limit
        out.append((start, window[:cut]))
        start += cut
    out.append((start, text[start:]))
    return out


def _batch_end(units: list[tuple[Block, int, str]], start: int) -> int:
    """Where the batch from ``start`` ends: at least one unit, else about BATCH_CHARS."""
    end, chars = start + 1, len(units[start][2])
    while end < len(units) and chars + len(units[end][2]) <= BATCH_CHARS:
        chars += len(units[end][2])
        end += 1
    return end


def _shifted(sent: Sentence, by: int) -> Sentence:
    """``sent`` with its offsets moved ``by`` characters (from its piece to its block)."""
    if not by:
        return sent
    tokens = tuple(replace(t, start=t.start + by, end=t.end + by) for t in sent.tokens)
    return replace(sent, start=sent.start + by, end=sent.end + by, tokens=tokens)
