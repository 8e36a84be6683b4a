"""Working days in Kazakhstan: weekends and public holidays (the `holidays` package, KZ),
corrected by the authority's calendar (core.CalendarDay: a decree adds, removes or moves a day
off; `calendar_corrections`).

Legal deadlines counted in working days (migration registration, post-trip reports, visa
extension) use these functions; the number of days is always a setting, never a constant.
"""

from __future__ import annotations

import time
from datetime import date, timedelta
from functools import lru_cache

import holidays


@lru_cache(maxsize=64)
def _holidays(year: int) -> frozenset[date]:
    return frozenset(holidays.country_holidays("KZ", years=year))


CACHE_KEY = "workdays:corrections:{year}"
# Each process keeps a year's corrections this many seconds before it asks the shared cache
# again: a correction entered on one app server applies on every other within a minute.
LOCAL_SECONDS = 60
_local: dict[int, tuple[float, dict[date, bool]]] = {}


def calendar_corrections(year: int) -> dict[date, bool]:
    """The authority's corrections of a year {day: is a day off}, read from the database once
    and kept in the shared cache until a correction changes (`calendar_changed`)."""
    from django.core.cache import cache

    from .models import CalendarDay

    now = time.monotonic()
    kept = _local.get(year)
    if kept is not None and now - kept[0] < LOCAL_SECONDS:
        return kept[1]
    key = CACHE_KEY.format(year=year)
    found = cache.get(key)
    if found is None:
        found = dict(CalendarDay.objects.filter(day__year=year).values_list("day", "is_day_off"))
        cache.set(key, found, None)
    _local[year] = (now, found)
    return found


def calendar_version() -> tuple:
    """What the corrections known to this process are (for callers that remember results)."""
    return tuple(sorted((year, tuple(sorted(days.items()))) for year, (_t, days) in _local.items()))


def calendar_changed(year: int) -> None:
    from django.core.cache import cache

    cache.delete(CACHE_KEY.format(year=year))
    _local.pop(year, None)


def is_working_day(day: date) -> bool:
    """A weekday that is not a public holiday, unless the authority's calendar says otherwise."""
    corrected = calendar_corrections(day.year).get(day)
    if corrected is not None:
        return not corrected
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
