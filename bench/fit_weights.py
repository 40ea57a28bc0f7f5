"""Fit the engine's logistic weights on an older split of a real site.

The reported backtest (``linkwright eval --cutoff 2021-01-01``) must never see the data the
weights were fitted on, so this script indexes the posts before 2017 and learns from the
drafts of 2017-2020: every candidate the engine scores (``Engine.candidates``, before the
linking policy) is one example, labelled 1 when its target is one the author linked
(internal) or cited (citation). Each kind's model is learned from pairs of candidates
within a draft (a gold target's against another's: which should rank first), then scaled
to a probability-like score by a one-feature logistic fit (:func:`fit_pairwise`); with
``--pointwise``, from single candidates, class weighting (none or balanced) chosen by the
cross-validated AUC on this split (folds grouped by post). The place model is pointwise.
The models are refitted on all of the split and written to
``service/engine/weights_v1.json``; with ``--only-place`` only the place model is, and the
per-kind models of that file are kept. The shipped file came from ``--without
citation:lex``, then (when the place feature ``mine`` came) ``--only-place``.

    HF_HUB_OFFLINE=1 .venv/bin/python bench/fit_weights.py [--dry-run] [--without age,citation:lex]
    HF_HUB_OFFLINE=1 .venv/bin/python bench/fit_weights.py --only-place
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from service.engine.scoring import FEATURES, PLACE_FEATURES, WEIGHTS_FILE  # noqa: E402
from service.engine.types import EngineError, Options  # noqa: E402

SITE = ROOT.parent / "shared" / "benchmarks" / "nullprogram"
KINDS = ("internal", "citation")
PLACE_ONLY = "; place model refitted on "  # how --only-place extends the file's note


@dataclass
class Examples:
    """Feature rows, labels and the tested post each row came from."""

    rows: list[list[float]] = field(default_factory=list)
    labels: list[int] = field(default_factory=list)
    groups: list[int] = field(default_factory=list)
    strict: list[int] = field(default_factory=list)  # right target and overlapping anchor


def main() -> None:
    args = parse_args()
    started = time.monotonic()
    from indexer.analysis import SpacyAnalyser
    from indexer.embedding import SentenceTransformerEmbedder
    from service.engine.engine import Engine
    from service.engine.index import load_index
    from service.eval.backtest import prepare

    if not args.site.is_dir():
        sys.exit(f"{args.site}: no such site folder (the benchmark lives in shared/benchmarks)")
    analyser, embedder = SpacyAnalyser(), SentenceTransformerEmbedder(threads=args.threads)
    bt = prepare(
        args.site,
        args.cutoff,
        until=args.until,
        analyser=analyser,
        embedder=embedder,
        index_dir=args.index_dir,
        progress=_progress,
    )
    log(
        f"fit split: {len(bt.split.indexed)} posts indexed (before {args.cutoff}), "
        f"{len(bt.cases)} drafts ({args.cutoff} .. {args.until}), {len(bt.sources)} sources"
    )
    index = load_index(args.index_dir, embedder.name, embedder.dimension, analyser.name)
    engine = Engine(index, analyser, embedder)
    examples = collect(engine, bt.cases, bt.origin)
    old = json.loads(WEIGHTS_FILE.read_text(encoding="utf-8"))
    if args.only_place:
        fitted = {kind: old[kind] for kind in KINDS}
        report = {kind: old["fit"][kind] for kind in KINDS}
        note = old["note"].split(PLACE_ONLY)[0] + (
            f"{PLACE_ONLY}{date.today()} on the same split, the per-kind models kept (--only-place)"
        )
    else:
        fitted, report = {}, {}
        for kind in KINDS:
            fit_kind = fit if args.pointwise else fit_pairwise
            left_out = {n.split(":")[-1] for n in args.without if n.split(":")[0] in (n, kind)}
            fitted[kind], report[kind] = fit_kind(
                kind, examples[kind], old[kind], frozenset(left_out)
            )
        note = (
            f"fitted by bench/fit_weights.py on {date.today()} from {args.site.name}: index "
            f"before {args.cutoff}, drafts {args.cutoff}..{args.until} (never the 2021+ "
            "report split); class_weight "
            + ", ".join(f"{k}={report[k]['class_weight']}" for k in KINDS)
            + (f"; without {', '.join(sorted(args.without))}" if args.without else "")
            + ("; pointwise" if args.pointwise else "; pairwise")
        )
    fitted["place"], report["place"] = fit_place(examples)
    weights = {
        "version": 1,
        "note": note,
        "bias": 0.0,
        "internal": fitted["internal"],
        "citation": fitted["citation"],
        "place": fitted["place"],
        "fit": report,
    }
    text = json.dumps(weights, indent=2) + "\n"
    print(text)
    if not args.dry_run:
        args.out.write_text(text, encoding="utf-8")
        log(f"wrote {args.out}")
    log(f"done in {time.monotonic() - started:.0f} s")


def collect(engine, cases, origin: str) -> dict[str, Examples]:  # type: ignore[no-untyped-def]
    """One example per scored candidate of every draft."""
    from indexer.urls import normalize_url

    out = {kind: Examples() for kind in KINDS}
    for n, case in enumerate(cases):
        try:
            _, scored = engine.candidates(case.as_draft(Options()))
        except EngineError as exc:
            log(f"skipped {case.post.url}: {exc}")
            continue
        for s in scored:
            kind = s.proposal.kind
            gold = case.internal if kind == "internal" else case.citations
            url = normalize_url(engine.index.targets[s.proposal.target].url, origin)
            ex = out[kind]
            ex.rows.append([s.features.as_dict()[f] for f in FEATURES])
            ex.labels.append(int(url in gold))
            ex.groups.append(n)
            p = s.proposal
            spans = gold.get(url, ())
            ex.strict.append(int(any(p.start < b and a < p.end for a, b in spans)))
        _progress("candidates", n + 1, len(cases))
    return out


def fit(
    kind: str, ex: Examples, old: dict[str, float], without: frozenset[str] = frozenset()
) -> tuple[dict[str, float], dict[str, object]]:
    """Fit one kind's weights; features constant on this split keep their old weight, and
    the features in ``without`` (an ablation) get weight 0."""
    from sklearn.linear_model import LogisticRegression
    from sklearn.metrics import roc_auc_score

    x, y, groups = np.asarray(ex.rows), np.asarray(ex.labels), np.asarray(ex.groups)
    log(f"\n{kind}: {len(y)} candidates, {int(y.sum())} with a gold target")
    if len(set(y.tolist())) < 2:
        log(f"{kind}: one class only; keeping the old weights")
        return dict(old), {"class_weight": "unchanged", "examples": len(y)}
    varying = [i for i in range(len(FEATURES)) if np.ptp(x[:, i]) > 1e-9]
    describe(x, y, np.asarray(ex.strict), varying)
    varying = [i for i in varying if FEATURES[i] not in without]
    aucs = {}
    for cw in (None, "balanced"):
        scores = cross_val_scores(x[:, varying], y, groups, cw)
        aucs[str(cw)] = float(roc_auc_score(y, scores))
    best = max(aucs, key=lambda k: aucs[k])
    model = LogisticRegression(class_weight=None if best == "None" else best, max_iter=1000)
    model.fit(x[:, varying], y)
    weights = {name: 0.0 if name in without else float(old.get(name, 0.0)) for name in FEATURES}
    bias = float(model.intercept_[0])
    for i, name in enumerate(FEATURES):
        if i in varying:
            weights[name] = float(model.coef_[0][varying.index(i)])
        else:  # constant here (trust of derived sources): keep its weight, fold it out
            bias -= weights[name] * float(x[0, i])
    weights = {k: round(v, 4) for k, v in weights.items()}
    fit_auc = float(roc_auc_score(y, model.decision_function(x[:, varying])))
    log(f"{kind}: cross-validated AUC {aucs}; chosen class_weight={best}")
    log(f"{kind}: fit-split AUC (refitted model, in-sample) {fit_auc:.4f}")
    report = {
        "class_weight": best,
        "cv_auc": {k: round(v, 4) for k, v in aucs.items()},
        "fit_auc": round(fit_auc, 4),
        "examples": len(y),
        "positives": int(y.sum()),
    }
    return {**weights, "bias": round(bias, 4)}, report


def fit_pairwise(
    kind: str, ex: Examples, old: dict[str, float], without: frozenset[str] = frozenset()
) -> tuple[dict[str, float], dict[str, object]]:
    """Like :func:`fit`, but the weights are learned from pairs within a draft (a gold
    target's candidate against another target's: which ranks first), then scaled and
    offset by a one-feature logistic fit of the pair model's score to the labels, so the
    score stays a probability-like value the thresholds apply to."""
    from sklearn.linear_model import LogisticRegression
    from sklearn.metrics import roc_auc_score
    from sklearn.model_selection import GroupKFold

    x, y, groups = np.asarray(ex.rows), np.asarray(ex.labels), np.asarray(ex.groups)
    log(f"\n{kind} (pairwise): {len(y)} candidates, {int(y.sum())} with a gold target")
    if len(set(y.tolist())) < 2:
        return dict(old), {"class_weight": "unchanged", "examples": len(y)}
    varying = [i for i in range(len(FEATURES)) if np.ptp(x[:, i]) > 1e-9]
    varying = [i for i in varying if FEATURES[i] not in without]
    xv = x[:, varying]

    def pair_model(rows: np.ndarray) -> tuple[np.ndarray, float, float]:
        diffs = _pairs(xv[rows], y[rows], groups[rows])
        signs = np.r_[np.ones(len(diffs)), np.zeros(len(diffs))]
        w = LogisticRegression(fit_intercept=False, max_iter=1000, C=1.0)
        w.fit(np.vstack([diffs, -diffs]), signs)
        coef = w.coef_[0]
        calib = LogisticRegression(class_weight="balanced", max_iter=1000)
        calib.fit((xv[rows] @ coef)[:, None], y[rows])
        return coef, float(calib.coef_[0][0]), float(calib.intercept_[0])

    scores = np.zeros(len(y))
    folds = GroupKFold(n_splits=min(5, len(set(groups.tolist()))))
    for train, test in folds.split(xv, y, groups):
        coef, _, _ = pair_model(train)
        scores[test] = xv[test] @ coef
    cv_auc = float(roc_auc_score(y, scores))
    coef, scale, offset = pair_model(np.arange(len(y)))
    weights = {name: 0.0 if name in without else float(old.get(name, 0.0)) for name in FEATURES}
    bias = offset
    for i, name in enumerate(FEATURES):
        if i in varying:
            weights[name] = float(coef[varying.index(i)] * scale)
        else:
            bias -= weights[name] * float(x[0, i])
    log(f"{kind}: pairwise cross-validated AUC {cv_auc:.4f}")
    report = {
        "class_weight": "pairwise",
        "cv_auc": {"pairwise": round(cv_auc, 4)},
        "examples": len(y),
        "positives": int(y.sum()),
    }
    return {**{k: round(v, 4) for k, v in weights.items()}, "bias": round(bias, 4)}, report


def _pairs(x: np.ndarray, y: np.ndarray, groups: np.ndarray, per_positive: int = 20) -> np.ndarray:
    """Differences (gold candidate - other candidate) within each draft, up to
    ``per_positive`` others per gold candidate (a fixed seed: the fit is repeatable)."""
    rng = np.random.default_rng(0)
    out = []
    for g in np.unique(groups):
        rows = np.flatnonzero(groups == g)
        pos, neg = rows[y[rows] == 1], rows[y[rows] == 0]
        if not len(pos) or not len(neg):
            continue
        for p in pos:
            picked = rng.choice(neg, size=min(per_positive, len(neg)), replace=False)
            out.append(x[p] - x[picked])
    return np.vstack(out) if out else np.zeros((0, x.shape[1]))


def fit_place(examples: dict[str, Examples]) -> tuple[dict[str, float], dict[str, object]]:
    """The place model, over both kinds: among the candidates of a right target, which one
    puts the link where the author did (its anchor overlaps the author's)."""
    from sklearn.linear_model import LogisticRegression
    from sklearn.metrics import roc_auc_score

    columns = [FEATURES.index(name) for name in PLACE_FEATURES]
    rows, labels, groups = [], [], []
    for kind in KINDS:
        ex = examples[kind]
        for row, label, strict, group in zip(ex.rows, ex.labels, ex.strict, ex.groups, strict=True):
            if label:
                rows.append([row[i] for i in columns])
                labels.append(strict)
                groups.append(group)
    x, y, g = np.asarray(rows), np.asarray(labels), np.asarray(groups)
    log(f"\nplace: {len(y)} right-target candidates, {int(y.sum())} where the author linked")
    scores = cross_val_scores(x, y, g, "balanced")
    cv_auc = float(roc_auc_score(y, scores))
    model = LogisticRegression(class_weight="balanced", max_iter=1000).fit(x, y)
    weights = {
        name: round(float(w), 4) for name, w in zip(PLACE_FEATURES, model.coef_[0], strict=True)
    }
    weights["bias"] = round(float(model.intercept_[0]), 4)
    log(f"place: cross-validated AUC {cv_auc:.4f}; weights {weights}")
    report = {"class_weight": "balanced", "cv_auc": round(cv_auc, 4), "examples": len(y)}
    return weights, {**report, "positives": int(y.sum())}


def describe(x: np.ndarray, y: np.ndarray, strict: np.ndarray, varying: list[int]) -> None:
    """Per feature: means of wrong targets, right targets in the wrong place and right
    targets whose anchor overlaps the author's; the AUC of the feature alone for the
    target label, and within right targets for the place (strict) label."""
    from sklearn.metrics import roc_auc_score

    placed = y == 1
    log(f"{int(strict.sum())} of the {int(y.sum())} right-target candidates overlap an anchor")
    log(f"{'feature':>8} {'wrong':>7} {'r.else':>7} {'r.here':>7} {'AUC':>6} {'AUCplace':>8}")
    for i, name in enumerate(FEATURES):
        col = x[:, i]
        auc = roc_auc_score(y, col) if i in varying else 0.5
        two = len(set(strict[placed].tolist())) == 2 and np.ptp(col[placed]) > 0
        place = roc_auc_score(strict[placed], col[placed]) if two else 0.5
        means = [col[y == 0], col[placed & (strict == 0)], col[strict == 1]]
        m = [f"{v.mean():7.3f}" if len(v) else "      -" for v in means]
        log(f"{name:>8} {' '.join(m)} {auc:6.3f} {place:8.3f}")


def cross_val_scores(
    x: np.ndarray, y: np.ndarray, groups: np.ndarray, class_weight: str | None
) -> np.ndarray:
    """Out-of-fold decision scores, five folds grouped by post."""
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import GroupKFold

    scores = np.zeros(len(y))
    folds = GroupKFold(n_splits=min(5, len(set(groups.tolist()))))
    for train, test in folds.split(x, y, groups):
        model = LogisticRegression(class_weight=class_weight, max_iter=1000)
        model.fit(x[train], y[train])
        scores[test] = model.decision_function(x[test])
    return scores


def _progress(stage: str, done: int, total: int) -> None:
    if done == total or done % 25 == 0:
        log(f"  {stage}: {done}/{total}")


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def parse_args() -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--site", type=Path, default=SITE)
    p.add_argument("--cutoff", type=date.fromisoformat, default=date(2017, 1, 1))
    p.add_argument("--until", type=date.fromisoformat, default=date(2021, 1, 1))
    p.add_argument("--index-dir", type=Path, default=ROOT / "bench" / "out" / "fit-index")
    p.add_argument("--out", type=Path, default=WEIGHTS_FILE)
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--dry-run", action="store_true", help="print the weights, write nothing")
    p.add_argument(
        "--pointwise",
        action="store_true",
        help="fit the per-kind models on single candidates, not pairs within a draft",
    )
    p.add_argument(
        "--only-place",
        action="store_true",
        help="refit the place model only; keep the per-kind models of the weights file",
    )
    p.add_argument(
        "--without",
        type=lambda text: frozenset(filter(None, text.split(","))),
        default=frozenset(),
        help="comma-separated features to leave out (weight 0), for ablations; "
        "KIND:FEATURE (citation:lex) leaves it out of that kind's model only",
    )
    return p.parse_args()


if __name__ == "__main__":
    main()
