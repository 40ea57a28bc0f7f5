"""Indexing speed: the real embedding rate, and updating one post of a large index.

    .venv/bin/python bench/index_speed.py [--posts 10000] [--sample 600] [--threads 2]
        [--skip-rate] [--repeat 1]

1. Embeds ``--sample`` passages of the synthetic site's index with the real model (as the
   build does: title, heading and text) on 1 and on ``--threads`` threads, and prints
   passages per second and what that means for every passage of the site.
2. Changes one post of the site in memory and rebuilds the index with the real models
   loaded (what ``linkwright index`` does after loading them), printing wall and CPU time;
   unchanged posts' parses, passages, titles and phrase keys are reused from the current
   build. ``--repeat N`` makes N such updates in a row (a different edit each time).

Needs ``bench/out/perf/index-N`` (``bench/scale_index.py --posts N``).
"""

from __future__ import annotations

import argparse
import os
import sqlite3
import sys
import time
from dataclasses import replace
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from perf_site import OUT, site


def sample_passages(root: Path, n: int) -> tuple[list[str], int]:
    from indexer import layout
    from indexer.passages import Passage

    db = layout.resolve(root) / "index.sqlite"
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as conn:
        total = conn.execute("SELECT count(*) FROM passages").fetchone()[0]
        rows = conn.execute(
            "SELECT posts.title, p.ord, p.heading, p.text FROM passages p JOIN posts "
            "ON p.owner_kind = 'post' AND p.owner_id = posts.id ORDER BY p.id LIMIT ?",
            (n,),
        ).fetchall()
    texts = [Passage(o, h, t).embedding_text(title) for title, o, h, t in rows]
    return texts, int(total)


def embedding_rate(texts: list[str], threads: int) -> float:
    import torch

    from indexer.embedding import SentenceTransformerEmbedder

    embedder = SentenceTransformerEmbedder(cache_size=0, threads=threads)
    torch.set_num_threads(threads)
    embedder.encode(texts[:32])
    started = time.perf_counter()
    embedder.encode(texts)
    return len(texts) / (time.perf_counter() - started)


def update_one_post(n_posts: int, threads: int, repeat: int = 1) -> None:
    from indexer.analysis import SpacyAnalyser
    from indexer.build import build_index
    from indexer.corpus_input import read_inputs
    from indexer.embedding import SentenceTransformerEmbedder

    root = OUT / f"index-{n_posts}"
    analyser = SpacyAnalyser()
    embedder = SentenceTransformerEmbedder(threads=threads)
    started = time.perf_counter()
    posts, sources, facts = read_inputs([site(n_posts)], [], None)
    read = time.perf_counter() - started
    original = list(posts)
    k = len(original) // 2
    for run in range(repeat):
        stamp = time.strftime("%H:%M:%S")
        extra = f"\n\nA paragraph added at {stamp} ({run}) about compilers, linkers and loaders.\n"
        posts = [
            *original[:k],
            replace(original[k], body=original[k].body + extra),
            *original[k + 1 :],
        ]
        marks: dict[str, float] = {}

        def progress(stage: str, done: int, total: int, marks: dict[str, float] = marks) -> None:
            marks.setdefault(stage, time.perf_counter())

        started, cpu = time.perf_counter(), os.times()
        summary = build_index(
            root, posts, sources, analyser=analyser, embedder=embedder, site=facts,
            progress=progress,
        )  # fmt: skip
        total, end = time.perf_counter() - started, os.times()
        user, system = end.user - cpu.user, end.system - cpu.system
        print(
            f"update one post of {len(posts)}: read the site {read:.1f} s, build {total:.1f} s "
            f"(CPU user {user:.1f} s, system {system:.1f} s; {summary.parsed} posts parsed, "
            f"{summary.embedded} passages embedded, {summary.reused} reused) -> {summary.path}"
        )
        if "embed" in marks:
            print(f"  of which {marks['embed'] - started:.1f} s to the first embed (reuse, parse)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, default=10_000)
    parser.add_argument("--sample", type=int, default=600)
    parser.add_argument("--threads", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--skip-rate", action="store_true")
    parser.add_argument("--repeat", type=int, default=1, help="updates in a row, models loaded")
    args = parser.parse_args()
    root = OUT / f"index-{args.posts}"
    if not args.skip_rate:
        texts, total = sample_passages(root, args.sample)
        for threads in sorted({1, args.threads}):
            rate = embedding_rate(texts, threads)
            print(
                f"real embedding, {threads} thread(s): {rate:.1f} passages/s -> "
                f"{total} passages of {args.posts} posts in {total / rate / 60:.1f} min"
            )
    update_one_post(args.posts, args.threads, args.repeat)


if __name__ == "__main__":
    main()
