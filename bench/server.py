"""A production gunicorn for the benchmarks: ``service/http/gunicorn_conf.py``, 2 workers."""

from __future__ import annotations

import os
import socket
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "bench" / "out" / "perf"


@dataclass(frozen=True)
class Server:
    url: str
    process: subprocess.Popen[bytes]
    log: Path
    started_s: float  # from launch until /readyz answered 200

    def workers(self) -> list[int]:
        out = []
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                fields = stat.read_text().rsplit(")", 1)[1].split()
            except (OSError, IndexError):
                continue
            if int(fields[1]) == self.process.pid:
                out.append(int(stat.parent.name))
        return sorted(out)


def memory_mb(pid: int) -> dict[str, float]:
    """Resident set (RSS), its anonymous and file-backed parts, and proportional set (PSS)."""
    out: dict[str, float] = {}
    for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines()[1:]:
        name, value = line.split(":", 1)
        if name in ("Rss", "Pss", "Anonymous", "Pss_File"):
            out[name] = round(int(value.split()[0]) / 1024, 1)
    return out


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def gunicorn(index: Path, workers: int = 2, **env: str) -> Iterator[Server]:
    """gunicorn with the production config over ``index``; stopped on exit."""
    port = _free_port()
    environ = {k: v for k, v in os.environ.items() if not k.startswith("LINKWRIGHT_")}
    environ |= {
        "HF_HUB_OFFLINE": "1",
        "LINKWRIGHT_INDEX": str(index),
        "LINKWRIGHT_BIND": f"127.0.0.1:{port}",
        **env,
    }
    cmd = [str(ROOT / ".venv/bin/gunicorn"), "-c", "service/http/gunicorn_conf.py"]
    cmd += ["--workers", str(workers), "service.http.app:create_app()"]
    OUT.mkdir(parents=True, exist_ok=True)
    log = OUT / f"gunicorn-{port}.log"
    started = time.monotonic()
    with log.open("wb") as out:
        proc = subprocess.Popen(cmd, env=environ, cwd=ROOT, stdout=out, stderr=out)
        try:
            base = f"http://127.0.0.1:{port}"
            _wait(base, proc, workers, log)
            yield Server(base, proc, log, time.monotonic() - started)
        finally:
            proc.terminate()
            proc.wait(timeout=60)


def _wait(base: str, proc: subprocess.Popen[bytes], workers: int, log: Path) -> None:
    """Until every worker has loaded its engine (the log says so) and /readyz answers."""
    deadline = time.monotonic() + 600
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"gunicorn exited with {proc.returncode}: see {log}")
        if log.read_text(errors="replace").count("engine ready") >= workers:
            try:
                if requests.get(f"{base}/readyz", timeout=120).status_code == 200:
                    return
            except requests.ConnectionError:
                pass
        time.sleep(0.2)
    raise SystemExit(f"gunicorn did not become ready within 600 s: see {log}")
