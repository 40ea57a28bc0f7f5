"""Per-request timing: stage laps for ``timing_ms`` and the request's time budget."""

from __future__ import annotations

import time


class Clock:
    """Laps per stage (a stage that runs in several slices adds up) and an optional budget.

    Args:
        budget_ms: after this many milliseconds :meth:`expired` is true; None never expires.
    """

    def __init__(self, budget_ms: int | None = None) -> None:
        self._start = self._last = time.perf_counter()
        self._laps: dict[str, float] = {}
        self.budget_ms = budget_ms
        self._deadline = None if budget_ms is None else self._start + budget_ms / 1000

    def lap(self, name: str) -> None:
        """Charge the time since the previous lap to stage ``name``."""
        now = time.perf_counter()
        self._laps[name] = self._laps.get(name, 0.0) + (now - self._last) * 1000
        self._last = now

    def expired(self) -> bool:
        """The budget is spent: stop starting new work and answer with what is done."""
        return self._deadline is not None and time.perf_counter() >= self._deadline

    def laps(self) -> dict[str, float]:
        total = (time.perf_counter() - self._start) * 1000
        return {**{k: round(v, 2) for k, v in self._laps.items()}, "total": round(total, 2)}


def budget_note(budget_ms: int, scored: int, sentences: int, blocks_left: int) -> str:
    """The note a partial answer carries, e.g. "time budget of 2000 ms reached after 40 of
    95 sentences"; the paragraphs not analysed, or not to their end, are counted when
    there are any."""
    note = f"time budget of {budget_ms} ms reached after {scored} of {sentences} sentences"
    if blocks_left:
        note += f"; the rest of the draft ({blocks_left} paragraph(s)) was not analysed"
    return note
