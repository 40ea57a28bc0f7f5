"""A bounded load test on loopback: requests per second, p50/p99 and errors.

    .venv/bin/python bench/load.py [INDEX] [--clients 8] [--seconds 30] [--drafts 12]

Starts gunicorn with its production config (2 workers) over INDEX (default: the sample
corpus, indexed into bench/out/perf/index-sample on first use), then runs a fixed number
of client threads for a fixed time. Each client cycles through ~1,500-word nullprogram
drafts, changing one sentence before each request, as editors typing would. Errors are
every non-200 answer and every failed connection; there must be none.
"""

from __future__ import annotations

import argparse
import random
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

import requests

sys.path.insert(0, str(Path(__file__).resolve().parent))

from drafts import edit_one_sentence, nullprogram_drafts
from server import OUT, ROOT, gunicorn


def sample_index() -> Path:
    root = OUT / "index-sample"
    if not (root / "current").exists():
        cmd = [str(ROOT / ".venv/bin/linkwright"), "--index", str(root), "index"]
        cmd += ["sample_corpus/site", "--sources", "sample_corpus/sources.yaml"]
        subprocess.run(cmd, check=True, cwd=ROOT)
    return root


def run(base: str, drafts: list[str], clients: int, seconds: float) -> None:
    times: list[float] = []
    errors: list[str] = []
    lock = threading.Lock()
    stop = time.monotonic() + seconds

    def client(n: int) -> None:
        rng = random.Random(n)
        texts = drafts[n % len(drafts) :] + drafts[: n % len(drafts)]
        with requests.Session() as session:
            i = 0
            while time.monotonic() < stop:
                texts[i % len(texts)] = edit_one_sentence(texts[i % len(texts)], rng)
                started = time.perf_counter()
                try:
                    r = session.post(
                        f"{base}/v1/suggestions", json={"text": texts[i % len(texts)]}, timeout=120
                    )
                    ok, what = r.status_code == 200, f"HTTP {r.status_code}"
                except requests.RequestException as exc:
                    ok, what = False, type(exc).__name__
                elapsed = (time.perf_counter() - started) * 1000
                with lock:
                    (times.append(elapsed) if ok else errors.append(what))
                i += 1

    threads = [threading.Thread(target=client, args=(n,)) for n in range(clients)]
    started = time.monotonic()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.monotonic() - started
    times.sort()
    p99 = times[min(len(times) - 1, round(0.99 * (len(times) - 1)))] if times else float("nan")
    print(
        f"{clients} clients x {seconds:.0f} s: {len(times)} ok, {len(errors)} errors "
        f"{sorted(set(errors))}; {len(times) / wall:.1f} requests/s; "
        f"p50 {statistics.median(times) if times else float('nan'):.0f} ms, p99 {p99:.0f} ms"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("index", type=Path, nargs="?")
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--drafts", type=int, default=12)
    args = parser.parse_args()
    index = args.index or sample_index()
    drafts = nullprogram_drafts(args.drafts)
    with gunicorn(index) as server:
        for text in drafts:  # every worker sees every draft once or twice: the warm state
            requests.post(f"{server.url}/v1/suggestions", json={"text": text}, timeout=120)
            requests.post(f"{server.url}/v1/suggestions", json={"text": text}, timeout=120)
        run(server.url, drafts, args.clients, args.seconds)


if __name__ == "__main__":
    main()
