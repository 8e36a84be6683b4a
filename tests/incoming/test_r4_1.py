"""R4.1: foreigners at the organization on a date, and the long-term plan's counts (R2.1)."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories.incoming import StayFactory
from yntymaq.incoming.enums import StayCategory, StayStatus
from yntymaq.incoming.queries import foreigners_count, r4_1_foreigners

pytestmark = pytest.mark.django_db

ON = dt.date(2026, 3, 1)


def test_r4_1_counts_distinct_persons_on_date_in_the_counted_categories(org, other_org):
    first = StayFactory(organization=org, category=StayCategory.MAIN_PROGRAM)
    StayFactory(organization=org, person=first.person, category=StayCategory.PREPARATORY)
    StayFactory(organization=org, category=StayCategory.TEACHER)
    StayFactory(organization=org, category=StayCategory.OTHER)
    StayFactory(organization=org, status=StayStatus.INVITED, arrival_date=None)
    StayFactory(organization=org, arrival_date=dt.date(2026, 3, 2))
    StayFactory(organization=org, actual_departure=dt.date(2026, 3, 1), status=StayStatus.DEPARTED)
    StayFactory(organization=other_org)

    figure = r4_1_foreigners(org, ON)

    assert figure.count == 2
    assert sorted(s.category for s in figure.stays) == ["main_program", "teacher"]


def test_r4_1_query_count_does_not_grow(org):
    StayFactory(organization=org)
    with CaptureQueriesContext(connection) as one:
        r4_1_foreigners(org, ON)
    StayFactory.create_batch(5, organization=org)
    with CaptureQueriesContext(connection) as many:
        figure = r4_1_foreigners(org, ON)

    assert (figure.count, len(one), len(many)) == (6, 3, 3)


def test_r2_1_foreigners_count_by_group_overlapping_the_year(org):
    StayFactory(organization=org, category=StayCategory.DOCTORAL)
    StayFactory(organization=org, category=StayCategory.RESEARCHER)
    StayFactory(
        organization=org,
        category=StayCategory.MAIN_PROGRAM,
        actual_departure=dt.date(2025, 12, 31),
        status=StayStatus.DEPARTED,
    )
    year = (dt.date(2026, 1, 1), dt.date(2026, 12, 31))

    assert foreigners_count(org, *year, group="students") == 1
    assert foreigners_count(org, *year, group="teachers_researchers") == 1


def test_r4_1_lists_the_first_persons_by_name_and_counts_them_all(org):
    for last_name in ("Ли", "Ахмедов", "Ким", "Цой"):
        StayFactory(organization=org, person__last_name=last_name)
    with CaptureQueriesContext(connection) as counting:
        counted = r4_1_foreigners(org, ON, limit=0)

    figure = r4_1_foreigners(org, ON, limit=2)

    assert [s.person.last_name for s in figure.stays] == ["Ахмедов", "Ким"]
    assert (figure.count, counted.count, counted.stays, len(counting)) == (4, 4, [], 1)
