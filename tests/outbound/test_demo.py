"""Demo data of trips abroad: every status, plans in draft/submitted/approved, the reserve, a
course, one overdue report; the demo coordinator coordinates the unit; seeding twice adds
nothing."""

import datetime as dt
import io

import pytest
import time_machine
from django.core.management import call_command

from yntymaq.core.models import Membership, Organization
from yntymaq.outbound import queries
from yntymaq.outbound.models import Candidate, TrainingCourse, Trip, TripPlan, TripReport

pytestmark = pytest.mark.django_db


NOW = "2026-11-26 10:00 +0500"


@pytest.fixture(scope="module")
def _seeded_once(module_data):
    """The demo, seeded once for the module (seconds to build); the tests only read it."""
    with time_machine.travel(NOW, tick=False):
        module_data(call_command, "seed_demo", stdout=io.StringIO())


@pytest.fixture
def seeded(_seeded_once):
    with time_machine.travel(NOW, tick=False):
        yield Organization.objects.get(slug="demo-university")


def test_demo_has_trips_in_every_status_and_plans_in_each_state(seeded):
    assert sorted(Trip.objects.values_list("status", flat=True)) == [
        "abroad",
        "abroad",
        "abroad",
        "approved",
        "cancelled",
        "documents_ready",
        "planned",
        "report_accepted",
        "returned",
    ]
    assert sorted(TripPlan.objects.values_list("status", flat=True)) == [
        "approved",
        "draft",
        "submitted",
    ]
    assert Candidate.objects.count() == 4
    assert TrainingCourse.objects.count() == 2


def test_demo_has_one_overdue_report_and_three_citizens_abroad(seeded):
    membership = Membership.objects.get(user__email="head@demo-university.kz")
    today = dt.date(2026, 11, 26)

    overdue = queries.report_list(membership, overdue_on=today)

    assert [(r.kind, r.status) for r in overdue] == [("financial", "due")]
    assert queries.r4_3_citizens_abroad(seeded, today).count == 3
    assert TripReport.objects.filter(status="accepted").count() == 2


def test_demo_coordinator_sees_the_unit_plans(seeded):
    coordinator = Membership.objects.get(user__email="coordinator@demo-university.kz")

    assert queries.plan_list(coordinator).count() == 3
    assert queries.trip_list(coordinator).count() == 9


def test_demo_seed_twice_adds_no_trip(seeded):
    with time_machine.travel("2026-11-27 10:00 +0500", tick=False):
        call_command("seed_demo")

    assert Trip.objects.count() == 9
