"""Anchor texts that say nothing about their target, per language (English first)."""

from __future__ import annotations

GENERIC_ANCHORS: dict[str, frozenset[str]] = {
    "en": frozenset(
        {
            "click here",
            "here",
            "this",
            "this post",
            "this article",
            "this page",
            "this link",
            "read more",
            "more",
            "learn more",
            "find out more",
            "see more",
            "link",
            "this guide",
            "continue reading",
            "go here",
            "click",
            "website",
            "this website",
            "this site",
            "source",
            "post",
            "article",
            "page",
            "there",
            "details",
            "more info",
            "more information",
            "check it out",
            "check this out",
            "this one",
            "it",
            "previous post",
            "next post",
            "last post",
            "earlier",
            "before",
            "above",
            "below",
            "this blog post",
            "keep reading",
        }
    ),
}


#: Marks around an anchor that are not part of what it says ("Read more »", "“here”").
_EDGE_MARKS = " .,:;!?\"'()[]…«»‹›→←“”‘’"
#: Nouns that name nothing in particular: a short anchor around one ("the most valuable
#: thing", "an efficient way") says nothing about its target, unless a name comes with
#: it ("the Unix way"); in a longer one ("a qsort() shootout of sorts") it may.
GENERIC_HEAD_WORDS = 3
GENERIC_HEADS: dict[str, frozenset[str]] = {
    "en": frozenset(
        {
            "thing",
            "things",
            "stuff",
            "way",
            "ways",
            "lot",
            "lots",
            "kind",
            "kinds",
            "sort",
            "sorts",
            "something",
            "anything",
            "everything",
            "nothing",
        }
    ),
}


def has_alnum(text: str) -> bool:
    """Whether ``text`` has a letter or digit: text without one names nothing."""
    return any(ch.isalnum() for ch in text)


def bare_anchor(text: str) -> str:
    """What an anchor says, for comparing anchors: without the marks around it, its
    spaces collapsed, case-folded ("Here." and "here!" are "here")."""
    return " ".join(text.strip(_EDGE_MARKS).split()).casefold()


def is_generic(text: str, lang: str = "en") -> bool:
    """Whether an anchor text is generic: "click here", "read more", "this post" …, or
    up to three lower-case words ending on a noun that names nothing ("most valuable
    thing")."""
    words = text.strip(_EDGE_MARKS).split()
    key = bare_anchor(text)
    if key in GENERIC_ANCHORS.get(lang, frozenset()) or not has_alnum(key):
        return True
    return (
        0 < len(words) <= GENERIC_HEAD_WORDS
        and words[-1].lower() in GENERIC_HEADS.get(lang, frozenset())
        and all(w.islower() for w in words)
    )


#: Words that open a noun phrase without naming its topic ("the same hash", "two
#: threads", "my own software"): an author links the rest. Lower-case only, so names
#: such as "Common Lisp" or "New Relic" are left whole.
WEAK_MODIFIERS: dict[str, frozenset[str]] = {
    "en": frozenset(
        {
            "all",
            "also",
            "another",
            "any",
            "both",
            "certain",
            "different",
            "each",
            "entire",
            "even",
            "every",
            "few",
            "first",
            "full",
            "just",
            "last",
            "many",
            "more",
            "most",
            "new",
            "next",
            "only",
            "original",
            "other",
            "own",
            "particular",
            "previous",
            "really",
            "same",
            "several",
            "similar",
            "some",
            "such",
            "usual",
            "various",
            "very",
            "whole",
            "one",
            "two",
            "three",
            "four",
            "five",
            "six",
            "seven",
            "eight",
            "nine",
            "ten",
        }
    ),
}


def is_weak_modifier(word: str, lemma: str, lang: str = "en") -> bool:
    """Whether a lower-case word opens a phrase without naming its topic ("same", "two")."""
    weak = WEAK_MODIFIERS.get(lang, frozenset())
    return word.islower() and (word in weak or lemma in weak)
