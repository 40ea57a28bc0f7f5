"""Would ONNX Runtime embed faster than torch, at the same quality? (MiniLM, CPU)

    .venv/bin/python bench/onnx_embed.py [--passages 300] [--threads 1]

sentence-transformers' own ONNX backend (``SentenceTransformer(path, backend="onnx")``)
needs ``optimum``; the only ``optimum-onnx`` on PyPI (0.1.0) pins transformers < 4.58,
while sentence-transformers 6 needs transformers 5, so it cannot be installed beside the
project. This script does what that backend does by hand: exports the local model folder
with ``torch.onnx.export`` (no hub), optionally quantises it to int8 (onnxruntime's
dynamic quantisation), and runs it with onnxruntime: tokenizer, mean pooling, L2
normalisation. It compares the vectors' cosine to torch's and the time, on real passages
and sentences of the nullprogram index built by ``bench/relink_bench.py`` (or any INDEX).

Needs ``pip install onnx onnxruntime`` (not project dependencies); skips without them.
"""

from __future__ import annotations

import argparse
import os
import re
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

os.environ.setdefault("HF_HUB_OFFLINE", "1")
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
DEFAULT_INDEX = ROOT / "bench" / "out" / "relink" / "nullprogram"


def texts(index: Path, n: int) -> tuple[list[str], list[str]]:
    from indexer import layout

    db = layout.resolve(index) / "index.sqlite"
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as conn:
        passages = [t for (t,) in conn.execute("SELECT text FROM passages LIMIT ?", (n,))]
    sentences = [s for p in passages for s in re.split(r"(?<=[.!?])\s+", p) if len(s) > 30]
    return passages, sentences[:n]


def export(model: object, folder: Path) -> tuple[Path, Path]:
    import torch
    from onnxruntime.quantization import QuantType, quantize_dynamic

    hf = model[0].auto_model.eval()  # type: ignore[index]
    names = ["input_ids", "attention_mask", "token_type_ids"]

    class Hidden(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.m = hf

        def forward(self, ids, mask, types):  # type: ignore[no-untyped-def]
            return self.m(input_ids=ids, attention_mask=mask, token_type_ids=types)[0]

    enc = model.tokenizer(["a b", "c d e"], padding=True, return_tensors="pt")  # type: ignore[attr-defined]
    fp32, int8 = folder / "model.onnx", folder / "model_int8.onnx"
    axes = {k: {0: "batch", 1: "seq"} for k in [*names, "hidden"]}
    torch.onnx.export(
        Hidden(), tuple(enc[k] for k in names), str(fp32), input_names=names,
        output_names=["hidden"], dynamic_axes=axes, opset_version=17, dynamo=False,
    )  # fmt: skip
    quantize_dynamic(str(fp32), str(int8), weight_type=QuantType.QInt8)
    return fp32, int8


def ort_encode(session: object, tokenizer: object, xs: list[str], max_len: int) -> np.ndarray:
    out = np.zeros((len(xs), 384), dtype=np.float32)
    order = np.argsort([-len(x) for x in xs])
    for i in range(0, len(xs), 32):
        rows = order[i : i + 32]
        enc = tokenizer(  # type: ignore[operator]
            [xs[j] for j in rows], padding=True, truncation=True, max_length=max_len,
            return_tensors="np",
        )  # fmt: skip
        feeds = {
            k: enc[k].astype(np.int64) for k in ("input_ids", "attention_mask", "token_type_ids")
        }
        hidden = session.run(None, feeds)[0]  # type: ignore[attr-defined]
        mask = enc["attention_mask"][..., None].astype(np.float32)
        v = (hidden * mask).sum(1) / np.maximum(mask.sum(1), 1e-9)
        out[rows] = v / np.linalg.norm(v, axis=1, keepdims=True)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("index", type=Path, nargs="?", default=DEFAULT_INDEX)
    parser.add_argument("--passages", type=int, default=300)
    parser.add_argument("--threads", type=int, default=1)
    args = parser.parse_args()
    try:
        import onnxruntime as ort
    except ImportError:
        raise SystemExit("skipped: pip install onnx onnxruntime to run this benchmark") from None
    import torch
    from sentence_transformers import SentenceTransformer

    from indexer.embedding import resolve_model

    torch.set_num_threads(args.threads)
    model = SentenceTransformer(resolve_model("all-MiniLM-L6-v2"), device="cpu")
    options = ort.SessionOptions()
    options.intra_op_num_threads = options.inter_op_num_threads = args.threads
    with tempfile.TemporaryDirectory() as tmp:
        files = export(model, Path(tmp))
        sessions = {
            f.name: ort.InferenceSession(str(f), options, providers=["CPUExecutionProvider"])
            for f in files
        }
        for label, data in zip(
            ("passages", "sentences"), texts(args.index, args.passages), strict=True
        ):
            model.encode(data[:8])
            started = time.perf_counter()
            ref = model.encode(data, batch_size=32, normalize_embeddings=True)
            torch_s = time.perf_counter() - started
            print(f"{label}: {len(data)} texts, torch {torch_s:.2f} s on {args.threads} thread(s)")
            for name, session in sessions.items():
                ort_encode(session, model.tokenizer, data[:8], model.max_seq_length)
                started = time.perf_counter()
                vecs = ort_encode(session, model.tokenizer, data, model.max_seq_length)
                onnx_s = time.perf_counter() - started
                cos = (vecs * ref).sum(axis=1)
                print(
                    f"  {name:16s} {onnx_s:6.2f} s  ({torch_s / onnx_s:.2f}x torch)  "
                    f"cosine to torch: min {cos.min():.4f}, mean {cos.mean():.4f}"
                )


if __name__ == "__main__":
    main()
