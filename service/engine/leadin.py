"""Lead-in phrases for citations: "According to {publisher}, …" or a pointer sentence."""

from __future__ import annotations

import re
from dataclasses import dataclass

from indexer.store import TargetRow

#: A sentence that states a fact, a figure or advice reads best with its source named.
CLAIM = re.compile(
    r"\d|%|\b(?:study|studies|research|survey|data|report|found|shows?|according|recommends?|"
    r"requires?|must|should|measures?|defines?|counts?|ranks?|penali[sz]es?)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class LeadIn:
    """Text to insert at ``at`` (a source offset in the draft)."""

    text: str
    at: int


def lead_in(sentence: str, start: int, end: int, target: TargetRow, draft: str = "") -> LeadIn:
    """A lead-in that fits the sentence and the source.

    A claim gets "According to {publisher}, " before the sentence; any other sentence gets
    a pointer after it: " For a deeper look at {topic}, see {title}."

    Args:
        sentence: the sentence's text.
        start: source offset where the sentence starts.
        end: source offset where the sentence ends.
        target: the cited source.
        draft: the draft's prose, where a topic the sentence does not name is looked for.
    """
    if CLAIM.search(sentence) and target.publisher:
        return LeadIn(f"According to {target.publisher}, ", start)
    topic = topic_words(sentence, target) or topic_words(draft, target)
    topic = topic or (target.topics[0] if target.topics else target.title)
    return LeadIn(f" For a deeper look at {topic}, see {target.title}.", end)


def topic_words(text: str, target: TargetRow) -> str:
    """The first of the source's topics that ``text`` names, as the writer spells it
    ("XML sitemaps", not the key "xml sitemaps"; a capital that only starts a sentence
    is dropped); "" when it names none."""
    for topic in target.topics:
        found = re.search(rf"(?<!\w){re.escape(topic)}(?!\w)", text, re.IGNORECASE)
        if found:
            words = found.group()
            return topic if words[1:] == topic[1:] else words
    return ""
