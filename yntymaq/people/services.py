"""Changes of people data. One function per business action, audited in its transaction."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import ProtectedError, RestrictedError
from django.utils.translation import gettext_lazy as _

from yntymaq.core import audit
from yntymaq.core.edits import Edit, assign_fields
from yntymaq.core.errors import ApplicationError
from yntymaq.core.models import Organization, User
from yntymaq.core.validators import iin_birth_date_and_sex, validate_iin, validate_upload

from .models import IdentityDocument, Person, search_key

PERSON_FIELDS = [
    "last_name",
    "first_name",
    "patronymic",
    "last_name_latin",
    "first_name_latin",
    "patronymic_latin",
    "birth_date",
    "sex",
    "citizenship",
    "iin",
    "phones",
    "email",
]
DOCUMENT_FIELDS = ["kind", "number", "issued_on", "issued_by", "expires_on"]
# Personal data: the audit log records that they changed, never their values.
DOCUMENT_RESTRICTED = ("number", "copy")

# Extension and content type of a stored copy, by the kind validate_upload recognised.
COPY_EXTENSIONS = {"pdf": ".pdf", "docx": ".docx", "jpeg": ".jpg", "png": ".png"}


class PeopleError(ApplicationError):
    """A change of people data that the rules refuse."""


def _fill_from_iin(person: Person) -> None:
    """An empty birth date or sex is taken from a valid IIN (it encodes both)."""
    if not person.iin or (person.birth_date and person.sex):
        return
    try:
        validate_iin(person.iin)
    except ValidationError:
        return  # clean() reports the IIN itself
    born, sex = iin_birth_date_and_sex(person.iin)
    person.birth_date = person.birth_date or born
    person.sex = person.sex or sex


def _check_iin_unique(person: Person) -> None:
    """One IIN belongs to one person of the organization; say who already has it."""
    if not person.iin:
        return
    holder = (
        Person.objects.for_org(person.organization)
        .filter(iin=person.iin)
        .exclude(pk=person.pk)
        .first()
    )
    if holder is not None:
        raise PeopleError(
            _("This IIN already belongs to %(name)s.") % {"name": holder.full_name},
            field="iin",
        )


def _validate_person(person: Person) -> None:
    """The one-row invariants of Person.clean(), then the IIN's uniqueness."""
    person.full_clean(exclude=["organization"], validate_unique=False, validate_constraints=False)
    _fill_from_iin(person)
    _check_iin_unique(person)


@transaction.atomic
def person_create(
    *, organization: Organization, actor: User | None, data: dict[str, Any]
) -> Person:
    person = person_prepare(organization=organization, data=data)
    person.save()
    audit.record(
        action="people.person.created",
        actor=actor,
        target=person,
        data={"changes": audit.changes({}, audit.snapshot(person, PERSON_FIELDS))},
    )
    return person


def person_prepare(*, organization: Organization, data: dict[str, Any]) -> Person:
    """A new person checked as person_create checks it, not saved: imports save many at once
    (persons_create_many). Its IIN, if any, is checked against the saved persons only."""
    person = Person(organization=organization)
    assign_fields(person, data, PERSON_FIELDS)
    _validate_person(person)
    return person


@transaction.atomic
def persons_create_many(*, actor: User | None, persons: list[Person]) -> list[Person]:
    """Save persons made by person_prepare, each audited as person_create audits it, in a few
    statements whatever their number."""
    for person in persons:
        person.search_text = search_key(*(getattr(person, n) for n in Person.NAME_FIELDS))
    created = Person.objects.bulk_create(persons, batch_size=1000)
    audit.record_many(
        [
            audit.entry(
                action="people.person.created",
                actor=actor,
                target=person,
                data={"changes": audit.changes({}, audit.snapshot(person, PERSON_FIELDS))},
            )
            for person in created
        ]
    )
    return created


@transaction.atomic
def person_update(*, person: Person, actor: User | None, data: dict[str, Any]) -> Person:
    edit = Edit(person, PERSON_FIELDS)
    assign_fields(person, data, PERSON_FIELDS)
    _validate_person(person)
    edit.save(action="people.person.updated", actor=actor)
    return person


@transaction.atomic
def person_delete(*, person: Person, actor: User | None) -> None:
    """Delete a person with their identity documents, unless other records refer to them."""
    files = [d.copy.name for d in person.documents.all() if d.copy]
    documents = person.documents.count()
    target_repr = str(person)
    audit.record(
        action="people.person.deleted",
        actor=actor,
        target=person,
        data={"changes": audit.changes(audit.snapshot(person, PERSON_FIELDS), {})}
        | {"identity_documents": documents},
        target_repr=target_repr,
    )
    try:
        person.delete()
    except ProtectedError as error:
        raise _still_referenced(target_repr, error.protected_objects) from error
    except RestrictedError as error:
        raise _still_referenced(target_repr, error.restricted_objects) from error
    _delete_files_after_commit(files)


def _still_referenced(name: str, objects) -> PeopleError:
    """The whole transaction (with its audit entry) is rolled back by raising this."""
    kinds = sorted({str(obj._meta.verbose_name_plural) for obj in objects})
    return PeopleError(
        _("%(name)s cannot be deleted: other records refer to this person (%(records)s).")
        % {"name": name, "records": ", ".join(kinds)}
    )


def _delete_files_after_commit(names: list[str]) -> None:
    """Copies of deleted documents leave the storage once the deletion is committed."""
    storage = IdentityDocument._meta.get_field("copy").storage

    def remove():
        for name in names:
            storage.delete(name)

    if names:
        transaction.on_commit(remove)


def _validate_document(document: IdentityDocument, copy: UploadedFile | None) -> None:
    """The document's fields and dates, and the uploaded copy: PDF/DOCX/JPEG/PNG recognised
    by content, within the size limit. All errors are reported together, each by its field."""
    errors: dict[str, list] = {}
    try:
        document.full_clean(exclude=["organization", "person", "copy"])
    except ValidationError as error:
        errors.update(error.message_dict)
    if copy is not None:
        try:
            kind = validate_upload(copy)
        except ValidationError as error:
            errors["copy"] = error.messages
        else:
            copy.name = f"copy{COPY_EXTENSIONS[kind]}"
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def identity_document_create(
    *,
    person: Person,
    actor: User | None,
    data: dict[str, Any],
    copy: UploadedFile | None = None,
) -> IdentityDocument:
    document = IdentityDocument(organization=person.organization, person=person)
    assign_fields(document, data, DOCUMENT_FIELDS)
    _validate_document(document, copy)
    if copy is not None:
        document.copy = copy
    document.save()
    fields = [*DOCUMENT_FIELDS, "copy"]
    audit.record(
        action="people.identity_document.created",
        actor=actor,
        target=document,
        data={
            "person": person.pk,
            "changes": audit.changes(
                {}, audit.snapshot(document, fields), restricted=DOCUMENT_RESTRICTED
            ),
        },
    )
    return document


@transaction.atomic
def identity_document_update(
    *,
    document: IdentityDocument,
    actor: User | None,
    data: dict[str, Any],
    copy: UploadedFile | None = None,
    remove_copy: bool = False,
) -> IdentityDocument:
    """Change a document; a new copy replaces the old one, whose file is then deleted."""
    fields = [*DOCUMENT_FIELDS, "copy"]
    before = audit.snapshot(document, fields)
    old_file = document.copy.name if document.copy else ""
    assign_fields(document, data, DOCUMENT_FIELDS)
    _validate_document(document, copy)
    if copy is not None:
        document.copy = copy
    elif remove_copy:
        document.copy = ""
    document.save()
    if old_file and old_file != (document.copy.name or ""):
        _delete_files_after_commit([old_file])
    changes = audit.changes(
        before, audit.snapshot(document, fields), restricted=DOCUMENT_RESTRICTED
    )
    if changes:
        audit.record(
            action="people.identity_document.updated",
            actor=actor,
            target=document,
            data={"person": document.person_id, "changes": changes},
        )
    return document


@transaction.atomic
def identity_document_delete(*, document: IdentityDocument, actor: User | None) -> None:
    fields = [*DOCUMENT_FIELDS, "copy"]
    audit.record(
        action="people.identity_document.deleted",
        actor=actor,
        target=document,
        data={
            "person": document.person_id,
            "changes": audit.changes(
                audit.snapshot(document, fields), {}, restricted=DOCUMENT_RESTRICTED
            ),
        },
    )
    files = [document.copy.name] if document.copy else []
    document.delete()
    _delete_files_after_commit(files)
