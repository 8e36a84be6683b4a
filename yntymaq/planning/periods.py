"""Periods the plans speak of: academic years of an organization and calendar years.

An academic year is named by the calendar year it starts in: 2025 is "2025/2026". It starts on
the organization's academic-year start date (1 September by default) and ends the day before
the next one starts (DESIGN.md: A2 covers an academic year).
"""

from __future__ import annotations

from datetime import date, timedelta

MIN_YEAR = 2000
MAX_YEAR = 2100


def academic_year_bounds(organization, academic_year: int) -> tuple[date, date]:
    """First and last day of the organization's academic year that starts in `academic_year`."""
    month = getattr(organization, "academic_year_start_month", 9) or 9
    day = getattr(organization, "academic_year_start_day", 1) or 1
    start = date(academic_year, month, day)
    end = date(academic_year + 1, month, day) - timedelta(days=1)
    return start, end


def academic_year_label(academic_year: int | None) -> str:
    """ "2025/2026" for 2025."""
    if academic_year is None:
        return ""
    return f"{academic_year}/{academic_year + 1}"


def academic_year_of(organization, day: date) -> int:
    """The academic year (by its starting calendar year) that contains `day`."""
    start, _end = academic_year_bounds(organization, day.year)
    return day.year if day >= start else day.year - 1


def calendar_year_bounds(year: int) -> tuple[date, date]:
    return date(year, 1, 1), date(year, 12, 31)
