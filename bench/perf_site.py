"""Synthetic sites for the performance benchmarks, made by ``bench/synth_site.py``.

    .venv/bin/python bench/perf_site.py OUT --posts 10000

:func:`site` makes the site once per (size, seed) and reuses it.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from synth_site import make_site

OUT = Path(__file__).resolve().parent / "out" / "perf"


def site(n_posts: int, seed: int = 0, out: Path | None = None) -> Path:
    """A synthetic site of ``n_posts`` posts, made on first use."""
    folder = out or OUT / f"site-{n_posts}"
    done = folder / ".complete"
    if not done.exists():
        make_site(folder, n_posts, seed)
        done.write_text(f"{n_posts} posts, seed {seed}\n", encoding="utf-8")
    return folder


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--posts", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    print(f"site of {args.posts} posts at {site(args.posts, args.seed, args.out)}")


if __name__ == "__main__":
    main()
