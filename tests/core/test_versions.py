"""The stale-save check (issue 14 "lost updates"): edit forms and API updates refuse a save
over a version the user did not see (core.versions, core.views.base, core.api)."""

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from tests.factories.incoming import StayFactory
from tests.factories.people import ForeignerFactory
from yntymaq.core.enums import Role
from yntymaq.core.models import AuditEntry
from yntymaq.incoming.models import Stay

pytestmark = pytest.mark.django_db


@pytest.fixture
def stay(org):
    person = ForeignerFactory(organization=org, last_name="Ли", first_name="Вэй")
    return StayFactory(organization=org, person=person, program_name="Physics", notes="")


@pytest.fixture
def second_staff(org):
    from tests.conftest import _member

    return _member(org, Role.SERVICE_STAFF, "second@kaznu.kz")


def edit_url(stay):
    return reverse("incoming:stay-update", kwargs={"org_slug": "kaznu", "pk": stay.pk})


def loaded_form(client, stay) -> dict:
    """What the browser sends back: every field of the edit page as it was loaded."""
    form = client.get(edit_url(stay)).context["form"]
    data = {}
    for field in form:
        value = field.value()
        if value is None or value is False:
            continue
        data[field.html_name] = "on" if value is True else value
    return data


def test_stale_edit_form_is_refused_naming_who_changed_it_and_keeping_the_input(
    client, service_staff, second_staff, stay
):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    client.force_login(service_staff)
    mine = loaded_form(client, stay)
    assert mine["loaded_version"]

    other = type(client)()
    other.force_login(second_staff)
    theirs = loaded_form(other, stay) | {"program_name": "Chemistry"}
    assert other.post(edit_url(stay), theirs).status_code == 302

    response = client.post(edit_url(stay), mine | {"notes": "Arrived by train"})

    assert response.status_code == 200
    form = response.context["form"]
    [message] = form.non_field_errors()
    assert "changed by second at " in message
    assert form.errors["program_name"] == ["Saved now: Chemistry"]
    assert form["notes"].value() == "Arrived by train"  # nothing typed is lost
    assert form["program_name"].value() == "Physics"
    stay.refresh_from_db()
    assert (stay.program_name, stay.notes) == ("Chemistry", "")
    assert AuditEntry.objects.filter(action="incoming.stay.updated").count() == 1

    # Having seen their values, the user saves again: the form now carries the new version.
    again = {k: v for k, v in mine.items() if k != "loaded_version"}
    again["loaded_version"] = form["loaded_version"].value()
    assert client.post(edit_url(stay), again | {"notes": "Arrived by train"}).status_code == 302
    stay.refresh_from_db()
    assert (stay.program_name, stay.notes) == ("Physics", "Arrived by train")


def test_edit_form_with_the_current_version_saves(client, service_staff, stay):
    client.force_login(service_staff)
    data = loaded_form(client, stay) | {"notes": "Met at the airport"}

    assert client.post(edit_url(stay), data).status_code == 302

    stay.refresh_from_db()
    assert stay.notes == "Met at the airport"


def test_saving_an_unchanged_form_writes_nothing(client, service_staff, stay):
    client.force_login(service_staff)
    version = Stay.objects.for_org(stay.organization).get(pk=stay.pk).updated_at

    assert client.post(edit_url(stay), loaded_form(client, stay)).status_code == 302

    assert Stay.objects.for_org(stay.organization).get(pk=stay.pk).updated_at == version
    assert not AuditEntry.objects.filter(action="incoming.stay.updated").exists()


API = "/api/v1/o/kaznu/incoming/stays/{}/"


def api(user):
    client = APIClient(HTTP_ACCEPT_LANGUAGE="en")
    client.force_authenticate(user)
    return client


def test_api_detail_answers_an_etag_that_changes_with_each_save(service_staff, stay):
    client = api(service_staff)

    first = client.get(API.format(stay.pk))
    client.patch(API.format(stay.pk), {"notes": "Changed"}, format="json")
    second = client.get(API.format(stay.pk))

    assert first["ETag"].startswith(f'"{stay.pk}-')
    assert second["ETag"].startswith(f'"{stay.pk}-')
    assert first["ETag"] != second["ETag"]


def test_api_update_with_a_stale_if_match_answers_412(service_staff, second_staff, stay):
    mine, theirs = api(service_staff), api(second_staff)
    etag = mine.get(API.format(stay.pk))["ETag"]
    assert (
        theirs.patch(API.format(stay.pk), {"program_name": "Chemistry"}, format="json").status_code
        == 200
    )

    response = mine.put(
        API.format(stay.pk),
        mine.get(API.format(stay.pk)).json() | {"notes": "Mine"},
        format="json",
        HTTP_IF_MATCH=etag,
    )

    assert response.status_code == 412
    assert "changed by second at " in response.json()["message"]
    assert response.json()["extra"]["etag"] == theirs.get(API.format(stay.pk))["ETag"]
    stay.refresh_from_db()
    assert (stay.program_name, stay.notes) == ("Chemistry", "")


def test_api_update_with_the_current_if_match_answers_200(service_staff, stay):
    client = api(service_staff)
    read = client.get(API.format(stay.pk))

    response = client.put(
        API.format(stay.pk),
        read.json() | {"notes": "Mine"},
        format="json",
        HTTP_IF_MATCH=read["ETag"],
    )

    assert response.status_code == 200, response.json()
    assert response["ETag"] != read["ETag"]
    stay.refresh_from_db()
    assert stay.notes == "Mine"
