import datetime as dt

import pytest

from tests.factories.outbound import (
    CandidateFactory,
    CandidateLanguageFactory,
    TripDocumentFactory,
    TripPlanFactory,
    TripReportFactory,
)
from tests.factories.people import ForeignerFactory, IdentityDocumentFactory, PersonFactory
from yntymaq.core import attention
from yntymaq.core.models import Membership
from yntymaq.outbound import queries
from yntymaq.outbound.attention import outbound_attention
from yntymaq.outbound.enums import DocumentStatus, ReportStatus, TripStatus
from yntymaq.outbound.queries import CandidateFilters

pytestmark = pytest.mark.django_db

ON = dt.date(2026, 4, 15)


def _abroad(make_trip, **kwargs):
    kwargs.setdefault("status", TripStatus.ABROAD)
    kwargs.setdefault("actual_departure", dt.date(2026, 3, 2))
    kwargs.setdefault("planned_departure", dt.date(2026, 3, 2))
    kwargs.setdefault("planned_return", dt.date(2026, 6, 30))
    return make_trip(**kwargs)


# --- R4.3 -----------------------------------------------------------------------------------


def test_r4_3_counts_distinct_citizens_abroad_on_the_date(org, make_trip, person):
    _abroad(make_trip, person=person, country="DE", city="Берлин")
    _abroad(  # the same person, a second trip that also covers the date: counted once
        make_trip,
        person=person,
        country="AT",
        city="Вена",
        actual_departure=dt.date(2026, 4, 10),
        planned_departure=dt.date(2026, 4, 10),
        planned_return=dt.date(2026, 5, 20),
    )
    other = _abroad(make_trip, purpose="work")

    result = queries.r4_3_citizens_abroad(org, ON)

    assert result.count == 2
    assert result.persons == [other.person, person] or result.persons == [person, other.person]
    assert {p.pk: len(p.trips_abroad) for p in result.persons} == {person.pk: 2, other.person.pk: 1}


def test_r4_3_leaves_out_the_returned_the_not_yet_departed_and_foreigners(org, make_trip):
    _abroad(make_trip, actual_return=ON, status=TripStatus.RETURNED)  # back on the date
    _abroad(make_trip, actual_departure=dt.date(2026, 4, 16))  # leaves the day after
    make_trip(status=TripStatus.APPROVED)  # never left
    _abroad(make_trip, person=ForeignerFactory(organization=org))
    counted = _abroad(make_trip, actual_return=dt.date(2026, 4, 16), status=TripStatus.RETURNED)

    result = queries.r4_3_citizens_abroad(org, ON)

    assert (result.count, result.persons) == (1, [counted.person])


def test_r4_3_counts_only_the_organizations_trips(org, other_org, make_trip):
    _abroad(make_trip)
    from tests.factories.outbound import TripFactory

    TripFactory(
        organization=other_org,
        status=TripStatus.ABROAD,
        actual_departure=dt.date(2026, 3, 2),
        planned_return=dt.date(2026, 6, 30),
    )

    assert queries.r4_3_citizens_abroad(org, ON).count == 1
    assert queries.r4_3_citizens_abroad(other_org, ON).count == 1


def test_r4_3_a_short_trip_or_a_conference_does_not_count(org, make_trip):
    """R4.3: sent "to study, work or do research" — a three-day conference trip, a 29-day
    research visit and a conference of any length are not; 30 days (the setting) is."""
    _abroad(  # three days at a conference
        make_trip,
        kind="conference",
        actual_departure=dt.date(2026, 4, 14),
        planned_departure=dt.date(2026, 4, 14),
        planned_return=dt.date(2026, 4, 17),
    )
    _abroad(  # 29 days
        make_trip,
        actual_departure=dt.date(2026, 4, 1),
        planned_departure=dt.date(2026, 4, 1),
        planned_return=dt.date(2026, 4, 30),
    )
    _abroad(  # a conference of two months is still a conference
        make_trip, kind="conference", planned_return=dt.date(2026, 5, 2)
    )
    thirty = _abroad(
        make_trip,
        actual_departure=dt.date(2026, 4, 1),
        planned_departure=dt.date(2026, 4, 1),
        planned_return=dt.date(2026, 5, 1),
    )

    result = queries.r4_3_citizens_abroad(org, ON)

    assert (result.count, result.persons) == (1, [thirty.person])


def test_r4_3_the_actual_return_decides_the_length(org, make_trip, settings):
    settings.YNTYMAQ_R4_MIN_STAY_DAYS = 10
    _abroad(  # planned for four months, back after nine days
        make_trip,
        actual_departure=dt.date(2026, 4, 10),
        planned_departure=dt.date(2026, 4, 10),
        actual_return=dt.date(2026, 4, 19),
        status=TripStatus.RETURNED,
    )

    assert queries.r4_3_citizens_abroad(org, ON).count == 0
    settings.YNTYMAQ_R4_MIN_STAY_DAYS = 9
    assert queries.r4_3_citizens_abroad(org, ON).count == 1


def test_r4_3_runs_three_queries_whatever_the_number(org, make_trip, django_assert_num_queries):
    for _ in range(5):
        _abroad(make_trip)

    with django_assert_num_queries(3):  # the count, the persons, their trips and units
        result = queries.r4_3_citizens_abroad(org, ON)
        [p.trips_abroad[0].unit for p in result.persons]
    with django_assert_num_queries(1):
        counted = queries.r4_3_citizens_abroad(org, ON, limit=0)
    first_two = queries.r4_3_citizens_abroad(org, ON, limit=2)

    assert (result.count, len(result.persons)) == (5, 5)
    assert (counted.count, counted.persons) == (5, [])
    assert (first_two.count, first_two.persons) == (5, result.persons[:2])


# --- who is abroad (R2.13) ------------------------------------------------------------------


def test_r2_13_abroad_on_a_date_by_country_and_city(org, make_trip, service_head):
    membership = Membership.objects.get(user=service_head)
    berlin = _abroad(make_trip, country="DE", city="Берлин")
    munich = _abroad(make_trip, country="DE", city="Мюнхен")
    seoul = _abroad(make_trip, country="KR", city="Сеул")

    assert list(queries.abroad_on(membership, ON)) == [berlin, munich, seoul]
    assert list(queries.abroad_on(membership, ON, country="de")) == [berlin, munich]
    assert list(queries.abroad_on(membership, ON, country="DE", city="Мюнхен")) == [munich]
    assert queries.abroad_by_country(membership, ON) == [
        {"country": "DE", "city": "Берлин", "people": 1},
        {"country": "DE", "city": "Мюнхен", "people": 1},
        {"country": "KR", "city": "Сеул", "people": 1},
    ]


# --- unit scope -----------------------------------------------------------------------------


def test_coordinator_sees_only_their_units(org, unit, other_unit, coordinator, make_trip):
    membership = Membership.objects.get(user=coordinator)
    own_trip = make_trip(unit=unit)
    make_trip(unit=other_unit)
    own_plan = TripPlanFactory(organization=org, unit=unit)
    TripPlanFactory(organization=org, unit=other_unit)
    own_candidate = CandidateFactory(organization=org, unit=unit)
    CandidateFactory(organization=org, unit=other_unit)

    assert list(queries.trip_list(membership)) == [own_trip]
    assert list(queries.plan_list(membership)) == [own_plan]
    assert list(queries.candidate_list(membership)) == [own_candidate]
    assert list(queries.units_for(membership)) == [unit]


def test_staff_see_every_unit(org, unit, other_unit, service_staff, make_trip):
    membership = Membership.objects.get(user=service_staff)
    make_trip(unit=unit)
    make_trip(unit=other_unit)

    assert queries.trip_list(membership).count() == 2
    assert queries.units_for(membership).count() == 2


# --- trips list -----------------------------------------------------------------------------


def test_trip_list_filters(org, make_trip, service_staff, person):
    membership = Membership.objects.get(user=service_staff)
    found = make_trip(person=person, country="JP", city="Цукуба", kind="research_visit")
    make_trip(country="JP", city="Токио")
    make_trip(planned_departure=dt.date(2025, 1, 10), planned_return=dt.date(2025, 2, 1))

    def search(**kwargs):
        return list(queries.trip_list(membership, queries.TripFilters(**kwargs)))

    assert search(search="сейткали") == [found]
    assert search(search="SEITKALI AIGERIM") == [found]
    assert search(country="jp", kind="research_visit") == [found]
    assert len(search(date_from=dt.date(2026, 1, 1))) == 2
    assert len(search(date_to=dt.date(2025, 12, 31))) == 1


# --- the reserve (R8.7) ---------------------------------------------------------------------


def test_r8_7_reserve_filters_find_who_fits(org, service_staff):
    membership = Membership.objects.get(user=service_staff)
    fits = CandidateFactory(
        organization=org,
        gpa="3.80",
        countries_of_interest=["FR", "DE"],
        available_from=dt.date(2026, 1, 1),
        available_until=dt.date(2026, 12, 31),
    )
    CandidateLanguageFactory(organization=org, candidate=fits, language="de", level="B2")
    CandidateLanguageFactory(organization=org, candidate=fits, language="en", level="C1", score=7)
    weaker = CandidateFactory(organization=org, gpa="3.10", countries_of_interest=["IT"])
    CandidateLanguageFactory(organization=org, candidate=weaker, language="de", level="A2")

    def find(**kwargs):
        return list(queries.candidate_list(membership, CandidateFilters(**kwargs)))

    assert find(language="de", min_level="B1") == [fits]
    assert find(language="en", min_score=6.5) == [fits]
    assert find(min_gpa=3.5) == [fits]
    assert find(country="DE") == [fits]
    assert find(country="IT") == [weaker]
    assert find(available_on=dt.date(2026, 6, 1)) == [fits, weaker]
    assert find(available_on=dt.date(2027, 6, 1)) == [weaker]


# --- documents (R8.4) -----------------------------------------------------------------------


def test_r8_4_passport_must_be_valid_six_months_after_return(org, make_trip):
    trip = make_trip(planned_return=dt.date(2026, 3, 27))
    TripDocumentFactory(organization=org, trip=trip, valid_until=dt.date(2026, 9, 26))

    assert queries.passport_too_short(trip, 6) == (dt.date(2026, 9, 26), dt.date(2026, 9, 27))
    assert queries.passport_too_short(trip, 5) is None


def test_r8_4_passport_validity_falls_back_to_the_persons_passport(org, make_trip, person):
    IdentityDocumentFactory(
        organization=org, person=person, kind="foreign_passport", expires_on=dt.date(2026, 5, 1)
    )
    trip = make_trip(person=person)

    assert queries.passport_too_short(trip, 6) == (dt.date(2026, 5, 1), dt.date(2026, 9, 27))


def test_add_months_keeps_the_end_of_the_month():
    assert queries.add_months(dt.date(2026, 8, 31), 6) == dt.date(2027, 2, 28)


def test_r8_4_documents_overdue(org, make_trip, service_staff):
    membership = Membership.objects.get(user=service_staff)
    late = make_trip(exit_documents_due=dt.date(2026, 2, 16))
    TripDocumentFactory(organization=org, trip=late, status=DocumentStatus.PENDING)
    complete = make_trip(exit_documents_due=dt.date(2026, 2, 16))
    TripDocumentFactory(organization=org, trip=complete, status=DocumentStatus.RECEIVED)

    overdue = list(queries.documents_overdue(membership, dt.date(2026, 2, 17)))

    assert overdue == [late]
    assert overdue[0].missing == 1
    assert list(queries.documents_overdue(membership, dt.date(2026, 2, 16))) == []


# --- the deadline engine --------------------------------------------------------------------


def test_attention_lists_reports_documents_and_passports(
    org, unit, coordinator, make_trip, django_assert_num_queries
):
    returned = make_trip(
        person=PersonFactory(organization=org, last_name="Ахметов", first_name="Ерлан"),
        status=TripStatus.RETURNED,
        actual_departure=dt.date(2026, 3, 2),
        actual_return=dt.date(2026, 3, 27),
    )
    TripReportFactory(organization=org, trip=returned, kind="financial", due_on=dt.date(2026, 4, 1))
    TripReportFactory(
        organization=org,
        trip=returned,
        kind="full",
        due_on=dt.date(2026, 4, 10),
        status=ReportStatus.ACCEPTED,
    )
    leaving = make_trip(
        person=PersonFactory(organization=org, last_name="Ким", first_name="Алина"),
        planned_departure=dt.date(2026, 4, 20),
        planned_return=dt.date(2026, 5, 20),
        exit_documents_due=dt.date(2026, 4, 6),
    )
    TripDocumentFactory(organization=org, trip=leaving, valid_until=dt.date(2026, 10, 1))
    TripDocumentFactory(organization=org, trip=leaving, code="visa", name="Виза")

    with django_assert_num_queries(5):  # settings, reports + coordinators, documents, passports
        items = attention.read(outbound_attention(org, dt.date(2026, 4, 8))).items

    coordinator_id = Membership.objects.get(user=coordinator).user_id
    assert [(i.kind, i.due, i.clause) for i in items] == [
        ("outbound.report_due", dt.date(2026, 4, 1), "R8.6"),
        ("outbound.exit_documents", dt.date(2026, 4, 6), "R8.4"),
        ("outbound.passport_validity", dt.date(2026, 4, 20), "R8.4"),
    ]
    assert items[0].title == "Financial report of Ахметов Ерлан (returned on 27.03.2026)"
    assert items[0].responsible_user_ids == (coordinator_id,)
    assert items[1].title == "2 exit documents of Ким Алина are missing (departure 20.04.2026)"
    assert items[2].title == (
        "The passport of Ким Алина is valid until 01.10.2026; it must be valid until 20.11.2026"
    )
    assert outbound_attention in attention._PROVIDERS
