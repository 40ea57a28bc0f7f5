"""Realistic drafts for the speed benchmarks: nullprogram posts with their links stripped.

Each draft is a run of consecutive Markdown posts (newest first) with every link and
reference definition removed (:func:`service.eval.strip.strip_links`), cut at a paragraph
boundary once it reaches about ``words`` words. Drafts share no post, so no draft repeats
another's sentences (the service's caches cannot help across them).
"""

from __future__ import annotations

import random
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
NULLPROGRAM = ROOT.parent / "shared" / "benchmarks" / "nullprogram"
_ARTICLE = re.compile(r" (?:the|a|an) (?=[a-z])")


def nullprogram_drafts(n: int, words: int = 1500, source: Path = NULLPROGRAM) -> list[str]:
    """Up to ``n`` drafts of about ``words`` words.

    Raises:
        SystemExit: the benchmark site is not there (see ../shared/benchmarks/README.md).
    """
    from indexer.readers import parse_document
    from indexer.readers.site import read_site
    from service.eval.strip import strip_links

    if not source.is_dir():
        raise SystemExit(f"skipped: {source} not found (see ../shared/benchmarks/README.md)")
    posts = [p for p in read_site(source) if p.format == "markdown"]
    posts.sort(key=lambda p: p.path, reverse=True)
    drafts: list[str] = []
    paragraphs: list[str] = []
    for post in posts:
        text = strip_links(parse_document(post.body, post.format)).text
        for paragraph in text.split("\n\n"):
            paragraphs.append(paragraph)
            if sum(len(p.split()) for p in paragraphs) >= words:
                drafts.append("\n\n".join(paragraphs))
                paragraphs = []
                if len(drafts) == n:
                    return drafts
        paragraphs.append("")  # posts end at a paragraph boundary
    return drafts


def edit_one_sentence(text: str, rng: random.Random) -> str:
    """The draft with one word of one sentence changed, as a writer would between requests:
    one "the"/"a"/"an" becomes "that", so that sentence (and only it) reads differently."""
    words = [m.start() for m in _ARTICLE.finditer(text)]
    if not words:
        return text + " One more sentence to link."
    at = rng.choice(words)
    end = text.index(" ", at + 1)
    return f"{text[:at]} that{text[end:]}"
