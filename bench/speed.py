"""Speed of the first slice: index build times, and /v1/suggestions latency under gunicorn.

    .venv/bin/python bench/speed.py [--rounds 20]

Prints the time to index sample_corpus/ and ../shared/benchmarks/nullprogram (skipped with
a note when absent), then starts gunicorn on a free local port over the sample index and
prints p50/p95 latency of POST /v1/suggestions on the example drafts (warm).
"""

from __future__ import annotations

import argparse
import os
import shutil
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "bench" / "out" / "speed"
NULLPROGRAM = ROOT.parent / "shared" / "benchmarks" / "nullprogram"
ENV = {**os.environ, "HF_HUB_OFFLINE": "1"}


def index(name: str, args: list[str]) -> Path:
    root = OUT / name
    shutil.rmtree(root, ignore_errors=True)
    started = time.monotonic()
    cmd = [str(ROOT / ".venv/bin/linkwright"), "--index", str(root), "index", *args]
    subprocess.run(cmd, check=True, env=ENV, cwd=ROOT, stderr=subprocess.DEVNULL)
    print(f"index {name}: {time.monotonic() - started:.1f} s (cold, models loaded included)")
    return root


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def serve(root: Path) -> tuple[subprocess.Popen[bytes], str]:
    port = free_port()
    env = {**ENV, "LINKWRIGHT_INDEX": str(root), "LINKWRIGHT_BIND": f"127.0.0.1:{port}"}
    cmd = [
        str(ROOT / ".venv/bin/gunicorn"),
        "-c",
        "service/http/gunicorn_conf.py",
        "service.http.app:create_app()",
    ]
    proc = subprocess.Popen(cmd, env=env, cwd=ROOT, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            if requests.get(f"{base}/readyz", timeout=2).status_code == 200:
                return proc, base
        except requests.ConnectionError:
            pass
        time.sleep(0.5)
    proc.terminate()
    raise SystemExit("gunicorn did not become ready within 120 s")


def latency(base: str, rounds: int) -> None:
    drafts = sorted((ROOT / "sample_corpus" / "drafts").glob("*.md"))
    bodies = [{"text": d.read_text(encoding="utf-8"), "format": "markdown"} for d in drafts]
    for body in bodies:  # warm both workers' caches and code paths
        for _ in range(2):
            requests.post(f"{base}/v1/suggestions", json=body, timeout=60).raise_for_status()
    times = []
    for _ in range(rounds):
        for body in bodies:
            started = time.perf_counter()
            requests.post(f"{base}/v1/suggestions", json=body, timeout=60).raise_for_status()
            times.append((time.perf_counter() - started) * 1000)
    times.sort()
    p95 = times[min(len(times) - 1, int(0.95 * len(times)))]
    print(
        f"POST /v1/suggestions, {len(bodies)} example drafts x {rounds} rounds, warm: "
        f"p50 {statistics.median(times):.0f} ms, p95 {p95:.0f} ms"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=20)
    args = parser.parse_args()
    sample = index("sample", ["sample_corpus/site", "--sources", "sample_corpus/sources.yaml"])
    if NULLPROGRAM.exists():
        index("nullprogram", [str(NULLPROGRAM)])
    else:
        print(f"skipped nullprogram: {NULLPROGRAM} not found", file=sys.stderr)
    proc, base = serve(sample)
    try:
        latency(base, args.rounds)
    finally:
        proc.terminate()
        proc.wait(timeout=30)


if __name__ == "__main__":
    main()
