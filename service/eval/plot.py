"""The precision-recall plot of a backtest (matplotlib, Agg backend: no display needed)."""

from __future__ import annotations

from pathlib import Path

from service.eval.report import KINDS, EvalReport, KindScores

COLOURS = {"linkwright": "tab:blue", "baseline": "tab:orange"}


def plot_pr(report: EvalReport, path: Path) -> None:
    """Micro precision against recall over the threshold sweep, one panel per kind; solid
    lines count the right target, dashed ones also need the anchor to overlap."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, axes = plt.subplots(1, len(KINDS), figsize=(11, 4.6))
    for ax, kind in zip(axes, KINDS, strict=True):
        for name, scores in report.systems.items():
            ks: KindScores = getattr(scores, kind)
            colour = COLOURS.get(name)
            for sweep, style, label in (
                (ks.sweep_target, "-", "target"),
                (ks.sweep_strict, "--", "strict"),
            ):
                pts = [(p.recall, p.precision) for p in sweep if p.suggested]
                if not pts:
                    continue
                xs, ys = zip(*pts, strict=True)
                ax.plot(xs, ys, style, marker=".", color=colour, label=f"{name} ({label})")
            mark = ks.default_target
            ax.plot([mark.recall], [mark.precision], "o", color=colour, mfc="none", ms=10)
        ax.set_title(f"{kind} (gold {ks.gold} in {ks.posts} posts)")
        ax.set_xlabel("recall")
        ax.set_ylabel("precision")
        ax.set_xlim(0, 1)
        ax.set_ylim(0, 1)
        ax.grid(alpha=0.3)
        ax.legend(fontsize=8)
    fig.suptitle(
        f"{Path(report.site).name}: cutoff {report.cutoff}, {report.tested_posts} drafts "
        "(circle: each system at its shipped defaults)"
    )
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
