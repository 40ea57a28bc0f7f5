"""The index watcher: a new `current` build is loaded in the background and handed over
once; a build that fails to load is never served and the old one stays."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from indexer.manifest import MANIFEST_NAME
from service.engine.reload import IndexWatcher, current_build
from service.engine.types import IndexMismatch


def make_build(root: Path, name: str) -> Path:
    build = root / "builds" / name
    build.mkdir(parents=True)
    (build / MANIFEST_NAME).write_text("{}")
    return build


def switch(root: Path, build: Path) -> None:
    tmp = root / ".current-test"
    tmp.symlink_to(build.relative_to(root))
    os.replace(tmp, root / "current")


@pytest.fixture
def root(tmp_path: Path) -> Path:
    root = tmp_path / "index"
    switch(root, make_build(root, "b1"))
    return root


def watcher(root: Path, load, interval: float = 0.001) -> IndexWatcher[str]:  # type: ignore[no-untyped-def]
    return IndexWatcher(root, current_build(root), load, interval)


def settle(w: IndexWatcher[str]) -> str | None:
    """Poll past the interval, let a background load (if any) finish, then poll again."""
    time.sleep(0.01)
    w.poll()
    w.wait(10)
    return w.poll()


def test_nothing_happens_while_current_is_unchanged(root: Path) -> None:
    calls: list[int] = []
    w = watcher(root, lambda: calls.append(1) or ("engine", root))
    assert settle(w) is None
    assert calls == []


def test_a_new_build_is_loaded_and_handed_over_once(root: Path) -> None:
    b2 = make_build(root, "b2")
    w = watcher(root, lambda: ("engine-2", b2))
    switch(root, b2)
    assert settle(w) == "engine-2"
    assert w.loaded == b2
    assert settle(w) is None  # handed over once, and b2 is now the one in use


def test_a_build_that_fails_is_not_retried_and_the_error_is_kept(root: Path) -> None:
    calls: list[int] = []

    def load() -> tuple[str, Path]:
        calls.append(1)
        raise IndexMismatch("the index was built with other models")

    w = watcher(root, load)
    switch(root, make_build(root, "b2"))
    assert settle(w) is None
    assert settle(w) is None
    assert calls == [1]
    assert "other models" in w.error
    assert w.loaded == root / "builds" / "b1"


def test_a_later_good_build_replaces_a_failed_one(root: Path) -> None:
    b3 = make_build(root, "b3")
    results = iter([IndexMismatch("bad"), ("engine-3", b3)])

    def load() -> tuple[str, Path]:
        result = next(results)
        if isinstance(result, Exception):
            raise result
        return result

    w = watcher(root, load)
    switch(root, make_build(root, "b2"))
    assert settle(w) is None
    switch(root, b3)
    assert settle(w) == "engine-3"
    assert w.error == ""


def test_the_interval_limits_how_often_current_is_read(root: Path) -> None:
    w = watcher(root, lambda: ("engine-2", root), interval=3600)
    switch(root, make_build(root, "b2"))
    assert settle(w) is None  # not looked at within the hour


def test_zero_interval_turns_watching_off(root: Path) -> None:
    w = watcher(root, lambda: ("engine-2", root), interval=0)
    switch(root, make_build(root, "b2"))
    assert settle(w) is None


def test_current_build_of_a_missing_root_is_none(tmp_path: Path) -> None:
    assert current_build(tmp_path / "nowhere") is None
