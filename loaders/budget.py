"""A cooperative time budget per file: a deadline for the current context and the checkpoints that watch it.

`time_budget(seconds)` sets a deadline for the current context (a contextvar, so threads and sessions each
have their own), and `checkpoint()` — called between the stages of an extraction and for every paragraph
and sentence — raises `TimeBudgetExceeded` past it. A budget of 0 or None means no limit. It is cooperative:
a single call that never returns is not interrupted (worker processes with a hard timeout handle that).
"""
from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

DEFAULT_TIME_BUDGET = 20.0  # seconds of cleaning and extraction one file may take

_deadline: ContextVar[float | None] = ContextVar("kijiscope_deadline", default=None)


class TimeBudgetExceeded(Exception):
    """The current file has used up its time budget."""


@contextmanager
def time_budget(seconds: float | None) -> Iterator[None]:
    """Within the block, `checkpoint()` raises TimeBudgetExceeded once `seconds` have passed (none: no limit)."""
    token = _deadline.set(time.monotonic() + seconds if seconds else None)
    try:
        yield
    finally:
        _deadline.reset(token)


def checkpoint() -> None:
    """Raise TimeBudgetExceeded when the current file's time budget is used up."""
    deadline = _deadline.get()
    if deadline is not None and time.monotonic() > deadline:
        raise TimeBudgetExceeded
