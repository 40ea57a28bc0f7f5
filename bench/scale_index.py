"""Large indexes for the latency, memory and recall benchmarks, from synthetic sites.

    .venv/bin/python bench/scale_index.py --posts 10000 [--real-embeddings] [--threads 2]

Builds ``bench/out/perf/index-N`` from ``bench/out/perf/site-N`` (made by
``bench/perf_site.py`` on first use) with the real build (:func:`indexer.build.build_index`:
parsing, SQLite, phrase table, FAISS, manifest) and prints how long it took.

Embedding every passage of a 10,000-post site with MiniLM on two cores takes over an hour
(``bench/index_speed.py`` measures the real rate), so by default each passage gets a
stand-in vector: the normalised mean of the real MiniLM vectors of its sentences. A
synthetic site is made of a few thousand distinct nullprogram sentences, so each is
embedded once. Titles are embedded for real. The stand-in keeps the index's size and the
geometry of its vectors close to a real build's, which is what search speed and recall
depend on; ``--real-embeddings`` embeds every passage instead.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
import time
from collections.abc import Sequence
from pathlib import Path

import numpy as np

os.environ.setdefault("HF_HUB_OFFLINE", "1")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from perf_site import OUT, site

_SENTENCE = re.compile(r"(?<=[.!?])\s+")
_COPY = re.compile(r" \(\d+\)")  # synth_site titles a seed's later copies "Title (2)"


class SentenceMeanEmbedder:
    """An :class:`indexer.embedding.Embedder` for scale tests: a text's vector is the
    normalised mean of its sentences' real vectors (short texts are embedded as they are,
    without the " (2)" that marks a synthetic post as another copy of its seed)."""

    def __init__(self, real: object) -> None:
        self.real = real
        self.name: str = real.name  # type: ignore[attr-defined]
        self.dimension: int = real.dimension  # type: ignore[attr-defined]

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        texts = [_COPY.sub("", t) for t in texts]
        parts = [_SENTENCE.split(t) if len(t) > 200 else [t] for t in texts]
        unique = sorted({s for p in parts for s in p})
        vecs = dict(zip(unique, self.real.encode(unique), strict=True))  # type: ignore[attr-defined]
        out = np.zeros((len(texts), self.dimension), dtype=np.float32)
        for i, p in enumerate(parts):
            v = np.mean([vecs[s] for s in p], axis=0)
            out[i] = v / max(float(np.linalg.norm(v)), 1e-9)
        return out


def build(n_posts: int, real_embeddings: bool, threads: int) -> Path:
    from indexer.analysis import SpacyAnalyser
    from indexer.build import build_index
    from indexer.corpus_input import read_inputs
    from indexer.embedding import SentenceTransformerEmbedder

    folder = site(n_posts)
    root = OUT / f"index-{n_posts}{'-real' if real_embeddings else ''}"
    analyser = SpacyAnalyser()
    real = SentenceTransformerEmbedder(cache_size=2_000_000, threads=threads)
    embedder = real if real_embeddings else SentenceMeanEmbedder(real)
    started = time.monotonic()
    posts, sources, facts = read_inputs([folder], [], None)
    read = time.monotonic() - started
    summary = build_index(root, posts, sources, analyser=analyser, embedder=embedder, site=facts)
    print(
        f"index-{n_posts}: read {len(posts)} posts in {read:.1f} s, built in "
        f"{summary.seconds:.1f} s: {summary.passages} passages ({summary.embedded} embedded"
        f"{'' if real_embeddings else ' with sentence-mean stand-ins'}) -> {summary.path}"
    )
    return root


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, default=10_000)
    parser.add_argument("--real-embeddings", action="store_true")
    parser.add_argument("--threads", type=int, default=os.cpu_count() or 1)
    args = parser.parse_args()
    build(args.posts, args.real_embeddings, args.threads)


if __name__ == "__main__":
    main()
