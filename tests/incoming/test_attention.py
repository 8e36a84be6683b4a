"""What needs attention: the incoming provider, one query per kind of deadline."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories.incoming import (
    InsurancePolicyFactory,
    PermitFactory,
    StayFactory,
    StayTaskFactory,
)
from tests.factories.people import IdentityDocumentFactory
from yntymaq.core import attention
from yntymaq.incoming.attention import incoming_attention

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 9, 7)  # a Monday


def items_of(org, limit=None):
    return attention.read(incoming_attention(org, TODAY), limit=limit).items


def kinds(org):
    return sorted(item.kind for item in items_of(org))


def test_registration_is_due_three_working_days_after_arrival(org):
    StayFactory(organization=org, status="arrived", arrival_date=dt.date(2026, 9, 4))

    items = items_of(org)

    assert [(i.kind, i.due) for i in items] == [("incoming.registration_due", dt.date(2026, 9, 9))]


def test_visa_expiry_and_extension_request(org):
    StayFactory(organization=org, visa_valid_to=dt.date(2026, 10, 2), arrival_date=None)

    items = {i.kind: i.due for i in items_of(org)}

    assert items == {
        "incoming.visa_expiry": dt.date(2026, 10, 2),
        "incoming.visa_extension": dt.date(2026, 9, 11),
    }


def test_expiring_insurance_permit_and_open_tasks(org):
    stay = StayFactory(organization=org, arrival_date=None)
    InsurancePolicyFactory(organization=org, stay=stay, valid_to=dt.date(2026, 9, 20))
    InsurancePolicyFactory(organization=org, stay=stay, valid_to=dt.date(2027, 9, 20))  # renewed
    PermitFactory(organization=org, stay=stay, kind="fingerprint", valid_until=dt.date(2026, 9, 30))
    StayTaskFactory(organization=org)

    assert kinds(org) == [
        "incoming.fingerprint_expiry",
        "incoming.task_cancel_visa",
    ]


def test_departed_foreigners_need_no_attention(org):
    StayFactory(
        organization=org,
        status="departed",
        arrival_date=dt.date(2026, 9, 1),
        visa_valid_to=dt.date(2026, 9, 10),
    )

    assert kinds(org) == []


def test_provider_runs_the_same_queries_for_1_and_20_foreigners(org):
    StayFactory(organization=org, status="arrived", arrival_date=dt.date(2026, 9, 1))
    with CaptureQueriesContext(connection) as one:
        items_of(org)

    StayFactory.create_batch(
        19, organization=org, status="arrived", arrival_date=dt.date(2026, 9, 1)
    )
    with CaptureQueriesContext(connection) as twenty:
        items = items_of(org)

    assert len(items) == 20
    assert len(twenty) == len(one)


def test_a_dashboard_read_is_bounded_whatever_the_number_of_foreigners(org):
    StayFactory.create_batch(
        12, organization=org, status="arrived", arrival_date=dt.date(2026, 9, 1)
    )
    with CaptureQueriesContext(connection) as twelve:
        first = attention.read(incoming_attention(org, TODAY), limit=10)

    StayFactory.create_batch(
        30, organization=org, status="arrived", arrival_date=dt.date(2026, 9, 2)
    )
    with CaptureQueriesContext(connection) as forty_two:
        again = attention.read(incoming_attention(org, TODAY), limit=10)

    assert len(first.items) == 10
    assert first.total == 12
    assert again.total == 42
    assert len(forty_two) == len(twelve)


def test_the_visa_extension_list_ends_where_the_request_falls_after_the_window(org):
    # The window ends on 7 October; a visa ending on 29 October must be extended by then
    # (15 working days, Republic Day on 25 October not counted), one ending on 30 October not.
    last = StayFactory(organization=org, visa_valid_to=dt.date(2026, 10, 29), arrival_date=None)
    StayFactory(organization=org, visa_valid_to=dt.date(2026, 10, 30), arrival_date=None)

    items = [i for i in items_of(org) if i.kind == "incoming.visa_extension"]

    assert [(i.due, i.url.rstrip("/").rsplit("/", 1)[-1]) for i in items] == [
        (dt.date(2026, 10, 7), str(last.pk))
    ]


def test_a_renewed_passport_needs_no_alert(org):
    renewed = StayFactory(organization=org, arrival_date=None).person
    expiring = StayFactory(organization=org, arrival_date=None).person
    IdentityDocumentFactory(
        organization=org, person=renewed, kind="foreign_passport", expires_on=dt.date(2026, 9, 20)
    )
    IdentityDocumentFactory(
        organization=org, person=renewed, kind="foreign_passport", expires_on=dt.date(2036, 9, 1)
    )
    IdentityDocumentFactory(
        organization=org, person=expiring, kind="foreign_passport", expires_on=dt.date(2026, 9, 25)
    )

    items = [i for i in items_of(org) if i.kind == "incoming.passport_expiry"]

    assert [(i.due, i.url) for i in items] == [
        (dt.date(2026, 9, 25), f"/o/kaznu/people/{expiring.pk}/")
    ]
