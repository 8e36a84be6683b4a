"""Reads of people data for pages, the API and other apps (which never read the tables)."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from django.db.models import Count, Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404

from yntymaq.core.access import can
from yntymaq.core.models import Membership, Organization

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


# --- who sees which persons ---------------------------------------------------------------------

ALL_UNITS = "people.all_units"

# How a person is linked to an internal unit. The apps that make such links (service:
# officials; outbound: trips, candidates, plan rows; planning: responsible persons of plan
# items) register, in their AppConfig.ready(), a function `link(membership)` returning
# querysets of person ids (`.values("person_id")`) linked to the units the membership
# coordinates. People, an earlier app, never imports them (DESIGN.md: apps depend downward).
UnitLink = Callable[[Membership], Iterable[QuerySet]]
_UNIT_LINKS: list[UnitLink] = []


def register_unit_link(link: UnitLink) -> None:
    """Count the persons `link(membership)` names as persons of the membership's units."""
    if link not in _UNIT_LINKS:
        _UNIT_LINKS.append(link)


def persons_for(membership: Membership) -> QuerySet[Person]:
    """The persons the membership may see: every person of the organization with
    `people.all_units` (core.access), otherwise (a unit coordinator) only the persons linked
    to the units it coordinates. The one rule for the people pages, API, search and exports."""
    persons = Person.objects.for_org(membership.organization)
    if can(membership, ALL_UNITS):
        return persons
    linked = Q(pk__in=[])
    for link in _UNIT_LINKS:
        for person_ids in link(membership):
            linked |= Q(pk__in=person_ids)
    return persons.filter(linked)


def person_list(
    *,
    membership: Membership,
    search: str = "",
    citizenship: str = "",
    ordering: str = "name",
    with_document_counts: bool = False,
) -> QuerySet[Person]:
    """The persons the membership may see, filtered and ordered, in one query."""
    persons = persons_for(membership).select_related("organization")
    if search:
        persons = search_persons(persons, search)
    if citizenship:
        persons = persons.filter(citizenship=citizenship.upper())
    if with_document_counts:
        persons = persons.annotate(document_count=Count("documents"))
    return persons.order_by(*PERSON_ORDERINGS.get(ordering, PERSON_ORDERINGS["name"]))


def person_by_iin_for(
    *, organization: Organization, membership: Membership | None, iin: str, last_name: str = ""
) -> Person | None:
    """The organization's person with this IIN, as `membership` may name them by it, or None.

    A role that sees every unit (and the system, `membership` None) finds every person. A unit
    coordinator finds the persons of its units, and another person of the organization only
    with the surname that is theirs (whoever knows both may bring the person into a unit's
    plan, as designed); otherwise the answer is None, exactly as for an IIN nobody has, so the
    name of a person the coordinator may not open is never revealed."""
    person = Person.objects.for_org(organization).filter(iin=iin).first()
    if person is None or membership is None or can(membership, ALL_UNITS):
        return person
    if persons_for(membership).filter(pk=person.pk).exists():
        return person
    given = search_key(last_name)
    if given and given in (search_key(person.last_name), search_key(person.last_name_latin)):
        return person
    return None


def person_detail(*, membership: Membership, pk: int) -> Person:
    """One person the membership may see (404 otherwise) with the identity documents."""
    organization = membership.organization
    documents = IdentityDocument.objects.for_org(organization).order_by("-issued_on", "-id")
    persons = (
        persons_for(membership)
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
