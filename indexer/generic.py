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
