"""The plan's map over source posts, spread over local worker processes.

Each worker builds its own engine from the settings once (spawned, never forked: torch
does not survive a fork) and runs :func:`service.relink.plan.run_task` on the tasks it is
given. The same tasks could be handed to a distributed engine (Ray) the same way.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from typing import TYPE_CHECKING

from service.relink.plan import Mapper, PostResult, PostTask, run_task

if TYPE_CHECKING:
    from service.engine.engine import Engine
    from service.settings import Settings

_engine: Engine | None = None


def process_mapper(settings: Settings, workers: int) -> Mapper:
    """A :data:`Mapper` over ``workers`` processes (one torch thread each)."""
    settings = settings.model_copy(update={"torch_threads": 1})

    def run(tasks: Sequence[PostTask]) -> Iterator[PostResult]:
        context = multiprocessing.get_context("spawn")
        with ProcessPoolExecutor(
            workers, mp_context=context, initializer=_start, initargs=(settings,)
        ) as pool:
            futures = [pool.submit(_run, task) for task in tasks]
            for future in as_completed(futures):
                yield future.result()

    return run


def _start(settings: Settings) -> None:
    global _engine
    from service.engine.build import build_engine

    _engine = build_engine(settings)


def _run(task: PostTask) -> PostResult:
    assert _engine is not None, "the worker's engine was not built"
    return run_task(_engine, task)
