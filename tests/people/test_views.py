import datetime as dt
import html
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories.outbound import TripFactory
from tests.factories.people import PDF_BYTES, IdentityDocumentFactory, PersonFactory, make_iin
from tests.factories.service import UnitFactory
from yntymaq.core.models import AuditEntry, Membership
from yntymaq.people.models import IdentityDocument, Person

pytestmark = pytest.mark.django_db

BIRTH = dt.date(1988, 3, 9)
IIN = make_iin(BIRTH, "M")
WRONG_CHECKSUM = IIN[:11] + str((int(IIN[11]) + 1) % 10)


def url(name, org, **kwargs):
    return reverse(f"people:{name}", kwargs={"org_slug": org.slug, **kwargs})


def field_error(response, name) -> str:
    """The error text rendered beside a form field ('' when there is none)."""
    match = re.search(
        rf'<div class="invalid-feedback d-block" id="id_{name}_error">(.*?)</div>',
        response.content.decode(),
        re.S,
    )
    return html.unescape(match.group(1)).strip() if match else ""


def person_post(**changes):
    data = {
        "last_name": "Иванов",
        "first_name": "Иван",
        "patronymic": "",
        "last_name_latin": "IVANOV",
        "first_name_latin": "IVAN",
        "patronymic_latin": "",
        "birth_date": "1988-03-09",
        "sex": "M",
        "citizenship": "KZ",
        "iin": IIN,
        "phones": "+7 701 111 22 33",
        "email": "ivanov@example.kz",
    }
    data.update(changes)
    return data


def link_to_unit_of(user, person):
    """Make the person one of the persons of a unit the user coordinates (by a trip)."""
    membership = Membership.objects.get(user=user)
    unit = UnitFactory(organization=person.organization, coordinators=[membership])
    TripFactory(organization=person.organization, unit=unit, person=person)


@pytest.fixture
def person(org):
    return PersonFactory(organization=org, last_name="Ахметов", first_name="Ерлан")


@pytest.fixture
def document(person):
    return IdentityDocumentFactory(person=person, organization=person.organization, number="N7777")


# --- list ---------------------------------------------------------------------------------


def test_person_list_shows_persons(org, person, leadership, as_user):
    response = as_user(leadership).get(url("person-list", org))

    assert response.status_code == 200
    assert "Ахметов Ерлан" in response.content.decode()


def test_person_list_searches(org, person, service_staff, as_user):
    PersonFactory(organization=org, last_name="Борисов", first_name="Борис")

    response = as_user(service_staff).get(url("person-list", org), {"q": "ерлан ахметов"})

    body = response.content.decode()
    assert "Ахметов Ерлан" in body
    assert "Борисов" not in body


def test_person_list_htmx_returns_the_table_only(org, person, service_staff, as_user):
    response = as_user(service_staff).get(
        url("person-list", org), {"q": "Ахметов"}, HTTP_HX_REQUEST="true"
    )

    body = response.content.decode()
    assert "<html" not in body
    assert "Ахметов Ерлан" in body
    assert "HX-Request" in response["Vary"]


def test_person_list_other_organization_404(org, other_org_user, as_user):
    assert as_user(other_org_user).get(url("person-list", org)).status_code == 404


def test_person_list_anonymous_redirected_to_login(org, client):
    response = client.get(url("person-list", org))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("core:login"))


def test_person_list_in_navigation(org, service_staff, as_user):
    response = as_user(service_staff).get(reverse("core:dashboard", kwargs={"org_slug": org.slug}))

    assert f'href="{url("person-list", org)}">People</a>' in response.content.decode()


def _list_queries(client, org) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url("person-list", org))
    assert response.status_code == 200
    return len(queries)


def test_person_list_query_count_does_not_grow_with_rows(org, service_staff, as_user):
    client = as_user(service_staff)
    PersonFactory(organization=org)
    one = _list_queries(client, org)
    PersonFactory.create_batch(2, organization=org)

    assert _list_queries(client, org) == one


# --- create -------------------------------------------------------------------------------


def test_person_create_saves_and_redirects(org, service_staff, as_user):
    response = as_user(service_staff).post(url("person-create", org), person_post())

    person = Person.objects.get()
    assert response.status_code == 302
    assert response["Location"] == url("person-detail", org, pk=person.pk)
    assert (person.full_name, person.phones) == ("Иванов Иван", "+7 701 111 22 33")


@pytest.mark.parametrize("role", ["auditor", "leadership", "coordinator"])
def test_person_create_refused_to_read_only_roles(org, role, request, as_user):
    client = as_user(request.getfixturevalue(role))

    assert client.get(url("person-create", org)).status_code == 403
    assert client.post(url("person-create", org), person_post()).status_code == 403
    assert not Person.objects.exists()


def test_person_create_other_organization_404(org, other_org_user, as_user):
    response = as_user(other_org_user).post(url("person-create", org), person_post())

    assert response.status_code == 404


def test_person_create_anonymous_redirected(org, client):
    response = client.post(url("person-create", org), person_post())

    assert response.status_code == 302
    assert not Person.objects.exists()


def test_person_create_wrong_iin_checksum_beside_field_input_kept(org, service_staff, as_user):
    response = as_user(service_staff).post(
        url("person-create", org), person_post(iin=WRONG_CHECKSUM)
    )

    body = response.content.decode()
    assert response.status_code == 200
    assert field_error(response, "iin") == "The IIN check digit is wrong; please check the number."
    assert 'value="Иванов"' in body
    assert 'value="ivanov@example.kz"' in body
    assert f'value="{WRONG_CHECKSUM}"' in body
    assert not Person.objects.exists()


def test_person_create_iin_contradicting_birth_date(org, service_staff, as_user):
    response = as_user(service_staff).post(
        url("person-create", org), person_post(birth_date="1988-03-10")
    )

    assert field_error(response, "iin") == (
        "The IIN encodes the date of birth 09.03.1988, which differs from the date of birth "
        "entered."
    )
    assert 'value="1988-03-10"' in response.content.decode()


def test_person_create_iin_contradicting_sex(org, service_staff, as_user):
    response = as_user(service_staff).post(url("person-create", org), person_post(sex="F"))

    assert field_error(response, "iin") == (
        "The IIN encodes the sex “male”, which differs from the sex entered."
    )


def test_person_create_message_in_russian(org, service_staff, as_user):
    response = as_user(service_staff, language="ru").post(
        url("person-create", org), person_post(iin=WRONG_CHECKSUM)
    )

    assert field_error(response, "iin") == "Неверная контрольная цифра ИИН; проверьте номер."


def test_person_create_duplicate_iin_names_the_holder(org, service_staff, as_user):
    PersonFactory(organization=org, last_name="Сериков", first_name="Серик", iin=IIN)

    response = as_user(service_staff).post(url("person-create", org), person_post())

    assert field_error(response, "iin") == "This IIN already belongs to Сериков Серик."
    assert 'value="Иванов"' in response.content.decode()


def test_person_create_requires_a_name(org, service_staff, as_user):
    response = as_user(service_staff).post(
        url("person-create", org),
        person_post(last_name="", first_name="", last_name_latin="", first_name_latin=""),
    )

    assert field_error(response, "last_name").startswith("Enter the surname and the given name")


# --- detail -------------------------------------------------------------------------------


def test_person_detail_shows_documents_to_staff_and_audits(org, document, service_staff, as_user):
    response = as_user(service_staff).get(url("person-detail", org, pk=document.person.pk))

    entry = AuditEntry.objects.get(action="people.person.restricted_viewed")
    assert "N7777" in response.content.decode()
    assert (entry.actor, entry.object_id) == (service_staff, str(document.person.pk))


def test_person_detail_auditor_sees_documents_without_edit_links(org, document, auditor, as_user):
    response = as_user(auditor).get(url("person-detail", org, pk=document.person.pk))

    body = response.content.decode()
    assert "N7777" in body
    assert url("person-update", org, pk=document.person.pk) not in body


@pytest.mark.parametrize("role", ["coordinator", "leadership"])
def test_person_detail_hides_documents_without_personal_data_access(
    org, document, role, request, as_user
):
    user = request.getfixturevalue(role)
    link_to_unit_of(user, document.person)  # a coordinator sees its units' persons only

    response = as_user(user).get(url("person-detail", org, pk=document.person.pk))

    assert response.status_code == 200
    assert "N7777" not in response.content.decode()
    assert not AuditEntry.objects.filter(action="people.person.restricted_viewed").exists()


def test_person_detail_other_organization_404(org, person, other_org_user, as_user):
    response = as_user(other_org_user).get(url("person-detail", org, pk=person.pk))

    assert response.status_code == 404


# --- update -------------------------------------------------------------------------------


def test_person_update_saves(org, person, service_staff, as_user):
    data = person_post(iin=person.iin, birth_date="1990-05-17", last_name="Ахметова")

    response = as_user(service_staff).post(url("person-update", org, pk=person.pk), data)

    person.refresh_from_db()
    assert response.status_code == 302
    assert person.last_name == "Ахметова"
    assert AuditEntry.objects.get(action="people.person.updated").data["changes"]["last_name"] == [
        "Ахметов",
        "Ахметова",
    ]


def test_person_update_refused_to_auditor(org, person, auditor, as_user):
    response = as_user(auditor).post(url("person-update", org, pk=person.pk), person_post())

    assert response.status_code == 403


def test_person_update_bad_iin_keeps_input(org, person, service_staff, as_user):
    response = as_user(service_staff).post(
        url("person-update", org, pk=person.pk),
        person_post(iin=WRONG_CHECKSUM, last_name="Новая"),
    )

    person.refresh_from_db()
    assert field_error(response, "iin") == "The IIN check digit is wrong; please check the number."
    assert 'value="Новая"' in response.content.decode()
    assert person.last_name == "Ахметов"


def test_person_update_other_organization_404(org, person, other_org_user, as_user):
    response = as_user(other_org_user).post(url("person-update", org, pk=person.pk), person_post())

    assert response.status_code == 404


# --- delete -------------------------------------------------------------------------------


def test_person_delete_asks_then_deletes(org, person, service_staff, as_user):
    client = as_user(service_staff)

    confirm = client.get(url("person-delete", org, pk=person.pk))
    response = client.post(url("person-delete", org, pk=person.pk))

    assert "Delete Ахметов Ерлан" in confirm.content.decode()
    assert response["Location"] == url("person-list", org)
    assert not Person.objects.filter(pk=person.pk).exists()


def test_person_delete_refused_while_referenced(org, protected_person, service_staff, as_user):
    response = as_user(service_staff).post(url("person-delete", org, pk=protected_person.pk))

    assert response.status_code == 200
    assert "Защищённый Пётр cannot be deleted" in response.content.decode()
    assert Person.objects.filter(pk=protected_person.pk).exists()


def test_person_delete_refused_to_leadership(org, person, leadership, as_user):
    response = as_user(leadership).post(url("person-delete", org, pk=person.pk))

    assert response.status_code == 403
    assert Person.objects.filter(pk=person.pk).exists()


def test_person_delete_other_organization_404(org, person, other_org_user, as_user):
    response = as_user(other_org_user).post(url("person-delete", org, pk=person.pk))

    assert response.status_code == 404


# --- identity documents -------------------------------------------------------------------


def document_post(**changes):
    data = {
        "kind": "passport",
        "number": "N0000001",
        "issued_on": "2020-01-10",
        "issued_by": "МВД РК",
        "expires_on": "2030-01-09",
    }
    data.update(changes)
    return data


def test_identity_document_create_with_copy(org, person, service_staff, as_user):
    data = document_post(copy=SimpleUploadedFile("scan.pdf", PDF_BYTES))

    response = as_user(service_staff).post(
        url("identity-document-create", org, person_pk=person.pk), data
    )

    document = IdentityDocument.objects.get()
    assert response["Location"] == url("person-detail", org, pk=person.pk) + "#documents"
    assert (document.person, document.number, bool(document.copy)) == (person, "N0000001", True)


def test_identity_document_create_refuses_text_named_pdf(org, person, service_staff, as_user):
    data = document_post(copy=SimpleUploadedFile("scan.pdf", b"plain text, not a PDF"))

    response = as_user(service_staff).post(
        url("identity-document-create", org, person_pk=person.pk), data
    )

    assert response.status_code == 200
    assert field_error(response, "copy") == (
        "The file is not a PDF, DOCX, JPEG, PNG document (checked by its content)."
    )
    assert 'value="N0000001"' in response.content.decode()
    assert not IdentityDocument.objects.exists()


def test_identity_document_create_refuses_too_large_copy(
    org, person, service_staff, as_user, settings
):
    settings.YNTYMAQ_UPLOAD_MAX_BYTES = 1024 * 1024
    data = document_post(copy=SimpleUploadedFile("scan.pdf", PDF_BYTES + b"0" * 1024 * 1024))

    response = as_user(service_staff).post(
        url("identity-document-create", org, person_pk=person.pk), data
    )

    assert field_error(response, "copy") == "The file is larger than 1 MB."
    assert 'value="МВД РК"' in response.content.decode()


def test_identity_document_create_upload_message_in_russian(org, person, service_staff, as_user):
    data = document_post(copy=SimpleUploadedFile("scan.pdf", b"plain text"))

    response = as_user(service_staff, language="ru").post(
        url("identity-document-create", org, person_pk=person.pk), data
    )

    assert field_error(response, "copy").startswith("Файл не является документом")


def test_identity_document_create_refuses_expiry_before_issue(org, person, service_staff, as_user):
    response = as_user(service_staff).post(
        url("identity-document-create", org, person_pk=person.pk),
        document_post(expires_on="2019-01-01"),
    )

    assert field_error(response, "expires_on") == (
        "The document cannot expire before the date it was issued."
    )
    assert 'value="2019-01-01"' in response.content.decode()


@pytest.mark.parametrize("role", ["coordinator", "auditor"])
def test_identity_document_create_refused_to_roles_without_change(
    org, person, role, request, as_user
):
    response = as_user(request.getfixturevalue(role)).post(
        url("identity-document-create", org, person_pk=person.pk), document_post()
    )

    assert response.status_code == 403


def test_identity_document_create_other_organization_404(org, person, other_org_user, as_user):
    response = as_user(other_org_user).post(
        url("identity-document-create", org, person_pk=person.pk), document_post()
    )

    assert response.status_code == 404


def test_identity_document_create_anonymous_redirected(org, person, client):
    response = client.post(
        url("identity-document-create", org, person_pk=person.pk), document_post()
    )

    assert response.status_code == 302


def test_identity_document_update_saves(org, document, service_staff, as_user):
    response = as_user(service_staff).post(
        url("identity-document-update", org, person_pk=document.person.pk, pk=document.pk),
        document_post(number="N999"),
    )

    document.refresh_from_db()
    assert response.status_code == 302
    assert (document.number, bool(document.copy)) == ("N999", True)


def test_identity_document_update_needs_the_right_person(org, document, service_staff, as_user):
    other = PersonFactory(organization=org)

    response = as_user(service_staff).get(
        url("identity-document-update", org, person_pk=other.pk, pk=document.pk)
    )

    assert response.status_code == 404


def test_identity_document_update_refused_to_auditor(org, document, auditor, as_user):
    response = as_user(auditor).post(
        url("identity-document-update", org, person_pk=document.person.pk, pk=document.pk),
        document_post(number="N999"),
    )

    assert response.status_code == 403


def test_identity_document_delete(org, document, service_staff, as_user):
    response = as_user(service_staff).post(
        url("identity-document-delete", org, person_pk=document.person.pk, pk=document.pk)
    )

    assert response.status_code == 302
    assert not IdentityDocument.objects.exists()


def test_identity_document_delete_other_organization_404(org, document, other_org_user, as_user):
    response = as_user(other_org_user).post(
        url("identity-document-delete", org, person_pk=document.person.pk, pk=document.pk)
    )

    assert response.status_code == 404
    assert IdentityDocument.objects.exists()


# --- copy download ------------------------------------------------------------------------


def copy_url(org, document):
    return url("identity-document-copy", org, person_pk=document.person.pk, pk=document.pk)


@pytest.mark.parametrize("role", ["service_staff", "auditor"])
def test_identity_document_copy_served_as_attachment_and_audited(
    org, document, role, request, as_user
):
    user = request.getfixturevalue(role)

    response = as_user(user).get(copy_url(org, document))

    entry = AuditEntry.objects.get(action="people.identity_document.restricted_viewed")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF_BYTES
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f'attachment; filename="passport-{document.pk}.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert (entry.actor, entry.object_id, entry.data["fields"]) == (
        user,
        str(document.pk),
        ["copy"],
    )


@pytest.mark.parametrize("role", ["coordinator", "leadership"])
def test_identity_document_copy_refused_without_personal_data_access(
    org, document, role, request, as_user
):
    response = as_user(request.getfixturevalue(role)).get(copy_url(org, document))

    assert response.status_code == 403
    assert not AuditEntry.objects.filter(action__endswith="restricted_viewed").exists()


def test_identity_document_copy_missing_is_404(org, person, service_staff, as_user):
    document = IdentityDocumentFactory(person=person, organization=org, copy=None)

    assert as_user(service_staff).get(copy_url(org, document)).status_code == 404


def test_identity_document_copy_other_organization_404(org, document, other_org_user, as_user):
    assert as_user(other_org_user).get(copy_url(org, document)).status_code == 404


def test_identity_document_copy_anonymous_redirected(org, document, client):
    assert client.get(copy_url(org, document)).status_code == 302


def test_identity_document_create_reports_copy_with_other_errors(
    org, person, service_staff, as_user
):
    data = document_post(kind="", copy=SimpleUploadedFile("scan.pdf", b"plain text"))

    response = as_user(service_staff).post(
        url("identity-document-create", org, person_pk=person.pk), data
    )

    assert field_error(response, "kind") == "This field is required."
    assert field_error(response, "copy") == (
        "The file is not a PDF, DOCX, JPEG, PNG document (checked by its content)."
    )
