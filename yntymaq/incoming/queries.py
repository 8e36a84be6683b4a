"""Every read of incoming data that pages, the API, reports and other apps need.

Lists run a fixed number of queries whatever their length (select_related, annotations,
Exists subqueries; no per-row queries).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.conf import settings
from django.db.models import (
    Case,
    Count,
    DateField,
    Exists,
    F,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    When,
)
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404
from django.utils import timezone

from yntymaq.core.models import Organization
from yntymaq.people.models import KAZAKHSTAN, Person, search_key

from .enums import (
    ENDED_STATUSES,
    PRESENT_STATUSES,
    STUDENT_CATEGORIES,
    DocumentStatus,
    LegalStatus,
    OriginFactKind,
    StayCategory,
    StayStatus,
)
from .models import (
    Accommodation,
    BriefingAttendance,
    IncomingSettings,
    LegalStatusRecord,
    OriginFact,
    Questionnaire,
    RequiredDocument,
    Room,
    Stay,
    StayDocument,
    StayEvent,
    StayTask,
)

# CIS member and associated states; EAEU members (A2.3 counts CIS citizens among foreigners).
CIS_COUNTRIES = frozenset({"AM", "AZ", "BY", "KG", "MD", "RU", "TJ", "TM", "UZ"})
EAEU_COUNTRIES = frozenset({"AM", "BY", "KG", "RU"})

STAY_ORDERINGS = {
    "name": ("person__last_name", "person__first_name", "person__last_name_latin", "id"),
    "-name": ("-person__last_name", "-person__first_name", "-person__last_name_latin", "-id"),
    "arrival": ("arrival_date", "id"),
    "-arrival": ("-arrival_date", "-id"),
    "status": ("status", "id"),
    "citizenship": ("person__citizenship", "id"),
    "course": ("course", "id"),
    "visa": ("visa_valid_to", "id"),
    "departure": ("expected_departure", "id"),
}


def is_cis(country_code: str) -> bool:
    """A CIS citizen, derived from citizenship (never entered separately)."""
    return (country_code or "").upper() in CIS_COUNTRIES


def is_eaeu(country_code: str) -> bool:
    return (country_code or "").upper() in EAEU_COUNTRIES


def settings_for(organization: Organization) -> IncomingSettings:
    """The organization's settings, or the defaults (unsaved) when it has changed nothing."""
    found = IncomingSettings.objects.for_org(organization).first()
    return found or IncomingSettings(organization=organization)


def stay_list(
    *,
    organization: Organization,
    search: str = "",
    status: str = "",
    category: str = "",
    citizenship: str = "",
    origin: str = "",
    arrival_line: str = "",
    specialty: str = "",
    course: int | None = None,
    arrived_from: date | None = None,
    arrived_to: date | None = None,
    expiring_within: int | None = None,
    today: date | None = None,
    ordering: str = "-arrival",
) -> QuerySet[Stay]:
    """The registry of foreigners: one query for a page, whatever its length.

    The default order, newest arrivals first, follows the index (organization, arrival_date),
    so a page of 20,000 stays needs no sort; ordering by name sorts the organization's rows.
    """
    stays = Stay.objects.for_org(organization).select_related("person", "organization")
    if search or citizenship or origin == "cis":
        # Filters on the person: the persons are the organization's anyway, and saying so lets
        # PostgreSQL read them by the organization's index instead of every person's row.
        stays = stays.filter(person__organization=organization)
    if search:
        for word in search_key(search).split():
            stays = stays.filter(person__search_text__contains=word)
    if status == "present":
        stays = stays.filter(status__in=PRESENT_STATUSES)
    elif status:
        stays = stays.filter(status=status)
    if category:
        stays = stays.filter(category=category)
    if citizenship:
        stays = stays.filter(person__citizenship=citizenship.upper())
    if origin in OriginFactKind.values:
        facts = OriginFact.objects.filter(person_id=OuterRef("person_id"), kind=origin)
        stays = stays.filter(Exists(facts))
    elif origin == "cis":
        stays = stays.filter(person__citizenship__in=CIS_COUNTRIES)
    if arrival_line:
        stays = stays.filter(arrival_line=arrival_line)
    if specialty:
        stays = stays.filter(
            Q(program_code__istartswith=specialty) | Q(program_name__icontains=specialty)
        )
    if course:
        stays = stays.filter(course=course)
    if arrived_from:
        stays = stays.filter(arrival_date__gte=arrived_from)
    if arrived_to:
        stays = stays.filter(arrival_date__lte=arrived_to)
    if expiring_within is not None and today is not None:
        until = today + timedelta(days=expiring_within)
        stays = stays.filter(
            Q(visa_valid_to__lte=until) | Q(registration_valid_until__lte=until),
            status__in=PRESENT_STATUSES,
        )
    return stays.order_by(*STAY_ORDERINGS.get(ordering, STAY_ORDERINGS["-arrival"]))


def stay_detail(*, organization: Organization, pk: int) -> Stay:
    """One stay with everything its page shows, in a fixed number of queries."""
    stays = (
        Stay.objects.for_org(organization)
        .select_related(
            "person", "organization", "enrollment_order", "preparatory_group", "previous_stay"
        )
        .prefetch_related(
            "events",
            "visas",
            "registrations",
            "permits",
            "tasks",
            "insurance_policies",
            "medical_exams",
            Prefetch(
                "accommodations", queryset=Accommodation.objects.select_related("room__dormitory")
            ),
            Prefetch("briefings", queryset=BriefingAttendance.objects.select_related("briefing")),
            Prefetch("documents", queryset=StayDocument.objects.select_related("required")),
        )
    )
    return get_object_or_404(stays, pk=pk)


def stay_get(*, organization: Organization, pk: int) -> Stay:
    return get_object_or_404(
        Stay.objects.for_org(organization).select_related("person", "organization"), pk=pk
    )


def stays_of_person(*, organization: Organization, person_id: int) -> QuerySet[Stay]:
    return Stay.objects.for_org(organization).filter(person_id=person_id).order_by("arrival_date")


def origin_facts_of(*, organization: Organization, person_id: int):
    return OriginFact.objects.for_org(organization).filter(person_id=person_id)


def questionnaire_of(stay: Stay) -> Questionnaire | None:
    return (
        Questionnaire.objects.filter(stay=stay)
        .select_related("stay__person", "organization")
        .prefetch_related("links")
        .first()
    )


def checklist_for(stay: Stay) -> list[dict]:
    """R8.4: each required document of the stay's category with its state (missing when there
    is no record). Two queries."""
    required = RequiredDocument.objects.for_org(stay.organization).filter(category=stay.category)
    documents = {d.required_id: d for d in StayDocument.objects.filter(stay=stay)}
    today = timezone.localdate()
    rows = []
    for item in required:
        document = documents.get(item.pk)
        status = document.status if document else DocumentStatus.MISSING
        if document and document.valid_until and document.valid_until < today:
            status = DocumentStatus.EXPIRED  # a copy past its date no longer counts
        rows.append({"required": item, "document": document, "status": status})
    return rows


def incomplete_files(*, organization: Organization) -> QuerySet[Stay]:
    """R8.4: stays in the country whose checklist is not complete (a required document is
    missing or expired), with the number of documents still missing. One query."""
    required = (
        RequiredDocument.objects.filter(
            organization_id=organization.pk, category=OuterRef("category")
        )
        .values("category")
        .annotate(n=Count("id"))
        .values("n")
    )
    return (
        Stay.objects.for_org(organization)
        .filter(status__in=(StayStatus.INVITED, *PRESENT_STATUSES))
        .select_related("person", "organization")
        .annotate(
            required_count=required,
            have_count=Count(
                "documents",
                filter=Q(documents__status__in=(DocumentStatus.RECEIVED, DocumentStatus.VERIFIED))
                & (
                    Q(documents__valid_until__isnull=True)
                    | Q(documents__valid_until__gte=timezone.localdate())
                ),
            ),
        )
        .filter(required_count__gt=0)
        .filter(have_count__lt=F("required_count"))
        .order_by("person__last_name", "person__last_name_latin", "id")
    )


def not_briefed(*, organization: Organization) -> QuerySet[Stay]:
    """R8.9: foreigners in the country who have not acknowledged any briefing yet."""
    acknowledged = BriefingAttendance.objects.filter(stay_id=OuterRef("pk"), acknowledged=True)
    return (
        Stay.objects.for_org(organization)
        .filter(status__in=PRESENT_STATUSES)
        .exclude(Exists(acknowledged))
        .select_related("person", "organization")
        .order_by("arrival_date", "id")
    )


def occupancy(*, organization: Organization) -> QuerySet[Room]:
    """R8.8: every room with its places taken now. One query."""
    return (
        Room.objects.for_org(organization)
        .select_related("dormitory")
        .annotate(taken=Count("accommodations", filter=Q(accommodations__check_out__isnull=True)))
        .order_by("dormitory__name", "number")
    )


def current_residents(*, organization: Organization) -> QuerySet[Accommodation]:
    return (
        Accommodation.objects.for_org(organization)
        .filter(check_out__isnull=True)
        .select_related("stay__person", "room__dormitory")
    )


def open_tasks(*, organization: Organization) -> QuerySet[StayTask]:
    return (
        StayTask.objects.for_org(organization)
        .filter(done_on__isnull=True)
        .select_related("stay__person", "organization")
        .order_by("due", "id")
    )


def status_counts(*, organization: Organization) -> dict[str, int]:
    rows = Stay.objects.for_org(organization).values("status").annotate(n=Count("id"))
    return {row["status"]: row["n"] for row in rows}


def ended_not_departed(*, organization: Organization) -> QuerySet[Stay]:
    return Stay.objects.for_org(organization).filter(status__in=ENDED_STATUSES)


# --- A2.3 export --------------------------------------------------------------------------------

EXPORT_FIELDS = (
    "person__last_name",
    "person__first_name",
    "person__patronymic",
    "person__last_name_latin",
    "person__first_name_latin",
    "person__patronymic_latin",
    "person__birth_date",
    "person__citizenship",
    "arrival_line",
    "arrival_line_other",
    "program_code",
    "program_name",
    "course",
    "residence_place",
    "expected_completion",
    "expected_departure",
    "category",
    "status",
    "arrival_date",
    "actual_departure",
    "arrival_country",
)


def a2_3_rows(stays: QuerySet[Stay]):
    """A2.3 values of the stays, streamed in chunks (flat memory). Never A1.6/A1.7."""
    return stays.values_list(*EXPORT_FIELDS).iterator(chunk_size=2000)


# --- R4.1 and the long-term plan's indicators -------------------------------------------------

R4_1_CATEGORIES = (
    StayCategory.MAIN_PROGRAM,
    StayCategory.PREPARATORY,
    StayCategory.DOCTORAL,
    StayCategory.TEACHER,
    StayCategory.RESEARCHER,
)
# R4.1: categories that count only when the stay is not a short visit (r4_1_min_stay_days).
R4_1_VISITOR_CATEGORIES = (StayCategory.TEACHER, StayCategory.RESEARCHER)
INDICATOR_GROUPS = {
    "students": STUDENT_CATEGORIES,
    "teachers_researchers": (StayCategory.TEACHER, StayCategory.RESEARCHER),
}


@dataclass
class ForeignersFigure:
    on_date: date
    count: int
    stays: list[Stay] = field(default_factory=list)


def _present_between(start: date, end: date) -> Q:
    """A stay at the organization at some time in [start, end]: arrived by `end`, not departed
    before `start`. An invited foreigner who has not arrived is not at the organization."""
    return (
        Q(arrival_date__lte=end)
        & (Q(actual_departure__isnull=True) | Q(actual_departure__gt=start))
        & ~Q(status=StayStatus.INVITED)
    )


def r4_1_min_stay_days() -> int:
    """R4.1 and R4.3: the shortest stay or trip, in days, that counts (a setting,
    YNTYMAQ_R4_MIN_STAY_DAYS, 30 by default; the reason is in docs/rules.md)."""
    return int(getattr(settings, "YNTYMAQ_R4_MIN_STAY_DAYS", 30))


def r4_1_not_citizen_on(
    rows: QuerySet, on_date: date, *, person: str = "person_id", citizenship: str = ""
) -> QuerySet:
    """R4.1: keep the rows whose person is NOT a citizen of Kazakhstan on the date.

    The person's legal status on the date is the latest record of their dated legal-status
    history (LegalStatusRecord) from on or before that date: "citizen of Kazakhstan" means not
    a foreigner, any other status (foreign citizen, residence permits, kandas) means a
    foreigner. Without a record on or before the date the citizenship decides (KZ is not a
    foreigner). So a kandas counts up to the day before the citizenship record and not from it,
    whatever their citizenship is today. `person` names the rows' person id, `citizenship` the
    person's citizenship field (default: "<person relation>__citizenship").
    """
    if not citizenship:
        citizenship = person.removesuffix("_id") + "__citizenship"
    status_on = Subquery(
        LegalStatusRecord.objects.with_scopes_disabled()
        .filter(person_id=OuterRef(person), since__lte=on_date)
        .order_by("-since", "-id")
        .values("status")[:1]
    )
    return rows.alias(r4_1_legal_status=status_on).filter(
        Q(r4_1_legal_status__isnull=False) & ~Q(r4_1_legal_status=LegalStatus.CITIZEN)
        | Q(r4_1_legal_status__isnull=True) & ~Q(**{citizenship: KAZAKHSTAN})
    )


def r4_1_counted_stays(organization: Organization, on_date: date) -> QuerySet[Stay]:
    """R4.1 (order No. 661, item 4, 1)): the stays that make their person count on the date.

    A stay counts on the date when ALL of these hold (interpretation in docs/rules.md):
    - its person is not a citizen of Kazakhstan on that date (`r4_1_not_citizen_on`);
    - its category is one the seed names: main-program or preparatory student, doctoral
      student, teacher or researcher ("other visitors" never count);
    - it is an active stay: arrived on or before the date, not departed on or before it, and
      its ground for stay has not ended — a completion (graduation), expulsion or transfer
      stops it counting on the date of that step (the order's date, recorded in the stay's
      dated history), not on the day the foreigner physically leaves;
    - a teacher or researcher is not on a short visit: where the stay's end is known (actual
      departure, else expected departure, else expected completion) it lasts at least
      `r4_1_min_stay_days()` days from the arrival.
    """
    ended = (
        StayEvent.objects.with_scopes_disabled()
        .filter(stay_id=OuterRef("pk"), to_status__in=ENDED_STATUSES)
        .order_by("on", "id")
        .values("on")[:1]
    )
    ended_on = Coalesce(
        Subquery(ended),
        Case(When(status__in=ENDED_STATUSES, then=F("status_since")), default=None),
        output_field=DateField(),
    )
    end = Coalesce(
        "actual_departure", "expected_departure", "expected_completion", output_field=DateField()
    )
    short = Q(r4_1_end__isnull=False) & Q(
        r4_1_end__lt=F("arrival_date") + timedelta(days=r4_1_min_stay_days())
    )
    stays = (
        Stay.objects.for_org(organization)
        .filter(_present_between(on_date, on_date), category__in=R4_1_CATEGORIES)
        .alias(r4_1_ended_on=ended_on, r4_1_end=end)
        .filter(Q(r4_1_ended_on__isnull=True) | Q(r4_1_ended_on__gt=on_date))
        .exclude(Q(category__in=R4_1_VISITOR_CATEGORIES) & short)
    )
    return r4_1_not_citizen_on(stays, on_date)


def r4_1_foreigners(
    organization: Organization, on_date: date, *, limit: int | None = None
) -> ForeignersFigure:
    """R4.1: distinct foreigners (diaspora, kandas and CIS citizens included) studying,
    teaching or researching at the organization on the date: the persons of
    `r4_1_counted_stays`.

    Returns the count of distinct persons and one stay per person behind it (the latest
    arrival), the first `limit` of them by name (all when None, none when 0). Three queries,
    one when `limit` is 0.
    """
    counted = r4_1_counted_stays(organization, on_date)
    count = counted.values("person_id").distinct().count()
    if limit == 0:
        return ForeignersFigure(on_date, count, [])
    persons = (
        counted.order_by("person__last_name", "person__first_name", "person_id")
        .values_list("person_id", flat=True)
        .distinct()
    )
    person_ids = list(persons if limit is None else persons[:limit])
    latest: dict[int, Stay] = {}
    for stay in (
        Stay.objects.for_org(organization)
        .filter(pk__in=counted.values("pk"), person_id__in=person_ids)
        .select_related("person")
        .order_by("person_id", "-arrival_date", "id")
    ):
        latest.setdefault(stay.person_id, stay)
    return ForeignersFigure(on_date, count, [latest[pk] for pk in person_ids])


def citizen_of_kazakhstan_on(person: Person, on_date: date) -> bool:
    """Whether the person is a citizen of Kazakhstan on the date, as R4.1 judges it
    (`r4_1_not_citizen_on`); a person not saved yet has no history, so citizenship decides."""
    if person.pk is None:
        return bool(person.citizenship) and person.citizenship.code == KAZAKHSTAN
    persons = Person.objects.for_org(person.organization).filter(pk=person.pk)
    return not r4_1_not_citizen_on(
        persons, on_date, person="pk", citizenship="citizenship"
    ).exists()


def foreigners_by_country(organization: Organization, start: date, end: date) -> dict[str, int]:
    """Distinct foreigners with a stay at the organization at some time in [start, end], by
    citizenship (the dashboard's chart by country and year). One query."""
    return dict(
        Stay.objects.for_org(organization)
        .filter(_present_between(start, end))
        .order_by()
        .values_list("person__citizenship")
        .annotate(count=Count("person_id", distinct=True))
    )


def foreigners_count(organization: Organization, start: date, end: date, group: str) -> int:
    """Distinct foreigners of a group ("students" or "teachers_researchers") with a stay at the
    organization at some time in [start, end] (planning's R2.1 indicators). One query."""
    return (
        Stay.objects.for_org(organization)
        .filter(_present_between(start, end), category__in=INDICATOR_GROUPS[group])
        .values("person_id")
        .distinct()
        .count()
    )
