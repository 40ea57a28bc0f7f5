"""A real gunicorn process serving the real app on a free local port, for end-to-end tests."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
#: Loading spaCy, MiniLM and the index takes seconds; a cold machine can take a minute.
READY_TIMEOUT_S = 180.0
STOP_TIMEOUT_S = 30.0


def free_port() -> int:
    """A port nobody listens on right now (the OS picks it)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass(frozen=True)
class LiveServer:
    """A running gunicorn: its base URL, its master process and its log file."""

    url: str
    process: subprocess.Popen[bytes]
    log: Path

    def workers(self) -> set[int]:
        """The pids of the master's live worker processes."""
        return child_pids(self.process.pid)


@contextmanager
def gunicorn_server(index: Path, log_dir: Path, workers: int = 1, **env: str) -> Iterator[str]:
    """Run ``gunicorn -c service/http/gunicorn_conf.py "service.http.app:create_app()"``.

    Args:
        index: the index directory (``LINKWRIGHT_INDEX``).
        log_dir: where the server's output goes (``gunicorn-<port>.log``).
        workers: gunicorn workers; one keeps two test servers within a 2-core machine.
        **env: extra environment, e.g. ``LINKWRIGHT_API_KEY="k"``.

    Yields:
        The base URL, e.g. ``http://127.0.0.1:41234``, once ``/readyz`` answers 200.
    """
    with gunicorn_process(index, log_dir, workers, **env) as server:
        yield server.url


@contextmanager
def gunicorn_process(
    index: Path, log_dir: Path, workers: int = 1, ready: bool = True, **env: str
) -> Iterator[LiveServer]:
    """Like :func:`gunicorn_server`, yielding the :class:`LiveServer`; with ``ready=False``
    it is yielded once ``/healthz`` answers (for servers that must not become ready)."""
    port = free_port()
    environ = {k: v for k, v in os.environ.items() if not k.startswith("LINKWRIGHT_")}
    environ |= {
        "HF_HUB_OFFLINE": "1",
        "LINKWRIGHT_INDEX": str(index),
        "LINKWRIGHT_BIND": f"127.0.0.1:{port}",
        **env,
    }
    command = [sys.executable, "-m", "gunicorn", "-c", "service/http/gunicorn_conf.py"]
    command += ["--workers", str(workers), "service.http.app:create_app()"]
    log = log_dir / f"gunicorn-{port}.log"
    with log.open("wb") as out:
        process = subprocess.Popen(command, cwd=ROOT, env=environ, stdout=out, stderr=out)
        try:
            url = f"http://127.0.0.1:{port}"
            _wait_until_ready(url, process, log, "/readyz" if ready else "/healthz")
            yield LiveServer(url, process, log)
        finally:
            process.terminate()
            try:
                process.wait(timeout=STOP_TIMEOUT_S)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def child_pids(parent: int) -> set[int]:
    """Live child processes of ``parent`` (read from /proc)."""
    out = set()
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue  # gone since the listing
        if int(fields[1]) == parent and fields[0] != "Z":
            out.add(int(stat.parent.name))
    return out


def _wait_until_ready(
    url: str, process: subprocess.Popen[bytes], log: Path, path: str = "/readyz"
) -> None:
    deadline = time.monotonic() + READY_TIMEOUT_S
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn exited with {process.returncode}:\n{_tail(log)}")
        try:
            with urllib.request.urlopen(f"{url}{path}", timeout=5) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass  # not listening yet, or 503 while the worker loads the index
        time.sleep(0.25)
    raise RuntimeError(f"{url}{path} not answering after {READY_TIMEOUT_S:.0f} s:\n{_tail(log)}")


def _tail(log: Path, lines: int = 40) -> str:
    return "\n".join(log.read_text(errors="replace").splitlines()[-lines:])
