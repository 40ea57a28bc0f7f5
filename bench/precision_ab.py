"""Latency per draft under each embedding precision, the drafts of the report split.

    .venv/bin/python bench/precision_ab.py [INDEX] [--precisions float32 bfloat16]

INDEX is an index of nullprogram before 2021-01-01 (default: the one `linkwright eval
../shared/benchmarks/nullprogram --cutoff 2021-01-01` leaves). Each draft is suggested
once per precision, in alternating order, with the embedder's and the parse caches
emptied and a new engine each time, so that every run is an unseen draft and a slower
minute of a shared machine falls on both. Prints p50 and mean wall time and the mean of
each engine lap per precision.
"""

from __future__ import annotations

import argparse
import statistics
import time
from datetime import date
from pathlib import Path

from service.engine import draft
from service.engine.build import build_analyser, build_embedder
from service.engine.engine import Engine
from service.engine.index import load_index
from service.engine.types import Options
from service.eval.backtest import prepare
from service.settings import Settings

ROOT = Path(__file__).resolve().parents[1]
SITE = ROOT.parent / "shared/benchmarks/nullprogram"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "index", nargs="?", type=Path, default=ROOT / "bench/out/eval-2021-01-01/index"
    )
    parser.add_argument("--precisions", nargs="+", default=["float32", "bfloat16"])
    args = parser.parse_args()
    settings = Settings()
    analyser, embedder = build_analyser(settings), build_embedder(settings)
    bt = prepare(SITE, date(2021, 1, 1), analyser=analyser, embedder=embedder, index_dir=args.index)
    index = load_index(args.index, embedder.name, embedder.dimension, analyser.name)
    Engine(index, analyser, embedder).suggest(bt.cases[0].as_draft(Options()))  # warm-up
    walls: dict[str, list[float]] = {p: [] for p in args.precisions}
    laps: dict[str, dict[str, list[float]]] = {p: {} for p in args.precisions}
    for i, case in enumerate(bt.cases[1:]):
        for precision in args.precisions if i % 2 == 0 else args.precisions[::-1]:
            embedder.precision = precision
            embedder._cache.clear()
            draft.parsed.cache_clear()
            engine = Engine(index, analyser, embedder)
            started = time.perf_counter()
            result = engine.suggest(case.as_draft(Options()))
            walls[precision].append((time.perf_counter() - started) * 1000)
            for lap, ms in result.timing_ms.items():
                laps[precision].setdefault(lap, []).append(ms)
    for precision in args.precisions:
        ms = walls[precision]
        means = ", ".join(f"{k} {statistics.mean(v):.0f}" for k, v in laps[precision].items())
        print(
            f"{precision}: {len(ms)} drafts, p50 {statistics.median(ms):.0f} ms, "
            f"mean {statistics.mean(ms):.0f} ms; mean laps: {means}"
        )


if __name__ == "__main__":
    main()
