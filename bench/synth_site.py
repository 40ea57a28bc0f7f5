"""A synthetic Jekyll site of any size, made from nullprogram's sentences and titles.

    .venv/bin/python bench/synth_site.py OUT [--posts 5000] [--seed 0] [--source DIR]

For scale tests (batch re-linking, index builds, the link report) on sites far larger than
the real benchmark. :func:`make_site` is deterministic for a given seed and source. Each
post is built around one real post (its "seed"): most sentences come from it, the rest from
posts sharing a tag, so topics stay coherent and semantic retrieval has something to find.
Posts link to 0-4 earlier posts (anchors taken from the target's title) and to 0-2
outside pages, like a real blog; about 2% are drafts.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import shutil
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
NULLPROGRAM = ROOT.parent / "shared" / "benchmarks" / "nullprogram"
_SPLIT = re.compile(r"(?<=[.!?])\s+(?=[A-Z])")
_UNSAFE = re.compile(r"[\[\]`<>|{}\\*_#$]")
_SLUG = re.compile(r"[^a-z0-9]+")
START = datetime(2008, 1, 1)
DAYS = 18 * 365


@dataclass(frozen=True)
class Seed:
    """What one real post lends to the synthetic ones."""

    title: str
    tags: tuple[str, ...]
    sentences: tuple[str, ...]


def load_seeds(source: Path = NULLPROGRAM) -> list[Seed]:
    """Titles, tags and clean prose sentences of the posts of a real site.

    Raises:
        FileNotFoundError: ``source`` is not there.
    """
    from indexer.readers import parse_document
    from indexer.readers.site import read_site

    if not source.is_dir():
        raise FileNotFoundError(f"{source}: no such site folder")
    seeds = []
    for post in read_site(source):
        doc = parse_document(post.body, post.format)
        sentences = []
        for block in doc.blocks:
            if block.kind != "paragraph":
                continue
            for s in _SPLIT.split(" ".join(block.text.split())):
                if 6 <= len(s.split()) <= 40 and not _UNSAFE.search(s) and s[-1] in ".!?":
                    sentences.append(s)
        if len(sentences) >= 5 and not _UNSAFE.search(post.title):
            seeds.append(Seed(post.title, post.tags or ("misc",), tuple(sentences)))
    return seeds


def make_site(
    out_dir: Path, n_posts: int = 5000, seed: int = 0, source: Path = NULLPROGRAM
) -> Path:
    """Write a Jekyll site of ``n_posts`` posts into ``out_dir`` (its ``_posts/`` is replaced).

    Returns:
        ``out_dir``.
    """
    seeds = load_seeds(source)
    rng = random.Random(seed)
    by_tag: dict[str, list[int]] = {}
    for i, s in enumerate(seeds):
        for tag in s.tags:
            by_tag.setdefault(tag, []).append(i)
    posts_dir = out_dir / "_posts"
    if posts_dir.exists():
        shutil.rmtree(posts_dir)
    posts_dir.mkdir(parents=True)
    (out_dir / "_config.yml").write_text(
        "title: Synthetic\nurl: https://synthetic.example\n"
        "permalink: /blog/:year/:month/:day/:title/\n",
        encoding="utf-8",
    )
    made: list[tuple[str, str, tuple[str, ...]]] = []  # (url, title, tags)
    uses: dict[int, int] = {}
    for i in range(n_posts):
        k = rng.randrange(len(seeds))
        uses[k] = uses.get(k, 0) + 1
        s = seeds[k]
        title = s.title if uses[k] == 1 else f"{s.title} ({uses[k]})"
        day = START + timedelta(days=i * DAYS // max(1, n_posts), hours=rng.randrange(24))
        slug = f"{_SLUG.sub('-', title.lower()).strip('-')[:60]}-{i}"
        url = f"/blog/{day:%Y/%m/%d}/{slug}/"
        body = _body(rng, s, seeds, by_tag, made)
        draft = "draft: true\n" if rng.random() < 0.02 else ""
        front = (
            f"---\ntitle: {json.dumps(title)}\ndate: {day:%Y-%m-%dT%H:%M:%SZ}\n"
            f"tags: [{', '.join(s.tags)}]\n{draft}---\n\n"
        )
        (posts_dir / f"{day:%Y-%m-%d}-{slug}.md").write_text(front + body, encoding="utf-8")
        if not draft:
            made.append((url, title, s.tags))
    return out_dir


def _body(
    rng: random.Random,
    s: Seed,
    seeds: list[Seed],
    by_tag: dict[str, list[int]],
    made: list[tuple[str, str, tuple[str, ...]]],
) -> str:
    neighbours = [j for tag in s.tags for j in by_tag.get(tag, ())] or [0]
    paragraphs = []
    for _ in range(rng.randint(4, 12)):
        sentences = []
        for _ in range(rng.randint(2, 6)):
            pool = s if rng.random() < 0.7 else seeds[rng.choice(neighbours)]
            sentences.append(rng.choice(pool.sentences))
        paragraphs.append(sentences)
    for url, title, _ in _link_targets(rng, s, made):
        words = title.split()
        n = rng.randint(min(2, len(words)), min(6, len(words)))
        anchor = " ".join(words[:n]).rstrip(",:;")
        paragraph = rng.choice(paragraphs)
        paragraph.insert(rng.randrange(len(paragraph) + 1), f"See [{anchor}]({url}) for more.")
    for _ in range(rng.randint(0, 2)):
        words = [w for w in rng.choice(rng.choice(paragraphs)).split() if w.isalpha()]
        word = max(words, key=len, default="Computing").capitalize()
        paragraph = rng.choice(paragraphs)
        link = f"[{word}](https://en.wikipedia.org/wiki/{word})"
        paragraph.append(f"Background on {link} is elsewhere.")
    text = []
    for n, paragraph in enumerate(paragraphs):
        if n and rng.random() < 0.2:
            text.append(f"## {rng.choice(seeds).title}\n")
        text.append(" ".join(paragraph) + "\n")
    return "\n".join(text)


def _link_targets(
    rng: random.Random, s: Seed, made: list[tuple[str, str, tuple[str, ...]]]
) -> list[tuple[str, str, tuple[str, ...]]]:
    if not made:
        return []
    recent = made[-400:]
    related = [m for m in recent if set(m[2]) & set(s.tags)] or recent
    return rng.sample(related, min(len(related), rng.randint(0, 4)))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--posts", type=int, default=5000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--source", type=Path, default=NULLPROGRAM)
    args = parser.parse_args()
    if not args.source.is_dir():
        raise SystemExit(f"skipped: {args.source} not found (see ../shared/benchmarks/README.md)")
    make_site(args.out, args.posts, args.seed, args.source)
    print(f"wrote {args.posts} posts to {args.out}")


if __name__ == "__main__":
    main()
