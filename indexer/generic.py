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
        }
    ),
}


def is_generic(text: str, lang: str = "en") -> bool:
    """Whether an anchor text is generic ("click here", "read more", "this post" …)."""
    key = " ".join(text.lower().strip(" .,:;!?\"'()[]").split())
    return key in GENERIC_ANCHORS.get(lang, frozenset()) or not any(c.isalnum() for c in key)


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
