"""Working days in Kazakhstan: weekends and public holidays (the `holidays` package, KZ).

Legal deadlines counted in working days (migration registration, post-trip reports, visa
extension) use these functions; the number of days is always a setting, never a constant.
"""

from __future__ import annotations

from datetime import date, timedelta
from functools import lru_cache

import holidays


@lru_cache(maxsize=64)
def _holidays(year: int) -> frozenset[date]:
    return frozenset(holidays.country_holidays("KZ", years=year))


def is_working_day(day: date) -> bool:
    return day.weekday() < 5 and day not in _holidays(day.year)


def add_working_days(start: date, days: int) -> date:
    """The date `days` working days after `start` (start itself not counted).

    add_working_days(Friday, 1) is the next Monday unless that Monday is a holiday.
    With days=0, `start` itself, or the next working day when `start` is not one.
    """
    current = start
    if days == 0:
        while not is_working_day(current):
            current += timedelta(days=1)
        return current
    step = 1 if days > 0 else -1
    remaining = abs(days)
    while remaining:
        current += timedelta(days=step)
        if is_working_day(current):
            remaining -= 1
    return current


def working_days_between(start: date, end: date) -> int:
    """Working days after `start` up to and including `end` (negative when end < start)."""
    if end < start:
        return -working_days_between(end, start)
    count, current = 0, start
    while current < end:
        current += timedelta(days=1)
        count += is_working_day(current)
    return count
