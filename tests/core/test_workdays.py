from datetime import date

import pytest

from yntymaq.core.workdays import add_working_days, is_working_day, working_days_between

pytestmark = pytest.mark.django_db  # the authority's calendar corrections are read


def test_weekend_is_not_a_working_day():
    assert is_working_day(date(2026, 11, 28)) is False  # Saturday
    assert is_working_day(date(2026, 11, 27)) is True  # Friday


def test_public_holiday_is_not_a_working_day():
    assert is_working_day(date(2026, 12, 16)) is False  # Independence Day


def test_three_working_days_from_friday_skip_the_weekend():
    assert add_working_days(date(2026, 11, 27), 3) == date(2026, 12, 2)


def test_working_days_skip_nauryz_holidays():
    # Friday 20 March 2026 + 3 working days: 21-25 March are Nauryz days off, 26, 27, 30.
    assert add_working_days(date(2026, 3, 20), 3) == date(2026, 3, 30)


def test_zero_days_moves_a_holiday_to_the_next_working_day():
    assert add_working_days(date(2026, 12, 16), 0) == date(2026, 12, 17)


def test_negative_days_count_backwards():
    assert add_working_days(date(2026, 12, 2), -3) == date(2026, 11, 27)


def test_working_days_between_counts_both_ways():
    assert working_days_between(date(2026, 11, 27), date(2026, 12, 2)) == 3
    assert working_days_between(date(2026, 12, 2), date(2026, 11, 27)) == -3
