"""The service API: units, officials, the Service profile, appointments with r7_warnings."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from rest_framework.test import APIClient

from tests.factories.core import MembershipFactory, api_token_key
from tests.factories.people import PersonFactory
from tests.factories.service import (
    AppointmentFactory,
    OfficialFactory,
    ServiceProfileFactory,
    UnitFactory,
)
from yntymaq.core.enums import Role
from yntymaq.core.models import AuditEntry
from yntymaq.service.models import Appointment, ServiceProfile, Unit

pytestmark = pytest.mark.django_db


def api(name, org_slug="kaznu", **kwargs):
    return reverse(f"service-{name}", kwargs={"org_slug": org_slug, **kwargs})


@pytest.fixture
def api_for():
    """A client authenticated by API token, answering in English."""

    def make(user):
        client = APIClient(HTTP_ACCEPT_LANGUAGE="en")
        client.credentials(HTTP_AUTHORIZATION=f"Token {api_token_key(user)}")
        return client

    return make


# --- units ---------------------------------------------------------------------------------


def test_unit_api_create_is_audited(org, service_head, api_for):
    coordinator = MembershipFactory(organization=org, role=Role.UNIT_COORDINATOR)

    response = api_for(service_head).post(
        api("unit-list"),
        {"name_ru": "Кафедра туризма", "room": "12", "coordinators": [coordinator.pk]},
        format="json",
    )

    assert response.status_code == 201, response.json()
    unit = Unit.objects.get()
    assert response.json()["id"] == unit.pk
    assert response.json()["coordinators"] == [coordinator.pk]
    assert AuditEntry.objects.get().action == "service.unit.created"


def test_unit_api_refuses_a_unit_without_name(org, service_head, api_for):
    response = api_for(service_head).post(api("unit-list"), {"room": "12"}, format="json")

    assert response.status_code == 400
    assert response.json()["extra"]["fields"] == {
        "name_ru": ["Give the unit's name in Russian or in Kazakh (or both)."]
    }


def test_unit_api_refuses_coordinator_of_other_organization(org, other_org, service_head, api_for):
    stranger = MembershipFactory(organization=other_org, role=Role.UNIT_COORDINATOR)

    response = api_for(service_head).post(
        api("unit-list"), {"name_ru": "Кафедра", "coordinators": [stranger.pk]}, format="json"
    )

    assert response.status_code == 400
    assert list(response.json()["extra"]["fields"]) == ["coordinators"]


def test_unit_api_update_and_delete(org, service_staff, api_for):
    unit = UnitFactory(organization=org, room="1")
    client = api_for(service_staff)

    patched = client.patch(api("unit-detail", pk=unit.pk), {"room": "2"}, format="json")
    deleted = client.delete(api("unit-detail", pk=unit.pk))

    assert patched.status_code == 200
    assert patched.json()["room"] == "2"
    assert deleted.status_code == 204
    assert list(AuditEntry.objects.order_by("id").values_list("action", flat=True)) == [
        "service.unit.updated",
        "service.unit.deleted",
    ]


def test_unit_api_delete_refused_while_officials_belong_to_it(org, service_head, api_for):
    unit = UnitFactory(organization=org)
    OfficialFactory(organization=org, unit=unit)

    response = api_for(service_head).delete(api("unit-detail", pk=unit.pk))

    assert response.status_code == 400
    assert response.json()["message"] == (
        "It is still used by other records (Officials); change or delete those first."
    )


@pytest.mark.parametrize("role", ["auditor", "leadership", "coordinator"])
def test_unit_api_write_refused_to_read_only_roles(role, org, request, api_for):
    unit = UnitFactory(organization=org)
    client = api_for(request.getfixturevalue(role))

    assert client.get(api("unit-list")).status_code == 200
    assert client.post(api("unit-list"), {"name_ru": "X"}, format="json").status_code == 403
    assert client.delete(api("unit-detail", pk=unit.pk)).status_code == 403


def test_unit_api_of_other_organization_is_404(org, other_org_user, api_for):
    unit = UnitFactory(organization=org)
    client = api_for(other_org_user)

    assert client.get(api("unit-list")).status_code == 404
    assert client.get(api("unit-detail", org_slug="other", pk=unit.pk)).status_code == 404


def test_unit_api_anonymous_is_401(org):
    assert APIClient().get(api("unit-list")).status_code == 401


# --- officials -----------------------------------------------------------------------------


def test_official_api_create_and_list(org, service_head, api_for):
    person = PersonFactory(organization=org, last_name="Касымова", first_name="Дана")
    client = api_for(service_head)

    created = client.post(
        api("official-list"),
        {"person": person.pk, "position": "Проректор", "work_phone": "+7 727 000 00 00"},
        format="json",
    )
    listed = client.get(api("official-list"))

    assert created.status_code == 201, created.json()
    assert [(o["person_name"], o["position"]) for o in listed.json()["results"]] == [
        ("Касымова Дана", "Проректор")
    ]


def test_official_api_refuses_person_of_other_organization(org, other_org, service_head, api_for):
    stranger = PersonFactory(organization=other_org)

    response = api_for(service_head).post(
        api("official-list"), {"person": stranger.pk, "position": "Декан"}, format="json"
    )

    assert response.status_code == 400
    assert list(response.json()["extra"]["fields"]) == ["person"]


# --- the Service profile -------------------------------------------------------------------


def test_profile_api_answers_defaults_before_anything_is_recorded(org, auditor, api_for):
    response = api_for(auditor).get(api("profile-list"))

    assert response.status_code == 200
    assert response.json()["id"] is None
    assert response.json()["exists"] is False
    assert response.json()["regulation_url"] is None


def test_profile_api_post_records_the_one_profile(org, service_head, api_for):
    client = api_for(service_head)

    first = client.post(api("profile-list"), {"exists": True, "alarm": True}, format="json")
    second = client.post(api("profile-list"), {"window_bars": True}, format="json")

    assert (first.status_code, second.status_code) == (200, 200)
    profile = ServiceProfile.objects.get()
    assert (profile.exists, profile.alarm, profile.window_bars) == (True, True, True)
    assert [e.action for e in AuditEntry.objects.order_by("id")] == [
        "service.profile.created",
        "service.profile.updated",
    ]


def test_profile_api_uploads_regulation_and_links_the_download(
    org, service_head, api_for, pdf_upload
):
    response = api_for(service_head).post(
        api("profile-list"), {"regulation": pdf_upload()}, format="multipart"
    )

    assert response.status_code == 200
    assert response.json()["regulation_url"] == (
        "http://testserver/o/kaznu/service/profile/regulation/"
    )
    assert "regulation" not in response.json()


def test_profile_api_refuses_non_pdf_upload(org, service_head, api_for, png_named_pdf):
    response = api_for(service_head).post(
        api("profile-list"), {"regulation": png_named_pdf}, format="multipart"
    )

    assert response.status_code == 400
    assert response.json()["extra"]["fields"] == {
        "regulation": ["The file is not a PDF, DOCX document (checked by its content)."]
    }


def test_profile_api_patch_by_id(org, service_staff, api_for):
    profile = ServiceProfileFactory(organization=org, exists=False)

    response = api_for(service_staff).patch(
        api("profile-detail", pk=profile.pk), {"exists": True}, format="json"
    )

    assert response.status_code == 200
    profile.refresh_from_db()
    assert profile.exists is True


def test_profile_api_write_refused_to_auditor(org, auditor, api_for):
    response = api_for(auditor).post(api("profile-list"), {"exists": True}, format="json")

    assert response.status_code == 403


# --- appointments --------------------------------------------------------------------------


def appointment_json(person, **changes):
    data = {
        "kind": "head",
        "person": person.pk,
        "order_number": "5-К",
        "order_date": "2025-01-10",
        "starts_on": "2025-01-15",
        "teaching_years": 8,
        "cooperation_years": 2,
        "works_with_foreigners": True,
        "state_language_level": "native",
        "foreign_language": "",
        "clearance": True,
        "reports_to_deputy": True,
        "admissions_committee_member": True,
    }
    data.update(changes)
    return data


def test_appointment_api_create_ends_the_current_and_returns_warnings(org, service_head, api_for):
    ServiceProfileFactory(organization=org)
    previous = AppointmentFactory(organization=org, starts_on=dt.date(2020, 1, 1))
    person = PersonFactory(organization=org)

    response = api_for(service_head).post(
        api("appointment-list"), appointment_json(person), format="json"
    )

    assert response.status_code == 201, response.json()
    assert response.json()["r7_warnings"] == [
        {
            "code": "r7_foreign_language",
            "clause": "R7",
            "message": "R7: the appointee must command a foreign language "
            "(state which, and the level).",
        }
    ]
    previous.refresh_from_db()
    assert previous.ends_on == dt.date(2025, 1, 14)


def test_appointment_api_refuses_start_before_the_current(org, service_head, api_for):
    AppointmentFactory(organization=org, starts_on=dt.date(2025, 3, 1))

    response = api_for(service_head).post(
        api("appointment-list"),
        appointment_json(PersonFactory(organization=org)),
        format="json",
    )

    assert response.status_code == 400
    assert list(response.json()["extra"]["fields"]) == ["starts_on"]
    assert Appointment.objects.count() == 1


def test_appointment_api_refuses_end_before_start(org, service_head, api_for):
    response = api_for(service_head).post(
        api("appointment-list"),
        appointment_json(PersonFactory(organization=org), ends_on="2025-01-01"),
        format="json",
    )

    assert response.status_code == 400
    assert response.json()["extra"]["fields"] == {
        "ends_on": ["The appointment cannot end before it starts."]
    }


def test_appointment_api_create_refused_to_leadership(org, leadership, api_for):
    response = api_for(leadership).post(
        api("appointment-list"),
        appointment_json(PersonFactory(organization=org)),
        format="json",
    )

    assert response.status_code == 403


def test_appointment_api_retrieve_marks_the_current(org, coordinator, api_for):
    ServiceProfileFactory(organization=org)
    appointment = AppointmentFactory(organization=org)

    response = api_for(coordinator).get(api("appointment-detail", pk=appointment.pk))

    assert response.json()["is_current"] is True
    assert response.json()["r7_warnings"] == []


def test_appointment_api_of_other_organization_is_404(org, other_org, service_head, api_for):
    appointment = AppointmentFactory(organization=other_org)

    response = api_for(service_head).get(api("appointment-detail", pk=appointment.pk))

    assert response.status_code == 404


# --- lists in a fixed number of queries ----------------------------------------------------


def count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def make_rows(org, numbers):
    coordinator = MembershipFactory(organization=org, role=Role.UNIT_COORDINATOR)
    for i in numbers:
        unit = UnitFactory(organization=org, coordinators=[coordinator])
        OfficialFactory(organization=org, unit=unit)
        start = dt.date(2000 + 2 * i, 1, 1)
        AppointmentFactory(
            organization=org, starts_on=start, ends_on=start.replace(year=start.year + 1)
        )


@pytest.mark.parametrize("name", ["unit-list", "official-list", "appointment-list"])
def test_api_list_queries_do_not_grow_with_rows(name, org, service_head, api_for):
    client = api_for(service_head)
    make_rows(org, range(1))
    one = count_queries(client, api(name))

    make_rows(org, range(1, 3))
    three = count_queries(client, api(name))

    assert one == three
