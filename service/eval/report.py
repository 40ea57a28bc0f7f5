"""The backtest report: scores per system and kind, as JSON and as table rows."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from service.engine.types import Options
from service.eval import metrics
from service.eval.metrics import PR, Pair

if TYPE_CHECKING:
    from service.eval.backtest import Backtest
    from service.eval.runner import CaseRun

SYSTEMS = ("linkwright", "baseline")
KINDS = ("internal", "citation")


@dataclass(frozen=True)
class KindScores:
    """One system's scores for one kind of link.

    Attributes:
        posts: tested posts with at least one gold link of this kind (the @k average).
        gold: gold links of this kind in all tested posts.
        target: precision@k and recall@k, right target anywhere.
        strict: the same, right target and the anchor overlapping the author's.
        precision_ceiling: the best precision@k possible given how many gold links each
            post has (a post with one can score at most 1/k): a perfect ranking's score.
        default_target: micro precision/recall with the shipped default options.
        default_strict: the same, strict.
        sweep_target: micro precision/recall of the ranked lists at each threshold.
        sweep_strict: the same, strict.
        retrieval: recall of the engine's candidates before the policy (all, top 10).
    """

    posts: int
    gold: int
    target: dict[str, float]
    strict: dict[str, float]
    precision_ceiling: dict[str, float]
    default_target: PR
    default_strict: PR
    sweep_target: list[PR]
    sweep_strict: list[PR]
    retrieval: dict[str, float] | None


@dataclass(frozen=True)
class SystemScores:
    """One system's scores and speed."""

    internal: KindScores
    citation: KindScores
    latency_ms: dict[str, float]
    errors: int


@dataclass(frozen=True)
class EvalReport:
    """Everything a backtest found; ``to_dict`` is what ``report.json`` holds."""

    site: str
    cutoff: str
    until: str | None  # the test period's end, when the run had one (--until)
    limit: int | None  # the most posts tested, when the run was limited (--limit)
    indexed_posts: int
    tested_posts: int
    sources: int
    leaked_links: int
    build_seconds: float
    seconds: float
    weights: str
    default_thresholds: dict[str, float]  # the shipped defaults behind P@def and R@def
    thresholds: tuple[float, ...]
    systems: dict[str, SystemScores]
    cases: list[dict[str, object]]

    def to_dict(self) -> dict[str, object]:
        return asdict(self)

    def write_json(self, path: Path) -> None:
        path.write_text(json.dumps(self.to_dict(), indent=1) + "\n", encoding="utf-8")


_DEFAULTS = Options()


def build_report(
    bt: Backtest, runs: list[CaseRun], seconds: float, weights_note: str = ""
) -> EvalReport:
    """Score every system's runs against the gold links."""
    systems = {name: _system(name, runs) for name in SYSTEMS}
    return EvalReport(
        site=str(bt.site),
        cutoff=bt.split.cutoff.isoformat(),
        until=bt.split.until.isoformat() if bt.split.until else None,
        limit=bt.split.limit,
        indexed_posts=len(bt.split.indexed),
        tested_posts=len(bt.cases),
        sources=len(bt.sources),
        leaked_links=sum(c.leaked for c in bt.cases),
        build_seconds=round(bt.build_seconds, 2),
        seconds=round(seconds, 2),
        weights=weights_note,
        default_thresholds={
            "internal": _DEFAULTS.threshold,
            "citation": _DEFAULTS.citation_threshold,
        },
        thresholds=metrics.THRESHOLDS,
        systems=systems,
        cases=[_case(run) for run in runs],
    )


def _system(name: str, runs: list[CaseRun]) -> SystemScores:
    scores = {kind: _kind(name, kind, runs) for kind in KINDS}
    latencies = [r.systems[name].latency_ms for r in runs if not r.systems[name].error]
    latency = {
        "p50": round(metrics.percentile(latencies, 50), 1),
        "p95": round(metrics.percentile(latencies, 95), 1),
        "max": round(max(latencies, default=0.0), 1),
    }
    errors = sum(1 for r in runs if r.systems[name].error)
    return SystemScores(scores["internal"], scores["citation"], latency, errors)


def _kind(name: str, kind: str, runs: list[CaseRun]) -> KindScores:
    ranked = [(r.systems[name].ranked.get(kind, []), _gold(r, kind)) for r in runs]
    default = [(r.systems[name].default.get(kind, []), _gold(r, kind)) for r in runs]
    retrieval = None
    if any(r.systems[name].retrieval for r in runs):
        found: list[Pair] = [
            (r.systems[name].retrieval.get(kind, []), _gold(r, kind)) for r in runs
        ]
        top: list[Pair] = [(lst[:10], gold) for lst, gold in found]
        retrieval = {
            "recall": round(metrics.retrieval_recall(found), 4),
            "recall@10": round(metrics.retrieval_recall(top), 4),
        }
    return KindScores(
        posts=sum(1 for _, gold in ranked if gold),
        gold=sum(len(gold) for _, gold in ranked),
        target=_rounded(metrics.at_k(ranked, strict=False)),
        strict=_rounded(metrics.at_k(ranked, strict=True)),
        precision_ceiling=_rounded(metrics.precision_ceiling(gold for _, gold in ranked)),
        default_target=metrics.micro(default, strict=False),
        default_strict=metrics.micro(default, strict=True),
        sweep_target=metrics.sweep(ranked, strict=False),
        sweep_strict=metrics.sweep(ranked, strict=True),
        retrieval=retrieval,
    )


def _gold(run: CaseRun, kind: str) -> metrics.Gold:
    return run.case.internal if kind == "internal" else run.case.citations


def _rounded(values: dict[str, float]) -> dict[str, float]:
    return {k: round(v, 4) for k, v in values.items()}


def _case(run: CaseRun) -> dict[str, object]:
    """Per-post detail for reading the results: gold, and each system's ranked lists."""
    draft = run.case.draft
    out: dict[str, object] = {
        "url": run.case.post.url,
        "title": run.case.post.title,
        "gold_internal": {u: [draft[a:b] for a, b in s] for u, s in run.case.internal.items()},
        "gold_citations": {u: [draft[a:b] for a, b in s] for u, s in run.case.citations.items()},
    }
    for name, sr in run.systems.items():
        out[name] = {
            "latency_ms": round(sr.latency_ms, 1),
            "error": sr.error,
            **{
                kind: [[r.url, round(r.score, 4), draft[r.start : r.end]] for r in sr.ranked[kind]]
                for kind in sr.ranked
            },
        }
    return out


def summary_rows(report: EvalReport) -> list[list[str]]:
    """Table rows: system, kind, count mode, P@3 P@5 P@10 R@3 R@5 R@10, P/R at defaults."""
    rows = []
    for name, sys in report.systems.items():
        for kind in KINDS:
            ks: KindScores = getattr(sys, kind)
            for mode in ("target", "strict"):
                at = ks.target if mode == "target" else ks.strict
                d = ks.default_target if mode == "target" else ks.default_strict
                rows.append(
                    [
                        name,
                        kind,
                        mode,
                        *(f"{at[f'precision@{k}']:.3f}" for k in metrics.KS),
                        *(f"{at[f'recall@{k}']:.3f}" for k in metrics.KS),
                        f"{d.precision:.3f}",
                        f"{d.recall:.3f}",
                    ]
                )
    return rows


SUMMARY_HEADER = [
    "system",
    "kind",
    "hit",
    "P@3",
    "P@5",
    "P@10",
    "R@3",
    "R@5",
    "R@10",
    "P@def",
    "R@def",
]
