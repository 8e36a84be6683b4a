"""A unit coordinator sees the persons of its units only (people.queries.persons_for), in the
pages, the API and the search; API reads of IINs are audited (issue 14)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from tests.factories.outbound import CandidateFactory, PlanRowFactory, TripFactory
from tests.factories.people import PersonFactory
from tests.factories.planning import AnnualPlanItemFactory
from tests.factories.service import OfficialFactory, UnitFactory
from yntymaq.core.models import AuditEntry, Membership
from yntymaq.outbound.models import PlanRow
from yntymaq.people.queries import persons_for

pytestmark = pytest.mark.django_db

PEOPLE = "/o/kaznu/people/"
API = "/api/v1/o/kaznu/persons/"


@pytest.fixture
def units(org, coordinator):
    """The coordinator's unit, and another unit it does not coordinate."""
    membership = Membership.objects.get(user=coordinator)
    own = UnitFactory(organization=org, name_ru="Факультет физики", coordinators=[membership])
    other = UnitFactory(organization=org, name_ru="Факультет химии")
    return own, other


def person(org, last_name):
    return PersonFactory(organization=org, last_name=last_name, first_name="Тест")


@pytest.fixture
def linked(org, units):
    """One person for each kind of link to the coordinator's unit, and two outside it."""
    own, other = units
    persons = {
        name: person(org, name)
        for name in (
            "Путешественников",
            "Кандидатов",
            "Плановый",
            "Должностной",
            "Ответственный",
            "Чужой",
            "Ничейный",
        )
    }
    TripFactory(organization=org, unit=own, person=persons["Путешественников"])
    CandidateFactory(organization=org, unit=own, person=persons["Кандидатов"])
    PlanRowFactory(organization=org, plan__unit=own, person=persons["Плановый"])
    OfficialFactory(organization=org, unit=own, person=persons["Должностной"])
    AnnualPlanItemFactory(plan__organization=org, unit=own, responsible=persons["Ответственный"])
    TripFactory(organization=org, unit=other, person=persons["Чужой"])
    return persons


UNIT_PERSONS = ["Должностной", "Кандидатов", "Ответственный", "Плановый", "Путешественников"]


def names(persons) -> list[str]:
    return sorted(p.last_name for p in persons)


def test_persons_for_a_coordinator_are_those_linked_to_its_units(linked, coordinator):
    membership = Membership.objects.get(user=coordinator)

    assert names(persons_for(membership)) == UNIT_PERSONS


def test_persons_for_the_service_head_are_everybody(linked, service_head):
    membership = Membership.objects.get(user=service_head)

    assert len(persons_for(membership)) == 7


def test_coordinator_without_units_sees_nobody(org, coordinator, linked):
    Membership.objects.get(user=coordinator).coordinated_units.clear()

    assert list(persons_for(Membership.objects.get(user=coordinator))) == []


def test_coordinator_person_list_page_shows_its_units_persons_only(linked, coordinator, as_user):
    body = as_user(coordinator).get(PEOPLE).content.decode()

    assert [name for name in sorted(linked) if f"{name} Тест" in body] == UNIT_PERSONS


def test_coordinator_cannot_open_a_person_outside_its_units(linked, coordinator, as_user):
    client = as_user(coordinator)

    assert client.get(f"{PEOPLE}{linked['Чужой'].pk}/").status_code == 404
    assert client.get(f"{PEOPLE}{linked['Плановый'].pk}/").status_code == 200


def test_coordinator_search_by_iin_finds_nobody_outside_its_units(linked, coordinator, as_user):
    iin = linked["Ничейный"].iin

    body = as_user(coordinator).get(PEOPLE, {"search": iin}).content.decode()

    assert f"{iin}</td>" not in body
    assert "Ничейный" not in body


def test_coordinator_api_lists_and_reads_its_units_persons_only(linked, coordinator):
    client = APIClient()
    client.force_authenticate(coordinator)

    listed = client.get(API, {"page_size": 50}).json()["results"]
    foreign = client.get(f"{API}{linked['Чужой'].pk}/")

    assert sorted(row["last_name"] for row in listed) == UNIT_PERSONS
    assert foreign.status_code == 404


def test_coordinator_person_list_runs_the_same_queries_for_one_and_three_rows(
    org, units, coordinator, as_user
):
    own, _other = units
    client = as_user(coordinator)
    TripFactory(organization=org, unit=own)
    client.get(PEOPLE)  # warm caches (session, content types)
    with CaptureQueriesContext(connection) as one:
        client.get(PEOPLE)
    TripFactory.create_batch(2, organization=org, unit=own)
    with CaptureQueriesContext(connection) as three:
        body = client.get(PEOPLE).content.decode()

    assert body.count('<td class="text-nowrap">') == 6  # birth date and IIN of three persons
    assert len(three) == len(one)


def test_plan_row_api_refuses_a_person_outside_the_coordinators_units(linked, units, coordinator):
    own, _other = units
    plan = PlanRow.objects.filter(plan__unit=own).first().plan
    client = APIClient()
    client.force_authenticate(coordinator)

    response = client.post(
        "/api/v1/o/kaznu/outbound/plan-rows/",
        {
            "plan": plan.pk,
            "person": linked["Ничейный"].pk,
            "country": "DE",
            "city": "Берлин",
            "host_organization": "Freie Universität Berlin",
            "purpose": "study",
            "kind": "mobility_semester",
            "planned_departure": "2026-09-01",
            "planned_return": "2027-01-31",
            "funding": "organization",
        },
        format="json",
    )

    assert response.status_code == 400
    assert list(response.json()["extra"]["fields"]) == ["person"]
    assert not PlanRow.objects.filter(person=linked["Ничейный"]).exists()


# --- API reads of IINs are audited ------------------------------------------------------------


def test_api_person_list_read_is_audited_with_the_persons_having_an_iin(org, service_staff):
    citizen = PersonFactory(organization=org)
    PersonFactory(organization=org, citizenship="CN", iin="")
    client = APIClient()
    client.force_authenticate(service_staff)

    client.get(API)

    entry = AuditEntry.objects.get(action="people.person.restricted_viewed")
    assert entry.data == {"fields": ["iin"], "via": "api", "ids": [citizen.pk]}
    assert (entry.actor, entry.organization) == (service_staff, org)


def test_api_person_read_is_audited(org, service_staff):
    citizen = PersonFactory(organization=org)
    client = APIClient()
    client.force_authenticate(service_staff)

    client.get(f"{API}{citizen.pk}/")

    entry = AuditEntry.objects.get(action="people.person.restricted_viewed")
    assert (entry.object_id, entry.data) == (str(citizen.pk), {"fields": ["iin"], "via": "api"})


def test_empty_api_person_list_is_not_audited(org, service_staff):
    client = APIClient()
    client.force_authenticate(service_staff)

    client.get(API)

    assert not AuditEntry.objects.filter(action="people.person.restricted_viewed").exists()


def test_demo_coordinator_sees_its_units_persons_not_the_whole_organization():
    from django.core.management import call_command

    from yntymaq.outbound.demo import COORDINATOR
    from yntymaq.people.models import Person

    call_command("seed_demo")
    membership = Membership.objects.select_related("organization").get(user__email=COORDINATOR)
    every = Person.objects.for_org(membership.organization).count()
    client = APIClient()
    client.force_authenticate(membership.user)

    listed = client.get(API.replace("kaznu", membership.organization.slug), {"page_size": 200})

    ids = {row["id"] for row in listed.json()["results"]}
    assert ids == set(persons_for(membership).values_list("id", flat=True))
    assert 0 < len(ids) < every
