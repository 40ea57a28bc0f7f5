"""Speed of batch re-linking and the link report on a real site.

    .venv/bin/python bench/relink_bench.py [--site DIR] [--out bench/out/relink/NAME]
        [--threads 2] [--newest 20] [--skip-all] [--reindex]

Indexes the site (default ../shared/benchmarks/nullprogram; skipped with a message when
absent) into ``--out`` unless an index is already there, then prints the time to plan
inbound links for the newest posts across the whole site, for every post, and to build the
whole-site link report. The plans are written next to the index.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
NULLPROGRAM = ROOT.parent / "shared" / "benchmarks" / "nullprogram"
os.environ.setdefault("HF_HUB_OFFLINE", "1")


def index(site: Path, root: Path, threads: int) -> None:
    started = time.monotonic()
    env = {**os.environ, "LINKWRIGHT_TORCH_THREADS": str(threads)}
    cmd = [str(ROOT / ".venv/bin/linkwright"), "--index", str(root), "index", str(site)]
    subprocess.run(cmd, check=True, env=env, cwd=ROOT, stderr=subprocess.DEVNULL)
    print(f"index {site.name}: {time.monotonic() - started:.1f} s")


def plan(engine, scope, label: str, out: Path, mapper) -> None:  # type: ignore[no-untyped-def]
    from service.engine.types import Options
    from service.relink.plan import make_plan
    from service.relink.planfile import write_plan

    started = time.monotonic()
    options = Options(max_internal=3, max_suggestions=3)
    result = make_plan(engine, scope, options, mapper=mapper)
    seconds = time.monotonic() - started
    write_plan(out, list(result.edits))
    print(
        f"plan {label}: {seconds:.1f} s ({result.targets} target posts, {result.sources} "
        f"source posts parsed, {len(result.edits)} edits in "
        f"{len({e.file for e in result.edits})} files) -> {out}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path, default=NULLPROGRAM)
    parser.add_argument("--out", type=Path)
    parser.add_argument("--threads", type=int, default=1, help="torch threads per process")
    parser.add_argument("--workers", type=int, default=1, help="processes for the plan's map")
    parser.add_argument("--newest", type=int, default=20)
    parser.add_argument("--skip-all", action="store_true", help="skip the all-posts plan")
    parser.add_argument("--reindex", action="store_true")
    args = parser.parse_args()
    if not args.site.exists():
        print(f"skipped: {args.site} not found (see ../shared/benchmarks/README.md)")
        return
    root = args.out or ROOT / "bench" / "out" / "relink" / args.site.name
    if args.reindex or not (root / "current").exists():
        index(args.site, root, args.threads)

    from service.engine.build import build_engine
    from service.engine.report import site_report
    from service.relink.plan import Scope
    from service.settings import Settings

    started = time.monotonic()
    settings = Settings(index=root, torch_threads=args.threads)  # type: ignore[call-arg]
    engine = build_engine(settings)
    print(f"engine loaded: {time.monotonic() - started:.1f} s")
    mapper = None
    if args.workers > 1:
        from service.relink.pool import process_mapper

        mapper = process_mapper(settings, args.workers)
    posts = [t for t in engine.index.targets if t.kind == "post" and not t.draft and t.date]
    newest = sorted(posts, key=lambda t: t.date, reverse=True)[: args.newest]  # type: ignore[arg-type, return-value]
    plan(
        engine,
        Scope(urls=tuple(t.url for t in newest)),
        f"{len(newest)} newest",
        root.parent / f"{root.name}-newest.jsonl",
        mapper,
    )
    if not args.skip_all:
        out = root.parent / f"{root.name}-all.jsonl"
        plan(engine, Scope(all=True), "all posts", out, mapper)
    started = time.monotonic()
    report = site_report(root)
    print(
        f"report: {time.monotonic() - started:.2f} s ({len(report.posts)} posts, "
        f"{len(report.orphans)} orphans)"
    )
    sys.stdout.flush()


if __name__ == "__main__":
    main()
