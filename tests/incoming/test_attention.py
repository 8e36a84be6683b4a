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
from yntymaq.incoming.attention import incoming_attention

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 9, 7)  # a Monday


def kinds(org):
    return sorted(item.kind for item in incoming_attention(org, TODAY))


def test_registration_is_due_three_working_days_after_arrival(org):
    StayFactory(organization=org, status="arrived", arrival_date=dt.date(2026, 9, 4))

    items = incoming_attention(org, TODAY)

    assert [(i.kind, i.due) for i in items] == [("incoming.registration_due", dt.date(2026, 9, 9))]


def test_visa_expiry_and_extension_request(org):
    StayFactory(organization=org, visa_valid_to=dt.date(2026, 10, 2), arrival_date=None)

    items = {i.kind: i.due for i in incoming_attention(org, TODAY)}

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
        incoming_attention(org, TODAY)

    StayFactory.create_batch(
        19, organization=org, status="arrived", arrival_date=dt.date(2026, 9, 1)
    )
    with CaptureQueriesContext(connection) as twenty:
        items = incoming_attention(org, TODAY)

    assert len(items) == 20
    assert len(twenty) == len(one)
