"""THE adapter between reporting and the registries: every read of another app's data that
reporting or authority needs goes through one function here, and each of those calls only the
owning app's query functions (DESIGN.md: nothing reads another app's tables behind its back).

One function per R4 criterion and per item of Appendix 2. Each returns plain, JSON-ready
values (codes, ISO dates, strings), so that a report's data can be frozen in a snapshot and
laid out later in any language (`label()` turns codes into words under the active language).

Where the owning app does not (yet) offer the query function an item needs, the function
raises SourceUnavailable: the report shows the item as "not available yet" and never makes
data up.
"""

from __future__ import annotations

import importlib
from collections import Counter
from collections.abc import Callable, Iterator
from datetime import date
from typing import Any

from django.urls import NoReverseMatch, reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from yntymaq.core import bilingual
from yntymaq.core.enums import Role
from yntymaq.core.models import Membership, Organization

INCOMING = "yntymaq.incoming.queries"
OUTBOUND = "yntymaq.outbound.queries"
PARTNERS = "yntymaq.partners.queries"
PLANNING = "yntymaq.planning.queries"
PLANNING_DOCUMENTS = "yntymaq.planning.documents"
SERVICE = "yntymaq.service.queries"

# A2.3: foreigners counted as students (the "specialty and course" check applies to them).
COURSE_CATEGORIES = ("main_program", "doctoral")
# R4.1 (DESIGN.md): categories a foreigner must have to be counted.
R4_1_CATEGORIES = ("main_program", "preparatory", "doctoral", "teacher", "researcher")
# Stay statuses that mean "never arrived" and trip statuses that mean "never left".
NOT_ARRIVED = ("invited",)
NOT_DEPARTED = ("planned", "approved", "documents_ready", "cancelled")


class SourceUnavailable(Exception):
    """The registry that owns this item does not offer the query function it needs (yet)."""

    def __init__(self, item: str, needed: str):
        super().__init__(f"{item}: {needed} is not available")
        self.item = item
        self.needed = needed


def _function(item: str, module: str, name: str) -> Callable:
    try:
        loaded = importlib.import_module(module)
    except ImportError as error:
        raise SourceUnavailable(item, f"{module}.{name}") from error
    function = getattr(loaded, name, None)
    if function is None:
        raise SourceUnavailable(item, f"{module}.{name}")
    return function


def available(item_function: Callable, *args) -> bool:
    """Whether an item's source exists (calls it; for tests and pages that only ask)."""
    try:
        item_function(*args)
    except SourceUnavailable:
        return False
    return True


REPORT_LANGUAGES = ("ru", "kk")


def in_languages(make: Callable[[], str]) -> dict[str, str]:
    """A text the registry words by the active language, in each language of the report."""
    texts = {}
    for language in REPORT_LANGUAGES:
        with translation.override(language):
            texts[language] = str(make())
    return texts


def _iso(value) -> str:
    return value.isoformat() if value else ""


def _code(value) -> str:
    """A country field, a choice or None as its plain code."""
    if value is None:
        return ""
    return str(getattr(value, "code", value) or "")


def _url(obj) -> str:
    try:
        return obj.get_absolute_url()
    except Exception:  # a registry without a page for its rows yet
        return ""


def _page(organization: Organization, url_name: str, pk: int) -> str:
    """An object's page in the organization (no query: the slug is known)."""
    try:
        return reverse(url_name, kwargs={"org_slug": organization.slug, "pk": pk})
    except NoReverseMatch:
        return ""


def _reader(organization: Organization) -> Membership:
    """Registries that scope by membership (outbound's units) read for the whole organization,
    as the service head does: an unsaved membership that is never stored."""
    return Membership(organization=organization, role=Role.SERVICE_HEAD, is_active=True)


# --- labels -------------------------------------------------------------------------------

_CHOICES = {
    "category": ("yntymaq.incoming.enums", "StayCategory"),
    "arrival_line": ("yntymaq.incoming.enums", "ArrivalLine"),
    "origin": ("yntymaq.incoming.enums", "OriginFactKind"),
    "purpose": ("yntymaq.outbound.enums", "Purpose"),
    "trip_kind": ("yntymaq.outbound.enums", "TripKind"),
    "agreement_kind": ("yntymaq.partners.enums", "AgreementKind"),
    "conference_kind": ("yntymaq.planning.enums", "ConferenceKind"),
    "conference_role": ("yntymaq.planning.enums", "ConferenceRole"),
    "plan_area": ("yntymaq.planning.enums", "ActivityArea"),
    "plan_item_status": ("yntymaq.planning.enums", "ItemStatus"),
    "material_kind": ("yntymaq.planning.enums", "TeachingMaterialKind"),
}
EXTRA_LABELS = {("origin", "cis"): _("CIS citizens")}


def label(field: str, code: str) -> str:
    """The word for a stored code in the active language (countries too: field "country")."""
    if not code:
        return ""
    if field == "country":
        from yntymaq.people.countries import citizenship_countries

        return str(citizenship_countries.name(code) or code)
    if (field, code) in EXTRA_LABELS:
        return str(EXTRA_LABELS[(field, code)])
    module, name = _CHOICES.get(field, ("", ""))
    try:
        choices = getattr(importlib.import_module(module), name)
    except (ImportError, AttributeError, ValueError):
        return code
    try:
        return str(choices(code).label)
    except ValueError:
        return code


# --- R4 -----------------------------------------------------------------------------------


def _row(text: str, detail: str, url: str) -> dict[str, str]:
    return {"label": text, "detail": detail, "url": url}


def r4_1(
    organization: Organization, on_date: date, rows: bool = True, limit: int | None = None
) -> tuple[int, list[dict]]:
    """R4.1: foreigners studying, teaching or researching at the organization on the date
    (counted as DESIGN.md says), from incoming."""
    function = _function("R4.1", INCOMING, "r4_1_foreigners")
    figure = function(organization, on_date, limit=limit if rows else 0)
    if not rows:
        return figure.count, []
    listed = [
        _row(
            str(getattr(stay, "person", stay)),
            _stay_detail(stay),
            _page(organization, "incoming:stay-detail", stay.pk),
        )
        for stay in list(getattr(figure, "stays", getattr(figure, "rows", [])))[:limit]
    ]
    return figure.count, listed


def _stay_detail(stay) -> str:
    parts = []
    for attribute in ("get_category_display", "get_status_display"):
        method = getattr(stay, attribute, None)
        if method:
            parts.append(str(method()))
    return ", ".join(parts)


def r4_2(
    organization: Organization, on_date: date, rows: bool = True, limit: int | None = None
) -> tuple[int, list[dict]]:
    """R4.2: agreements actively and effectively carried out on the date, from partners."""
    function = _function("R4.2", PARTNERS, "r4_2_active_agreements")
    figure = function(organization, on_date)
    if not rows:
        return figure.count, []
    listed = [
        _row(
            agreement.title,
            "; ".join(
                p
                for p in (
                    ", ".join(str(p) for p in agreement.partners.all()),
                    _r4_2_evidence(agreement),
                )
                if p
            ),
            _page(organization, "partners:agreement-detail", agreement.pk),
        )
        for agreement in (figure.agreements[:limit] if limit else figure.agreements)
    ]
    return figure.count, listed


def _r4_2_evidence(agreement) -> str:
    """The evidence of R4.2 for one agreement: its results in the preceding 12 months."""
    results = getattr(agreement, "r4_2_results", None)
    last = getattr(agreement, "r4_2_last_result", None)
    if results is None:
        return ""
    return str(
        ngettext(
            "%(count)d result in 12 months, the latest on %(date)s",
            "%(count)d results in 12 months, the latest on %(date)s",
            results,
        )
        % {"count": results, "date": last.strftime("%d.%m.%Y") if last else "—"}
    )


def r4_3(
    organization: Organization, on_date: date, rows: bool = True, limit: int | None = None
) -> tuple[int, list[dict]]:
    """R4.3: citizens abroad on the date by the organization's direction, from outbound."""
    function = _function("R4.3", OUTBOUND, "r4_3_citizens_abroad")
    figure = function(organization, on_date, limit=limit if rows else 0)
    if not rows:
        return figure.count, []
    listed = []
    for person in figure.persons[:limit]:
        trips = list(getattr(person, "trips_abroad", []))
        trip = trips[0] if trips else None
        detail = ""
        if trip is not None:
            detail = ", ".join(p for p in (label("country", _code(trip.country)), trip.city) if p)
        url = (
            _page(organization, "outbound:trip-detail", trip.pk)
            if trip
            else _page(organization, "people:person-detail", person.pk)
        )
        listed.append(_row(person.full_name, detail, url))
    return figure.count, listed


# --- A2.1, A2.2 (service) -------------------------------------------------------------------


def a2_1_units(organization: Organization) -> list[dict]:
    """A2.1: internal units working directly on external relations, with their location."""
    units = _function("A2.1", SERVICE, "unit_list")(organization)
    return [
        {
            "name_ru": unit.name_ru,
            "name_kk": unit.name_kk,
            "address": bilingual.pair(unit.address, unit.address_kk),
            "building": unit.building,
            "room": unit.room,
        }
        for unit in units
        if unit.works_on_external_relations
    ]


def a2_2_officials(organization: Organization) -> list[dict]:
    """A2.2: officials responsible for international cooperation, with their phones."""
    officials = _function("A2.2", SERVICE, "official_list")(organization)
    return [
        {
            "full_name": official.person.full_name,
            "position": bilingual.pair(official.position, official.position_kk),
            "work_phone": official.work_phone,
            "home_phone": official.home_phone,
        }
        for official in officials
        if official.responsible_for_cooperation
    ]


# --- A2.3 (incoming) ------------------------------------------------------------------------

A2_3_FIELDS = (
    "last_name",
    "first_name",
    "patronymic",
    "last_name_latin",
    "first_name_latin",
    "patronymic_latin",
    "birth_date",
    "citizenship",
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


def _overlaps(first: date | None, last: date | None, start: date, end: date) -> bool:
    return first is not None and first <= end and (last is None or last >= start)


def _a2_3_values(organization: Organization, start: date, end: date, **filters):
    stay_list = _function("A2.3", INCOMING, "stay_list")
    values = _function("A2.3", INCOMING, "a2_3_rows")
    stays = stay_list(organization=organization, arrived_to=end, **filters)
    return _a2_3_overlapping(values(stays), start, end)


def _a2_3_overlapping(values, start: date, end: date):
    for value in values:
        row = dict(zip(A2_3_FIELDS, value, strict=True))
        if row["status"] in NOT_ARRIVED:
            continue
        if _overlaps(row["arrival_date"], row["actual_departure"], start, end):
            yield row


def a2_3_foreigners(organization: Organization, start: date, end: date) -> list[dict]:
    """A2.3: everyone whose stay overlaps [start, end], with exactly the columns of the form
    (full name, year of birth, country of arrival, arrival line, specialty, course, place of
    residence, expected completion and departure), and the codes the figures count by; in the
    printed order (a2_3_order). The report streams them instead (a2_3_rows)."""
    return sorted(a2_3_rows(organization, start, end), key=a2_3_order)


def a2_3_order(row: dict) -> tuple:
    """A2.3 is printed by full name, then year of birth."""
    return (row["full_name"].casefold(), row["birth_year"] or 0)


def a2_3_rows(organization: Organization, start: date, end: date) -> Iterator[dict]:
    """The rows of A2.3 (see a2_3_foreigners) streamed from incoming in chunks, unsorted.
    Raises SourceUnavailable at once, not when the first row is read."""
    values = _a2_3_values(organization, start, end)
    return (_a2_3_row(row) for row in values)


def _a2_3_row(row: dict) -> dict:
    cyrillic = " ".join(p for p in (row["last_name"], row["first_name"], row["patronymic"]) if p)
    latin = " ".join(
        p for p in (row["last_name_latin"], row["first_name_latin"], row["patronymic_latin"]) if p
    )
    return {
        "full_name": cyrillic or latin,
        "full_name_latin": latin if cyrillic else "",
        "birth_year": row["birth_date"].year if row["birth_date"] else None,
        "country": _code(row["citizenship"]),
        "arrival_country": _code(row["arrival_country"]) or _code(row["citizenship"]),
        "arrival_line": row["arrival_line"] or "",
        "arrival_line_other": row["arrival_line_other"] or "",
        "specialty": " ".join(p for p in (row["program_code"], row["program_name"]) if p),
        "course": row["course"],
        "residence": row["residence_place"] or "",
        "expected_completion": _iso(row["expected_completion"]),
        "expected_departure": _iso(row["expected_departure"]),
        "category": row["category"] or "",
        "from": _iso(row["arrival_date"]),
        "to": _iso(row["actual_departure"]),
    }


def foreigners_by_country(organization: Organization, start: date, end: date) -> Counter:
    """Foreigners at the organization in [start, end] by citizenship (the dashboard's chart)."""
    counts = _function("charts", INCOMING, "foreigners_by_country")(organization, start, end)
    return _by_code(counts)


def trips_by_country(organization: Organization, start: date, end: date) -> Counter:
    """Trips abroad under way in [start, end] by country (the dashboard's chart)."""
    counts = _function("charts", OUTBOUND, "trips_by_country")(organization, start, end)
    return _by_code(counts)


def _by_code(counts: dict) -> Counter:
    merged: Counter = Counter()
    for code, number in counts.items():
        merged[_code(code) or "—"] += number
    return merged


def a2_3_origin_counts(organization: Organization, start: date, end: date) -> dict[str, int]:
    """Foreigners of A2.3 with each origin fact (diaspora, kandas, quota) and CIS citizens."""
    counts = {}
    kinds = ("diaspora", "kandas", "quota", "cis")
    for kind in kinds:
        counts[kind] = sum(1 for _row in _a2_3_values(organization, start, end, origin=kind))
    return counts


# --- A2.4 (outbound) ------------------------------------------------------------------------

A2_4_FIELDS = (
    "last_name",
    "first_name",
    "patronymic",
    "last_name_latin",
    "first_name_latin",
    "birth_date",
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
)


def a2_4_citizens_abroad(organization: Organization, start: date, end: date) -> list[dict]:
    """A2.4: citizens sent abroad whose trip overlaps [start, end], with the columns of the
    form (full name, date of birth, residence in Kazakhstan and abroad, purpose, terms, place,
    date of return), in the printed order (a2_4_order). The report streams them (a2_4_rows)."""
    return sorted(a2_4_rows(organization, start, end), key=a2_4_order)


def a2_4_order(row: dict) -> tuple:
    """A2.4 is printed by full name, then date of departure."""
    return (row["full_name"].casefold(), row["departure"])


def a2_4_rows(organization: Organization, start: date, end: date) -> Iterator[dict]:
    """The rows of A2.4 (see a2_4_citizens_abroad) streamed from outbound in chunks,
    unsorted. Raises SourceUnavailable at once, not when the first row is read."""
    trip_list = _function("A2.4", OUTBOUND, "trip_list")
    values = _function("A2.4", OUTBOUND, "a2_4_rows")
    filters = _function("A2.4", OUTBOUND, "TripFilters")(date_from=start, date_to=end)
    return _a2_4_overlapping(values(trip_list(_reader(organization), filters)), start, end)


def _a2_4_overlapping(values, start: date, end: date) -> Iterator[dict]:
    for value in values:
        row = dict(zip(A2_4_FIELDS, value, strict=True))
        if row["status"] in NOT_DEPARTED or row["actual_departure"] is None:
            continue
        returned = row["actual_return"] or row["planned_return"]
        if not _overlaps(row["actual_departure"], returned, start, end):
            continue
        cyrillic = " ".join(
            p for p in (row["last_name"], row["first_name"], row["patronymic"]) if p
        )
        latin = " ".join(p for p in (row["last_name_latin"], row["first_name_latin"]) if p)
        yield {
            "full_name": cyrillic or latin,
            "birth_date": _iso(row["birth_date"]),
            "residence_kz": row["residence_in_kazakhstan"] or "",
            "residence_abroad": row["address_abroad"] or "",
            "purpose": row["purpose"] or "",
            "kind": row["kind"] or "",
            "departure": _iso(row["actual_departure"]),
            "planned_return": _iso(row["planned_return"]),
            "actual_return": _iso(row["actual_return"]),
            "country": _code(row["country"]),
            "city": row["city"] or "",
            "host": row["host_organization"] or "",
            "from": _iso(row["actual_departure"]),
            "to": _iso(returned),
        }


# --- A2.5 (planning) ------------------------------------------------------------------------


def a2_5_annual_plan(organization: Organization, academic_year: int) -> dict | None:
    """A2.5: the academic year's work plan (None when there is none), with its items."""
    plan = _function("A2.5", PLANNING, "annual_plan_for_year")(organization, academic_year)
    if plan is None:
        return None
    return {
        "title": bilingual.pair(plan.title, plan.title_kk)
        if plan.title or plan.title_kk
        else in_languages(lambda: plan.display_title),
        "approved": bool(plan.is_approved),
        "approved_at": _iso(plan.approved_at.date()) if plan.approved_at else "",
        "url": _url(plan),
        "items": [
            {
                "activity": bilingual.pair(item.activity, item.activity_kk),
                "area": item.area,
                "unit": bilingual.pair(item.unit.name_ru or item.unit.name_kk, item.unit.name_kk)
                if item.unit_id
                else "",
                "responsible": str(item.responsible) if item.responsible_id else "",
                "deadline": _iso(item.deadline),
                "status": item.status,
                "result": item.result,
            }
            for item in plan.items.all()
        ],
    }


def a2_5_copy(organization: Organization, academic_year: int, language: str) -> bytes | None:
    """The copy of the approved plan that A2.5 asks for (planning prints it as DOCX)."""
    plan = _function("A2.5", PLANNING, "annual_plan_for_year")(organization, academic_year)
    if plan is None or not plan.is_approved:
        return None
    render = _function("A2.5", PLANNING_DOCUMENTS, "annual_plan_docx")
    return render(plan, language)


# --- A2.6, A2.7 (partners) ------------------------------------------------------------------


AGREEMENTS_AT_A_TIME = 500  # agreements (with their partners and results) in memory at once


def _agreements(organization: Organization, academic_year: int):
    return _function("A2.6", PARTNERS, "agreements_for_annual_report")(organization, academic_year)


def a2_6_agreements(organization: Organization, academic_year: int) -> Iterator[dict]:
    """A2.6: the agreements with foreign partners in force during the academic year, and
    whether their signed copy is on file; streamed, AGREEMENTS_AT_A_TIME at a time."""
    agreements = _agreements(organization, academic_year).iterator(AGREEMENTS_AT_A_TIME)
    return (
        {
            "id": agreement.pk,
            "number": agreement.our_number,
            "title": bilingual.pair(agreement.title, agreement.title_kk),
            "kind": agreement.kind,
            "partners": [
                {
                    "name": in_languages(lambda p=partner: p.name),
                    "country": _code(partner.country),
                }
                for partner in agreement.partners.all()
            ],
            "signed_on": _iso(agreement.signed_on),
            "valid_from": _iso(agreement.valid_from),
            "valid_to": _iso(agreement.valid_to),
            "has_signed_copy": bool(agreement.signed_copy),
            "url": _page(organization, "partners:agreement-detail", agreement.pk),
        }
        for agreement in agreements
    )


def a2_6_copies(organization: Organization, academic_year: int) -> Iterator[tuple[str, Any]]:
    """The signed copies of the A2.6 agreements: (file name, field file), streamed."""
    agreements = _agreements(organization, academic_year).prefetch_related(None)
    return (
        (_copy_name(agreement), agreement.signed_copy)
        for agreement in agreements.iterator(AGREEMENTS_AT_A_TIME)
        if agreement.signed_copy
    )


def _copy_name(agreement) -> str:
    suffix = agreement.signed_copy.name.rsplit(".", 1)[-1].lower()
    number = agreement.our_number or str(agreement.pk)
    return f"{agreement.pk}-{_safe(number)}.{suffix}"


def _safe(text: str) -> str:
    return "".join(ch if ch.isalnum() or ch in "-_" else "-" for ch in text)[:60]


def a2_7_implementation(organization: Organization, academic_year: int) -> Iterator[dict]:
    """A2.7: brief information on how each agreement was carried out in the academic year —
    the yearly summary written in partners, or the one suggested from its results; streamed,
    AGREEMENTS_AT_A_TIME at a time."""
    suggest = _function("A2.7", PARTNERS, "yearly_summary_suggestion")
    agreements = _agreements(organization, academic_year).iterator(AGREEMENTS_AT_A_TIME)
    return (_a2_7_row(agreement, suggest, academic_year) for agreement in agreements)


def _a2_7_row(agreement, suggest, academic_year: int) -> dict:
    summaries = list(agreement.yearly_summaries.all())
    partners = list(agreement.partners.all())
    results = list(agreement.results.all())  # the year's, in date order (prefetched)
    if summaries:
        text = summaries[0].text
    else:
        text = in_languages(lambda: suggest(agreement, academic_year, results))
    return {
        "title": bilingual.pair(agreement.title, agreement.title_kk),
        "partners": in_languages(lambda: ", ".join(p.name for p in partners)),
        "results": len(results),
        "summary": text,
        "written": bool(summaries),
    }


# --- A2.8, A2.9 (planning) ------------------------------------------------------------------


def a2_8_conferences(organization: Organization, start: date, end: date) -> list[dict]:
    """A2.8: staff participation in international conferences, symposia and seminars."""
    participations = _function("A2.8", PLANNING, "conference_participations")(
        organization, start, end
    )
    return [
        {
            "person": str(p.person) if p.person_id else "",
            "event": p.event,
            "kind": p.kind,
            "online": p.online,
            "country": _code(p.country),
            "city": p.city,
            "starts_on": _iso(p.starts_on),
            "ends_on": _iso(p.ends_on),
            "role": p.role,
            "paper": p.paper_title,
        }
        for p in participations
    ]


def a2_9_work_with_foreigners(organization: Organization, academic_year: int) -> dict | None:
    """A2.9: the year's work with foreigners — narratives, lists, publications' count and
    topics — or None when nothing is recorded."""
    summary = _function("A2.9", PLANNING, "work_with_foreigners")(organization, academic_year)
    if summary is None:
        return None
    work = summary.work
    return {
        "narratives": {name: getattr(work, name) for name in work.NARRATIVE_FIELDS},
        "staff_developments": [
            {"person": str(d.person) if d.person_id else "", "title": d.title, "hours": d.hours}
            for d in summary.staff_developments
        ],
        "special_courses": [
            {"title": c.title, "audience": c.audience, "hours": c.hours}
            for c in summary.special_courses
        ],
        "teaching_materials": [
            {
                "kind": m.kind,
                "title": m.title,
                "authors": m.authors,
                "year": m.year,
                "language": m.language,
            }
            for m in summary.teaching_materials
        ],
        "publications": {
            "count": summary.publication_summary.count,
            "topics": [[topic, n] for topic, n in summary.publication_summary.topics],
        },
    }


# --- service state (R4 verdict) -------------------------------------------------------------


def service_state(organization: Organization, on_date: date) -> dict:
    """Whether the organization has a Service (R5) and an appointment in force (R6, R7)."""
    profile = _function("R4", SERVICE, "service_profile")(organization)
    appointment = _function("R4", SERVICE, "current_appointment")(organization, on_date)
    return {
        "has_service": bool(profile and profile.exists),
        "recorded": profile is not None,
        "appointment": str(appointment.person) if appointment else "",
        "appointment_kind": appointment.kind if appointment else "",
    }
