"""Every read of the planning registries: pages, the API, the documents and the annual report.

Functions the annual report (issue 7, A2) reads:

- `annual_plan_for_year(organization, academic_year)` — the A2.5 work plan of an academic year
  (items with unit and responsible person loaded), or None; its DOCX copy is
  `documents.annual_plan_docx(plan, language)`.
- `conference_participations(organization, start, end)` — A2.8: staff participation in
  international conferences, symposia and seminars overlapping the period.
- `work_with_foreigners(organization, academic_year)` — A2.9: the narratives and lists of the
  academic year with the publications' count and topics, or None.
- `international_activities(organization, start, end)` — R8.1 activities overlapping the period.
- `long_term_plan_progress(plan, today)` — R2.1 targets against actual values per year.
- `academic_year_bounds(organization, academic_year)` (periods.py) — the period of A2.

Lists run a fixed number of queries whatever the number of rows.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from yntymaq.core.models import Membership, Organization
from yntymaq.partners.queries import partner_choices
from yntymaq.people.models import search_key

from . import indicators
from .enums import ItemStatus, PlanStatus
from .models import (
    AnalyticalMaterial,
    AnnualPlan,
    AnnualPlanItem,
    ConferenceParticipation,
    ForeignersWork,
    Indicator,
    IndicatorValue,
    InternationalActivity,
    JointPublication,
    LongTermPlan,
    PrioritySpecialty,
    SpecialCourse,
    SpecialtyProposal,
    StaffDevelopment,
    TeachingMaterial,
)
from .periods import academic_year_bounds, calendar_year_bounds

__all__ = ["academic_year_bounds"]


def _words(search: str) -> list[str]:
    return search_key(search).split()


def _search(queryset: QuerySet, search: str, *fields: str) -> QuerySet:
    """Every word of the search in one of the folded `search_text` fields."""
    for word in _words(search):
        condition = Q()
        for name in fields:
            condition |= Q(**{f"{name}__contains": word})
        queryset = queryset.filter(condition)
    return queryset


def _overlapping(queryset: QuerySet, start: date | None, end: date | None) -> QuerySet:
    """Rows whose [starts_on, ends_on or starts_on] overlaps [start, end]."""
    if end is not None:
        queryset = queryset.filter(starts_on__lte=end)
    if start is not None:
        queryset = queryset.filter(
            Q(ends_on__gte=start) | Q(ends_on__isnull=True, starts_on__gte=start)
        )
    return queryset


# --- overview --------------------------------------------------------------------------------


def unit_persons(membership: Membership) -> list[QuerySet]:
    """Persons linked to the units the membership coordinates: the responsible persons of the
    annual plans' items of those units. Registered with people.queries.register_unit_link."""
    items = AnnualPlanItem.objects.for_org(membership.organization)
    return [
        items.filter(unit__coordinators=membership, responsible__isnull=False).values(
            "responsible_id"
        )
    ]


def planning_overview(organization: Organization) -> dict[str, int]:
    """How many records each section holds (one query per section)."""
    return {
        "long_term_plans": LongTermPlan.objects.for_org(organization).count(),
        "annual_plans": AnnualPlan.objects.for_org(organization).count(),
        "activities": InternationalActivity.objects.for_org(organization).count(),
        "conferences": ConferenceParticipation.objects.for_org(organization).count(),
        "foreigners_work": ForeignersWork.objects.for_org(organization).count(),
        "materials": AnalyticalMaterial.objects.for_org(organization).count(),
        "specialty_proposals": SpecialtyProposal.objects.for_org(organization).count(),
    }


# --- long-term plan (R2.1) -------------------------------------------------------------------


def long_term_plan_list(organization: Organization) -> QuerySet[LongTermPlan]:
    return (
        LongTermPlan.objects.for_org(organization)
        .annotate(indicator_count=Count("indicators"))
        .order_by("-year_start", "-id")
    )


def long_term_plan_get(organization: Organization, pk) -> LongTermPlan:
    return get_object_or_404(LongTermPlan.objects.for_org(organization), pk=pk)


def long_term_plan_for_year(organization: Organization, year: int) -> LongTermPlan | None:
    """The latest long-term plan whose years include `year`."""
    return (
        LongTermPlan.objects.for_org(organization)
        .filter(year_start__lte=year, year_end__gte=year)
        .order_by("-year_start", "-id")
        .first()
    )


def indicator_list(plan: LongTermPlan) -> QuerySet[Indicator]:
    values = IndicatorValue.objects.for_org(plan.organization).order_by("year")
    return (
        Indicator.objects.for_org(plan.organization)
        .filter(plan=plan)
        .prefetch_related(Prefetch("values", queryset=values))
        .order_by("position", "id")
    )


def indicator_get(organization: Organization, pk, plan_pk=None) -> Indicator:
    indicators_ = Indicator.objects.for_org(organization).select_related("plan")
    if plan_pk is not None:
        indicators_ = indicators_.filter(plan_id=plan_pk)
    return get_object_or_404(indicators_, pk=pk)


def indicator_value_get(organization: Organization, pk) -> IndicatorValue:
    return get_object_or_404(
        IndicatorValue.objects.for_org(organization).select_related("indicator__plan"), pk=pk
    )


def indicator_value_list(organization: Organization) -> QuerySet[IndicatorValue]:
    return (
        IndicatorValue.objects.for_org(organization)
        .select_related("indicator")
        .order_by("indicator__plan_id", "indicator__position", "indicator_id", "year")
    )


@dataclass
class YearCell:
    """Target and actual value of one indicator in one year of the plan."""

    year: int
    target: Decimal | None = None
    actual: Decimal | None = None
    actual_from: str = ""  # "registry", "hand" or "" (no actual value yet)
    value: IndicatorValue | None = None
    future: bool = False

    @property
    def percent(self) -> int | None:
        if self.target in (None, Decimal(0)) or self.actual is None:
            return None
        return int((self.actual * 100 / self.target).quantize(Decimal(1), rounding=ROUND_HALF_UP))

    @property
    def reached(self) -> bool:
        return self.target is not None and self.actual is not None and self.actual >= self.target


@dataclass
class IndicatorRow:
    indicator: Indicator
    source: indicators.Source | None  # the registry that would compute it
    computed: bool  # the registry's query function exists now
    cells: list[YearCell] = field(default_factory=list)


@dataclass
class PlanProgress:
    plan: LongTermPlan
    years: list[int]
    rows: list[IndicatorRow]


def _year_period(year: int, today: date) -> tuple[date, date] | None:
    """The calendar year as a period, cut at today; None for a year that has not begun."""
    start, end = calendar_year_bounds(year)
    if start > today:
        return None
    return start, min(end, today)


def long_term_plan_progress(plan: LongTermPlan, today: date | None = None) -> PlanProgress:
    """R2.1: each indicator's target against its actual value for every year of the plan.

    The actual value comes from the registry that holds it (indicators.KIND_SOURCES, through
    that app's query function) for years that have begun; where no registry holds it, or the
    registry cannot say, the value entered by hand is shown, marked as such.
    """
    today = today or timezone.localdate()
    years = plan.years
    available = indicators.available_sources()
    rows = []
    for indicator in indicator_list(plan):
        source = indicators.source_for_kind(indicator.kind)
        function = available.get(source.key) if source else None
        by_year = {value.year: value for value in indicator.values.all()}
        row = IndicatorRow(indicator=indicator, source=source, computed=function is not None)
        for year in years:
            value = by_year.get(year)
            period = _year_period(year, today)
            cell = YearCell(
                year=year,
                target=value.target if value else None,
                value=value,
                future=period is None,
            )
            computed = None
            if function is not None and period is not None:
                computed = indicators.compute(function, plan.organization, *period)
            if computed is not None:
                cell.actual, cell.actual_from = computed, "registry"
            elif value is not None and value.actual is not None:
                cell.actual, cell.actual_from = value.actual, "hand"
            row.cells.append(cell)
        rows.append(row)
    return PlanProgress(plan=plan, years=years, rows=rows)


# --- annual work plan (A2.5) -----------------------------------------------------------------


def _items(organization: Organization) -> QuerySet[AnnualPlanItem]:
    return (
        AnnualPlanItem.objects.for_org(organization)
        .select_related("unit", "responsible")
        .order_by("deadline", "id")
    )


def annual_plan_list(organization: Organization) -> QuerySet[AnnualPlan]:
    return (
        AnnualPlan.objects.for_org(organization)
        .select_related("approved_by", "long_term_plan")
        .annotate(
            item_count=Count("items"),
            done_count=Count("items", filter=Q(items__status=ItemStatus.DONE)),
        )
        .order_by("-academic_year")
    )


def annual_plan_get(organization: Organization, pk) -> AnnualPlan:
    return get_object_or_404(
        AnnualPlan.objects.for_org(organization).select_related("approved_by", "long_term_plan"),
        pk=pk,
    )


def annual_plan_items(plan: AnnualPlan) -> QuerySet[AnnualPlanItem]:
    return _items(plan.organization).filter(plan=plan)


def annual_plan_status_counts(plan: AnnualPlan) -> list[tuple[str, str, int]]:
    """The plan's items by status: (status, label, number), in the statuses' order, those
    with items only."""
    counts = dict(
        AnnualPlanItem.objects.for_org(plan.organization)
        .filter(plan=plan)
        .order_by()
        .values_list("status")
        .annotate(n=Count("id"))
    )
    return [
        (value, label, counts[value]) for value, label in ItemStatus.choices if counts.get(value)
    ]


def annual_plan_for_year(organization: Organization, academic_year: int) -> AnnualPlan | None:
    """A2.5: the work plan of the academic year with its items (unit, person) loaded."""
    return (
        AnnualPlan.objects.for_org(organization)
        .filter(academic_year=academic_year)
        .select_related("approved_by", "long_term_plan")
        .prefetch_related(Prefetch("items", queryset=_items(organization)))
        .first()
    )


def annual_plan_item_get(organization: Organization, pk, plan_pk=None) -> AnnualPlanItem:
    items = AnnualPlanItem.objects.for_org(organization).select_related(
        "plan", "unit", "responsible"
    )
    if plan_pk is not None:
        items = items.filter(plan_id=plan_pk)
    return get_object_or_404(items, pk=pk)


def annual_plan_item_list(organization: Organization) -> QuerySet[AnnualPlanItem]:
    return _items(organization).select_related("plan")


def plan_item_choices(organization: Organization) -> QuerySet[AnnualPlanItem]:
    """Items of the organization's annual plans, for linking an activity to its plan item."""
    return (
        AnnualPlanItem.objects.for_org(organization)
        .select_related("plan")
        .order_by("-plan__academic_year", "deadline", "id")
    )


def plan_items_needing_attention(
    organization: Organization, today: date, horizon_days: int = 14
) -> QuerySet[AnnualPlanItem]:
    """Open items of approved plans whose deadline has passed or comes within the horizon."""
    return (
        AnnualPlanItem.objects.for_org(organization)
        .filter(
            plan__status=PlanStatus.APPROVED,
            status__in=(ItemStatus.PLANNED, ItemStatus.IN_PROGRESS),
            deadline__lte=today + timedelta(days=horizon_days),
        )
        .select_related("plan__organization", "responsible")
        .order_by("deadline", "id")
    )


# --- international activities (R8.1) ---------------------------------------------------------


def activity_list(
    organization: Organization,
    *,
    search: str = "",
    kind: str = "",
    area: str = "",
    start: date | None = None,
    end: date | None = None,
) -> QuerySet[InternationalActivity]:
    activities = (
        InternationalActivity.objects.for_org(organization)
        .select_related("unit", "plan_item__plan")
        .prefetch_related(Prefetch("registry_partners", queryset=partner_choices(organization)))
    )
    activities = _search(activities, search, "search_text")
    if kind:
        activities = activities.filter(kind=kind)
    if area:
        activities = activities.filter(area=area)
    return _overlapping(activities, start, end).order_by("-starts_on", "-id")


def activity_get(organization: Organization, pk) -> InternationalActivity:
    return get_object_or_404(
        InternationalActivity.objects.for_org(organization)
        .select_related("unit", "plan_item__plan")
        .prefetch_related(Prefetch("registry_partners", queryset=partner_choices(organization))),
        pk=pk,
    )


def international_activities(
    organization: Organization, start: date, end: date
) -> QuerySet[InternationalActivity]:
    """R8.1: the activities that overlap [start, end], earliest first."""
    return activity_list(organization, start=start, end=end).order_by("starts_on", "id")


# --- conference participation (A2.8) ---------------------------------------------------------


def conference_list(
    organization: Organization,
    *,
    search: str = "",
    kind: str = "",
    role: str = "",
    start: date | None = None,
    end: date | None = None,
) -> QuerySet[ConferenceParticipation]:
    """Search matches the event, city, paper title and the staff member's name."""
    participations = ConferenceParticipation.objects.for_org(organization).select_related("person")
    if search:
        # The staff member is always the organization's; saying so lets PostgreSQL read the
        # organization's persons by index instead of hashing every person of the country.
        participations = participations.filter(person__organization=organization)
    participations = _search(participations, search, "search_text", "person__search_text")
    if kind:
        participations = participations.filter(kind=kind)
    if role:
        participations = participations.filter(role=role)
    return _overlapping(participations, start, end).order_by("-starts_on", "-id")


def conference_get(organization: Organization, pk) -> ConferenceParticipation:
    return get_object_or_404(
        ConferenceParticipation.objects.for_org(organization).select_related("person"), pk=pk
    )


def conference_participations(
    organization: Organization, start: date, end: date
) -> QuerySet[ConferenceParticipation]:
    """A2.8: staff participation in international conferences, symposia and seminars whose
    dates overlap [start, end], earliest first, with the staff member loaded."""
    return conference_list(organization, start=start, end=end).order_by("starts_on", "id")


# --- work with foreigners (A2.9) -------------------------------------------------------------


def foreigners_work_list(organization: Organization) -> QuerySet[ForeignersWork]:
    return (
        ForeignersWork.objects.for_org(organization)
        .annotate(
            publication_count=Count("publications", distinct=True),
            material_count=Count("teaching_materials", distinct=True),
            course_count=Count("special_courses", distinct=True),
            development_count=Count("staff_developments", distinct=True),
        )
        .order_by("-academic_year")
    )


def _with_lists(works: QuerySet[ForeignersWork], organization: Organization):
    return works.prefetch_related(
        Prefetch(
            "staff_developments",
            queryset=StaffDevelopment.objects.for_org(organization)
            .select_related("person")
            .order_by("starts_on", "id"),
        ),
        Prefetch(
            "special_courses",
            queryset=SpecialCourse.objects.for_org(organization).order_by("title", "id"),
        ),
        Prefetch(
            "teaching_materials",
            queryset=TeachingMaterial.objects.for_org(organization).order_by("kind", "title", "id"),
        ),
        Prefetch(
            "publications",
            queryset=JointPublication.objects.for_org(organization).order_by(
                "-year", "title", "id"
            ),
        ),
    )


def foreigners_work_get(
    organization: Organization, pk, *, with_lists: bool = True
) -> ForeignersWork:
    """The year's A2.9 record; with every list prefetched unless `with_lists` is False (the
    page reads its lists a page at a time, foreigners_work_section)."""
    works = ForeignersWork.objects.for_org(organization)
    return get_object_or_404(_with_lists(works, organization) if with_lists else works, pk=pk)


def foreigners_work_child_get(model, organization: Organization, pk, work_pk=None):
    rows = model.objects.for_org(organization).select_related("work")
    if work_pk is not None:
        rows = rows.filter(work_id=work_pk)
    return get_object_or_404(rows, pk=pk)


@dataclass
class PublicationSummary:
    count: int
    topics: list[tuple[str, int]]  # (topic, number of publications), most frequent first


def publication_summary(publications) -> PublicationSummary:
    """A2.9: the number of publications with foreigners and their topics.

    A publication without a topic counts under its title's topic-less group ("" is skipped).
    """
    publications = list(publications)
    topics = Counter(p.topic for p in publications if p.topic)
    ordered = sorted(topics.items(), key=lambda pair: (-pair[1], pair[0].casefold()))
    return PublicationSummary(count=len(publications), topics=ordered)


@dataclass
class ForeignersWorkSummary:
    """A2.9 for one academic year: narratives (on `work`) and the lists."""

    work: ForeignersWork
    staff_developments: list[StaffDevelopment]
    special_courses: list[SpecialCourse]
    teaching_materials: list[TeachingMaterial]
    publications: list[JointPublication]
    publication_summary: PublicationSummary


def foreigners_work_summary(work: ForeignersWork) -> ForeignersWorkSummary:
    publications = list(work.publications.all())
    return ForeignersWorkSummary(
        work=work,
        staff_developments=list(work.staff_developments.all()),
        special_courses=list(work.special_courses.all()),
        teaching_materials=list(work.teaching_materials.all()),
        publications=publications,
        publication_summary=publication_summary(publications),
    )


# The A2.9 page shows each list a page at a time (a year's lists may run to thousands of rows);
# the XLSX and the annual report read them whole (foreigners_work_summary).
FOREIGNERS_WORK_SECTIONS = {
    "staff_developments": StaffDevelopment,
    "special_courses": SpecialCourse,
    "teaching_materials": TeachingMaterial,
    "publications": JointPublication,
}


def foreigners_work_section(work: ForeignersWork, section: str) -> QuerySet:
    """One list of the year's A2.9 record, in the order of its table (section: a key of
    FOREIGNERS_WORK_SECTIONS)."""
    rows = FOREIGNERS_WORK_SECTIONS[section].objects.for_org(work.organization).filter(work=work)
    if section == "staff_developments":
        return rows.select_related("person").order_by("starts_on", "id")
    if section == "special_courses":
        return rows.order_by("title", "id")
    if section == "teaching_materials":
        return rows.order_by("kind", "title", "id")
    return rows.order_by("-year", "title", "id")


def publication_summary_of(work: ForeignersWork) -> PublicationSummary:
    """A2.9: the year's publications counted by topic in the database, as publication_summary
    counts a list (most frequent first, then by name regardless of case)."""
    rows = (
        JointPublication.objects.for_org(work.organization)
        .filter(work=work)
        .order_by()
        .values_list("topic")
        .annotate(n=Count("id"))
    )
    counts = dict(rows)
    topics = sorted(
        ((topic, n) for topic, n in counts.items() if topic),
        key=lambda pair: (-pair[1], pair[0].casefold()),
    )
    return PublicationSummary(count=sum(counts.values()), topics=topics)


def work_with_foreigners(
    organization: Organization, academic_year: int
) -> ForeignersWorkSummary | None:
    """A2.9: the academic year's work with foreigners, or None if nothing is recorded."""
    work = (
        _with_lists(ForeignersWork.objects.for_org(organization), organization)
        .filter(academic_year=academic_year)
        .first()
    )
    return foreigners_work_summary(work) if work else None


def joint_publications_count(organization: Organization, start: date, end: date) -> int:
    """Publications with foreign co-authors published in the years of [start, end] (the
    source of the long-term plan's indicator); the same title counts once."""
    return (
        JointPublication.objects.for_org(organization)
        .filter(year__gte=start.year, year__lte=end.year)
        .values("title", "year")
        .distinct()
        .count()
    )


def staff_development_list(organization: Organization) -> QuerySet[StaffDevelopment]:
    return StaffDevelopment.objects.for_org(organization).select_related("work", "person")


def special_course_list(organization: Organization) -> QuerySet[SpecialCourse]:
    return SpecialCourse.objects.for_org(organization).select_related("work")


def teaching_material_list(organization: Organization) -> QuerySet[TeachingMaterial]:
    return TeachingMaterial.objects.for_org(organization).select_related("work")


def joint_publication_list(organization: Organization) -> QuerySet[JointPublication]:
    return JointPublication.objects.for_org(organization).select_related("work")


# --- analytical materials (R2.2, R2.4) -------------------------------------------------------


def material_list(
    organization: Organization,
    *,
    search: str = "",
    kind: str = "",
    country: str = "",
    level: str = "",
    year: int | None = None,
) -> QuerySet[AnalyticalMaterial]:
    """The library, searched by title, topic, author and summary (words in any order)."""
    materials = _search(AnalyticalMaterial.objects.for_org(organization), search, "search_text")
    if kind:
        materials = materials.filter(kind=kind)
    if country:
        materials = materials.filter(countries__contains=country.upper())
    if level:
        materials = materials.filter(education_level=level)
    if year:
        materials = materials.filter(prepared_on__year=year)
    return materials.order_by("-prepared_on", "-id")


def material_get(organization: Organization, pk) -> AnalyticalMaterial:
    return get_object_or_404(AnalyticalMaterial.objects.for_org(organization), pk=pk)


# --- priority specialties (R2.5) -------------------------------------------------------------


def specialty_proposal_list(organization: Organization) -> QuerySet[SpecialtyProposal]:
    return (
        SpecialtyProposal.objects.for_org(organization)
        .select_related("approved_by")
        .annotate(specialty_count=Count("specialties"))
        .order_by("-year")
    )


def specialty_proposal_get(organization: Organization, pk) -> SpecialtyProposal:
    return get_object_or_404(
        SpecialtyProposal.objects.for_org(organization).select_related("approved_by"), pk=pk
    )


def specialties_of(proposal: SpecialtyProposal) -> QuerySet[PrioritySpecialty]:
    return (
        PrioritySpecialty.objects.for_org(proposal.organization)
        .filter(proposal=proposal)
        .order_by("level", "code", "id")
    )


def specialty_proposal_for_year(organization: Organization, year: int) -> SpecialtyProposal | None:
    """R2.5: the year's proposal with its specialties loaded, or None."""
    specialties = PrioritySpecialty.objects.for_org(organization).order_by("level", "code", "id")
    return (
        SpecialtyProposal.objects.for_org(organization)
        .filter(year=year)
        .prefetch_related(Prefetch("specialties", queryset=specialties))
        .first()
    )


def specialty_get(organization: Organization, pk, proposal_pk=None) -> PrioritySpecialty:
    rows = PrioritySpecialty.objects.for_org(organization).select_related("proposal")
    if proposal_pk is not None:
        rows = rows.filter(proposal_id=proposal_pk)
    return get_object_or_404(rows, pk=pk)


def specialty_list(organization: Organization) -> QuerySet[PrioritySpecialty]:
    return PrioritySpecialty.objects.for_org(organization).select_related("proposal")
