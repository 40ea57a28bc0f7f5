"""Print the threshold sweep of an eval report, with F1, to choose the default thresholds.

    .venv/bin/python bench/sweep.py bench/out/eval-tune-2017/report.json

Run it on the report of the *tuning* split (``linkwright eval --cutoff 2017-01-01 --until
2021-01-01``), never on the split whose figures are reported.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path


def main() -> None:
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    report = json.loads(Path(sys.argv[1]).read_text(encoding="utf-8"))
    for kind in ("internal", "citation"):
        scores = report["systems"]["linkwright"][kind]
        rows = list(zip(report["thresholds"], scores["sweep_target"], strict=True))
        best = max(rows, key=lambda row: f1(row[1]))
        print(f"{kind}: F1 peaks at threshold {best[0]:.2f}")
        for threshold, point in rows:
            print(
                f"  {threshold:.2f}  precision {point['precision']:.3f}  recall "
                f"{point['recall']:.3f}  F1 {f1(point):.3f}  suggested {point['suggested']}"
            )


def f1(point: dict[str, float]) -> float:
    p, r = point["precision"], point["recall"]
    return 2 * p * r / (p + r) if p + r else 0.0


if __name__ == "__main__":
    main()
