"""Periods as the frames write them ("2023", "2023Q4", "2023H1", "2023-06", "FY2024", "FY2026Q2") -> month spans."""
from __future__ import annotations

import re
from functools import lru_cache
from typing import NamedTuple

PERIOD_PATTERN = re.compile(
    r"^(?P<fy>FY)?(?P<year>\d{4})(?:Q(?P<quarter>[1-4])|H(?P<half>[12])|-(?P<month>0[1-9]|1[0-2]))?$")


class PeriodSpan(NamedTuple):
    """First and last month of a period, as months since year 0 (year * 12 + month - 1)."""

    start: int
    end: int


@lru_cache(maxsize=8192)  # a corpus names few distinct periods, asked about on every rerun
def parse_period(period: str) -> PeriodSpan | None:
    """The months a period covers, or None when the text is not a period."""
    match = PERIOD_PATTERN.match(period.strip().upper()) if isinstance(period, str) else None
    if match is None or match["fy"] and match["month"]:
        return None
    # A fiscal year is placed on its calendar year: where it starts depends on the company,
    # and the frames only promise the year.
    base = int(match["year"]) * 12
    if match["quarter"]:
        first = base + (int(match["quarter"]) - 1) * 3
        return PeriodSpan(first, first + 2)
    if match["half"]:
        first = base + (int(match["half"]) - 1) * 6
        return PeriodSpan(first, first + 5)
    if match["month"]:
        month = base + int(match["month"]) - 1
        return PeriodSpan(month, month)
    return PeriodSpan(base, base + 11)


def is_period(period: str) -> bool:
    """True when the text is a period the frames can hold."""
    return parse_period(period) is not None


def period_sort_key(period: str) -> tuple[int, int, int, str]:
    """Chronological order; the longer period first when two start together; unknown periods last."""
    span = parse_period(period)
    if span is None:
        return (1, 0, 0, period)
    return (0, span.start, -(span.end - span.start), period)


def overlaps(period: str, start: PeriodSpan | None, end: PeriodSpan | None) -> bool:
    """Whether a period overlaps the range from `start` to `end` (either may be open)."""
    span = parse_period(period)
    if span is None:
        return False
    if start is not None and span.end < start.start:
        return False
    return not (end is not None and span.start > end.end)
