"""Reads of the outbound registries for pages, the API, the dashboard, the deadline engine and
other apps (reporting reads A2.4 and R4.3 from here, never from the tables).

Unit scoping: a membership without `outbound.all_units` (a unit coordinator) sees only the
plans, trips, candidates and reports of the units it coordinates (`for_unit`). Every list
runs a fixed number of queries whatever its length.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db.models import Count, DateField, Exists, F, OuterRef, Prefetch, Q, QuerySet
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404

from yntymaq.core.access import can
from yntymaq.core.models import Membership, Organization
from yntymaq.incoming.queries import r4_1_min_stay_days
from yntymaq.people.models import KAZAKHSTAN, IdentityDocument, Person
from yntymaq.people.queries import search_persons
from yntymaq.service.models import Unit

from .enums import (
    CandidateStatus,
    DocumentCode,
    DocumentStatus,
    ParticipantStatus,
    PlanStatus,
    Purpose,
    ReportStatus,
    TripKind,
    TripStatus,
)
from .models import (
    Candidate,
    CandidateLanguage,
    DocumentRequirement,
    OutboundSettings,
    PlanRow,
    ReportAttachment,
    TrainingCourse,
    TrainingParticipant,
    TrainingSession,
    Trip,
    TripDocument,
    TripPlan,
    TripReport,
)

ALL_UNITS = "outbound.all_units"

# Statuses of a trip that has not left yet (it can still be cancelled).
BEFORE_DEPARTURE = (TripStatus.PLANNED, TripStatus.APPROVED, TripStatus.DOCUMENTS_READY)


# --- settings -------------------------------------------------------------------------------


def outbound_settings(organization: Organization) -> OutboundSettings:
    """The organization's settings, or the defaults (unsaved) while none are stored."""
    found = OutboundSettings.objects.for_org(organization).first()
    return found or OutboundSettings(organization=organization)


@dataclass(frozen=True)
class Requirement:
    """One line of the effective checklist: a stored requirement or a default one."""

    code: str
    name: str
    trip_kinds: tuple[str, ...] = ()
    requirement: DocumentRequirement | None = None

    def applies_to(self, kind: str) -> bool:
        return not self.trip_kinds or kind in self.trip_kinds


# R8.4: the checklist an organization starts with until it sets its own.
DEFAULT_REQUIREMENTS = (
    (DocumentCode.PASSPORT, ()),
    (DocumentCode.VISA, ()),
    (DocumentCode.INVITATION, ()),
    (DocumentCode.INSURANCE, ()),
    (DocumentCode.ORDER, ()),
    (DocumentCode.TICKETS, ()),
    (DocumentCode.LEARNING_AGREEMENT, ("mobility_semester", "degree_study")),
)


def document_requirements(organization: Organization) -> QuerySet[DocumentRequirement]:
    return DocumentRequirement.objects.for_org(organization).order_by("position", "id")


def effective_requirements(organization: Organization) -> list[Requirement]:
    """R8.4: the organization's checklist of exit documents (its own, or the default one)."""
    stored = list(document_requirements(organization))
    if stored:
        return [
            Requirement(r.code, r.label, tuple(r.trip_kinds or ()), r)
            for r in stored
            if r.is_active
        ]
    return [
        Requirement(code, str(DocumentCode(code).label).capitalize(), kinds)
        for code, kinds in DEFAULT_REQUIREMENTS
    ]


# --- unit scope -----------------------------------------------------------------------------


def units_for(membership: Membership) -> QuerySet[Unit]:
    """The units whose plans and trips the membership may see and draft."""
    units = Unit.objects.for_org(membership.organization)
    if can(membership, ALL_UNITS):
        return units
    return units.filter(coordinators=membership)


def for_unit(queryset: QuerySet, membership: Membership, unit_field: str = "unit") -> QuerySet:
    """Limit rows to the membership's units (a coordinator); others see every row."""
    if can(membership, ALL_UNITS):
        return queryset
    return queryset.filter(**{f"{unit_field}__coordinators": membership})


def unit_persons(membership: Membership) -> list[QuerySet]:
    """Persons linked to the units the membership coordinates: by their trips, their places in
    the reserve and the rows of the units' trip plans. Registered with
    people.queries.register_unit_link."""
    organization = membership.organization
    return [
        Trip.objects.for_org(organization)
        .filter(unit__coordinators=membership)
        .values("person_id"),
        Candidate.objects.for_org(organization)
        .filter(unit__coordinators=membership)
        .values("person_id"),
        PlanRow.objects.for_org(organization)
        .filter(plan__unit__coordinators=membership, person__isnull=False)
        .values("person_id"),
    ]


# --- plans (R8.5) ---------------------------------------------------------------------------


def plan_list(
    membership: Membership, *, status: str = "", unit: int | None = None, year: int | None = None
) -> QuerySet[TripPlan]:
    plans = for_unit(TripPlan.objects.for_org(membership.organization), membership)
    if status:
        plans = plans.filter(status=status)
    if unit:
        plans = plans.filter(unit_id=unit)
    if year:
        plans = plans.filter(year=year)
    return (
        plans.select_related("unit", "organization")
        .annotate(row_count=Count("rows"))
        .order_by("-year", "unit__name_ru", "id")
    )


def plan_rows(plan: TripPlan) -> QuerySet[PlanRow]:
    active_trips = Trip.objects.exclude(status=TripStatus.CANCELLED).order_by("id")
    return (
        PlanRow.objects.filter(plan=plan)
        .select_related("person")
        .prefetch_related(Prefetch("trips", queryset=active_trips, to_attr="active_trips"))
        .order_by("planned_departure", "id")
    )


def plan_get(membership: Membership, pk: int) -> TripPlan:
    plans = for_unit(TripPlan.objects.for_org(membership.organization), membership)
    return get_object_or_404(plans.select_related("unit", "organization", "decided_by"), pk=pk)


def plan_row_get(membership: Membership, pk: int, plan_pk: int | None = None) -> PlanRow:
    rows = for_unit(
        PlanRow.objects.for_org(membership.organization), membership, "plan__unit"
    ).select_related("plan__unit", "plan__organization", "person", "organization")
    if plan_pk is not None:
        rows = rows.filter(plan_id=plan_pk)
    return get_object_or_404(rows, pk=pk)


def rows_open_for_trips(membership: Membership) -> QuerySet[PlanRow]:
    """Rows of approved plans that have no trip yet (for selecting a reserve candidate)."""
    trips = Trip.objects.filter(plan_row=OuterRef("pk")).exclude(status=TripStatus.CANCELLED)
    rows = for_unit(PlanRow.objects.for_org(membership.organization), membership, "plan__unit")
    return (
        rows.filter(plan__status=PlanStatus.APPROVED)
        .exclude(Exists(trips))
        .select_related("plan__unit", "person")
        .order_by("planned_departure", "id")
    )


# --- trips ----------------------------------------------------------------------------------

TRIP_ORDERINGS = {
    "-departure": ("-planned_departure", "-id"),
    "departure": ("planned_departure", "id"),
    "name": ("person__last_name", "person__first_name", "id"),
    "-name": ("-person__last_name", "-person__first_name", "-id"),
    "country": ("country", "city", "-planned_departure", "id"),
    "status": ("status", "-planned_departure", "id"),
}


@dataclass
class TripFilters:
    search: str = ""
    unit: int | None = None
    kind: str = ""
    purpose: str = ""
    country: str = ""
    status: str = ""
    date_from: date | None = None  # trips that end on or after this date
    date_to: date | None = None  # trips that start on or before this date
    ordering: str = "-departure"


def trip_queryset(membership: Membership) -> QuerySet[Trip]:
    return for_unit(Trip.objects.for_org(membership.organization), membership)


def trip_list(membership: Membership, filters: TripFilters | None = None) -> QuerySet[Trip]:
    """Trips of the membership's units, filtered; person and unit joined (one query)."""
    filters = filters or TripFilters()
    trips = trip_queryset(membership)
    if filters.search:
        persons = search_persons(Person.objects.for_org(membership.organization), filters.search)
        # Names in either script or the IIN (people's search key), or the order number.
        trips = trips.filter(
            Q(person__in=persons.values("pk")) | Q(order_number=filters.search.strip())
        )
    if filters.unit:
        trips = trips.filter(unit_id=filters.unit)
    if filters.kind:
        trips = trips.filter(kind=filters.kind)
    if filters.purpose:
        trips = trips.filter(purpose=filters.purpose)
    if filters.country:
        trips = trips.filter(country=filters.country.upper())
    if filters.status:
        trips = trips.filter(status=filters.status)
    if filters.date_from:
        trips = trips.filter(
            Q(actual_return__gte=filters.date_from)
            | Q(actual_return__isnull=True, planned_return__gte=filters.date_from)
        )
    if filters.date_to:
        trips = trips.filter(
            Q(actual_departure__lte=filters.date_to)
            | Q(actual_departure__isnull=True, planned_departure__lte=filters.date_to)
        )
    ordering = TRIP_ORDERINGS.get(filters.ordering, TRIP_ORDERINGS["-departure"])
    return trips.select_related("person", "unit", "organization").order_by(*ordering)


def trip_countries(membership: Membership) -> list[str]:
    """The country codes the membership's trips go to (for the filters), in one query."""
    return list(trip_queryset(membership).order_by().values_list("country", flat=True).distinct())


def trip_get(membership: Membership, pk: int) -> Trip:
    """One trip of the membership's units (404 otherwise) with its checklist, reports and
    required courses."""
    trips = trip_queryset(membership).select_related(
        "person", "unit", "organization", "plan_row__plan__unit", "candidate"
    )
    documents = TripDocument.objects.select_related("organization").order_by("position", "id")
    reports = TripReport.objects.select_related("organization").order_by("due_on", "kind")
    return get_object_or_404(
        trips.prefetch_related(
            Prefetch("documents", queryset=documents),
            Prefetch("reports", queryset=reports),
            Prefetch("required_courses", queryset=TrainingCourse.objects.order_by("starts_on")),
        ),
        pk=pk,
    )


def overlapping_trips(trip: Trip) -> QuerySet[Trip]:
    """Other trips of the same person, not cancelled, whose dates overlap this trip's.

    A trip's dates are the actual ones where recorded, the planned ones otherwise.
    """
    return (
        Trip.objects.for_org(trip.organization)
        .filter(person_id=trip.person_id)
        .exclude(pk=trip.pk)
        .exclude(status=TripStatus.CANCELLED)
        .annotate(
            start=Coalesce("actual_departure", "planned_departure"),
            end=Coalesce("actual_return", "planned_return"),
        )
        .filter(start__lte=trip.return_date, end__gte=trip.departure)
        .order_by("start")
    )


def trip_training_missing(trip: Trip) -> list[TrainingCourse]:
    """R8.5: required pre-departure courses the trip's person has not completed."""
    completed = set(
        TrainingParticipant.objects.filter(
            course__in=trip.required_courses.all(),
            person_id=trip.person_id,
            status=ParticipantStatus.COMPLETED,
        ).values_list("course_id", flat=True)
    )
    return [c for c in trip.required_courses.all() if c.pk not in completed]


def trip_documents_missing(trip: Trip) -> list[TripDocument]:
    """R8.4: checklist items of the trip that are neither received nor marked not needed."""
    return [d for d in trip.documents.all() if not d.is_done]


def passport_valid_until(trip: Trip) -> date | None:
    """The passport's expiry: from the trip's checklist, else the person's latest passport."""
    for document in trip.documents.all():
        if document.code == DocumentCode.PASSPORT and document.valid_until:
            return document.valid_until
    latest = (
        IdentityDocument.objects.filter(
            person_id=trip.person_id, kind__in=("foreign_passport", "passport")
        )
        .exclude(expires_on__isnull=True)
        .order_by("-expires_on")
        .values_list("expires_on", flat=True)
        .first()
    )
    return latest


def add_months(day: date, months: int) -> date:
    """The same day `months` later (the last day of the month where it has fewer days)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    last = calendar.monthrange(year, month)[1]
    return date(year, month, min(day.day, last))


def passport_short_of(valid_until: date | None, return_date: date, months: int) -> date | None:
    """R8.4 warning rule: a passport must stay valid `months` (default 6) past the return.

    Returns the date it must be valid until when it is not; None when it is or is unknown.
    """
    required = add_months(return_date, months)
    if valid_until is not None and valid_until < required:
        return required
    return None


def passport_too_short(trip: Trip, months: int) -> tuple[date, date] | None:
    """(valid until, required until) when the trip's passport expires too early (R8.4)."""
    valid_until = passport_valid_until(trip)
    required = passport_short_of(valid_until, trip.return_date, months)
    return (valid_until, required) if required else None


# --- who is abroad now (R2.13), R4.3 --------------------------------------------------------


def abroad_filter(on_date: date) -> Q:
    """Abroad on a date: departed on or before it and not yet returned (the return day counts
    as back in Kazakhstan)."""
    return Q(actual_departure__lte=on_date) & (
        Q(actual_return__isnull=True) | Q(actual_return__gt=on_date)
    )


def abroad_on(
    membership: Membership, on_date: date, *, country: str = "", city: str = "", search: str = ""
) -> QuerySet[Trip]:
    """R2.13: everyone abroad on the date, by country and city, with contacts and dates."""
    trips = trip_queryset(membership).filter(abroad_filter(on_date))
    if country:
        trips = trips.filter(country=country.upper())
    if city:
        trips = trips.filter(city=city.strip())
    if search:
        persons = search_persons(Person.objects.for_org(membership.organization), search)
        trips = trips.filter(person__in=persons.values("pk"))
    return trips.select_related("person", "unit", "organization").order_by(
        "country", "city", "person__last_name", "person__first_name", "id"
    )


def abroad_by_country(membership: Membership, on_date: date) -> list[dict]:
    """Counts abroad on the date per country and city (one query)."""
    return list(
        trip_queryset(membership)
        .filter(abroad_filter(on_date))
        .values("country", "city")
        .annotate(people=Count("person", distinct=True))
        .order_by("country", "city")
    )


@dataclass
class CitizensAbroad:
    on_date: date
    count: int
    persons: list[Person] = field(default_factory=list)


def r4_3_counted_trips(organization: Organization, on_date: date) -> QuerySet[Trip]:
    """R4.3 (order No. 661, item 4, 3)): the trips that make a citizen count on the date.

    A trip counts when it is abroad on the date (departed, not yet returned), by the
    organization's direction, for study, work or research (its purpose; a trip whose kind is a
    conference or seminar is not study, work or research there), and lasts at least
    `r4_1_min_stay_days()` days from the departure to the return (the actual return, else the
    planned one): a three-day conference trip is not "sent abroad to study, work or research".
    """
    end = Coalesce("actual_return", "planned_return", output_field=DateField())
    return (
        Trip.objects.for_org(organization)
        .filter(abroad_filter(on_date), purpose__in=Purpose.values)
        .exclude(status=TripStatus.CANCELLED)
        .exclude(kind=TripKind.CONFERENCE)
        .alias(r4_3_end=end)
        .filter(r4_3_end__gte=F("actual_departure") + timedelta(days=r4_1_min_stay_days()))
    )


def r4_3_persons(organization: Organization, on_date: date) -> QuerySet[Person]:
    """R4.3: the distinct citizens of Kazakhstan abroad on the date by the organization's
    direction (`r4_3_counted_trips`), by name; each carries `trips_abroad`, the trips that
    place them abroad on that date."""
    trips = r4_3_counted_trips(organization, on_date).order_by("actual_departure", "id")
    return (
        Person.objects.for_org(organization)
        .filter(citizenship=KAZAKHSTAN, pk__in=trips.values("person_id"))
        .prefetch_related(
            Prefetch("trips", queryset=trips.select_related("unit"), to_attr="trips_abroad")
        )
        .order_by("last_name", "first_name", "last_name_latin", "id")
    )


def r4_3_citizens_abroad(
    organization: Organization, on_date: date, *, limit: int | None = None
) -> CitizensAbroad:
    """R4.3: how many citizens are abroad on the date by the organization's direction
    (`r4_3_persons`), and the first `limit` of them (all when None, none when 0). Three
    queries, one when `limit` is 0."""
    persons = r4_3_persons(organization, on_date)
    count = persons.count()
    listed = [] if limit == 0 else list(persons if limit is None else persons[:limit])
    return CitizensAbroad(on_date=on_date, count=count, persons=listed)


def trips_by_country(organization: Organization, start: date, end: date) -> dict[str, int]:
    """Trips abroad by country that were under way at some time in [start, end]: departed by
    `end`, and back (or due back) on `start` or later (the dashboard's chart by country and
    year). One query."""
    return dict(
        Trip.objects.for_org(organization)
        .exclude(status__in=(*BEFORE_DEPARTURE, TripStatus.CANCELLED))
        .filter(actual_departure__isnull=False, actual_departure__lte=end)
        .filter(
            Q(actual_return__gte=start) | Q(actual_return__isnull=True, planned_return__gte=start)
        )
        .order_by()
        .values_list("country")
        .annotate(count=Count("id"))
    )


def a2_4_rows(trips: QuerySet[Trip]):
    """A2.4 rows (full name, date of birth, residence in Kazakhstan and abroad, purpose,
    terms, place, date of return) read as plain values, streamed in chunks."""
    return trips.values_list(
        "person__last_name",
        "person__first_name",
        "person__patronymic",
        "person__last_name_latin",
        "person__first_name_latin",
        "person__birth_date",
        "residence_in_kazakhstan",
        "address_abroad",
        "purpose",
        "kind",
        "planned_departure",
        "planned_return",
        "actual_departure",
        "actual_return",
        "country",
        "city",
        "host_organization",
        "status",
    ).iterator(chunk_size=2000)


# --- the reserve (R8.7) ---------------------------------------------------------------------


@dataclass
class CandidateFilters:
    search: str = ""
    category: str = ""
    unit: int | None = None
    status: str = ""
    language: str = ""
    min_level: str = ""
    min_score: float | None = None
    min_gpa: float | None = None
    country: str = ""
    available_on: date | None = None


def candidate_queryset(membership: Membership) -> QuerySet[Candidate]:
    return for_unit(Candidate.objects.for_org(membership.organization), membership)


def candidate_list(
    membership: Membership, filters: CandidateFilters | None = None
) -> QuerySet[Candidate]:
    """R8.7: the reserve, filtered to find who fits a place (two queries: rows, languages)."""
    filters = filters or CandidateFilters()
    # Ordered by the person's name: the persons are the organization's anyway, and saying so
    # lets PostgreSQL read them by index (a hash of every person of the country took 35 ms).
    candidates = candidate_queryset(membership).filter(person__organization=membership.organization)
    if filters.search:
        persons = search_persons(Person.objects.for_org(membership.organization), filters.search)
        candidates = candidates.filter(
            Q(person__in=persons.values("pk")) | Q(programs_of_interest__icontains=filters.search)
        )
    if filters.category:
        candidates = candidates.filter(category=filters.category)
    if filters.unit:
        candidates = candidates.filter(unit_id=filters.unit)
    if filters.status:
        candidates = candidates.filter(status=filters.status)
    if filters.language or filters.min_level or filters.min_score is not None:
        languages = CandidateLanguage.objects.filter(candidate=OuterRef("pk"))
        if filters.language:
            languages = languages.filter(language=filters.language)
        if filters.min_level:
            languages = languages.filter(level__gte=filters.min_level)
        if filters.min_score is not None:
            languages = languages.filter(score__gte=filters.min_score)
        candidates = candidates.filter(Exists(languages))
    if filters.min_gpa is not None:
        candidates = candidates.filter(gpa__gte=filters.min_gpa)
    if filters.country:
        # A multiple CountryField is stored as "DE,FR,IT".
        code = filters.country.upper()
        candidates = candidates.filter(
            Q(countries_of_interest=code)
            | Q(countries_of_interest__startswith=f"{code},")
            | Q(countries_of_interest__endswith=f",{code}")
            | Q(countries_of_interest__contains=f",{code},")
        )
    if filters.available_on:
        day = filters.available_on
        candidates = candidates.filter(
            Q(available_from__isnull=True) | Q(available_from__lte=day),
            Q(available_until__isnull=True) | Q(available_until__gte=day),
        )
    return (
        candidates.select_related("person", "unit", "organization")
        .prefetch_related(
            Prefetch("languages", queryset=CandidateLanguage.objects.order_by("language"))
        )
        .order_by("person__last_name", "person__first_name", "id")
    )


def candidate_get(membership: Membership, pk: int) -> Candidate:
    trips = Trip.objects.select_related("organization", "person").order_by("-planned_departure")
    return get_object_or_404(
        candidate_queryset(membership)
        .select_related("person", "unit", "organization")
        .prefetch_related(
            Prefetch("languages", queryset=CandidateLanguage.objects.order_by("language")),
            Prefetch("trips", queryset=trips),
        ),
        pk=pk,
    )


ACTIVE_CANDIDATE_STATUSES = (CandidateStatus.ACTIVE, CandidateStatus.SELECTED)


# --- training (R8.5) ------------------------------------------------------------------------


def course_list(organization: Organization, *, kind: str = "") -> QuerySet[TrainingCourse]:
    courses = TrainingCourse.objects.for_org(organization)
    if kind:
        courses = courses.filter(kind=kind)
    return (
        courses.select_related("organization")
        .annotate(
            participant_count=Count("participants", distinct=True),
            completed_count=Count(
                "participants",
                filter=Q(participants__status=ParticipantStatus.COMPLETED),
                distinct=True,
            ),
            session_count=Count("sessions", distinct=True),
        )
        .order_by("-starts_on", "title", "id")
    )


def course_get(organization: Organization, pk: int) -> TrainingCourse:
    sessions = TrainingSession.objects.select_related("organization").order_by("date", "id")
    participants = TrainingParticipant.objects.select_related("person", "organization").order_by(
        "person__last_name", "person__first_name", "id"
    )
    return get_object_or_404(
        TrainingCourse.objects.for_org(organization)
        .select_related("organization")
        .prefetch_related(
            Prefetch("sessions", queryset=sessions),
            Prefetch("participants", queryset=participants),
        ),
        pk=pk,
    )


def session_get(organization: Organization, course_pk: int, pk: int) -> TrainingSession:
    return get_object_or_404(
        TrainingSession.objects.for_org(organization).select_related("course"),
        course_id=course_pk,
        pk=pk,
    )


def participant_get(organization: Organization, course_pk: int, pk: int) -> TrainingParticipant:
    return get_object_or_404(
        TrainingParticipant.objects.for_org(organization).select_related("course", "person"),
        course_id=course_pk,
        pk=pk,
    )


# --- documents (R8.4) -----------------------------------------------------------------------


def trip_document_get(membership: Membership, trip_pk: int, pk: int) -> TripDocument:
    documents = for_unit(
        TripDocument.objects.for_org(membership.organization), membership, "trip__unit"
    )
    return get_object_or_404(
        documents.select_related("trip__person", "trip__organization", "organization"),
        trip_id=trip_pk,
        pk=pk,
    )


def trip_documents(membership: Membership) -> QuerySet[TripDocument]:
    documents = for_unit(
        TripDocument.objects.for_org(membership.organization), membership, "trip__unit"
    )
    return documents.select_related("trip__person", "organization").order_by(
        "trip_id", "position", "id"
    )


def documents_overdue(membership: Membership, today: date) -> QuerySet[Trip]:
    """R8.4: trips not yet departed whose exit-documents deadline has passed while documents
    are still missing, with the number missing (one query)."""
    pending = Count("documents", filter=Q(documents__status=DocumentStatus.PENDING))
    return (
        trip_queryset(membership)
        .filter(status__in=(TripStatus.PLANNED, TripStatus.APPROVED), exit_documents_due__lt=today)
        .annotate(missing=pending)
        .filter(missing__gt=0)
        .select_related("person", "unit", "organization")
        .order_by("exit_documents_due", "id")
    )


# --- reports (R8.6) -------------------------------------------------------------------------


def report_list(
    membership: Membership, *, status: str = "", kind: str = "", overdue_on: date | None = None
) -> QuerySet[TripReport]:
    reports = for_unit(
        TripReport.objects.for_org(membership.organization), membership, "trip__unit"
    )
    if status:
        reports = reports.filter(status=status)
    if kind:
        reports = reports.filter(kind=kind)
    if overdue_on is not None:
        reports = reports.filter(
            status__in=(ReportStatus.DUE, ReportStatus.RETURNED), due_on__lt=overdue_on
        )
    return reports.select_related("trip__person", "trip__unit", "organization").order_by(
        "due_on", "id"
    )


def report_get(membership: Membership, trip_pk: int, pk: int) -> TripReport:
    reports = for_unit(
        TripReport.objects.for_org(membership.organization), membership, "trip__unit"
    )
    return get_object_or_404(
        reports.select_related(
            "trip__person", "trip__unit", "trip__organization", "decided_by"
        ).prefetch_related(
            Prefetch("attachments", queryset=ReportAttachment.objects.order_by("id"))
        ),
        trip_id=trip_pk,
        pk=pk,
    )


def report_attachment_get(membership: Membership, report_pk: int, pk: int) -> ReportAttachment:
    attachments = for_unit(
        ReportAttachment.objects.for_org(membership.organization), membership, "report__trip__unit"
    )
    return get_object_or_404(attachments.select_related("report__trip"), report_id=report_pk, pk=pk)


# --- the deadline engine --------------------------------------------------------------------


def reports_due_by(organization: Organization, until: date) -> QuerySet[TripReport]:
    """R8.6: reports not yet submitted (or returned) that fall due by `until`."""
    return (
        TripReport.objects.for_org(organization)
        .filter(status__in=(ReportStatus.DUE, ReportStatus.RETURNED), due_on__lte=until)
        # The joined trips and persons are the organization's: named, they are read by the
        # organization's index, not hashed whole from every organization's rows.
        .filter(trip__organization=organization, trip__person__organization=organization)
        .select_related("trip__person", "trip__unit")
        .prefetch_related(
            Prefetch("trip__unit__coordinators", queryset=Membership.objects.only("user_id"))
        )
        .order_by("due_on", "id")
    )


def trips_with_documents_missing_by(organization: Organization, until: date) -> QuerySet[Trip]:
    """R8.4: trips before departure with documents still missing whose deadline (or planned
    departure) falls by `until`."""
    pending = Count("documents", filter=Q(documents__status=DocumentStatus.PENDING))
    return (
        Trip.objects.for_org(organization)
        .filter(status__in=(TripStatus.PLANNED, TripStatus.APPROVED))
        .annotate(deadline=Coalesce("exit_documents_due", "planned_departure"), missing=pending)
        .filter(deadline__lte=until, missing__gt=0)
        .filter(person__organization=organization)  # read by the index, as reports_due_by
        .select_related("person")
        .order_by("deadline", "id")
    )


def passports_to_check(organization: Organization, until: date) -> QuerySet[TripDocument]:
    """R8.4: passport items with a validity date of trips that have not returned yet and leave
    by `until` (the validity rule itself is `passport_too_short`)."""
    return (
        TripDocument.objects.for_org(organization)
        .filter(
            code=DocumentCode.PASSPORT,
            valid_until__isnull=False,
            trip__status__in=(*BEFORE_DEPARTURE,),
            trip__planned_departure__lte=until,
        )
        .select_related("trip__person")
        .order_by("trip__planned_departure", "id")
    )


def citizens_sent_abroad_count(organization: Organization, start: date, end: date) -> int:
    """Distinct citizens who departed on a trip by the organization's direction within
    [start, end] (planning's R2.1 indicator "citizens sent abroad"). One query."""
    return (
        Trip.objects.for_org(organization)
        .filter(actual_departure__gte=start, actual_departure__lte=end)
        .exclude(status=TripStatus.CANCELLED)
        .values("person_id")
        .distinct()
        .count()
    )
