"""The working-day calendar the authority corrects by decree, on top of the `holidays`
package (core.workdays; every deadline counted in working days follows it)."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from yntymaq.core import services, workdays
from yntymaq.core.models import AuditEntry, CalendarDay
from yntymaq.incoming.deadlines import registration_deadline_migration_law_art33

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_calendar():
    workdays.calendar_changed(2026)
    yield
    workdays.calendar_changed(2026)


def test_a_decree_adds_a_day_off_and_deadlines_move(authority_user):
    before = workdays.add_working_days(dt.date(2026, 4, 14), 1)

    services.calendar_day_set(
        actor=authority_user,
        day=dt.date(2026, 4, 15),
        is_day_off=True,
        decree="Постановление Правительства РК № 100 от 01.04.2026",
    )

    assert (before, workdays.add_working_days(dt.date(2026, 4, 14), 1)) == (
        dt.date(2026, 4, 15),
        dt.date(2026, 4, 16),
    )
    assert AuditEntry.objects.filter(action="core.calendar_day.set").count() == 1


def test_a_decree_moves_a_day_off_from_a_saturday(authority_user):
    """Eid al-Adha estimated by the package on Wednesday 27.05.2026; the decree moves the
    day off: 27.05 is worked and Friday 29.05 is the day off."""
    services.calendar_day_move(
        actor=authority_user,
        day_off=dt.date(2026, 5, 27),
        to=dt.date(2026, 5, 29),
        decree="Постановление № 7 от 10.01.2026",
    )

    assert [workdays.is_working_day(dt.date(2026, 5, d)) for d in (26, 27, 28, 29)] == [
        True,
        True,
        True,
        False,
    ]
    assert workdays.add_working_days(dt.date(2026, 5, 28), 1) == dt.date(2026, 6, 1)


def test_removing_a_correction_gives_the_package_back(authority_user):
    correction = services.calendar_day_set(
        actor=authority_user, day=dt.date(2026, 7, 6), is_day_off=False, decree="№ 1"
    )
    worked = workdays.is_working_day(dt.date(2026, 7, 6))

    services.calendar_day_delete(actor=authority_user, correction=correction)

    assert (worked, workdays.is_working_day(dt.date(2026, 7, 6))) == (True, False)
    assert CalendarDay.objects.count() == 0


def test_a_correction_without_its_decree_is_refused(authority_user):
    with pytest.raises(ValidationError) as refused:
        services.calendar_day_set(
            actor=authority_user, day=dt.date(2026, 4, 15), is_day_off=True, decree=" "
        )

    assert list(refused.value.message_dict) == ["decree"]


def test_the_registration_deadline_follows_the_corrected_calendar(authority_user, org):
    """Migration registration: 3 working days after arrival on Monday 13.04.2026 is Thursday
    16.04; with Wednesday 15.04 made a day off it is Friday 17.04."""
    from yntymaq.incoming.queries import settings_for

    settings = settings_for(org)
    before = registration_deadline_migration_law_art33(
        dt.date(2026, 4, 13), visa_free=False, settings=settings
    )
    services.calendar_day_set(
        actor=authority_user, day=dt.date(2026, 4, 15), is_day_off=True, decree="№ 100"
    )

    after = registration_deadline_migration_law_art33(
        dt.date(2026, 4, 13), visa_free=False, settings=settings
    )

    assert (before, after) == (dt.date(2026, 4, 16), dt.date(2026, 4, 17))
