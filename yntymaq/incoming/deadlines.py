"""Each deadline of the law around the Rules, computed in ONE function named after its source.

The numbers of days are settings of the organization (IncomingSettings), never constants.
"""

from __future__ import annotations

from datetime import date, timedelta
from functools import lru_cache

from yntymaq.core.workdays import add_working_days as _add_working_days
from yntymaq.core.workdays import calendar_corrections, calendar_version


def add_working_days(start: date, days: int) -> date:
    """core.workdays.add_working_days, remembered: attention lists ask for the same dates
    (remembered per state of the authority's calendar corrections)."""
    calendar_corrections(start.year)
    return _remembered(start, days, calendar_version())


@lru_cache(maxsize=8192)
def _remembered(start: date, days: int, _version: tuple) -> date:
    return _add_working_days(start, days)


def registration_deadline_migration_law_art33(arrival: date, *, visa_free: bool, settings) -> date:
    """Migration registration of an arrived foreigner (Migration Law art. 33, LAW-CONTEXT.md).

    The receiving party notifies within `registration_working_days` working days of arrival
    (3 by default; Kazakh public holidays excluded). From `visa_free_rule_from` (1 July 2026)
    visa-free arrivals register online within `visa_free_registration_days` calendar days (30).
    """
    if visa_free and arrival >= settings.visa_free_rule_from:
        return arrival + timedelta(days=settings.visa_free_registration_days)
    return add_working_days(arrival, settings.registration_working_days)


def visa_extension_deadline_c9(valid_to: date, *, settings) -> date:
    """The last day to request the extension of a study visa: `visa_extension_working_days`
    working days before it expires (10–15 working days in practice; 15 by default)."""
    return add_working_days(valid_to, -settings.visa_extension_working_days)


def task_deadline_art518(ended_on: date, *, settings) -> date:
    """Tasks after expulsion, completion, academic leave or transfer (Administrative Code
    art. 518: the receiving party answers for a foreigner who does not leave): due
    `task_working_days` working days after the ground for stay ended."""
    return add_working_days(ended_on, settings.task_working_days)


def alert_window(settings) -> int:
    """How far ahead expiry alerts start: the first alert period (30 days by default)."""
    return max(settings.alert_days_first, settings.alert_days_second)


def questionnaire_link_expiry(issued: date, *, settings) -> date:
    """A self-service link works for `questionnaire_link_days` days (14 by default)."""
    return issued + timedelta(days=settings.questionnaire_link_days)
