import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.factories.people import PDF_BYTES, IdentityDocumentFactory, PersonFactory, make_iin
from yntymaq.core.audit import MASK
from yntymaq.core.models import AuditEntry
from yntymaq.people import services
from yntymaq.people.models import IdentityDocument, Person
from yntymaq.people.services import PeopleError

pytestmark = pytest.mark.django_db

BIRTH = dt.date(1988, 3, 9)
IIN = make_iin(BIRTH, "M")
PNG_BYTES = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def citizen_data(**changes):
    data = {
        "last_name": "Иванов",
        "first_name": "Иван",
        "last_name_latin": "IVANOV",
        "first_name_latin": "IVAN",
        "birth_date": BIRTH,
        "sex": "M",
        "citizenship": "KZ",
        "iin": IIN,
    }
    data.update(changes)
    return data


def last_entry(action):
    return AuditEntry.objects.filter(action=action).latest("id")


def test_person_create_saves_and_audits(org, service_staff):
    person = services.person_create(organization=org, actor=service_staff, data=citizen_data())

    entry = last_entry("people.person.created")
    assert (person.organization, person.full_name, person.iin) == (org, "Иванов Иван", IIN)
    assert (entry.actor, entry.object_id) == (service_staff, str(person.pk))
    assert entry.data["changes"]["iin"] == [None, IIN]


def test_person_create_takes_birth_date_and_sex_from_iin(org, service_staff):
    person = services.person_create(
        organization=org, actor=service_staff, data=citizen_data(birth_date=None, sex="")
    )

    assert (person.birth_date, person.sex) == (BIRTH, "M")


def test_person_create_refuses_iin_contradicting_birth_date(org, service_staff):
    with pytest.raises(ValidationError) as caught:
        services.person_create(
            organization=org,
            actor=service_staff,
            data=citizen_data(birth_date=dt.date(1988, 3, 10)),
        )

    assert list(caught.value.message_dict) == ["iin"]
    assert Person.objects.count() == 0


def test_person_create_refuses_an_iin_the_organization_already_has(org, service_staff):
    PersonFactory(organization=org, last_name="Сериков", first_name="Серик", iin=IIN)

    with pytest.raises(PeopleError) as caught:
        services.person_create(organization=org, actor=service_staff, data=citizen_data())

    assert (caught.value.field, str(caught.value.message)) == (
        "iin",
        "This IIN already belongs to Сериков Серик.",
    )


def test_person_create_allows_the_same_iin_in_another_organization(org, other_org, service_staff):
    PersonFactory(organization=other_org, iin=IIN)

    person = services.person_create(organization=org, actor=service_staff, data=citizen_data())

    assert person.iin == IIN


def test_person_create_foreigner_without_iin(org, service_staff):
    person = services.person_create(
        organization=org,
        actor=service_staff,
        data={"last_name_latin": "WANG", "first_name_latin": "LEI", "citizenship": "CN"},
    )

    assert (str(person), person.iin, person.citizenship.code) == ("WANG LEI", "", "CN")


def test_person_update_audits_only_changed_fields(org, service_staff):
    person = PersonFactory(organization=org, email="")

    services.person_update(
        person=person, actor=service_staff, data={"email": "a@example.kz", "iin": person.iin}
    )

    assert last_entry("people.person.updated").data["changes"] == {"email": ["", "a@example.kz"]}


def test_person_update_without_change_writes_no_entry(org, service_staff):
    person = PersonFactory(organization=org)

    services.person_update(person=person, actor=service_staff, data={"iin": person.iin})

    assert not AuditEntry.objects.filter(action="people.person.updated").exists()


def test_person_update_keeps_search_text_in_step(org, service_staff):
    person = PersonFactory(organization=org)

    services.person_update(person=person, actor=service_staff, data={"last_name": "Сәрсенбаев"})

    person.refresh_from_db()
    assert person.search_text.startswith("сәрсенбаев ")


def test_person_delete_removes_documents_and_their_files(
    org, service_staff, django_capture_on_commit_callbacks
):
    document = IdentityDocumentFactory(person__organization=org, organization=org)
    storage, name = document.copy.storage, document.copy.name
    person = document.person

    with django_capture_on_commit_callbacks(execute=True):
        services.person_delete(person=person, actor=service_staff)

    entry = last_entry("people.person.deleted")
    assert not Person.objects.filter(pk=person.pk).exists()
    assert not IdentityDocument.objects.exists()
    assert not storage.exists(name)
    assert (entry.target_repr, entry.data["identity_documents"]) == (str(person), 1)


def test_person_delete_refused_while_other_records_refer(protected_person, service_staff):
    with pytest.raises(PeopleError) as caught:
        services.person_delete(person=protected_person, actor=service_staff)

    assert str(caught.value.message).startswith(
        "Защищённый Пётр cannot be deleted: other records refer to this person ("
    )
    assert Person.objects.filter(pk=protected_person.pk).exists()
    assert not AuditEntry.objects.filter(action="people.person.deleted").exists()


def document_data(**changes):
    data = {
        "kind": "passport",
        "number": "N12345678",
        "issued_on": dt.date(2020, 1, 10),
        "issued_by": "МВД РК",
        "expires_on": dt.date(2030, 1, 9),
    }
    data.update(changes)
    return data


def test_identity_document_create_stores_copy_under_a_random_name(org, service_staff):
    person = PersonFactory(organization=org)
    upload = SimpleUploadedFile("Паспорт Иванова.pdf", PDF_BYTES)

    document = services.identity_document_create(
        person=person, actor=service_staff, data=document_data(), copy=upload
    )

    assert document.copy.name.startswith(f"people/{org.pk}/documents/")
    assert document.copy.name.endswith(".pdf")
    assert "Иванова" not in document.copy.name
    with document.copy.open("rb") as handle:
        assert handle.read() == PDF_BYTES


def test_identity_document_create_masks_number_and_copy_in_audit(org, service_staff):
    person = PersonFactory(organization=org)

    document = services.identity_document_create(
        person=person,
        actor=service_staff,
        data=document_data(),
        copy=SimpleUploadedFile("scan.png", PNG_BYTES),
    )

    entry = last_entry("people.identity_document.created")
    assert entry.data["changes"]["number"] == [None, MASK]
    assert entry.data["changes"]["copy"] == [None, MASK]
    assert entry.data["changes"]["kind"] == [None, "passport"]
    assert "N12345678" not in str(entry.data) + entry.target_repr
    assert entry.object_id == str(document.pk)


def test_identity_document_create_refuses_text_named_pdf(org, service_staff):
    person = PersonFactory(organization=org)

    with pytest.raises(ValidationError) as caught:
        services.identity_document_create(
            person=person,
            actor=service_staff,
            data=document_data(),
            copy=SimpleUploadedFile("passport.pdf", b"just some text, not a PDF"),
        )

    assert caught.value.message_dict == {
        "copy": ["The file is not a PDF, DOCX, JPEG, PNG document (checked by its content)."]
    }
    assert not IdentityDocument.objects.exists()


def test_identity_document_create_refuses_too_large_copy(org, service_staff, settings):
    settings.YNTYMAQ_UPLOAD_MAX_BYTES = 1024 * 1024
    person = PersonFactory(organization=org)
    big = SimpleUploadedFile("scan.pdf", PDF_BYTES + b"0" * (1024 * 1024))

    with pytest.raises(ValidationError) as caught:
        services.identity_document_create(
            person=person, actor=service_staff, data=document_data(), copy=big
        )

    assert caught.value.message_dict == {"copy": ["The file is larger than 1 MB."]}


def test_identity_document_create_reports_date_and_copy_errors_together(org, service_staff):
    person = PersonFactory(organization=org)

    with pytest.raises(ValidationError) as caught:
        services.identity_document_create(
            person=person,
            actor=service_staff,
            data=document_data(expires_on=dt.date(2019, 1, 1)),
            copy=SimpleUploadedFile("x.pdf", b"text"),
        )

    assert sorted(caught.value.message_dict) == ["copy", "expires_on"]


def test_identity_document_update_replaces_copy_and_deletes_old_file(
    org, service_staff, django_capture_on_commit_callbacks
):
    document = IdentityDocumentFactory(person__organization=org, organization=org)
    old = document.copy.name

    with django_capture_on_commit_callbacks(execute=True):
        services.identity_document_update(
            document=document,
            actor=service_staff,
            data={"issued_by": "МЮ РК"},
            copy=SimpleUploadedFile("new.png", PNG_BYTES),
        )

    entry = last_entry("people.identity_document.updated")
    assert document.copy.name.endswith(".png")
    assert not document.copy.storage.exists(old)
    assert entry.data["changes"] == {"copy": [MASK, MASK], "issued_by": ["МВД РК", "МЮ РК"]}


def test_identity_document_update_removes_copy(org, service_staff):
    document = IdentityDocumentFactory(person__organization=org, organization=org)

    services.identity_document_update(
        document=document, actor=service_staff, data={}, remove_copy=True
    )

    document.refresh_from_db()
    assert not document.copy
    assert last_entry("people.identity_document.updated").data["changes"] == {"copy": [MASK, ""]}


def test_identity_document_update_refuses_expiry_before_issue(org, service_staff):
    document = IdentityDocumentFactory(person__organization=org, organization=org)

    with pytest.raises(ValidationError) as caught:
        services.identity_document_update(
            document=document, actor=service_staff, data={"expires_on": dt.date(2019, 12, 31)}
        )

    assert caught.value.message_dict == {
        "expires_on": ["The document cannot expire before the date it was issued."]
    }


def test_identity_document_delete_audits_and_removes_file(
    org, service_staff, django_capture_on_commit_callbacks
):
    document = IdentityDocumentFactory(person__organization=org, organization=org)
    storage, name = document.copy.storage, document.copy.name

    with django_capture_on_commit_callbacks(execute=True):
        services.identity_document_delete(document=document, actor=service_staff)

    entry = last_entry("people.identity_document.deleted")
    assert not IdentityDocument.objects.exists()
    assert not storage.exists(name)
    assert entry.data["changes"]["number"] == [MASK, None]
