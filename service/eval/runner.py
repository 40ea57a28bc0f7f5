"""Run a backtest: the engine and the title-match baseline on the same drafts."""

from __future__ import annotations

import json
import time
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path

from indexer.analysis import TextAnalyser
from indexer.embedding import Embedder
from indexer.urls import normalize_url
from service.engine.engine import Engine
from service.engine.index import load_index
from service.engine.scoring import WEIGHTS_FILE, Weights
from service.engine.types import (
    EngineError,
    Options,
    Suggestion,
    SuggestionEngine,
    SuggestionKind,
)
from service.eval.backtest import Progress, prepare
from service.eval.baseline import TitleMatchBaseline
from service.eval.cases import EvalCase
from service.eval.metrics import Ranked
from service.eval.report import EvalReport, build_report
from service.eval.split import Split

KINDS: tuple[SuggestionKind, ...] = ("internal", "citation")
#: Options for the ranked lists: up to ten per kind, no threshold, a loose density cap.
RANKED_OPTIONS = Options(
    max_suggestions=10,
    max_internal=10,
    max_citations=10,
    threshold=0.0,
    citation_threshold=0.0,
    words_per_link=10,
)

#: The baseline's own defaults: the shipped limits, but no score threshold (its method
#: keeps every title match of two or more stems; our thresholds calibrate our scores).
BASELINE_DEFAULTS = Options(threshold=0.0, citation_threshold=0.0)


@dataclass
class SystemRun:
    """What one system said about one draft."""

    ranked: dict[str, list[Ranked]] = field(default_factory=dict)  # kind -> best first
    default: dict[str, list[Ranked]] = field(default_factory=dict)  # at the shipped Options()
    retrieval: dict[str, list[Ranked]] = field(default_factory=dict)  # engine candidates
    latency_ms: float = 0.0
    error: str = ""


@dataclass
class CaseRun:
    """One tested post and what each system said about it."""

    case: EvalCase
    systems: dict[str, SystemRun]


def run_eval(
    site: Path,
    cutoff: date,
    *,
    analyser: TextAnalyser,
    embedder: Embedder,
    index_dir: Path,
    limit: int | None = None,
    until: date | None = None,
    progress: Progress | None = None,
    weights: Weights | None = None,
    read: tuple[str, Split] | None = None,
) -> EvalReport:
    """Backtest linkwright and the title-match baseline on ``site`` split at ``cutoff``
    (``read``: the site as :func:`~service.eval.backtest.split_site` gave it, if read).

    Raises:
        CorpusError: the site cannot be read or the cutoff leaves one side empty.
    """
    started = time.monotonic()
    report = progress or (lambda stage, done, total: None)
    bt = prepare(
        site,
        cutoff,
        analyser=analyser,
        embedder=embedder,
        index_dir=index_dir,
        limit=limit,
        until=until,
        progress=report,
        read=read,
    )
    index = load_index(index_dir, embedder.name, embedder.dimension, analyser.name)
    engine = Engine(index, analyser, embedder, weights=weights)
    baseline = TitleMatchBaseline.from_index(index)
    runs = []
    for i, case in enumerate(bt.cases):
        systems = {
            "linkwright": run_system(engine, case, bt.origin, engine),
            "baseline": run_system(baseline, case, bt.origin, defaults=BASELINE_DEFAULTS),
        }
        runs.append(CaseRun(case, systems))
        report("evaluate", i + 1, len(bt.cases))
    note = weights_note(weights)
    return build_report(bt, runs, time.monotonic() - started, weights_note=note)


def run_system(
    system: SuggestionEngine,
    case: EvalCase,
    origin: str,
    engine: Engine | None = None,
    defaults: Options | None = None,
) -> SystemRun:
    """The pass at the system's defaults first (timed: the latency a writer sees), then one
    ranked pass per kind, then (for the engine) every candidate before the policy."""
    out = SystemRun()
    try:
        clock = time.perf_counter()
        options = defaults or Options()
        result = system.suggest(case.as_draft(options))
        out.latency_ms = (time.perf_counter() - clock) * 1000
        for kind in KINDS:
            out.default[kind] = _ranked(result.suggestions, kind, origin)
            opts = _only(kind)
            ranked = system.suggest(case.as_draft(opts))
            out.ranked[kind] = _ranked(ranked.suggestions, kind, origin)
        if engine is not None:
            out.retrieval = _retrieval(engine, case, origin)
    except EngineError as exc:
        out.error = f"{type(exc).__name__}: {exc}"
    return out


def _only(kind: SuggestionKind) -> Options:
    return replace(RANKED_OPTIONS, internal=kind == "internal", citations=kind == "citation")


def _ranked(suggestions: Sequence[Suggestion], kind: str, origin: str) -> list[Ranked]:
    ranked = [
        Ranked(normalize_url(s.target.url, origin), s.score, s.anchor.start, s.anchor.end)
        for s in suggestions
        if s.kind == kind
    ]
    return sorted(ranked, key=lambda r: (-r.score, r.start))


def _retrieval(engine: Engine, case: EvalCase, origin: str) -> dict[str, list[Ranked]]:
    """Every target among the engine's candidates, by its best candidate's score."""
    _, scored = engine.candidates(case.as_draft(Options()))
    best: dict[tuple[str, int], Ranked] = {}
    for s in scored:
        p = s.proposal
        key = (p.kind, p.target)
        if key not in best or p.score > best[key].score:
            url = normalize_url(engine.index.targets[p.target].url, origin)
            best[key] = Ranked(url, p.score, p.start, p.end)
    return {
        kind: sorted((r for (k, _), r in best.items() if k == kind), key=lambda r: -r.score)
        for kind in KINDS
    }


def weights_note(weights: Weights | None) -> str:
    """What the report says about the weights: the shipped file's note, or "custom"."""
    if weights is not None:
        return "custom weights passed to run_eval"
    data = json.loads(WEIGHTS_FILE.read_text(encoding="utf-8"))
    return f"{WEIGHTS_FILE.name}: {data.get('note', '')}"
