"""Reads: the appointment in force, history, and the authority's status of every organization."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories.core import OrganizationFactory
from tests.factories.service import AppointmentFactory, ServiceProfileFactory
from yntymaq.core.enums import OrganizationKind, Region
from yntymaq.service.enums import AppointmentKind
from yntymaq.service.queries import (
    appointment_history,
    current_appointment,
    organizations_service_status,
)

pytestmark = pytest.mark.django_db


def test_current_appointment_is_the_one_in_force_on_the_date(org):
    old = AppointmentFactory(
        organization=org, starts_on=dt.date(2020, 1, 1), ends_on=dt.date(2023, 12, 31)
    )
    new = AppointmentFactory(organization=org, starts_on=dt.date(2024, 1, 1))

    assert current_appointment(org, on=dt.date(2023, 12, 31)) == old
    assert current_appointment(org, on=dt.date(2024, 1, 1)) == new
    assert current_appointment(org, on=dt.date(2019, 12, 31)) is None


def test_current_appointment_is_none_after_it_ended(org):
    AppointmentFactory(
        organization=org, starts_on=dt.date(2020, 1, 1), ends_on=dt.date(2024, 6, 30)
    )

    assert current_appointment(org, on=dt.date(2024, 7, 1)) is None


def test_current_appointment_ignores_other_organizations(org, other_org):
    AppointmentFactory(organization=other_org)

    assert current_appointment(org, on=dt.date(2025, 1, 1)) is None


def test_appointment_history_is_latest_first(org):
    first = AppointmentFactory(
        organization=org, starts_on=dt.date(2018, 1, 1), ends_on=dt.date(2020, 12, 31)
    )
    second = AppointmentFactory(organization=org, starts_on=dt.date(2021, 1, 1))

    assert list(appointment_history(org)) == [second, first]


def test_organizations_service_status_lists_every_organization(org, other_org):
    ServiceProfileFactory(organization=org, exists=True)
    head = AppointmentFactory(organization=org, admissions_committee_member=False)
    ServiceProfileFactory(organization=other_org, exists=False)

    rows = organizations_service_status(on=dt.date(2025, 1, 1))

    assert [(r.organization, r.has_service, r.appointment) for r in rows] == [
        (other_org, False, None),
        (org, True, head),
    ]
    assert [w.code for w in rows[1].warnings] == ["r7_admissions_committee"]
    assert rows[1].warning_count == 1


def test_organizations_service_status_counts_kind_warning_r6(org):
    AppointmentFactory(organization=org, kind=AppointmentKind.HEAD)

    (row,) = organizations_service_status(on=dt.date(2025, 1, 1))

    assert row.profile is None
    assert [w.code for w in row.warnings] == ["r6_kind"]


def test_organizations_service_status_filters_by_region_and_kind(org):
    college = OrganizationFactory(
        slug="college", kind=OrganizationKind.COLLEGE, region=Region.ALMATY_CITY
    )
    OrganizationFactory(slug="school", kind=OrganizationKind.SCHOOL, region=Region.ALMATY_CITY)

    rows = organizations_service_status(region=Region.ALMATY_CITY, kind=OrganizationKind.COLLEGE)

    assert [r.organization for r in rows] == [college]


def _make_organizations(numbers):
    for n in numbers:
        organization = OrganizationFactory(slug=f"org-status-{n}")
        ServiceProfileFactory(organization=organization)
        AppointmentFactory(organization=organization)


def _status_queries():
    with CaptureQueriesContext(connection) as queries:
        rows = organizations_service_status(on=dt.date(2025, 1, 1))
        for row in rows:
            str(row.organization)
            str(row.appointment.person)
            row.has_service  # noqa: B018
    return len(queries), len(rows)


def test_organizations_service_status_queries_do_not_grow_with_organizations(db):
    _make_organizations([0])
    one, rows = _status_queries()
    assert rows == 1

    _make_organizations([1, 2])
    three, rows = _status_queries()

    assert rows == 3
    assert one == three == 3
