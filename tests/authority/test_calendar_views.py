"""The authority's working-day calendar page (core.workdays corrections by decree)."""

import datetime as dt

import pytest
from django.urls import reverse

from yntymaq.core import workdays
from yntymaq.core.models import CalendarDay

pytestmark = pytest.mark.django_db

URL = "/authority/calendar/"


@pytest.fixture(autouse=True)
def fresh_calendar():
    workdays.calendar_changed(2026)
    yield
    workdays.calendar_changed(2026)


def test_authority_moves_a_day_off_and_removes_a_correction(client, authority_user):
    client.force_login(authority_user)

    response = client.post(
        URL,
        {"day": "2026-05-27", "moved_to": "2026-05-29", "decree": "Постановление № 7"},
    )

    assert response.status_code == 302
    assert list(CalendarDay.objects.values_list("day", "is_day_off", "decree")) == [
        (dt.date(2026, 5, 27), False, "Постановление № 7"),
        (dt.date(2026, 5, 29), True, "Постановление № 7"),
    ]
    page = client.get(URL + "?year=2026").content.decode()
    assert 'data-day="2026-05-29"' in page
    assert workdays.is_working_day(dt.date(2026, 5, 29)) is False
    removed = CalendarDay.objects.get(day=dt.date(2026, 5, 29))
    client.post(reverse("authority:calendar-day-delete", kwargs={"pk": removed.pk}))
    assert workdays.is_working_day(dt.date(2026, 5, 29)) is True


def test_a_correction_without_a_decree_is_shown_beside_the_field(client, authority_user):
    client.force_login(authority_user)

    response = client.post(URL, {"day": "2026-04-15", "is_day_off": "on", "decree": ""})

    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["decree"]
    assert CalendarDay.objects.count() == 0


def test_organization_users_do_not_see_the_calendar(client, service_head):
    client.force_login(service_head)

    assert client.get(URL).status_code == 404
