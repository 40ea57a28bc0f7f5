"""The per-post map step of a build: a post in, its passages, links and phrases out.

:func:`analyse_post` is pure (no models, no I/O), so a build over a large site is a map
over posts that can run on any worker, followed by one merge.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from indexer.corpus import Post, Source
from indexer.document import Block, Document, Link
from indexer.lexical import term_counts
from indexer.readers import parse_document

PASSAGE_WORDS = 120
PROSE_KINDS = frozenset({"paragraph", "list_item", "quote"})


@dataclass(frozen=True)
class Passage:
    """A chunk of a target's text, embedded as one vector."""

    ord: int
    heading: str
    text: str

    def embedding_text(self, title: str) -> str:
        """What is embedded: the target's title gives every chunk its context."""
        head = f"{title}. {self.heading}." if self.heading else f"{title}."
        return f"{head} {self.text}"


@dataclass(frozen=True)
class PostRecord:
    """Everything a build keeps of one post."""

    post: Post
    passages: tuple[Passage, ...]
    links: tuple[Link, ...]
    headings: tuple[str, ...]
    words: int
    terms: bytes = b""  # title and body word counts (:func:`indexer.lexical.term_counts`)


def text_hash(text: str) -> str:
    """Content hash used to reuse embeddings across builds."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]


def analyse_post(post: Post) -> PostRecord:
    """Parse a post and cut its prose into passages of about 120 words under their heading."""
    doc = parse_document(post.body, post.format)
    passages = tuple(chunk_blocks(doc))
    words = sum(len(p.text.split()) for p in passages)
    terms = term_counts([post.title, *doc.headings, *(p.text for p in passages)])
    return PostRecord(post, passages, doc.links, doc.headings, words, terms)


def chunk_blocks(doc: Document, size: int = PASSAGE_WORDS) -> list[Passage]:
    """Group consecutive prose blocks under one heading into passages of about ``size`` words."""
    out: list[Passage] = []
    heading, count = "", 0
    buf: list[str] = []

    def flush() -> None:
        nonlocal buf, count
        if buf:
            out.append(Passage(len(out), heading, " ".join(buf)))
        buf, count = [], 0

    for block in doc.blocks:
        if block.kind == "heading":
            flush()
            heading = _clean(block)
        elif block.kind in PROSE_KINDS:
            text = _clean(block)
            n = len(text.split())
            if not n:
                continue
            if count and count + n > size:
                flush()
            buf.append(text)
            count += n
    flush()
    return out


def source_passages(source: Source) -> tuple[Passage, ...]:
    """A source's passages: its summary with its topics, then its longer text in chunks."""
    topics = f" Topics: {', '.join(source.topics)}." if source.topics else ""
    out = [Passage(0, "", source.summary + topics)]
    words = source.text.split()
    for i in range(0, len(words), PASSAGE_WORDS):
        out.append(Passage(len(out), "", " ".join(words[i : i + PASSAGE_WORDS])))
    return tuple(out)


def source_terms(source: Source) -> bytes:
    """A source's word counts: its title, summary, text and topics."""
    return term_counts([source.title, source.summary, source.text, *source.topics])


def _clean(block: Block) -> str:
    return " ".join(block.text.split())
