"""Anchor spans: which words of a sentence may carry a link, and which fit a target best."""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass

from indexer.analysis import EDGE_POS, Token
from indexer.generic import has_alnum, is_generic, is_weak_modifier
from service.engine.candidates import PhraseMatch
from service.engine.draft import DraftSentence
from service.engine.scoring import phrase_strength

MAX_ANCHOR_WORDS = 8
#: Characters that join the words beside them into one ("non-standard", "a.k.a",
#: "main.c", "either/or"): an anchor may not begin or end at one of those words' insides.
JOINERS = frozenset("-./_'\u2019")
#: A word made of words joined by hyphens, whatever its parts' tags say.
COMPOUND = re.compile(r"[^\W_]-[^\W_]")
_NO_QUOTES = str.maketrans("", "", '"`\u201c\u201d')
#: Marks that come in pairs: an anchor holds both or neither ("safe" functions, (BMP)).
PAIRS = (("(", ")"), ("[", "]"), ("{", "}"), ("\u201c", "\u201d"), ('"', '"'), ("`", "`"))
#: Words by which writers point at their own earlier work ("my JIT compiler", "a trick I
#: wrote about"): where they stand just before an anchor, authors put the link there.
FIRST_PERSON = frozenset({"i", "my", "me", "our", "mine", "myself"})
FIRST_PERSON_WINDOW = 5  # tokens before the anchor, within its sentence
#: What the site's own phrase for a target adds to a span's fit, by its strength.
PHRASE_BONUS = 0.25
#: The lowest fit (cosine of a span's words and a post's title) a noun chunk needs to
#: carry a link to the post: below it the words do not name the post's topic ("zero",
#: "flexibility", "ability"). Chosen on nullprogram's older splits (bench/RESULTS.md,
#: "Anchors that name nothing"). The site's own phrases for a target need no fit; nor do
#: citations, whose sources' titles often name a page, not its topic ("akritidis.pdf"
#: for "baggy bounds checks").
MIN_ANCHOR_FIT = 0.15


@dataclass(frozen=True)
class Span:
    """Tokens [i, j) of a sentence, with their source offsets in the draft."""

    sentence: int
    i: int
    j: int
    start: int
    end: int
    text: str

    @property
    def words(self) -> str:
        """The text without quote marks, which say nothing of its topic: what the fit of
        the span to a target is measured on ('"amalgamation" build': amalgamation build)."""
        return " ".join(self.text.translate(_NO_QUOTES).split())


def first_person_before(ds: DraftSentence, span: Span) -> bool:
    """Whether a first-person word (:data:`FIRST_PERSON`) is among the few words just
    before the span in its sentence, or is its first word ("my JIT compiler")."""
    return _any_first_person(ds.sentence.tokens[max(0, span.i - FIRST_PERSON_WINDOW) : span.i + 1])


def has_first_person(ds: DraftSentence) -> bool:
    """Whether the sentence has a first-person word anywhere (so some anchor in it may
    have one before it)."""
    return _any_first_person(ds.sentence.tokens)


def _any_first_person(tokens: tuple[Token, ...]) -> bool:
    return any(t.text.lower() in FIRST_PERSON for t in tokens)


def make_span(ds: DraftSentence, i: int, j: int, source: str) -> Span | None:
    """A span if tokens [i, j) may be an anchor: verbatim, linkable, 1-8 words, not generic,
    whole words at both ends (:func:`whole_words`)."""
    if not 0 <= i < j <= len(ds.sentence.tokens) or j - i > MAX_ANCHOR_WORDS:
        return None
    toks = ds.sentence.tokens[i:j]
    if not (has_alnum(toks[0].text) and has_alnum(toks[-1].text)):
        return None  # a tagger's slip: "-" of "non-standard" or "." of "a.k.a." as a word
    if not any(_is_word(t.text) and not t.is_stop for t in toks):
        return None
    where = ds.source_span(i, j)
    if where is None:
        return None
    where = whole_words(source, *where)
    if where is None:
        return None
    text = source[where[0] : where[1]]
    words = text.split()
    if (toks[0].pos in EDGE_POS and not COMPOUND.search(words[0])) or (
        toks[-1].pos in EDGE_POS and not COMPOUND.search(words[-1])
    ):
        return None  # "the", "of" … at an edge; "with-package" and "all-in-one" are names
    if is_generic(text) or "\n\n" in text:
        return None
    return Span(ds.index, i, j, where[0], where[1], text)


def whole_words(source: str, start: int, end: int) -> tuple[int, int] | None:
    """``source[start:end]`` as an anchor of whole words, or None when it would cut one:
    "standard versions" out of "non-standard versions", "c" out of "main.c". A sentence's
    full stop that the tokenizer kept on its last word ("in plain old C.") is left out,
    and a quote or bracket is taken with its partner just outside (:func:`_paired`)."""
    before = source[start - 1] if start > 0 else " "
    if _joins(before, source[start - 2] if start > 1 else " "):
        return None
    after = source[end] if end < len(source) else " "
    if after not in "'\u2019" and _joins(after, source[end + 1] if end + 1 < len(source) else " "):
        return None  # "Linux" of "Linux's" may carry the link; "non" of "non-standard" not
    last = source[start:end].rsplit(maxsplit=1)[-1]
    if last.endswith(".") and "." not in last[:-1] and end - 1 > start:
        end -= 1
    return _paired(source, start, end)


def _paired(source: str, start: int, end: int) -> tuple[int, int] | None:
    """The span with each unpaired quote or bracket joined by its partner when that stands
    right outside it ('safe" functions' becomes '"safe" functions'), or None when a mark
    is left without one ("x86-64 (output")."""
    for left, right in PAIRS:
        missing_left, missing_right = _unpaired(source[start:end], left, right)
        if missing_left and start > 0 and source[start - 1] == left:
            start -= 1
        elif missing_right and end < len(source) and source[end] == right:
            end += 1
        if _unpaired(source[start:end], left, right) != (0, 0):
            return None
    return start, end


def _unpaired(text: str, left: str, right: str) -> tuple[int, int]:
    """How many ``left`` and ``right`` marks ``text`` lacks for each to have a partner
    (a quote that is its own partner may lack either)."""
    if left == right:
        odd = text.count(left) % 2
        return odd, odd
    n = text.count(left) - text.count(right)
    return max(-n, 0), max(n, 0)


def _joins(ch: str, beyond: str) -> bool:
    """Whether ``ch``, next to a span, makes one word with the span's edge: a letter or
    digit itself, or a joiner with a letter or digit beyond it."""
    return ch.isalnum() or ch == "_" or (ch in JOINERS and beyond.isalnum())


def _is_word(text: str) -> bool:
    """A word that can carry meaning: any letter in it, so names such as "w64devkit",
    "C11" and "UTF-8" count, while "42" and "--" do not."""
    return any(ch.isalpha() for ch in text)


def chunk_spans(ds: DraftSentence, source: str) -> list[Span]:
    """Noun chunks and entities of a sentence, and their shorter right-hand heads.

    "a quarterly internal linking audit" gives "quarterly internal linking audit",
    "internal linking audit" and "linking audit": the author may link any of them. A
    chunk that opens with words that say nothing of a topic ("the same hash", "two
    threads", :func:`indexer.generic.is_weak_modifier`) also gives its rest, even one word.
    """
    out: dict[tuple[int, int], Span] = {}
    tokens = ds.sentence.tokens
    for i, j in ds.sentence.chunks:
        rest = i
        while rest < j - 1 and is_weak_modifier(_uncapped(tokens, rest), tokens[rest].norm):
            rest += 1
        for k in range(i, j):
            if j - k < 2 and k not in (i, rest):
                break  # a one-word head only of a one-word chunk or of its rest
            span = make_span(ds, k, j, source)
            if span:
                out[(k, j)] = span
    return list(out.values())


def _uncapped(tokens: tuple[Token, ...], k: int) -> str:
    """Token ``k``'s text, without the capital that only starts the sentence."""
    text = tokens[k].text
    return text[:1].lower() + text[1:] if k == 0 else text


def phrase_spans(
    ds: DraftSentence, matches: list[PhraseMatch], source: str
) -> list[tuple[Span, float]]:
    """Spans for the phrase-table matches of one target in one sentence, each with the
    strength of its strongest match (:func:`service.engine.scoring.phrase_strength`)."""
    by_place: dict[tuple[int, int], list[PhraseMatch]] = {}
    for m in matches:
        by_place.setdefault((m.i, m.j), []).append(m)
    out = []
    for (i, j), here in by_place.items():
        span = make_span(ds, i, j, source)
        if span is not None:
            out.append((span, phrase_strength(here)))
    return out


def best_anchor(
    spans: Sequence[tuple[Span, float]], fits: Sequence[float], floor: float = MIN_ANCHOR_FIT
) -> tuple[Span, float] | None:
    """The anchor among a candidate's spans (each with the strength of the site's phrase
    there, 0 for a noun chunk), given each one's fit to the target, and that fit: the
    fit plus :data:`PHRASE_BONUS` times the strength plus :func:`length_prior` decides.
    A noun chunk whose fit is below ``floor`` is not offered; None when nothing is."""
    best: tuple[Span, float] | None = None
    top = -math.inf
    for (span, strength), fit in zip(spans, fits, strict=True):
        if strength <= 0 and fit < floor:
            continue
        value = fit + PHRASE_BONUS * strength + length_prior(span.j - span.i)
        if value > top:
            best, top = (span, fit), value
    return best


def length_prior(words: int) -> float:
    """Authors link short noun phrases: two to four words is the sweet spot."""
    return {1: -0.04, 2: 0.03, 3: 0.04, 4: 0.02, 5: 0.0}.get(words, -0.03 * (words - 5))
