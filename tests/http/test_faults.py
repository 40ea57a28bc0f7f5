"""Faults under load, against one real gunicorn (production config, two workers).

The tests run in order on one server and each leaves it serving a good index:
a worker killed mid-load, a new build made current mid-load, a ``kill -HUP`` of the
master mid-load, and corrupt or mismatched builds, which are never served.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import requests

from indexer import layout
from tests.conftest import SAMPLE
from tests.http.live import LiveServer, gunicorn_process
from tests.http.loadgen import load

pytestmark = [pytest.mark.e2e, pytest.mark.models]

#: How long a worker may take to start (models and index) on a busy two-core machine.
BOOT_S = 180.0


@pytest.fixture(scope="module")
def root(built_index: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    dest = tmp_path_factory.mktemp("faults") / "index"
    shutil.copytree(built_index, dest, symlinks=True)
    return dest


@pytest.fixture(scope="module")
def server(root: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    logs = tmp_path_factory.mktemp("faults-logs")
    with gunicorn_process(root, logs, workers=2, LINKWRIGHT_RELOAD_INTERVAL="1") as live:
        yield live


@pytest.fixture(scope="module")
def body() -> dict[str, Any]:
    draft = sorted((SAMPLE / "drafts").glob("*.md"))[0]
    return {"text": draft.read_text(encoding="utf-8"), "format": "markdown"}


def until(condition: Callable[[], bool], timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"not within {timeout:.0f} s: {what}")
        time.sleep(0.25)


def served_paths(url: str, n: int = 6) -> set[str]:
    """The index build the workers serve, asked ``n`` times (requests spread over workers);
    a worker that serves none answers with its error status instead."""
    out = set()
    for _ in range(n):
        r = requests.get(f"{url}/v1/index", timeout=BOOT_S)
        out.add(r.json()["path"] if r.status_code == 200 else f"HTTP {r.status_code}")
    return out


def readiness(url: str, n: int = 6) -> list[tuple[int, Any]]:
    out = []
    for _ in range(n):
        r = requests.get(f"{url}/readyz", timeout=BOOT_S)
        out.append((r.status_code, r.json()))
    return out


def switch(root: Path, build: Path) -> None:
    """Point ``current`` at ``build`` atomically, as a build does."""
    tmp = root / ".current-test"
    if tmp.is_symlink():
        tmp.unlink()
    tmp.symlink_to(build.relative_to(root))
    os.replace(tmp, root / "current")


def log_text(server: LiveServer) -> str:
    return server.log.read_text(errors="replace")


def all_workers_loaded(server: LiveServer) -> None:
    """Wait until every live worker has logged that its engine is ready."""

    def loaded() -> bool:
        lines = [line for line in log_text(server).splitlines() if "engine ready" in line]
        return all(any(f"[{pid}]" in line for line in lines) for pid in server.workers())

    until(loaded, BOOT_S, "every worker has loaded its engine")


def test_a_killed_worker_is_replaced_and_only_its_request_fails(
    server: LiveServer, body: dict[str, Any]
) -> None:
    all_workers_loaded(server)
    before = server.workers()
    assert len(before) == 2
    booted = log_text(server).count("engine ready")
    with load(server.url, body, clients=4) as stats:
        until(lambda: stats.ok >= 4, BOOT_S, "the load is served")
        victim = min(before)
        os.kill(victim, signal.SIGKILL)
        until(lambda: len(server.workers() - before) == 1, 60, "a replacement worker")
        served = stats.ok
        until(lambda: stats.ok >= served + 4, BOOT_S, "the load goes on")
    # At most the one request the killed worker had in hand fails, as a dropped connection.
    assert len(stats.failures) <= 1, stats.failures
    assert all(not f.startswith("HTTP") for _, f in stats.failures), stats.failures
    until(lambda: log_text(server).count("engine ready") > booted, BOOT_S, "it loads")


def test_a_new_build_is_served_without_a_failed_request(
    server: LiveServer, root: Path, body: dict[str, Any], sample_inputs, analyser, embedder
) -> None:
    from indexer.build import build_index

    all_workers_loaded(server)
    old = layout.resolve(root)
    assert served_paths(server.url) == {str(old)}
    posts, sources, facts = sample_inputs
    with load(server.url, body, clients=3) as stats:
        until(lambda: stats.ok >= 3, BOOT_S, "the load is served")
        new = build_index(
            root, posts, sources, analyser=analyser, embedder=embedder, site=facts
        ).path
        until(lambda: served_paths(server.url) == {str(new)}, 60, "both workers serve it")
        served = stats.ok
        until(lambda: stats.ok >= served + 3, 60, "the load goes on")
    assert stats.failures == []
    assert "index: " in log_text(server) and f"{new} loaded" in log_text(server)


def test_a_hup_restarts_the_workers_without_a_failed_request(
    server: LiveServer, root: Path, body: dict[str, Any]
) -> None:
    before = server.workers()
    with load(server.url, body, clients=3) as stats:
        until(lambda: stats.ok >= 3, BOOT_S, "the load is served")
        os.kill(server.process.pid, signal.SIGHUP)
        until(lambda: not server.workers() & before, 60, "the old workers stop")
        served = stats.ok
        until(lambda: stats.ok >= served + 6, BOOT_S, "the new workers serve")
    assert stats.failures == []
    all_workers_loaded(server)
    assert served_paths(server.url) == {str(layout.resolve(root))}


def test_corrupt_and_mismatched_builds_are_never_served(server: LiveServer, root: Path) -> None:
    all_workers_loaded(server)
    good = layout.resolve(root)
    corrupt = good.with_name(good.name + "-corrupt")
    shutil.copytree(good, corrupt)
    with (corrupt / "passages.faiss").open("r+b") as fh:
        fh.seek(100)
        fh.write(b"not a vector")
    mismatched = good.with_name(good.name + "-othermodel")
    shutil.copytree(good, mismatched)
    manifest = json.loads((mismatched / "manifest.json").read_text())
    manifest["embedding_model"] = "some-other-model"
    (mismatched / "manifest.json").write_text(json.dumps(manifest))

    # Running workers refuse a corrupt build and keep serving the good one.
    switch(root, corrupt)
    # Workers look at `current` between requests: keep asking while they do.
    refused = f"not switching to {corrupt}"
    until(
        lambda: bool(readiness(server.url, 2)) and refused in log_text(server),
        60,
        "the refusal is logged",
    )
    assert served_paths(server.url) == {str(good)}
    assert all(status == 200 for status, _ in readiness(server.url))

    # Workers (re)started on it never become ready, and say why.
    before = server.workers()
    os.kill(server.process.pid, signal.SIGHUP)
    until(lambda: not server.workers() & before, 60, "the old workers stop")
    until(lambda: all(s == 503 for s, _ in readiness(server.url)), BOOT_S, "not ready on corrupt")
    for _, answer in readiness(server.url):
        assert answer["ready"] is False and "corrupt" in answer["reason"]
    refused = requests.post(f"{server.url}/v1/suggestions", json={"text": "A draft."}, timeout=60)
    assert refused.status_code == 503
    error = refused.json()
    assert (error["ok"], error["status"], error["errors"]) == (False, 503, [])
    assert "corrupt" in error["error"]
    assert "index not loaded from" in log_text(server)

    # A build made with other models is refused the same way, with its own reason.
    switch(root, mismatched)
    until(
        lambda: all("built with" in a["reason"] for _, a in readiness(server.url)),
        BOOT_S,
        "the mismatch is the reason",
    )

    # A good build again: ready without a restart.
    switch(root, good)
    until(lambda: all(s == 200 for s, _ in readiness(server.url)), BOOT_S, "ready again")
    # Six readiness answers may all have come from one worker: wait for both.
    until(lambda: served_paths(server.url) == {str(good)}, BOOT_S, "both workers serve it")
