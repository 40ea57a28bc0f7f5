"""A small background load for the fault tests: client threads posting drafts in a loop."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

import requests

#: Long enough to wait out a worker that is still loading its models.
REQUEST_TIMEOUT_S = 180.0


@dataclass
class LoadStats:
    """What the clients saw: statuses by count, and every failure with its time."""

    ok: int = 0
    statuses: dict[int, int] = field(default_factory=dict)
    failures: list[tuple[float, str]] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def record(self, status: int | None, error: str = "") -> None:
        with self.lock:
            if status is not None:
                self.statuses[status] = self.statuses.get(status, 0) + 1
                self.ok += status == 200
                if status != 200:
                    self.failures.append((time.monotonic(), f"HTTP {status}: {error}"))
            else:
                self.failures.append((time.monotonic(), error))


@contextmanager
def load(url: str, body: dict[str, object], clients: int = 3) -> Iterator[LoadStats]:
    """Post ``body`` to ``/v1/suggestions`` from ``clients`` threads until the block ends."""
    stats = LoadStats()
    stop = threading.Event()

    def client() -> None:
        with requests.Session() as session:
            while not stop.is_set():
                try:
                    r = session.post(f"{url}/v1/suggestions", json=body, timeout=REQUEST_TIMEOUT_S)
                    stats.record(r.status_code, r.text[:200] if r.status_code != 200 else "")
                except requests.RequestException as exc:
                    stats.record(None, f"{type(exc).__name__}: {exc}")
                    session.close()  # a fresh connection next time

    threads = [threading.Thread(target=client, daemon=True) for _ in range(clients)]
    for t in threads:
        t.start()
    try:
        yield stats
    finally:
        stop.set()
        for t in threads:
            t.join(REQUEST_TIMEOUT_S)
