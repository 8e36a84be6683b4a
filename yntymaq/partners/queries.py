"""Every read of partners data for pages, the API, documents, the dashboard, reporting and the
authority. Lists run a fixed number of queries whatever their length."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.db.models import (
    BooleanField,
    Count,
    Exists,
    ExpressionWrapper,
    IntegerField,
    Max,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
)
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django_scopes import scopes_disabled

from yntymaq.core.access import can
from yntymaq.core.models import Membership, Organization
from yntymaq.incoming.models import Stay
from yntymaq.incoming.queries import stay_list
from yntymaq.outbound.models import Trip
from yntymaq.outbound.queries import for_unit, trip_list, trip_queryset
from yntymaq.people.models import Person, search_key
from yntymaq.service.models import Unit

from .enums import AgreementStatus, ResultKind
from .models import (
    Agreement,
    AgreementDecision,
    AgreementStay,
    AgreementVersion,
    DiplomaticMission,
    ImplementationResult,
    MissionContact,
    Partner,
    PartnersSettings,
    PlannedActivity,
    Prolongation,
    TripPartnerLink,
    YearlySummary,
)

S = AgreementStatus
CONCLUDED = (S.SIGNED, S.IN_FORCE, S.EXPIRED, S.TERMINATED)


def _rows_of(model) -> QuerySet:
    """Rows for a subquery or a prefetch correlated with an outer, already scoped query (the
    outer rows decide the organization), so it works for the authority's queue too."""
    return model.objects.with_scopes_disabled().all()


# --- R4.2: agreements actively and effectively carried out ---------------------------------


def r4_2_window(on_date: date) -> tuple[date, date]:
    """The preceding 12 months: from the same day a year earlier to the date, inclusive."""
    try:
        start = on_date.replace(year=on_date.year - 1)
    except ValueError:  # 29 February
        start = on_date.replace(year=on_date.year - 1, day=28)
    return start, on_date


def r4_2_min_agreements() -> int:
    """R4.2: how many agreements actively carried out the organization needs (a setting,
    YNTYMAQ_R4_2_MIN_AGREEMENTS, 2 by default: the seed's "договоров, соглашений, контрактов
    и рабочих программ" is plural; docs/rules.md)."""
    return int(getattr(settings, "YNTYMAQ_R4_2_MIN_AGREEMENTS", 2))


def r4_2_min_results() -> int:
    """R4.2: how many results in the preceding 12 months make one agreement "actively and
    effectively carried out" (YNTYMAQ_R4_2_MIN_RESULTS, 1 by default; docs/rules.md)."""
    return int(getattr(settings, "YNTYMAQ_R4_2_MIN_RESULTS", 1))


def r4_2_annotate(agreements: QuerySet[Agreement], on_date: date) -> QuerySet[Agreement]:
    """R4.2 (interpretation in DESIGN.md and docs/rules.md): an agreement is actively and
    effectively carried out on a date when it is in force on that date AND has at least
    `r4_2_min_results()` recorded implementation results in the preceding 12 months.

    THE one place of the rule. Adds `r4_2_in_force`, `r4_2_results` (results in the window),
    `r4_2_has_result` (enough of them) and `r4_2_counts`; the agreement page, the lists, the
    dashboard, the eligibility page and reporting read these.
    "In force" is judged by the dates, not by the stored status, so that a past date gives
    the answer of that day: signed, valid from ≤ date ≤ valid to (open-ended when empty), and
    not terminated on or before the date.
    """
    start, end = r4_2_window(on_date)
    in_force = (
        Q(status__in=CONCLUDED, valid_from__isnull=False, valid_from__lte=on_date)
        & (Q(valid_to__isnull=True) | Q(valid_to__gte=on_date))
        & (Q(terminated_on__isnull=True) | Q(terminated_on__gt=on_date))
    )
    results = (
        _rows_of(ImplementationResult)
        .filter(agreement=OuterRef("pk"), date__gte=start, date__lte=end)
        .order_by()
        .values("agreement")
        .annotate(number=Count("pk"))
        .values("number")
    )
    return (
        agreements.annotate(
            r4_2_in_force=ExpressionWrapper(in_force, output_field=BooleanField()),
            r4_2_results=Coalesce(Subquery(results, output_field=IntegerField()), 0),
        )
        .annotate(
            r4_2_has_result=ExpressionWrapper(
                Q(r4_2_results__gte=r4_2_min_results()), output_field=BooleanField()
            )
        )
        .annotate(
            r4_2_counts=ExpressionWrapper(
                Q(r4_2_in_force=True) & Q(r4_2_results__gte=r4_2_min_results()),
                output_field=BooleanField(),
            )
        )
    )


@dataclass(frozen=True)
class R42Figure:
    count: int
    agreements: QuerySet[Agreement]
    on_date: date
    needed: int = 1
    results_needed: int = 1

    @property
    def met(self) -> bool:
        return self.count >= self.needed


def r4_2_active_agreements(organization: Organization, on_date: date | None = None) -> R42Figure:
    """R4.2: how many of the organization's agreements count on the date, and which (each
    with `r4_2_results` and `r4_2_last_result`, the evidence shown beside the verdict); the
    criterion is met with `r4_2_min_agreements()` of them."""
    on_date = on_date or timezone.localdate()
    start, end = r4_2_window(on_date)
    agreements = (
        r4_2_annotate(Agreement.objects.for_org(organization), on_date)
        .filter(r4_2_counts=True)
        .annotate(
            r4_2_last_result=Max(
                "results__date", filter=Q(results__date__gte=start, results__date__lte=end)
            )
        )
        .select_related("organization")
        .prefetch_related("partners")
        .order_by("valid_to", "id")
    )
    return R42Figure(
        count=agreements.count(),
        agreements=agreements,
        on_date=on_date,
        needed=r4_2_min_agreements(),
        results_needed=r4_2_min_results(),
    )


@dataclass(frozen=True)
class R42Assessment:
    counts: bool
    in_force: bool
    has_result: bool
    last_result: date | None
    window: tuple[date, date]
    on_date: date
    results: int = 0
    results_needed: int = 1

    @property
    def reason(self) -> str:
        """Why the agreement counts for R4.2 on the date, or why not."""
        start, end = (date_format(d, "SHORT_DATE_FORMAT") for d in self.window)
        if self.counts:
            return ngettext(
                "It is in force on %(date)s and has %(results)d recorded result (the latest "
                "on %(last)s) within the preceding 12 months (%(start)s – %(end)s); "
                "%(needed)d needed.",
                "It is in force on %(date)s and has %(results)d recorded results (the latest "
                "on %(last)s) within the preceding 12 months (%(start)s – %(end)s); "
                "%(needed)d needed.",
                self.results,
            ) % {
                "date": date_format(self.on_date, "SHORT_DATE_FORMAT"),
                "results": self.results,
                "needed": self.results_needed,
                "last": date_format(self.last_result, "SHORT_DATE_FORMAT"),
                "start": start,
                "end": end,
            }
        reasons = []
        if not self.in_force:
            reasons.append(
                _("it is not in force on %(date)s")
                % {"date": date_format(self.on_date, "SHORT_DATE_FORMAT")}
            )
        if not self.has_result:
            reasons.append(
                ngettext(
                    "%(results)d result is recorded in the preceding 12 months "
                    "(%(start)s – %(end)s), %(needed)d needed",
                    "%(results)d results are recorded in the preceding 12 months "
                    "(%(start)s – %(end)s), %(needed)d needed",
                    self.results,
                )
                % {
                    "results": self.results,
                    "needed": self.results_needed,
                    "start": start,
                    "end": end,
                }
            )
        return _("It does not count: %(reasons)s.") % {"reasons": "; ".join(reasons)}


def r4_2_assessment(agreement: Agreement, on_date: date | None = None) -> R42Assessment:
    """R4.2 for one agreement, with the reason (computed by r4_2_annotate)."""
    on_date = on_date or timezone.localdate()
    start, end = r4_2_window(on_date)
    row = (
        r4_2_annotate(Agreement.objects.for_org(agreement.organization), on_date)
        .filter(pk=agreement.pk)
        .annotate(
            r4_2_last_result=Max(
                "results__date", filter=Q(results__date__gte=start, results__date__lte=end)
            )
        )
        .values(
            "r4_2_in_force", "r4_2_has_result", "r4_2_counts", "r4_2_last_result", "r4_2_results"
        )
        .get()
    )
    return R42Assessment(
        counts=bool(row["r4_2_counts"]),
        in_force=bool(row["r4_2_in_force"]),
        has_result=bool(row["r4_2_has_result"]),
        last_result=row["r4_2_last_result"],
        window=(start, end),
        on_date=on_date,
        results=row["r4_2_results"] or 0,
        results_needed=r4_2_min_results(),
    )


# --- partners ------------------------------------------------------------------------------

PARTNER_ORDERINGS = {
    "name": ("name_latin", "name_original", "id"),
    "-name": ("-name_latin", "-name_original", "-id"),
    "country": ("country", "name_latin", "id"),
    "-country": ("-country", "name_latin", "id"),
    "created": ("created_at", "id"),
    "-created": ("-created_at", "-id"),
}


def _search_words(text: str) -> list[str]:
    return search_key(text).split()


def partner_list(
    *,
    organization: Organization,
    search: str = "",
    country: str = "",
    kind: str = "",
    ordering: str = "name",
) -> QuerySet[Partner]:
    """The organization's partners with the number of their agreements, in one query."""
    partners = Partner.objects.for_org(organization).select_related("organization")
    for word in _search_words(search):
        partners = partners.filter(search_text__contains=word)
    if country:
        partners = partners.filter(country=country.upper())
    if kind:
        partners = partners.filter(kind=kind)
    partners = partners.annotate(agreement_count=Count("agreements", distinct=True))
    return partners.order_by(*PARTNER_ORDERINGS.get(ordering, PARTNER_ORDERINGS["name"]))


def partner_choices(organization: Organization, search: str = "") -> QuerySet[Partner]:
    partners = Partner.objects.for_org(organization)
    for word in _search_words(search):
        partners = partners.filter(search_text__contains=word)
    return partners.order_by("name_latin", "name_original", "id")


def partner_detail(*, organization: Organization, pk: int) -> Partner:
    agreements = (
        Agreement.objects.for_org(organization)
        .select_related("organization")
        .order_by("-created_at", "-id")
    )
    partners = (
        Partner.objects.for_org(organization)
        .select_related("organization")
        .prefetch_related(Prefetch("agreements", queryset=agreements))
    )
    return get_object_or_404(partners, pk=pk)


def partner_by_key(organization: Organization, name: str, country: str) -> Partner | None:
    """The partner of the country whose original or Latin name folds to `name` (imports)."""
    key = search_key(name)
    if not key:
        return None
    return (
        Partner.objects.for_org(organization)
        .filter(country=(country or "").upper(), name_keys__contains=f"|{key}|")
        .order_by("id")
        .first()
    )


# --- agreements ----------------------------------------------------------------------------

AGREEMENT_ORDERINGS = {
    "created": ("created_at", "id"),
    "-created": ("-created_at", "-id"),
    "title": ("title", "id"),
    "-title": ("-title", "-id"),
    "valid_to": ("valid_to", "id"),
    "-valid_to": ("-valid_to", "-id"),
    "status": ("status", "-created_at", "-id"),
}


def _with_list_relations(agreements: QuerySet[Agreement]) -> QuerySet[Agreement]:
    partners = _rows_of(Partner).order_by("name_latin", "id")
    return agreements.select_related("organization", "unit", "responsible_person").prefetch_related(
        Prefetch("partners", queryset=partners)
    )


def agreement_list(
    *,
    organization: Organization,
    search: str = "",
    country: str = "",
    kind: str = "",
    status: str = "",
    expiring_days: int | None = None,
    r4_2: str = "",
    partner: int | None = None,
    on_date: date | None = None,
    ordering: str = "-created",
) -> QuerySet[Agreement]:
    """The organization's agreements, filtered, with partners, unit and the R4.2 flags.

    `expiring_days`: in force or signed and ending within that many days from `on_date`;
    `r4_2`: "yes" for those that count for R4.2 on the date, "no" for those that do not.
    Fixed number of queries (the agreements, their partners).
    """
    on_date = on_date or timezone.localdate()
    agreements = r4_2_annotate(Agreement.objects.for_org(organization), on_date)
    for word in _search_words(search):
        agreements = agreements.filter(
            Q(search_text__contains=word)
            | Exists(
                _rows_of(Partner).filter(agreements=OuterRef("pk"), search_text__contains=word)
            )
        )
    if country:
        # The agreements of the organization's partners in the country, found once (by the
        # index (organization, country)): correlated with each agreement, SQLite read every
        # partner of the country per agreement, and PostgreSQL every partner of every
        # organization without the organization named.
        links = Agreement.partners.through.objects.filter(
            partner__organization=organization, partner__country=country.upper()
        )
        agreements = agreements.filter(pk__in=links.values("agreement_id"))
    if kind:
        agreements = agreements.filter(kind=kind)
    if status:
        agreements = agreements.filter(status=status)
    if partner:
        agreements = agreements.filter(
            Exists(_rows_of(Partner).filter(agreements=OuterRef("pk"), pk=partner))
        )
    if expiring_days is not None:
        agreements = agreements.filter(
            status__in=(S.SIGNED, S.IN_FORCE),
            valid_to__isnull=False,
            valid_to__lte=on_date + timedelta(days=expiring_days),
        )
    if r4_2 == "yes":
        agreements = agreements.filter(r4_2_counts=True)
    elif r4_2 == "no":
        agreements = agreements.filter(r4_2_counts=False)
    agreements = _with_list_relations(agreements)
    return agreements.order_by(*AGREEMENT_ORDERINGS.get(ordering, AGREEMENT_ORDERINGS["-created"]))


def agreement_status_counts(organization: Organization) -> dict[str, int]:
    rows = (
        Agreement.objects.for_org(organization)
        .order_by()
        .values_list("status")
        .annotate(n=Count("id"))
    )
    return dict(rows)


def agreement_detail(*, organization: Organization, pk: int, membership: Membership) -> Agreement:
    """One agreement with everything its page shows to the membership, or 404: the stays and
    trips its results concern only as the membership sees them (SEE_STAY_LINKS, and a
    coordinator only their units' trips)."""
    versions = AgreementVersion.objects.for_org(organization).select_related("uploaded_by")
    decisions = AgreementDecision.objects.for_org(organization).order_by("created_at", "id")
    activities = (
        PlannedActivity.objects.for_org(organization)
        .select_related("responsible")
        .order_by("starts_on", "id")
    )
    results = (
        ImplementationResult.objects.for_org(organization)
        .select_related("activity")
        .prefetch_related(
            Prefetch("stays", queryset=_result_stays(membership)),
            Prefetch("trips", queryset=_result_trips(membership)),
        )
        .order_by("-date", "-id")
    )
    agreements = (
        Agreement.objects.for_org(organization)
        .select_related("organization", "unit", "responsible_person", "renews")
        .prefetch_related(
            Prefetch("partners", queryset=_rows_of(Partner).order_by("name_latin", "id")),
            Prefetch("versions", queryset=versions.order_by("-number")),
            Prefetch("decisions", queryset=decisions),
            Prefetch("activities", queryset=activities),
            Prefetch("results", queryset=results),
            Prefetch("yearly_summaries", queryset=_rows_of(YearlySummary).order_by("-year")),
            Prefetch("prolongations", queryset=_rows_of(Prolongation).order_by("new_valid_to")),
            Prefetch("renewals", queryset=_rows_of(Agreement).order_by("-created_at")),
        )
    )
    return get_object_or_404(agreements, pk=pk)


def _result_stays(membership: Membership) -> QuerySet[Stay]:
    if not holds_all(membership, SEE_STAY_LINKS):
        return Stay.objects.none()
    return _rows_of(Stay).select_related("person")


def _result_trips(membership: Membership) -> QuerySet[Trip]:
    if not holds_all(membership, SEE_TRIP_LINKS):
        return Trip.objects.none()
    return for_unit(_rows_of(Trip), membership).select_related("person")


def agreement_get(*, organization: Organization, pk: int) -> Agreement:
    return get_object_or_404(
        Agreement.objects.for_org(organization).select_related("organization", "unit"), pk=pk
    )


def agreement_version_get(*, organization: Organization, agreement_pk: int, pk: int):
    return get_object_or_404(
        AgreementVersion.objects.for_org(organization).select_related("agreement"),
        agreement_id=agreement_pk,
        pk=pk,
    )


def agreement_children(model, *, organization: Organization, agreement_pk: int, pk: int):
    """An activity, result or summary of one agreement of the organization, or 404."""
    return get_object_or_404(
        model.objects.for_org(organization).select_related("agreement"),
        agreement_id=agreement_pk,
        pk=pk,
    )


def unit_choices(organization: Organization) -> QuerySet[Unit]:
    return Unit.objects.for_org(organization).order_by("name_ru", "name_kk", "id")


def person_choices(organization: Organization) -> QuerySet[Person]:
    return Person.objects.for_org(organization).order_by("last_name", "last_name_latin", "id")


def activity_choices(agreement: Agreement) -> QuerySet[PlannedActivity]:
    return PlannedActivity.objects.for_org(agreement.organization).filter(agreement=agreement)


# --- implementation (R8.3, A2.7) -----------------------------------------------------------


def stay_choices(organization: Organization) -> QuerySet[Stay]:
    """Foreigners' stays a result or a contact may concern (incoming's registry query)."""
    return stay_list(organization=organization)


def trip_choices(membership) -> QuerySet[Trip]:
    """Trips abroad a result may concern (outbound's query, limited like its pages)."""
    return trip_list(membership)


# --- stays and trips under agreements (R8.3, A2.3) -------------------------------------------

# Who sees the links (rows of core.access). A stay under an agreement is a line of the
# foreigners' registry: only roles that see stays see it. Trips are seen as outbound scopes
# them: a unit coordinator sees the trips of their units only.
SEE_STAY_LINKS = ("partners.view", "incoming.view")
SEE_TRIP_LINKS = ("partners.view", "outbound.view")


def holds_all(membership: Membership | None, permissions: tuple[str, ...]) -> bool:
    return all(can(membership, permission) for permission in permissions)


def linkable_agreements(organization: Organization, search: str = "") -> QuerySet[Agreement]:
    """Agreements a stay or a trip can be linked to: signed at some time (R8.3), with their
    partners, in one query each; `search` narrows them by number, title or partner name."""
    agreements = Agreement.objects.for_org(organization).filter(status__in=CONCLUDED)
    for word in _search_words(search):
        agreements = agreements.filter(
            Q(search_text__contains=word)
            | Exists(
                _rows_of(Partner).filter(agreements=OuterRef("pk"), search_text__contains=word)
            )
        )
    return agreements.prefetch_related(
        Prefetch("partners", queryset=_rows_of(Partner).order_by("name_latin", "id"))
    ).order_by("our_number", "title", "id")


def stay_links_seen_by(membership: Membership) -> QuerySet[AgreementStay]:
    """The organization's stays under agreements, none for a role that does not see stays."""
    if not holds_all(membership, SEE_STAY_LINKS):
        return AgreementStay.objects.none()
    return (
        AgreementStay.objects.for_org(membership.organization)
        .select_related(
            "organization", "agreement__organization", "stay__person", "stay__organization"
        )
        .order_by("-stay__arrival_date", "-id")
    )


def trip_links_seen_by(membership: Membership) -> QuerySet[TripPartnerLink]:
    """The organization's trips with a host partner or agreement, limited like outbound's
    pages (a coordinator: their units' trips)."""
    if not holds_all(membership, SEE_TRIP_LINKS):
        return TripPartnerLink.objects.none()
    links = for_unit(
        TripPartnerLink.objects.for_org(membership.organization), membership, "trip__unit"
    )
    return links.select_related(
        "organization",
        "partner__organization",
        "agreement__organization",
        "trip__person",
        "trip__organization",
    ).order_by("-trip__planned_departure", "-id")


def agreement_stays(agreement: Agreement, membership: Membership) -> QuerySet[AgreementStay]:
    """The foreigners' stays under the agreement (its page), in one query."""
    return stay_links_seen_by(membership).filter(agreement=agreement)


def agreement_trips(agreement: Agreement, membership: Membership) -> QuerySet[TripPartnerLink]:
    """The trips abroad made under the agreement (its page), in one query."""
    return trip_links_seen_by(membership).filter(agreement=agreement)


def partner_trips(partner: Partner, membership: Membership) -> QuerySet[TripPartnerLink]:
    """The trips abroad the partner hosts (its page), in one query."""
    return trip_links_seen_by(membership).filter(partner=partner)


def stay_link_of(stay: Stay) -> AgreementStay | None:
    """The agreement a stay is under, if any (with the agreement's partners)."""
    return (
        AgreementStay.objects.for_org(stay.organization)
        .select_related("agreement")
        .prefetch_related(
            Prefetch("agreement__partners", queryset=_rows_of(Partner).order_by("name_latin"))
        )
        .filter(stay=stay)
        .first()
    )


def trip_link_of(trip: Trip) -> TripPartnerLink | None:
    """A trip's host partner and agreement, if recorded."""
    return (
        TripPartnerLink.objects.for_org(trip.organization)
        .select_related("partner", "agreement")
        .filter(trip=trip)
        .first()
    )


def trip_for_link(membership: Membership, pk: int) -> Trip:
    """A trip the membership sees (outbound's scope), or 404."""
    return get_object_or_404(
        trip_queryset(membership).select_related("person", "organization"), pk=pk
    )


def academic_year_bounds(organization: Organization, year: int) -> tuple[date, date]:
    """The academic year that starts in `year` (1 September by default, set per organization)."""
    start = date(year, organization.academic_year_start_month, organization.academic_year_start_day)
    try:
        next_start = start.replace(year=year + 1)
    except ValueError:  # pragma: no cover - start days are limited to 1–28
        next_start = date(year + 1, start.month, 28)
    return start, next_start - timedelta(days=1)


def academic_year_of(organization: Organization, day: date) -> int:
    start = date(
        day.year, organization.academic_year_start_month, organization.academic_year_start_day
    )
    return day.year if day >= start else day.year - 1


def yearly_summary_suggestion(
    agreement: Agreement, year: int, results: list[ImplementationResult] | None = None
) -> str:
    """A2.7: a brief text suggested from the results recorded in the academic year. `results`
    are the year's results in date order where the caller has them already (the annual
    report prefetches them for every agreement); otherwise one query reads them."""
    if results is None:
        start, end = academic_year_bounds(agreement.organization, year)
        results = list(
            ImplementationResult.objects.for_org(agreement.organization)
            .filter(agreement=agreement, date__gte=start, date__lte=end)
            .order_by("date", "id")
        )
    if not results:
        return _("No results were recorded in %(year)s/%(next)s.") % {
            "year": year,
            "next": year + 1,
        }
    counts = Counter(r.kind for r in results)
    lines = [
        _("In %(year)s/%(next)s the agreement was carried out as follows:")
        % {"year": year, "next": year + 1}
    ]
    for kind in ResultKind:
        if counts.get(kind):
            lines.append(f"{kind.label}: {counts[kind]}.")
            for result in results:
                if result.kind == kind:
                    lines.append(
                        f"– {date_format(result.date, 'SHORT_DATE_FORMAT')}: {result.description}"
                    )
    return "\n".join(lines)


def agreements_for_annual_report(organization: Organization, year: int) -> QuerySet[Agreement]:
    """A2.6, A2.7: the agreements in force at some time in the academic year, with their
    signed copies, results of the year and the year's summary (for reporting)."""
    start, end = academic_year_bounds(organization, year)
    results = ImplementationResult.objects.for_org(organization).filter(
        date__gte=start, date__lte=end
    )
    return (
        Agreement.objects.for_org(organization)
        .filter(status__in=CONCLUDED, valid_from__lte=end)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=start))
        .filter(Q(terminated_on__isnull=True) | Q(terminated_on__gte=start))
        .select_related("organization")
        .prefetch_related(
            Prefetch("partners", queryset=_rows_of(Partner).order_by("name_latin", "id")),
            Prefetch("results", queryset=results.order_by("date", "id")),
            Prefetch("yearly_summaries", queryset=_rows_of(YearlySummary).filter(year=year)),
        )
        .order_by("valid_from", "id")
    )


# --- expiry --------------------------------------------------------------------------------


def partners_settings(organization: Organization) -> PartnersSettings:
    """The organization's settings row, or the defaults (unsaved) while none is stored."""
    return PartnersSettings.objects.for_org(organization).first() or PartnersSettings(
        organization=organization
    )


def agreements_ending(
    organization: Organization, today: date, within_days: int
) -> QuerySet[Agreement]:
    """Signed or in-force agreements whose end is at most `within_days` away (or has passed
    without the daily job having marked them yet), in one query."""
    return (
        Agreement.objects.for_org(organization)
        .filter(
            status__in=(S.SIGNED, S.IN_FORCE),
            valid_to__isnull=False,
            valid_to__lte=today + timedelta(days=within_days),
        )
        .select_related("organization", "responsible_person")
        .prefetch_related(Prefetch("partners", queryset=_rows_of(Partner).order_by("name_latin")))
        .order_by("valid_to", "id")
    )


# --- diplomatic missions and contacts (R8.12) ----------------------------------------------


def mission_list(
    *, organization: Organization, search: str = "", country: str = "", kind: str = ""
) -> QuerySet[DiplomaticMission]:
    missions = DiplomaticMission.objects.for_org(organization).select_related("organization")
    for word in _search_words(search):
        missions = missions.filter(search_text__contains=word)
    if country:
        missions = missions.filter(country=country.upper())
    if kind:
        missions = missions.filter(kind=kind)
    return missions.annotate(contact_count=Count("contacts_log")).order_by("country", "name", "id")


def mission_get(*, organization: Organization, pk: int) -> DiplomaticMission:
    return get_object_or_404(
        DiplomaticMission.objects.for_org(organization).select_related("organization"), pk=pk
    )


def mission_contacts(
    mission: DiplomaticMission, *, with_restricted: bool
) -> QuerySet[MissionContact]:
    """The contacts log of a mission; entries about a stay only with `with_restricted`."""
    entries = (
        MissionContact.objects.for_org(mission.organization)
        .filter(mission=mission)
        .select_related("stay__person")
    )
    if not with_restricted:
        entries = entries.filter(stay__isnull=True)
    return entries.order_by("-date", "-id")


def mission_contact_list(
    *, organization: Organization, with_restricted: bool, mission: int | None = None
) -> QuerySet[MissionContact]:
    entries = MissionContact.objects.for_org(organization).select_related("stay", "mission")
    if not with_restricted:
        entries = entries.filter(stay__isnull=True)
    if mission:
        entries = entries.filter(mission_id=mission)
    return entries.order_by("-date", "-id")


def mission_contact_get(*, organization: Organization, mission_pk: int, pk: int):
    return get_object_or_404(
        MissionContact.objects.for_org(organization).select_related("mission", "stay__person"),
        mission_id=mission_pk,
        pk=pk,
    )


# --- the authority's queue (R3): every organization, explicitly unscoped ---------------------

QUEUE_STATES = {
    "waiting": (S.AUTHORITY_REVIEW,),
    "agreed": (S.AGREED, S.SIGNED, S.IN_FORCE, S.EXPIRED, S.TERMINATED),
    "returned": (S.AUTHORITY_RETURNED,),
}


def authority_agreement_queue(
    *, state: str = "waiting", organization: int | None = None, country: str = "", kind: str = ""
) -> QuerySet[Agreement]:
    """R3: agreements sent to the authorized body by all organizations (state "waiting"), or
    those it has agreed or returned. For authority users only: the scope is disabled here
    explicitly, and the caller evaluates the page inside `scopes_disabled()` too."""
    with scopes_disabled():
        agreements = Agreement.objects.filter(
            status__in=QUEUE_STATES.get(state, QUEUE_STATES["waiting"])
        )
        if state != "waiting":
            agreements = agreements.filter(authority_decided_at__isnull=False)
        if organization:
            agreements = agreements.filter(organization_id=organization)
        if country:
            agreements = agreements.filter(
                Exists(_rows_of(Partner).filter(agreements=OuterRef("pk"), country=country.upper()))
            )
        if kind:
            agreements = agreements.filter(kind=kind)
        partners = _rows_of(Partner).order_by("name_latin", "id")
        order = (
            ("sent_to_authority_at", "id")
            if state == "waiting"
            else ("-authority_decided_at", "-id")
        )
        return (
            agreements.select_related("organization")
            .prefetch_related(Prefetch("partners", queryset=partners))
            .order_by(*order)
        )


def authority_agreement_detail(pk: int) -> Agreement:
    """One agreement that has reached the authorized body (sent at least once), or 404."""
    with scopes_disabled():
        agreements = (
            Agreement.objects.filter(sent_to_authority_at__isnull=False)
            .select_related("organization", "unit", "responsible_person")
            .prefetch_related(
                Prefetch("partners", queryset=_rows_of(Partner).order_by("name_latin", "id")),
                Prefetch(
                    "versions",
                    queryset=_rows_of(AgreementVersion)
                    .select_related("uploaded_by")
                    .order_by("-number"),
                ),
                Prefetch(
                    "decisions", queryset=_rows_of(AgreementDecision).order_by("created_at", "id")
                ),
            )
        )
        return get_object_or_404(agreements, pk=pk)


def authority_version_get(*, agreement_pk: int, pk: int) -> AgreementVersion:
    with scopes_disabled():
        return get_object_or_404(
            AgreementVersion.objects.select_related("agreement", "organization"),
            agreement_id=agreement_pk,
            agreement__sent_to_authority_at__isnull=False,
            pk=pk,
        )


def authority_queue_counts() -> dict[str, int]:
    with scopes_disabled():
        return {
            "waiting": Agreement.objects.filter(status=S.AUTHORITY_REVIEW).count(),
        }


def authority_country_choices() -> list[str]:
    """Countries of the partners of agreements that have reached the authorized body."""
    with scopes_disabled():
        return sorted(
            set(
                Partner.objects.filter(agreements__sent_to_authority_at__isnull=False)
                .order_by()  # else the ordering's columns join the DISTINCT: a row a partner
                .values_list("country", flat=True)
                .distinct()
            )
        )


IN_FORCE_STATUSES = (
    AgreementStatus.SIGNED,
    AgreementStatus.IN_FORCE,
    AgreementStatus.EXPIRED,
    AgreementStatus.TERMINATED,
)


def agreements_in_force_count(organization: Organization, start: date, end: date) -> int:
    """Agreements signed and valid at some time in [start, end] (planning's R2.1 indicator).

    An agreement without an end date counts from its start; one without a start date from
    its signature. One query.
    """
    return (
        Agreement.objects.for_org(organization)
        .filter(status__in=IN_FORCE_STATUSES)
        .filter(Q(valid_from__lte=end) | Q(valid_from__isnull=True, signed_on__lte=end))
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=start))
        .count()
    )
