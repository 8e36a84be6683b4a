"""The outbound API: plans, rows, trips and their transitions, documents, reports, the reserve
and training; unit scoping for coordinators; lists in a fixed number of queries."""

import datetime as dt

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from rest_framework.test import APIClient

from tests.factories.core import api_token_key
from tests.factories.outbound import (
    CandidateFactory,
    CandidateLanguageFactory,
    PlanRowFactory,
    TrainingCourseFactory,
    TrainingParticipantFactory,
    TrainingSessionFactory,
    TripDocumentFactory,
    TripFactory,
    TripPlanFactory,
    TripReportFactory,
)
from tests.factories.people import PersonFactory
from yntymaq.core.models import AuditEntry
from yntymaq.outbound.enums import PlanStatus, TripStatus
from yntymaq.outbound.models import Candidate, Trip, TripPlan

pytestmark = pytest.mark.django_db


def api(name, org_slug="kaznu", **kwargs):
    return reverse(f"outbound-{name}", kwargs={"org_slug": org_slug, **kwargs})


@pytest.fixture
def api_for():
    def make(user):
        client = APIClient(HTTP_ACCEPT_LANGUAGE="en")
        client.credentials(HTTP_AUTHORIZATION=f"Token {api_token_key(user)}")
        return client

    return make


def _rows(org, unit, count):
    for _ in range(count):
        person = PersonFactory(organization=org)
        trip = TripFactory(
            organization=org,
            unit=unit,
            person=person,
            status=TripStatus.ABROAD,
            actual_departure=dt.date(2026, 3, 2),
        )
        TripDocumentFactory(organization=org, trip=trip)
        TripReportFactory(organization=org, trip=trip)
        plan = TripPlanFactory(organization=org, unit=unit)
        PlanRowFactory(organization=org, plan=plan, person=person)
        candidate = CandidateFactory(organization=org, unit=unit, person=person)
        CandidateLanguageFactory(organization=org, candidate=candidate)
        course = TrainingCourseFactory(organization=org)
        TrainingSessionFactory(organization=org, course=course)
        TrainingParticipantFactory(organization=org, course=course, person=person)
        trip.required_courses.add(course)


LISTS = [
    "plan-list",
    "plan-row-list",
    "trip-list",
    "trip-r4-3",
    "trip-document-list",
    "report-list",
    "candidate-list",
    "course-list",
    "session-list",
    "participant-list",
]


@pytest.mark.parametrize("name", LISTS)
@time_machine.travel("2026-04-15 10:00 +0500")
def test_api_list_runs_the_same_queries_for_1_and_50_rows(name, org, unit, service_head, api_for):
    client = api_for(service_head)
    _rows(org, unit, 1)
    with CaptureQueriesContext(connection) as one:
        assert client.get(api(name)).status_code == 200
    _rows(org, unit, 49)

    with CaptureQueriesContext(connection) as fifty:
        response = client.get(api(name))

    assert response.status_code == 200
    assert len(fifty) == len(one)


def test_api_coordinator_sees_only_their_units_trips(org, unit, other_unit, coordinator, api_for):
    own = TripFactory(organization=org, unit=unit)
    other = TripFactory(organization=org, unit=other_unit)
    client = api_for(coordinator)

    listed = [row["id"] for row in client.get(api("trip-list")).json()["results"]]

    assert listed == [own.pk]
    assert client.get(api("trip-detail", pk=other.pk)).status_code == 404


def test_api_plan_lifecycle_with_the_roles_of_r8_5(
    org, unit, coordinator, service_staff, service_head, api_for
):
    as_coordinator = api_for(coordinator)
    created = as_coordinator.post(
        api("plan-list"), {"unit": unit.pk, "year": 2026, "title": "Весна"}, format="json"
    )
    plan_id = created.json()["id"]
    as_coordinator.post(
        api("plan-row-list"),
        {
            "plan": plan_id,
            "position": "доцент",
            "country": "FR",
            "city": "Лион",
            "host_organization": "Université Lyon 1",
            "purpose": "work",
            "kind": "teaching",
            "planned_departure": "2026-10-05",
            "planned_return": "2026-10-16",
            "funding": "host",
        },
        format="json",
    )

    submitted = as_coordinator.post(api("plan-submit", pk=plan_id))
    refused = api_for(service_staff).post(api("plan-approve", pk=plan_id))
    approved = api_for(service_head).post(api("plan-approve", pk=plan_id))

    assert created.status_code == 201, created.json()
    assert submitted.json()["status"] == "submitted"
    assert refused.status_code == 403
    assert approved.json()["status"] == "approved"
    assert TripPlan.objects.get().status == PlanStatus.APPROVED


def test_api_plan_return_needs_a_comment(org, unit, service_head, api_for):
    plan = TripPlanFactory(organization=org, unit=unit, status=PlanStatus.SUBMITTED)

    response = api_for(service_head).post(api("plan-return", pk=plan.pk), {"comment": " "})

    assert response.status_code == 400
    assert response.json()["extra"]["fields"] == {"comment": ["Say what the unit should change."]}


@time_machine.travel("2026-04-15 10:00 +0500")
def test_api_trip_transition_refuses_return_before_departure(org, unit, service_staff, api_for):
    trip = TripFactory(
        organization=org, unit=unit, status=TripStatus.ABROAD, actual_departure=dt.date(2026, 3, 2)
    )

    response = api_for(service_staff).post(
        api("trip-transition", pk=trip.pk),
        {"to_status": "returned", "on_date": "2026-03-01"},
        format="json",
    )

    assert response.status_code == 400
    assert response.json() == {
        "message": "The return (01.03.2026) cannot be before the departure (02.03.2026).",
        "extra": {
            "fields": {
                "on_date": ["The return (01.03.2026) cannot be before the departure (02.03.2026)."]
            }
        },
    }


@time_machine.travel("2026-04-15 10:00 +0500")
def test_api_trip_create_and_return_make_reports(org, unit, person, service_staff, api_for):
    client = api_for(service_staff)

    created = client.post(
        api("trip-list"),
        {
            "person": person.pk,
            "unit": unit.pk,
            "kind": "conference",
            "purpose": "research",
            "host_organization": "TU Wien",
            "country": "AT",
            "city": "Вена",
            "planned_departure": "2026-03-30",
            "planned_return": "2026-04-03",
            "funding": "organization",
        },
        format="json",
    )
    trip = Trip.objects.get()
    trip.status = TripStatus.ABROAD
    trip.actual_departure = dt.date(2026, 3, 30)
    trip.save()
    client.post(
        api("trip-transition", pk=trip.pk),
        {"to_status": "returned", "on_date": "2026-04-03"},
        format="json",
    )
    reports = client.get(api("report-list")).json()["results"]

    assert created.status_code == 201, created.json()
    assert created.json()["exit_documents_due"] == "2026-03-11"  # Nauryz 23-25 March
    assert sorted((r["kind"], r["due_on"]) for r in reports) == [
        ("financial", "2026-04-08"),
        ("full", "2026-04-17"),
    ]


@time_machine.travel("2026-04-15 10:00 +0500")
def test_api_r4_3_gives_the_count_and_the_list(org, unit, person, service_head, api_for):
    trip = TripFactory(
        organization=org,
        unit=unit,
        person=person,
        status=TripStatus.ABROAD,
        actual_departure=dt.date(2026, 3, 2),
        planned_return=dt.date(2026, 6, 30),
    )

    response = api_for(service_head).get(api("trip-r4-3"), {"on": "2026-04-01"})

    assert response.json() == {
        "on_date": "2026-04-01",
        "count": 1,
        "persons": [
            {
                "id": person.pk,
                "full_name": "Сейткали Айгерим",
                "iin": person.iin,
                "trips": [trip.pk],
            }
        ],
    }


def test_api_candidate_with_languages_and_selection(org, unit, person, service_staff, api_for):
    client = api_for(service_staff)
    plan = TripPlanFactory(organization=org, unit=unit, status=PlanStatus.APPROVED)
    row = PlanRowFactory(organization=org, plan=plan, person=None, position="студент")

    created = client.post(
        api("candidate-list"),
        {
            "person": person.pk,
            "unit": unit.pk,
            "category": "student",
            "gpa": "3.90",
            "countries_of_interest": ["DE"],
            "included_on": "2026-01-15",
            "languages": [{"language": "de", "level": "B2", "certificate": "Goethe"}],
        },
        format="json",
    )
    selected = client.post(api("candidate-select", pk=created.json()["id"]), {"row": row.pk})

    assert created.status_code == 201, created.json()
    assert created.json()["languages"][0]["level"] == "B2"
    assert created.json()["countries_of_interest"] == ["DE"]
    assert selected.status_code == 200, selected.json()
    assert Candidate.objects.get().status == "selected"
    assert Trip.objects.get().plan_row == row


@time_machine.travel("2026-04-15 10:00 +0500")
def test_api_report_submit_empty_is_refused(org, unit, service_staff, api_for):
    report = TripReportFactory(organization=org, trip__unit=unit, kind="financial")

    response = api_for(service_staff).post(api("report-submit", pk=report.pk), {}, format="json")

    assert response.status_code == 400
    assert response.json()["extra"]["fields"] == {"amount_spent": ["Enter the amount spent."]}


def test_api_reads_are_refused_writes_to_read_only_roles(org, unit, auditor, api_for):
    client = api_for(auditor)

    assert client.get(api("trip-list")).status_code == 200
    assert client.post(api("course-list"), {"title": "x"}).status_code == 403
    assert not AuditEntry.objects.filter(action__startswith="outbound.").exists()
