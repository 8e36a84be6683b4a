"""Reads of people data for pages, the API and other apps (which never read the tables)."""

from __future__ import annotations

from django.db.models import Count, Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404

from yntymaq.core.models import Organization

from .models import IdentityDocument, Person, search_key

# ?ordering= values accepted by person_list, and the columns they sort by.
PERSON_ORDERINGS = {
    "name": ("last_name", "first_name", "last_name_latin", "first_name_latin", "id"),
    "-name": ("-last_name", "-first_name", "-last_name_latin", "-first_name_latin", "-id"),
    "latin": ("last_name_latin", "first_name_latin", "last_name", "first_name", "id"),
    "-latin": ("-last_name_latin", "-first_name_latin", "-last_name", "-first_name", "-id"),
    "birth_date": ("birth_date", "id"),
    "-birth_date": ("-birth_date", "-id"),
    "citizenship": ("citizenship", "last_name", "last_name_latin", "id"),
    "-citizenship": ("-citizenship", "last_name", "last_name_latin", "id"),
    "created": ("created_at", "id"),
    "-created": ("-created_at", "-id"),
}


def search_persons(persons: QuerySet[Person], search: str) -> QuerySet[Person]:
    """Name search in both scripts: every word must occur in some name, in any order.

    "ivanov ivan", "Иван Иванов" and "иванов" all find Иванов Иван / IVANOV IVAN; case and
    ё/е do not matter. A word of digits also matches the beginning of the IIN.
    """
    for word in search_key(search).split():
        condition = Q(search_text__contains=word)
        if word.isdigit():
            condition |= Q(iin__startswith=word)
        persons = persons.filter(condition)
    return persons


def person_list(
    *,
    organization: Organization,
    search: str = "",
    citizenship: str = "",
    ordering: str = "name",
    with_document_counts: bool = False,
) -> QuerySet[Person]:
    """The organization's persons, filtered and ordered, in one query."""
    persons = Person.objects.for_org(organization).select_related("organization")
    if search:
        persons = search_persons(persons, search)
    if citizenship:
        persons = persons.filter(citizenship=citizenship.upper())
    if with_document_counts:
        persons = persons.annotate(document_count=Count("documents"))
    return persons.order_by(*PERSON_ORDERINGS.get(ordering, PERSON_ORDERINGS["name"]))


def person_detail(*, organization: Organization, pk: int) -> Person:
    """One person of the organization (404 otherwise) with the identity documents."""
    documents = IdentityDocument.objects.for_org(organization).order_by("-issued_on", "-id")
    persons = (
        Person.objects.for_org(organization)
        .select_related("organization")
        .prefetch_related(Prefetch("documents", queryset=documents))
    )
    return get_object_or_404(persons, pk=pk)


def identity_document_list(
    *, organization: Organization, person: Person | None = None
) -> QuerySet[IdentityDocument]:
    documents = IdentityDocument.objects.for_org(organization).select_related(
        "person", "organization"
    )
    if person is not None:
        documents = documents.filter(person=person)
    return documents.order_by("person_id", "-issued_on", "-id")


def identity_document_get(*, organization: Organization, person_pk: int, pk: int):
    """One document of one person of the organization, or 404."""
    return get_object_or_404(
        identity_document_list(organization=organization), person_id=person_pk, pk=pk
    )
