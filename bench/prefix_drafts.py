"""What the sidebar shows while a post is still being written: suggestions for the first
paragraphs of each test post of a split, at the service's defaults.

    .venv/bin/python bench/prefix_drafts.py [--cutoff 2017-01-01] [--until 2021-01-01]
        [--index-dir bench/out/tune-index] [--paragraphs 1 2 3 5] [--spread-sentences N]

The split and its index are the ones `linkwright eval SITE --cutoff … --until …
--index-dir …` builds (the same folder is reused). Each test post of nullprogram is cut
after its first P paragraphs (never inside a fenced code block), as its writer would
have it part way through, and submitted with its date, categories and tags. For each P
and kind, prints how many suggestions the drafts got, and the share of them whose target
the author linked: in the words written so far ("here"), or anywhere in the finished
post ("in post", a link the writer makes later).
"""

from __future__ import annotations

import argparse
from dataclasses import replace
from datetime import date
from pathlib import Path

from indexer.urls import normalize_url
from service.engine import scorer
from service.engine.build import build_analyser, build_embedder
from service.engine.engine import Engine
from service.engine.index import load_index
from service.engine.types import Options
from service.eval.backtest import prepare
from service.settings import Settings

ROOT = Path(__file__).resolve().parents[1]
SITE = ROOT.parent / "shared/benchmarks/nullprogram"


def prefix(text: str, paragraphs: int) -> str:
    """The first ``paragraphs`` paragraphs of ``text`` (blank-line separated, a fenced
    code block counted as part of the paragraph it is in), or all of it."""
    out: list[str] = []
    fenced = False
    for block in text.split("\n\n"):
        out.append(block)
        fenced ^= block.count("```") % 2 == 1
        if not fenced and sum(1 for b in out if b.strip()) >= paragraphs:
            break
    return "\n\n".join(out)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cutoff", type=date.fromisoformat, default=date(2017, 1, 1))
    parser.add_argument("--until", type=date.fromisoformat, default=date(2021, 1, 1))
    parser.add_argument("--index-dir", type=Path, default=ROOT / "bench/out/tune-index")
    parser.add_argument("--paragraphs", type=int, nargs="+", default=[1, 2, 3, 5])
    parser.add_argument(
        "--spread-sentences",
        type=int,
        default=scorer.SPREAD_SENTENCES,
        help="the fewest sentences a target's spread is a share of (1: the draft's own)",
    )
    args = parser.parse_args()
    scorer.SPREAD_SENTENCES = args.spread_sentences
    settings = Settings()
    analyser, embedder = build_analyser(settings), build_embedder(settings)
    bt = prepare(
        SITE,
        args.cutoff,
        until=args.until,
        analyser=analyser,
        embedder=embedder,
        index_dir=args.index_dir,
    )
    index = load_index(args.index_dir, embedder.name, embedder.dimension, analyser.name)
    engine = Engine(index, analyser, embedder)
    print(
        f"{len(bt.cases)} test posts, {args.cutoff}..{args.until}, defaults of the service, "
        f"spread over at least {scorer.SPREAD_SENTENCES} sentences"
    )
    print("paragraphs  kind      drafts  suggestions  per draft  author linked: here  in post")
    for p in args.paragraphs:
        counts = {kind: [0, 0, 0] for kind in ("internal", "citation")}
        for case in bt.cases:
            text = prefix(case.draft, p)
            result = engine.suggest(replace(case.as_draft(Options()), text=text))
            for s in result.suggestions:
                url = normalize_url(s.target.url, bt.origin)
                gold = case.internal if s.kind == "internal" else case.citations
                row = counts[s.kind]
                row[0] += 1
                row[1] += any(end <= len(text) for _, end in gold.get(url, ()))
                row[2] += url in gold
        for kind, (made, here, anywhere) in counts.items():
            print(
                f"{p:10}  {kind:8}  {len(bt.cases):6}  {made:11}  {made / len(bt.cases):9.2f}"
                f"  {here / max(made, 1):19.3f}  {anywhere / max(made, 1):7.3f}"
            )


if __name__ == "__main__":
    main()
