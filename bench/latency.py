"""Latency of POST /v1/suggestions for ~1,500-word drafts, via a real gunicorn.

    .venv/bin/python bench/latency.py INDEX [--drafts 20] [--edits 30] [--label NAME]
        [--torch-threads N]

Starts gunicorn with its production config (2 workers) over INDEX, warms both workers,
then measures, one request at a time:

- ``unseen``: drafts the service has never seen (nullprogram posts, links stripped, no
  post shared between drafts): the caches cannot help; the full cost of a draft.
- ``repeat``: the same draft again, once both workers have seen it.
- ``edit``: what the editor sidebar sends while a writer types: the previous request's
  draft with one sentence changed, after both workers have seen the draft once.

Prints p50 and p95 of the wall time per request, the mean of each engine stage
(``timing_ms``), each worker's memory after the run, and the index's load time in-process.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from pathlib import Path
from typing import Any

import requests

sys.path.insert(0, str(Path(__file__).resolve().parent))

from drafts import edit_one_sentence, nullprogram_drafts
from server import gunicorn, memory_mb

TIMEOUT_S = 120


def post(base: str, text: str) -> tuple[float, dict[str, Any]]:
    started = time.perf_counter()
    r = requests.post(f"{base}/v1/suggestions", json={"text": text}, timeout=TIMEOUT_S)
    elapsed = (time.perf_counter() - started) * 1000
    r.raise_for_status()
    return elapsed, r.json()


def summary(name: str, runs: list[tuple[float, dict[str, Any]]]) -> str:
    times = sorted(t for t, _ in runs)
    p95 = times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]
    stages: dict[str, list[float]] = {}
    for _, body in runs:
        for stage, ms in body["timing_ms"].items():
            stages.setdefault(stage, []).append(ms)
    laps = ", ".join(f"{k} {statistics.mean(v):.0f}" for k, v in stages.items())
    notes = sum(bool(body["notes"]) for _, body in runs)
    return (
        f"{name:7s} n={len(times):3d}  p50 {statistics.median(times):6.0f} ms  p95 {p95:6.0f} ms"
        f"  | engine mean ms: {laps}" + (f"  | {notes} cut by the time budget" if notes else "")
    )


def load_time(index: Path) -> str:
    """Time to load the index in-process (after the server read it: page cache warm)."""
    from indexer.analysis import SpacyAnalyser
    from indexer.embedding import DEFAULT_MODEL
    from service.engine.index import load_index

    pipeline = SpacyAnalyser().name
    started = time.perf_counter()
    loaded = load_index(index, DEFAULT_MODEL, 384, pipeline)
    seconds = time.perf_counter() - started
    return (
        f"index load (in-process, warm page cache): {seconds:.2f} s for "
        f"{len(loaded.targets)} targets, {loaded.vectors.size} passage vectors"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("index", type=Path)
    parser.add_argument("--drafts", type=int, default=20)
    parser.add_argument("--edits", type=int, default=30)
    parser.add_argument("--label", default="")
    parser.add_argument(
        "--torch-threads", type=int, default=0, help="LINKWRIGHT_TORCH_THREADS for the workers"
    )
    args = parser.parse_args()
    drafts = nullprogram_drafts(args.drafts + 6)
    warm, unseen_drafts, sidebar = drafts[:4], drafts[4:-2], drafts[-2]
    rng = random.Random(7)
    env = {"LINKWRIGHT_TORCH_THREADS": str(args.torch_threads)} if args.torch_threads else {}
    with gunicorn(args.index, **env) as server:
        print(f"{args.label or args.index}: gunicorn ready in {server.started_s:.1f} s")
        for text in warm:  # code paths, allocators and BLAS warm in both workers
            post(server.url, text)
            post(server.url, text)
        unseen = [post(server.url, text) for text in unseen_drafts]
        for _ in range(4):
            post(server.url, sidebar)
        repeat = [post(server.url, sidebar) for _ in range(args.edits)]
        text, edit = sidebar, []
        for _ in range(args.edits):
            text = edit_one_sentence(text, rng)
            edit.append(post(server.url, text))
        for name, runs in (("unseen", unseen), ("repeat", repeat), ("edit", edit)):
            print(summary(name, runs))
        for pid in server.workers():
            print(f"worker {pid} memory MB: {memory_mb(pid)}")
    print(load_time(args.index))


if __name__ == "__main__":
    main()
