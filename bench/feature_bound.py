"""How far can the engine's present target features go on the report split?

A diagnostic for issue 3, never a way to choose weights: it asks whether the internal
precision@3 target (0.45 by target) is out of reach of *any* weighting of the features
the engine has, even one tuned on the split that is reported. For each draft it gathers
the engine's internal candidates (``Engine.candidates``), one row per target (each
feature's maximum over the target's candidate sentences), and prints P@3 by target for:

- the engine's own scores;
- a logistic model fitted on the tuning split (2017-2020), the honest way;
- a logistic model fitted on the report split itself, and cross-validated within it;
- a linear weighting searched to maximise P@3 on the report split itself (seeded
  random hill-climbing from several starts): an in-sample upper bound for linear models.

    HF_HUB_OFFLINE=1 .venv/bin/python bench/feature_bound.py

The indexes are the ones ``linkwright eval`` and ``bench/fit_weights.py`` build (built
here when missing). P@3 here ranks targets by score without the linking policy, so the
engine's figure differs a little from the eval report's.
"""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from service.engine.scoring import FEATURES  # noqa: E402
from service.engine.types import Options  # noqa: E402

SITE = ROOT.parent / "shared" / "benchmarks" / "nullprogram"
TARGET_FEATURES = [f for f in FEATURES if f != "trust"]  # trust is constant for posts


def main() -> None:
    args = parse_args()
    from sklearn.linear_model import LogisticRegression
    from sklearn.preprocessing import StandardScaler

    tuning = gather(args.site, date(2017, 1, 1), date(2021, 1, 1), args.tuning_index)
    report = gather(args.site, date(2021, 1, 1), None, args.report_index)

    def logistic(x: np.ndarray, y: np.ndarray) -> tuple[StandardScaler, LogisticRegression]:
        scaler = StandardScaler().fit(x)
        return scaler, LogisticRegression(max_iter=5000).fit(scaler.transform(x), y)

    print(f"report split: {report.drafts} drafts with internal gold, {len(report.y)} targets")
    print(f"  engine's own scores                 P@3 {report.p3(report.engine):.3f}")
    scaler, model = logistic(tuning.x, tuning.y)
    print(
        "  logistic fitted on 2017-2020        P@3 "
        f"{report.p3(model.decision_function(scaler.transform(report.x))):.3f}"
    )
    scaler, model = logistic(report.x, report.y)
    print(
        "  logistic fitted on the report split P@3 "
        f"{report.p3(model.decision_function(scaler.transform(report.x))):.3f} (in-sample)"
    )
    print(f"  the same, 5-fold by draft           P@3 {cross_validated(report, logistic):.3f}")
    z = scaler.transform(report.x)
    best = max(
        climb(report, z, start, args.steps, seed)
        for seed, start in enumerate([model.coef_[0]] + [None] * args.restarts)
    )
    print(f"  best linear weighting, in-sample    P@3 {best:.3f} (upper bound)")


class Split:
    """One row per (draft, internal candidate target): features, label, engine score."""

    def __init__(
        self,
        groups: list[int],
        rows: list[list[float]],
        labels: list[int],
        engine: list[float],
        drafts: int,
    ) -> None:
        self.g, self.x = np.asarray(groups), np.asarray(rows)
        self.y, self.engine, self.drafts = np.asarray(labels), np.asarray(engine), drafts
        self.members = [np.flatnonzero(self.g == g) for g in np.unique(self.g)]

    def p3(self, score: np.ndarray) -> float:
        """Mean over the drafts with internal gold of (right targets in the top 3) / 3."""
        hits = sum(
            int(self.y[m[np.argsort(-score[m], kind="stable")[:3]]].sum()) for m in self.members
        )
        return hits / 3 / self.drafts


def gather(site: Path, cutoff: date, until: date | None, index_dir: Path) -> Split:
    from indexer.analysis import SpacyAnalyser
    from indexer.embedding import SentenceTransformerEmbedder
    from indexer.urls import normalize_url
    from service.engine.engine import Engine
    from service.engine.index import load_index
    from service.eval.backtest import prepare

    analyser, embedder = SpacyAnalyser(), SentenceTransformerEmbedder()
    bt = prepare(
        site, cutoff, until=until, analyser=analyser, embedder=embedder, index_dir=index_dir
    )
    index = load_index(index_dir, embedder.name, embedder.dimension, analyser.name)
    engine = Engine(index, analyser, embedder)
    groups, rows, labels, scores, drafts = [], [], [], [], 0
    for n, case in enumerate(bt.cases):
        if not case.internal:
            continue
        drafts += 1
        best: dict[str, tuple[list[float], float]] = {}
        for s in engine.candidates(case.as_draft(Options()))[1]:
            if s.proposal.kind != "internal":
                continue
            url = normalize_url(index.targets[s.proposal.target].url, bt.origin)
            f = s.features.as_dict()
            row = [f[name] for name in TARGET_FEATURES]
            old = best.get(url)
            if old is not None:
                row = [max(a, b) for a, b in zip(row, old[0], strict=True)]
            best[url] = (row, max(s.proposal.score, old[1] if old else -np.inf))
        for url, (row, score) in best.items():
            groups.append(n)
            rows.append(row)
            labels.append(int(url in case.internal))
            scores.append(score)
        print(f"\r{cutoff} split: {n + 1}/{len(bt.cases)} drafts", end="", file=sys.stderr)
    print(file=sys.stderr)
    return Split(groups, rows, labels, scores, drafts)


def cross_validated(split: Split, logistic) -> float:  # type: ignore[no-untyped-def]
    drafts = np.random.default_rng(0).permutation(np.unique(split.g))
    fold = {g: i % 5 for i, g in enumerate(drafts)}
    folds = np.array([fold[g] for g in split.g])
    score = np.zeros(len(split.y))
    for k in range(5):
        train = folds != k
        scaler, model = logistic(split.x[train], split.y[train])
        score[~train] = model.decision_function(scaler.transform(split.x[~train]))
    return split.p3(score)


def climb(split: Split, z: np.ndarray, start: np.ndarray | None, steps: int, seed: int) -> float:
    """Seeded random hill-climbing over linear weights for in-sample P@3."""
    rng = np.random.default_rng(seed)
    w = rng.standard_normal(z.shape[1]) if start is None else np.array(start)
    best = split.p3(z @ w)
    for step in range(steps):
        size = 0.3 if step < steps // 2 else 0.1
        trial = w + size * rng.standard_normal(len(w)) * (rng.random(len(w)) < 0.3)
        got = split.p3(z @ trial)
        if got >= best:
            w, best = trial, got
    return best


def parse_args() -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--site", type=Path, default=SITE)
    p.add_argument("--tuning-index", type=Path, default=ROOT / "bench" / "out" / "fit-index")
    p.add_argument(
        "--report-index", type=Path, default=ROOT / "bench" / "out" / "eval-2021-01-01" / "index"
    )
    p.add_argument("--steps", type=int, default=3000, help="hill-climbing steps per start")
    p.add_argument("--restarts", type=int, default=5, help="random starts beside the logistic one")
    return p.parse_args()


if __name__ == "__main__":
    main()
