"""spaCy's time per draft with and without its named-entity recogniser.

    .venv/bin/python bench/names_ab.py [--drafts 40] [--words 1500] [--rounds 3]

The engine reads names from the tagger (`indexer.analysis._names`) and loads the
pipeline without the recogniser. This measures what that saves: the same nullprogram
drafts (`bench/drafts.py`) go through the installed pipeline with and without it, one
draft at a time as the service does, the two pipelines alternating draft by draft so that
a slower minute of a shared machine falls on both. Prints p50 and mean milliseconds per
draft for each, and each component's share of the full pipeline.
"""

from __future__ import annotations

import argparse
import statistics
import time

import spacy
from drafts import nullprogram_drafts

from indexer.analysis import find_pipeline


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--drafts", type=int, default=40)
    parser.add_argument("--words", type=int, default=1500)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    drafts = nullprogram_drafts(args.drafts, args.words)
    package = find_pipeline()
    pipelines = {
        "with ner": spacy.load(package),
        "without ner": spacy.load(package, exclude=["ner"]),
    }
    times: dict[str, list[float]] = {name: [] for name in pipelines}
    parts: dict[str, float] = {}
    full = pipelines["with ner"]
    order = list(pipelines.items())
    for _ in range(args.rounds):
        for n, text in enumerate(drafts):
            for name, nlp in order if n % 2 else order[::-1]:
                started = time.perf_counter()
                nlp(text)
                times[name].append((time.perf_counter() - started) * 1000)
        for text in drafts:
            doc = full.make_doc(text)
            for name, proc in full.pipeline:
                started = time.perf_counter()
                doc = proc(doc)
                parts[name] = parts.get(name, 0.0) + time.perf_counter() - started
    print(f"{len(drafts)} drafts of about {args.words} words, {args.rounds} rounds, {package}")
    for name, ms in times.items():
        print(f"{name:12} p50 {statistics.median(ms):6.0f} ms  mean {statistics.mean(ms):6.0f} ms")
    total = sum(parts.values())
    print(
        "share of the full pipeline: " + ", ".join(f"{k} {v / total:.0%}" for k, v in parts.items())
    )


if __name__ == "__main__":
    main()
