import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories.people import IdentityDocumentFactory, PersonFactory, make_iin
from yntymaq.core.models import AuditEntry
from yntymaq.people.models import IdentityDocument, Person

pytestmark = pytest.mark.django_db

BIRTH = dt.date(1988, 3, 9)
IIN = make_iin(BIRTH, "M")
WRONG_CHECKSUM = IIN[:11] + str((int(IIN[11]) + 1) % 10)


def api(name, org, **kwargs):
    return reverse(f"people-{name}", kwargs={"org_slug": org.slug, **kwargs})


def person_json(**changes):
    data = {
        "last_name": "Иванов",
        "first_name": "Иван",
        "last_name_latin": "IVANOV",
        "first_name_latin": "IVAN",
        "birth_date": "1988-03-09",
        "sex": "M",
        "citizenship": "KZ",
        "iin": IIN,
    }
    data.update(changes)
    return data


@pytest.fixture
def person(org):
    return PersonFactory(organization=org, last_name="Ахметов", first_name="Ерлан")


@pytest.fixture
def document(person):
    return IdentityDocumentFactory(person=person, organization=person.organization, number="N7777")


# --- persons ------------------------------------------------------------------------------


def test_person_api_list_and_search(org, person, leadership, as_user):
    PersonFactory(organization=org, last_name="Борисов", first_name="Борис")

    response = as_user(leadership).get(api("person-list", org), {"search": "ерлан"})

    assert response.status_code == 200
    assert [row["full_name"] for row in response.json()["results"]] == ["Ахметов Ерлан"]


def test_person_api_retrieve_shows_citizenship_name(org, person, leadership, as_user):
    response = as_user(leadership, language="kk").get(api("person-detail", org, pk=person.pk))

    data = response.json()
    assert (data["citizenship"], data["citizenship_name"], data["iin"]) == (
        "KZ",
        "Қазақстан",
        person.iin,
    )


def test_person_api_anonymous_401(org, client):
    assert client.get(api("person-list", org)).status_code == 401


def test_person_api_other_organization_404(org, person, other_org_user, as_user):
    client = as_user(other_org_user)

    assert client.get(api("person-list", org)).status_code == 404
    assert client.get(api("person-detail", org, pk=person.pk)).status_code == 404


def _list_queries(client, org) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(api("person-list", org))
    assert response.status_code == 200
    return len(queries)


def test_person_api_list_query_count_does_not_grow_with_rows(org, service_staff, as_user):
    client = as_user(service_staff)
    PersonFactory(organization=org)
    one = _list_queries(client, org)
    PersonFactory.create_batch(2, organization=org)

    assert _list_queries(client, org) == one


def test_person_api_create(org, service_staff, as_user):
    response = as_user(service_staff).post(
        api("person-list", org), person_json(), content_type="application/json"
    )

    person = Person.objects.get()
    assert response.status_code == 201
    assert response.json()["id"] == person.pk
    assert AuditEntry.objects.filter(action="people.person.created", actor=service_staff).exists()


@pytest.mark.parametrize("role", ["auditor", "leadership"])
def test_person_api_create_refused_to_read_only_roles(org, role, request, as_user):
    response = as_user(request.getfixturevalue(role)).post(
        api("person-list", org), person_json(), content_type="application/json"
    )

    assert response.status_code == 403
    assert not Person.objects.exists()


def test_person_api_create_wrong_checksum(org, service_staff, as_user):
    response = as_user(service_staff).post(
        api("person-list", org), person_json(iin=WRONG_CHECKSUM), content_type="application/json"
    )

    assert response.status_code == 400
    assert response.json()["extra"]["fields"] == {
        "iin": ["The IIN check digit is wrong; please check the number."]
    }


def test_person_api_create_iin_contradicting_sex_in_russian(org, service_staff, as_user):
    response = as_user(service_staff, language="ru").post(
        api("person-list", org), person_json(sex="F"), content_type="application/json"
    )

    assert response.status_code == 400
    assert response.json()["extra"]["fields"]["iin"] == [
        "ИИН указывает на пол «мужской», а введён другой пол."
    ]


def test_person_api_create_duplicate_iin(org, service_staff, as_user):
    PersonFactory(organization=org, last_name="Сериков", first_name="Серик", iin=IIN)

    response = as_user(service_staff).post(
        api("person-list", org), person_json(), content_type="application/json"
    )

    assert response.status_code == 400
    assert response.json() == {
        "message": "This IIN already belongs to Сериков Серик.",
        "extra": {"fields": {"iin": ["This IIN already belongs to Сериков Серик."]}},
    }


def test_person_api_partial_update(org, person, service_staff, as_user):
    response = as_user(service_staff).patch(
        api("person-detail", org, pk=person.pk),
        {"email": "erlan@example.kz"},
        content_type="application/json",
    )

    person.refresh_from_db()
    assert response.status_code == 200
    assert person.email == "erlan@example.kz"


def test_person_api_delete(org, person, service_staff, as_user):
    response = as_user(service_staff).delete(api("person-detail", org, pk=person.pk))

    assert response.status_code == 204
    assert not Person.objects.exists()


def test_person_api_delete_refused_while_referenced(org, protected_person, service_staff, as_user):
    response = as_user(service_staff).delete(api("person-detail", org, pk=protected_person.pk))

    assert response.status_code == 400
    assert response.json()["message"].startswith("Защищённый Пётр cannot be deleted")


# --- identity documents -------------------------------------------------------------------


def test_identity_document_api_list_has_no_copy_and_is_audited(
    org, document, service_staff, as_user
):
    response = as_user(service_staff).get(api("identity-document-list", org))

    row = response.json()["results"][0]
    entry = AuditEntry.objects.get(action="people.identity_document.restricted_viewed")
    assert (row["number"], row["has_copy"], row["person"]) == ("N7777", True, document.person.pk)
    assert "copy" not in row
    assert entry.data["documents"] == [document.pk]


def test_identity_document_api_filters_by_person(org, document, service_staff, as_user):
    IdentityDocumentFactory(person__organization=org, organization=org)

    response = as_user(service_staff).get(
        api("identity-document-list", org), {"person": document.person.pk}
    )

    assert [row["id"] for row in response.json()["results"]] == [document.pk]


@pytest.mark.parametrize("role", ["coordinator", "leadership"])
def test_identity_document_api_refused_without_personal_data_access(
    org, document, role, request, as_user
):
    client = as_user(request.getfixturevalue(role))

    assert client.get(api("identity-document-list", org)).status_code == 403
    assert client.get(api("identity-document-detail", org, pk=document.pk)).status_code == 403


def test_identity_document_api_retrieve_is_audited(org, document, auditor, as_user):
    response = as_user(auditor).get(api("identity-document-detail", org, pk=document.pk))

    entry = AuditEntry.objects.get(action="people.identity_document.restricted_viewed")
    assert response.json()["number"] == "N7777"
    assert (entry.actor, entry.object_id) == (auditor, str(document.pk))


def test_identity_document_api_anonymous_401(org, client):
    assert client.get(api("identity-document-list", org)).status_code == 401


def test_identity_document_api_list_query_count(org, service_staff, as_user):
    client = as_user(service_staff)

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(api("identity-document-list", org)).status_code == 200
        return len(queries)

    IdentityDocumentFactory(person__organization=org, organization=org)
    one = count()
    IdentityDocumentFactory.create_batch(2, person__organization=org, organization=org)

    assert count() == one


def test_identity_document_api_create(org, person, service_staff, as_user):
    response = as_user(service_staff).post(
        api("identity-document-list", org),
        {"person": person.pk, "kind": "id_card", "number": "041234567"},
        content_type="application/json",
    )

    assert response.status_code == 201
    assert response.json()["has_copy"] is False
    assert IdentityDocument.objects.get().person == person


def test_identity_document_api_create_for_another_organizations_person(
    org, other_org, service_staff, as_user
):
    stranger = PersonFactory(organization=other_org)

    response = as_user(service_staff).post(
        api("identity-document-list", org),
        {"person": stranger.pk, "kind": "id_card", "number": "041234567"},
        content_type="application/json",
    )

    assert response.status_code == 400
    assert list(response.json()["extra"]["fields"]) == ["person"]


def test_identity_document_api_create_refuses_expiry_before_issue(
    org, person, service_staff, as_user
):
    response = as_user(service_staff).post(
        api("identity-document-list", org),
        {
            "person": person.pk,
            "kind": "passport",
            "number": "N1",
            "issued_on": "2020-01-10",
            "expires_on": "2019-01-01",
        },
        content_type="application/json",
    )

    assert response.status_code == 400
    assert response.json()["extra"]["fields"] == {
        "expires_on": ["The document cannot expire before the date it was issued."]
    }


def test_identity_document_api_create_refused_to_auditor(org, person, auditor, as_user):
    response = as_user(auditor).post(
        api("identity-document-list", org),
        {"person": person.pk, "kind": "id_card", "number": "1"},
        content_type="application/json",
    )

    assert response.status_code == 403


def test_identity_document_api_update_cannot_move_to_another_person(
    org, document, service_staff, as_user
):
    other = PersonFactory(organization=org)

    response = as_user(service_staff).patch(
        api("identity-document-detail", org, pk=document.pk),
        {"person": other.pk},
        content_type="application/json",
    )

    assert response.status_code == 400
    assert list(response.json()["extra"]["fields"]) == ["person"]


def test_identity_document_api_update_and_delete(org, document, service_staff, as_user):
    client = as_user(service_staff)

    patched = client.patch(
        api("identity-document-detail", org, pk=document.pk),
        {"number": "N8888"},
        content_type="application/json",
    )
    deleted = client.delete(api("identity-document-detail", org, pk=document.pk))

    assert (patched.status_code, patched.json()["number"]) == (200, "N8888")
    assert deleted.status_code == 204
    assert not IdentityDocument.objects.exists()
