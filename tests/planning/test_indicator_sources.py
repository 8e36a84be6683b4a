"""The registries' counts behind the long-term plan's indicators (R2.1)."""

import datetime as dt

import pytest

from tests.factories.outbound import TripFactory
from tests.factories.partners import AgreementFactory
from yntymaq.outbound.enums import TripStatus
from yntymaq.outbound.queries import citizens_sent_abroad_count
from yntymaq.partners.enums import AgreementStatus
from yntymaq.partners.queries import agreements_in_force_count
from yntymaq.planning.indicators import SOURCES

pytestmark = pytest.mark.django_db

YEAR = (dt.date(2026, 1, 1), dt.date(2026, 12, 31))


def test_r2_1_agreements_in_force_count_overlaps_the_year(org, other_org):
    AgreementFactory(organization=org, valid_from=dt.date(2025, 1, 1), valid_to=dt.date(2026, 2, 1))
    AgreementFactory(organization=org, valid_from=dt.date(2026, 6, 1), valid_to=None)
    AgreementFactory(
        organization=org, valid_from=dt.date(2024, 1, 1), valid_to=dt.date(2025, 12, 31)
    )
    AgreementFactory(organization=org, status=AgreementStatus.DRAFT)
    AgreementFactory(organization=other_org, valid_from=dt.date(2026, 1, 1))

    assert agreements_in_force_count(org, *YEAR) == 2


def test_r2_1_citizens_sent_abroad_counts_distinct_departures_in_the_year(org):
    first = TripFactory(
        organization=org, actual_departure=dt.date(2026, 3, 2), status=TripStatus.RETURNED
    )
    TripFactory(
        organization=org,
        person=first.person,
        actual_departure=dt.date(2026, 9, 1),
        status=TripStatus.ABROAD,
    )
    TripFactory(organization=org, actual_departure=dt.date(2025, 12, 30), status=TripStatus.ABROAD)
    TripFactory(organization=org, actual_departure=None, status=TripStatus.CANCELLED)

    assert citizens_sent_abroad_count(org, *YEAR) == 1


def test_r2_1_sources_name_the_registry_functions():
    paths = {source.path for source in SOURCES.values()}

    assert "yntymaq.partners.queries.agreements_in_force_count" in paths
    assert "yntymaq.outbound.queries.citizens_sent_abroad_count" in paths
