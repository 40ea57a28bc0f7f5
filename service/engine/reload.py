"""Picking up a new index build without a restart.

``linkwright index`` writes a new build and switches the root's ``current`` link
atomically. A running process keeps serving the build it loaded; :class:`IndexWatcher`
looks at ``current`` at most every ``interval`` seconds (when asked, between requests),
loads a new build in a background thread with the models already in memory, and hands
the new engine over once it is complete. A build that cannot be loaded (corrupt, built
with other models) is logged and never served; the old one stays.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Generic, TypeVar

from indexer import layout
from indexer.manifest import BadIndex
from service.engine.types import IndexUnavailable

log = logging.getLogger(__name__)

E = TypeVar("E")


def current_build(root: Path) -> Path | None:
    """The build folder ``root`` means right now, or None when there is none."""
    try:
        return layout.resolve(root)
    except (BadIndex, OSError):
        return None


class IndexWatcher(Generic[E]):
    """Loads the build ``current`` names once it differs from the one last tried.

    Args:
        root: the index root (``LINKWRIGHT_INDEX``).
        seen: the build in use, or the one that failed to load at startup.
        load: builds an engine over the current build and says which build that is;
            raises :class:`IndexUnavailable` when it cannot.
        interval: seconds between looks at ``current``; 0 or less never looks.
    """

    def __init__(
        self,
        root: Path,
        seen: Path | None,
        load: Callable[[], tuple[E, Path]],
        interval: float,
    ) -> None:
        self.root = root
        self.loaded = seen
        self._load = load
        self.interval = interval
        self._next = time.monotonic() + interval
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None
        self._ready: tuple[E, Path] | None = None
        self._failed: Path | None = None
        self.error = ""

    def poll(self) -> E | None:
        """Cheap, called before each request: a newly loaded engine (once), else None."""
        if self.interval <= 0:
            return None
        with self._lock:
            if self._ready is not None:
                engine, self.loaded = self._ready
                self._ready = None
                return engine
            now = time.monotonic()
            if now < self._next or (self._thread and self._thread.is_alive()):
                return None
            self._next = now + self.interval
            target = current_build(self.root)
            if target is None or target in (self.loaded, self._failed):
                return None
            self._thread = threading.Thread(
                target=self._run, args=(target,), name="index-reload", daemon=True
            )
            self._thread.start()
            return None

    def wait(self, timeout: float) -> None:
        """Wait for a load in progress (for tests and benchmarks)."""
        thread = self._thread
        if thread is not None:
            thread.join(timeout)

    def _run(self, target: Path) -> None:
        started = time.monotonic()
        log.info("index: %s is now current; loading it (still serving %s)", target, self.loaded)
        try:
            engine, path = self._load()
        except IndexUnavailable as exc:
            with self._lock:
                self._failed, self.error = target, str(exc)
            log.error("index: not switching to %s: %s; still serving %s", target, exc, self.loaded)
            return
        except Exception:
            with self._lock:
                self._failed, self.error = target, f"{target} could not be loaded"
            log.exception("index: loading %s failed; still serving %s", target, self.loaded)
            return
        with self._lock:
            self._ready, self._failed, self.error = (engine, path), None, ""
        log.info("index: %s loaded in %.1f s; serving it", path, time.monotonic() - started)
