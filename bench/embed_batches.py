"""How the embedder's batching costs time, on the three kinds of text it embeds.

    HF_HUB_OFFLINE=1 .venv/bin/python bench/embed_batches.py [--drafts 20]

From nullprogram drafts (links stripped, ``bench/drafts.py``): each draft's sentences in
the engine's slices of 24, each draft's candidate anchor phrases (its sentences' chunks),
and its long paragraphs in build chunks of 256 (as passages are). Each is embedded on one
torch thread with sentence-transformers' fixed batches (64, the old setting, and 8) and
with :func:`indexer.embedding.length_batches` (batches of similar length, about
``BATCH_CHARS`` padded characters each). Prints the seconds of each and the lowest cosine
between the length-batched vectors and the fixed-batch ones (padding changes nothing but
rounding).
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable

import numpy as np
from drafts import nullprogram_drafts

from indexer.analysis import SpacyAnalyser
from indexer.embedding import SentenceTransformerEmbedder, length_batches
from service.engine import anchors
from service.engine.draft import analyse_draft
from service.engine.embed_ahead import SLICE
from service.engine.types import Draft


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--drafts", type=int, default=20)
    args = parser.parse_args()
    analyser = SpacyAnalyser()
    model = SentenceTransformerEmbedder(threads=1)._model
    ads = [analyse_draft(Draft(text), analyser) for text in nullprogram_drafts(args.drafts)]
    sentences = [
        [ds.text for ds in ad.sentences[k : k + SLICE]]
        for ad in ads
        for k in range(0, len(ad.sentences), SLICE)
    ]
    phrases = [
        sorted({s.words for ds in ad.sentences for s in anchors.chunk_spans(ds, ad.draft.text)})
        for ad in ads
    ]
    long = [b.text for ad in ads for b in ad.document.blocks if len(b.text) > 300]
    passages = [long[k : k + 256] for k in range(0, len(long), 256)]

    def fixed(size: int) -> Callable[[list[str]], np.ndarray]:
        return lambda texts: model.encode(texts, batch_size=size, normalize_embeddings=True)

    def by_length(texts: list[str]) -> np.ndarray:
        out = np.zeros((len(texts), model.get_embedding_dimension() or 0), dtype=np.float32)
        for batch in length_batches(texts):
            out[batch] = model.encode(
                [texts[i] for i in batch], batch_size=len(batch), normalize_embeddings=True
            )
        return out

    ways = {"fixed 64": fixed(64), "fixed 8": fixed(8), "by length": by_length}
    for name, groups in (
        ("draft sentences", sentences),
        ("anchor phrases", phrases),
        ("passages", passages),
    ):
        texts = sum(len(g) for g in groups)
        cells, vectors = [], {}
        for way, encode in ways.items():
            started = time.perf_counter()
            vectors[way] = np.vstack([encode(g) for g in groups])
            cells.append(f"{way} {time.perf_counter() - started:.1f} s")
        cosine = np.einsum("ij,ij->i", vectors["by length"], vectors["fixed 64"]).min()
        print(f"{name} ({texts:,} texts): {', '.join(cells)}; lowest cosine {cosine:.6f}")


if __name__ == "__main__":
    main()
