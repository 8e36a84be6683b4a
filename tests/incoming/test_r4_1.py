"""R4.1: foreigners at the organization on a date, and the long-term plan's counts (R2.1)."""

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories.incoming import LegalStatusRecordFactory, StayEventFactory, StayFactory
from tests.factories.people import PersonFactory
from yntymaq.incoming.enums import LegalStatus, StayCategory, StayStatus
from yntymaq.incoming.queries import foreigners_count, r4_1_foreigners
from yntymaq.incoming.services import stay_create, stay_transition

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


# --- who is a foreigner, whose stay is active, what is a visit (issue 17) ----------------------


def test_r4_1_a_citizen_of_kazakhstan_never_counts(org):
    StayFactory(organization=org, person__citizenship="KZ", person__iin="")
    StayFactory(organization=org, person__citizenship="RU")

    assert r4_1_foreigners(org, ON).count == 1


def test_r4_1_a_kandas_counts_until_the_day_they_become_a_citizen(org):
    stay = StayFactory(organization=org, person__citizenship="KZ", person__iin="")
    LegalStatusRecordFactory(
        organization=org, person=stay.person, status=LegalStatus.KANDAS, since=dt.date(2024, 5, 1)
    )
    LegalStatusRecordFactory(
        organization=org,
        person=stay.person,
        status=LegalStatus.CITIZEN,
        since=dt.date(2026, 2, 10),
    )

    counts = [r4_1_foreigners(org, day).count for day in (dt.date(2026, 2, 9), ON)]

    assert counts == [1, 0]


def test_r4_1_a_foreign_citizen_recorded_as_a_citizen_from_a_date_stops_counting(org):
    stay = StayFactory(organization=org)  # citizenship CN, never changed in the card
    LegalStatusRecordFactory(
        organization=org, person=stay.person, status=LegalStatus.CITIZEN, since=dt.date(2026, 1, 5)
    )

    counts = [r4_1_foreigners(org, day).count for day in (dt.date(2026, 1, 4), ON)]

    assert counts == [1, 0]


def test_r4_1_an_expelled_student_stops_counting_at_the_orders_date(org, service_head):
    stay = StayFactory(organization=org)
    expelled_on = dt.date(2026, 2, 9)  # 20 days before ON; the student has not left yet
    with time_machine.travel("2026-03-01 10:00 +0500"):
        stay_transition(stay=stay, actor=service_head, target=StayStatus.EXPELLED, on=expelled_on)

    counts = [r4_1_foreigners(org, day).count for day in (dt.date(2026, 2, 8), expelled_on, ON)]

    assert counts == [1, 0, 0]


def test_r4_1_a_graduate_stops_counting_at_completion_not_at_departure(org):
    stay = StayFactory(
        organization=org, status=StayStatus.COMPLETED, status_since=dt.date(2026, 2, 20)
    )
    StayEventFactory(
        organization=org, stay=stay, to_status=StayStatus.COMPLETED, on=dt.date(2026, 2, 20)
    )

    counts = [r4_1_foreigners(org, day).count for day in (dt.date(2026, 2, 19), ON)]

    assert counts == [1, 0]


def test_r4_1_a_short_visit_of_a_researcher_does_not_count(org):
    StayFactory(  # a three-day conference guest recorded as "researcher"
        organization=org,
        category=StayCategory.RESEARCHER,
        status=StayStatus.WORKING,
        arrival_date=dt.date(2026, 2, 27),
        expected_completion=None,
        expected_departure=dt.date(2026, 3, 2),
    )
    StayFactory(  # 29 days
        organization=org,
        category=StayCategory.TEACHER,
        status=StayStatus.WORKING,
        arrival_date=dt.date(2026, 2, 10),
        expected_completion=None,
        expected_departure=dt.date(2026, 3, 11),
    )
    thirty = StayFactory(  # 30 days: counts
        organization=org,
        category=StayCategory.TEACHER,
        status=StayStatus.WORKING,
        arrival_date=dt.date(2026, 2, 10),
        expected_completion=None,
        expected_departure=dt.date(2026, 3, 12),
    )
    StayFactory(  # a preparatory student of a short course is a student: the bar is for visits
        organization=org,
        category=StayCategory.PREPARATORY,
        arrival_date=dt.date(2026, 2, 27),
        expected_completion=None,
        expected_departure=dt.date(2026, 3, 2),
    )

    figure = r4_1_foreigners(org, ON)

    assert figure.count == 2
    assert thirty in figure.stays


@time_machine.travel("2026-03-01 10:00 +0500")
def test_r4_1_a_stay_for_a_citizen_of_kazakhstan_is_refused(org, service_head):
    citizen = PersonFactory(organization=org, last_name="Сейткали", first_name="Айгерим")

    with pytest.raises(ValidationError) as refused:
        stay_create(
            organization=org,
            actor=service_head,
            person=citizen,
            data={"category": "teacher", "arrival_line": "other", "arrival_line_other": "x"},
        )

    assert refused.value.message_dict["citizenship"] == [
        "Сейткали Айгерим — гражданин Республики Казахстан на 01.03.2026: пребывание "
        "записывается только для иностранца (иностранного гражданина, лица без гражданства "
        "или кандаса). Гражданин, направленный за рубеж, записывается как командировка."
    ]


def test_r4_1_a_kandas_keeps_the_stays_from_before_the_citizenship(org, service_head):
    person = PersonFactory(organization=org)
    LegalStatusRecordFactory(
        organization=org, person=person, status=LegalStatus.KANDAS, since=dt.date(2023, 1, 1)
    )
    LegalStatusRecordFactory(
        organization=org, person=person, status=LegalStatus.CITIZEN, since=dt.date(2025, 6, 1)
    )
    data = {"category": "main_program", "arrival_line": "state_grant"}

    earlier = stay_create(
        organization=org,
        actor=service_head,
        person=person,
        data={**data, "arrival_date": dt.date(2023, 9, 1)},
        imported_status=StayStatus.ENROLLED,
    )
    with pytest.raises(ValidationError):
        stay_create(
            organization=org,
            actor=service_head,
            person=person,
            data={**data, "arrival_date": dt.date(2025, 9, 1)},
            imported_status=StayStatus.ENROLLED,
        )

    assert earlier.pk is not None
    assert r4_1_foreigners(org, dt.date(2024, 3, 1)).count == 1
    assert r4_1_foreigners(org, dt.date(2025, 6, 1)).count == 0
