"""Every read of reporting: R4 eligibility, the annual report's data and check list, the
report's generations and submissions, the authority's overview, national figures and ratings.

The registries are read only through reporting.sources (the apps' query functions). The
authority's figures are computed from submitted snapshots only, never from live registries.
"""

from __future__ import annotations

import hashlib
import json
import tempfile
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import IO
from urllib.parse import urlencode

from django.conf import settings
from django.db.models import Count, Exists, OuterRef, QuerySet, Subquery
from django.shortcuts import get_object_or_404
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django_scopes import scopes_disabled

from yntymaq.core import bilingual
from yntymaq.core.models import Organization

from . import lists, sources
from .enums import GapSeverity, GenerationStatus, ReportState, SubmissionStatus
from .models import AnnualReport, ReportFile, ReportGeneration, Submission, year_label

# 2: the long lists A2.3, A2.4, A2.6, A2.7 are kept in a rows file (reporting.lists).
DATA_SCHEMA = 2

# --- periods and the deadline (R8.11) -----------------------------------------------------


def academic_year_bounds(organization: Organization, academic_year: int) -> tuple[date, date]:
    """A2 covers an academic year: from the organization's start day (1 September by
    default) to the day before the next one (DESIGN.md)."""
    start = date(
        academic_year, organization.academic_year_start_month, organization.academic_year_start_day
    )
    next_start = date(academic_year + 1, start.month, start.day)
    return start, next_start - timedelta(days=1)


def academic_year_of(organization: Organization, day: date) -> int:
    """The academic year (its starting year) that contains the day."""
    start = date(
        day.year, organization.academic_year_start_month, organization.academic_year_start_day
    )
    return day.year if day >= start else day.year - 1


def report_deadline(academic_year: int) -> date:
    """R8.11: the report of an academic year is due by 15 July of the year in which it ends
    (YNTYMAQ_ANNUAL_REPORT_DEADLINE, "07-15" by default; set nationally by the authority)."""
    month, day = settings.YNTYMAQ_ANNUAL_REPORT_DEADLINE
    return date(academic_year + 1, month, day)


def a2_period(organization: Organization, academic_year: int, taken_on: date) -> dict:
    """R8.11, A2: the period a report states. The academic year runs from its start
    (1 September by default) to the day before the next start (31 August), but the report is
    due on 15 July: a report covers the year from its start up to the date its data was taken
    (`taken_on`, the generation date; never later than the year's end), and says how many days
    of the year it does not cover yet. Data taken after the year ended covers the whole year:
    that is the final version, which an organization may add after 31 August (even after an
    earlier version was accepted)."""
    start, end = academic_year_bounds(organization, academic_year)
    as_of = min(max(taken_on, start), end)
    return {
        "start": start.isoformat(),
        "end": end.isoformat(),
        "as_of": as_of.isoformat(),
        "deadline": report_deadline(academic_year).isoformat(),
        "days_not_covered": (end - as_of).days,
        "final": taken_on > end,
    }


def reporting_year(organization: Organization, today: date) -> int:
    """The academic year whose report is due next: the current one until its deadline,
    then the next one."""
    year = academic_year_of(organization, today)
    if today > report_deadline(year):
        return year + 1
    return year


def organization_registered(organization: Organization) -> date | None:
    """The month the organization was registered as a legal entity, read from its BIN (the
    first four digits are the year and month of state registration), or None."""
    digits = organization.bin or ""
    if len(digits) != 12 or not digits.isdigit():
        return None
    yy, month = int(digits[:2]), int(digits[2:4])
    if not 1 <= month <= 12:
        return None
    now = timezone.localdate()
    year = 2000 + yy if 2000 + yy <= now.year else 1900 + yy
    return date(year, month, 1)


# --- R4 eligibility ---------------------------------------------------------------------


@dataclass
class Criterion:
    clause: str
    title: str | Promise
    threshold: int
    count: int | None  # None: the registry does not offer it yet
    rows: list[dict] = field(default_factory=list)
    list_url: str = ""
    rule: str | Promise = ""

    @property
    def available(self) -> bool:
        return self.count is not None

    @property
    def met(self) -> bool | None:
        return None if self.count is None else self.count >= self.threshold


@dataclass
class Eligibility:
    on_date: date
    criteria: list[Criterion]
    has_service: bool
    service_recorded: bool
    appointment: str
    warnings: list[str | Promise]

    @property
    def complete(self) -> bool:
        return all(c.available for c in self.criteria)

    @property
    def service_required(self) -> bool | None:
        """R4: True when every criterion is met, False when one is not, None when unknown."""
        if any(c.met is False for c in self.criteria):
            return False
        if not self.complete:
            return None
        return True

    @property
    def verdict(self) -> str | Promise:
        if self.service_required is True:
            return _("R4: the organization meets R4.1–R4.3, so a Service is to be created.")
        if self.service_required is False:
            return _(
                "R6: the organization does not meet all of R4.1–R4.3, so the first head "
                "appoints a person responsible for international cooperation."
            )
        return _("The verdict needs every criterion; some are not available yet.")


R4_THRESHOLDS = {"R4.1": 10, "R4.3": 10}


def r4_thresholds() -> dict[str, int]:
    """R4: at least 10 foreigners (R4.1) and 10 citizens abroad (R4.3), as the seed says; for
    R4.2 the number of agreements is a setting (YNTYMAQ_R4_2_MIN_AGREEMENTS, docs/rules.md)."""
    return {
        **R4_THRESHOLDS,
        "R4.2": int(getattr(settings, "YNTYMAQ_R4_2_MIN_AGREEMENTS", 2)),
    }


def r4_rules() -> dict[str, str]:
    """What each R4 criterion counts, in words, shown beside the numbers (page and API)."""
    days = int(getattr(settings, "YNTYMAQ_R4_MIN_STAY_DAYS", 30))
    results = int(getattr(settings, "YNTYMAQ_R4_2_MIN_RESULTS", 1))
    return {
        "R4.1": _(
            "Persons who on the date are not citizens of Kazakhstan (citizenship and legal "
            "status on that date), are main-program, preparatory or doctoral students, teachers "
            "or researchers, and whose stay is active: arrived, not departed, not graduated, "
            "expelled or transferred by that date; teachers and researchers staying less than "
            "%(days)d days are visitors and do not count."
        )
        % {"days": days},
        "R4.2": _(
            "Agreements in force on the date with at least %(results)d recorded results in the "
            "preceding 12 months; each line shows its results."
        )
        % {"results": results},
        "R4.3": _(
            "Citizens of Kazakhstan abroad on the date by the organization's direction to "
            "study, work or do research (not conferences) on a trip of at least %(days)d days."
        )
        % {"days": days},
    }


R4_ROWS_SHOWN = 100


def r4_eligibility(organization: Organization, on_date: date, *, rows: bool = True) -> Eligibility:
    """R4: whether the organization is to have a Service on the date — R4.1 at least 10
    foreigners, R4.2 agreements actively carried out (r4_thresholds), R4.3 at least 10
    citizens abroad by its direction — and warnings where its actual state (a Service or
    not, an appointment or not) does not match (R4, R6). Each criterion lists its first
    R4_ROWS_SHOWN records (the registry has all of them); `rows=False` counts only."""
    slug = organization.slug
    specs = [
        (
            "R4.1",
            _("Foreigners studying, teaching or researching"),
            sources.r4_1,
            "incoming:stay-list",
        ),
        (
            "R4.2",
            _("Agreements actively and effectively carried out"),
            sources.r4_2,
            "partners:agreement-list",
        ),
        (
            "R4.3",
            _("Citizens abroad by the organization's direction"),
            sources.r4_3,
            "outbound:abroad",
        ),
    ]
    criteria = []
    thresholds, rules = r4_thresholds(), r4_rules()
    for clause, title, function, list_name in specs:
        try:
            count, listed = function(organization, on_date, rows, R4_ROWS_SHOWN)
        except sources.SourceUnavailable:
            count, listed = None, []
        try:
            list_url = reverse(list_name, kwargs={"org_slug": slug})
        except NoReverseMatch:
            list_url = ""
        criteria.append(
            Criterion(clause, title, thresholds[clause], count, listed, list_url, rules[clause])
        )
    state = sources.service_state(organization, on_date)
    result = Eligibility(
        on_date=on_date,
        criteria=criteria,
        has_service=state["has_service"],
        service_recorded=state["recorded"],
        appointment=state["appointment"],
        warnings=[],
    )
    result.warnings = _eligibility_warnings(result)
    return result


def _eligibility_warnings(result: Eligibility) -> list[str | Promise]:
    warnings = []
    required = result.service_required
    if required is True and not result.has_service:
        warnings.append(
            _(
                "R4: the organization meets R4.1–R4.3 but has no Service recorded. Create the "
                "Service by an order of the first head (R5)."
            )
        )
    if required is False and result.has_service:
        warnings.append(
            _(
                "R4: the organization has a Service although it does not meet all of "
                "R4.1–R4.3 on this date."
            )
        )
    if not result.appointment:
        if result.has_service:
            warnings.append(_("R7: no head of the Service is appointed."))
        else:
            warnings.append(
                _("R6: no person responsible for international cooperation is appointed.")
            )
    return warnings


# --- the report's data ----------------------------------------------------------------------


def _item(function, *args, key="rows") -> dict:
    try:
        return {"available": True, key: function(*args)}
    except sources.SourceUnavailable as error:
        return {"available": False, "needed": error.needed}


def _list_item(writer: lists.ListsWriter, number: str, rows_of, order, *args) -> dict:
    """A long list (A2.3, A2.4, A2.6, A2.7): its rows streamed from the registry, sorted by
    `order` (or kept in the registry's order when None) and written to the rows file."""
    try:
        rows = rows_of(*args)
    except sources.SourceUnavailable as error:
        return {"available": False, "needed": error.needed}
    lines = lists.lines(rows) if order is None else lists.sorted_lines(rows, order)
    return {"available": True, "stored_rows": writer.write(number, lines)}


def report_data(
    report: AnnualReport,
    *,
    progress=None,
    rows_file: IO[bytes] | None = None,
    taken_on: date | None = None,
) -> dict:
    """Everything the report prints, items 1–9 in the order of Appendix 2, as JSON-ready
    values read through reporting.sources; the report's notes are added as they are.
    `progress(step)` is called after each item (for the background generation).

    The long lists (A2.3, A2.4, A2.6, A2.7) never sit in memory: they are streamed from the
    registries, sorted on the way where the form orders them, and written to `rows_file` (a
    ZIP, see reporting.lists; a temporary file unless given). Their items hold them as `rows`
    (lists.StoredRows: iterate, len()) next to `stored_rows` (member, count, SHA-256).
    `frozen(data)` is what a generation or a snapshot stores. The lists cover the year up to
    the date the data is taken (`taken_on`, today by default; `a2_period`)."""
    organization = report.organization
    year = report.academic_year
    period_of_report = a2_period(organization, year, taken_on or timezone.localdate())
    start = date.fromisoformat(period_of_report["start"])
    end = date.fromisoformat(period_of_report["as_of"])
    tick = progress or (lambda _step: None)
    if rows_file is None:
        rows_file = tempfile.TemporaryFile()  # noqa: SIM115 - lives as long as the data
    writer = lists.ListsWriter(rows_file)
    period = (organization, start, end)
    items = {}
    items["1"] = _item(sources.a2_1_units, organization)
    items["2"] = _item(sources.a2_2_officials, organization)
    tick(2)
    items["3"] = _list_item(writer, "3", sources.a2_3_rows, sources.a2_3_order, *period)
    if items["3"]["available"]:
        items["3"]["origin"] = sources.a2_3_origin_counts(*period)
    tick(3)
    items["4"] = _list_item(writer, "4", sources.a2_4_rows, sources.a2_4_order, *period)
    tick(4)
    items["5"] = _item(sources.a2_5_annual_plan, organization, year, key="plan")
    items["6"] = _list_item(writer, "6", sources.a2_6_agreements, None, organization, year)
    items["7"] = _list_item(writer, "7", sources.a2_7_implementation, None, organization, year)
    items["8"] = _item(sources.a2_8_conferences, *period)
    items["9"] = _item(sources.a2_9_work_with_foreigners, organization, year, key="work")
    writer.close()
    for item in items.values():
        if "stored_rows" in item:
            item["rows"] = lists.StoredRows(lambda: rows_file, item["stored_rows"], close=False)
    tick(9)
    return {
        "schema": DATA_SCHEMA,
        "organization": {
            "name_ru": organization.name_ru,
            "name_kk": organization.name_kk,
            "short_name": organization.short_name,
            "slug": organization.slug,
            "bin": organization.bin,
            "region": organization.region,
            "kind": organization.kind,
        },
        "academic_year": year,
        "year_label": year_label(year),
        **period_of_report,
        "generated_at": timezone.now().isoformat(timespec="seconds"),
        "notes": report.notes(),
        "items": items,
    }


def frozen(data: dict) -> dict:
    """Report data as a generation or a snapshot stores it (JSON): a list kept in the rows
    file is recorded by its member, count and SHA-256 only."""
    items = {
        number: {k: v for k, v in item.items() if k != "rows"} if "stored_rows" in item else item
        for number, item in data["items"].items()
    }
    return {**data, "items": items}


def stored_data(record: ReportGeneration | Submission) -> dict:
    """The report data of a generation or a submission as it was frozen, its long lists read
    back from its own rows file (older snapshots hold them in the JSON itself)."""
    data = record.data
    if not any("stored_rows" in item for item in data.get("items", {}).values()):
        return data
    field_file = record.rows_file

    def open_rows():
        return field_file.storage.open(field_file.name, "rb")

    items = {
        number: {**item, "rows": lists.StoredRows(open_rows, item["stored_rows"], close=True)}
        if "stored_rows" in item
        else item
        for number, item in data["items"].items()
    }
    return {**data, "items": items}


def data_as_json(data: dict) -> dict:
    """Report data with every list in it (the API's snapshot: as large as its lists)."""
    items = {
        number: {**item, "rows": list(item["rows"])} if "stored_rows" in item else item
        for number, item in data["items"].items()
    }
    return {**data, "items": items}


def data_sha256(data: dict) -> str:
    """The content hash of report data: SHA-256 of its canonical JSON as stored (`frozen`),
    which names each stored list's own SHA-256, so the hash covers the lists as well."""
    canonical = json.dumps(frozen(data), ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()


# --- the check list ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Gap:
    item: int
    code: str
    severity: str  # GapSeverity
    message: str | Promise
    url: str = ""

    @property
    def blocking(self) -> bool:
        return self.severity == GapSeverity.BLOCKING


def report_gaps(data: dict, *, today: date | None = None) -> list[Gap]:
    """R8.11, A2: what the report lacks. Blocking: no approved annual plan (A2.5), a foreign
    student without specialty or course (A2.3). Warnings: a trip without its return date
    (A2.4), an agreement without its signed copy (A2.6), an item whose registry is not
    available yet. A pure function of the data, so a snapshot's check list never changes."""
    return list(_gaps(data, today or timezone.localdate()))


def report_blocking_gaps(data: dict, *, today: date | None = None) -> list[Gap]:
    """The gaps that refuse a submission (the warnings are not kept, however many)."""
    return [gap for gap in _gaps(data, today or timezone.localdate()) if gap.blocking]


def _gaps(data: dict, today: date) -> Iterator[Gap]:
    items = data["items"]
    for number in range(1, 10):
        item = items[str(number)]
        if not item["available"]:
            yield Gap(
                number,
                "not_available",
                GapSeverity.WARNING,
                _("Item %(number)s is not available yet: its registry is not in place.")
                % {"number": number},
            )
    if items["3"]["available"]:
        for row in items["3"]["rows"]:
            if row["category"] in sources.COURSE_CATEGORIES and not (
                row["specialty"] and row["course"]
            ):
                if not row["specialty"] and not row["course"]:
                    text = _("A2.3: %(name)s has no specialty and no course.")
                elif not row["specialty"]:
                    text = _("A2.3: %(name)s has no specialty.")
                else:
                    text = _("A2.3: %(name)s has no course.")
                yield Gap(
                    3,
                    "foreigner_specialty_course",
                    GapSeverity.BLOCKING,
                    text % {"name": row["full_name"]},
                    _registry_search(data, "incoming:stay-list", row["full_name"]),
                )
    if items["4"]["available"]:
        for row in items["4"]["rows"]:
            if not row["actual_return"] and (
                not row["planned_return"] or row["planned_return"] < today.isoformat()
            ):
                yield Gap(
                    4,
                    "trip_return_date",
                    GapSeverity.WARNING,
                    _("A2.4: the trip of %(name)s to %(place)s has no return date.")
                    % {
                        "name": row["full_name"],
                        "place": sources.label("country", row["country"]) or row["city"],
                    },
                )
    if items["5"]["available"]:
        plan = items["5"]["plan"]
        if plan is None or not plan["approved"]:
            yield Gap(
                5,
                "annual_plan",
                GapSeverity.BLOCKING,
                _("A2.5: there is no approved annual work plan for %(year)s.")
                % {"year": data["year_label"]},
                plan["url"] if plan else _registry(data, "planning:annual-plan-list"),
            )
    if items["6"]["available"]:
        for row in items["6"]["rows"]:
            if not row["has_signed_copy"]:
                yield Gap(
                    6,
                    "agreement_copy",
                    GapSeverity.WARNING,
                    _("A2.6: the agreement “%(title)s” has no signed copy.")
                    % {"title": bilingual.text(row["title"])},
                    row["url"],
                )
    yield from _kazakh_gaps(data)


KAZAKH_MISSING = {
    "unit_name": (1, _("the unit name"), "service:unit-list"),
    "unit_address": (1, _("the address of the unit"), "service:unit-list"),
    "position": (2, _("the position"), "service:official-list"),
    "plan_title": (5, _("the title of the work plan"), "planning:annual-plan-list"),
    "plan_activity": (5, _("the plan activity"), "planning:annual-plan-list"),
    "agreement_title": (6, _("the agreement title"), "partners:agreement-list"),
}


def kazakh_missing(data: dict) -> Iterator[tuple[str, str]]:
    """(kind, Russian value) of every name the report prints that has a Russian value and no
    Kazakh one (core.bilingual): the Kazakh report prints it in Russian, marked. Kinds are the
    keys of KAZAKH_MISSING. A snapshot taken before names were kept in both languages has
    plain texts and misses nothing."""
    items = data["items"]
    seen = set()

    def found(kind: str, value) -> Iterator[tuple[str, str]]:
        if bilingual.missing_kazakh(value) and (kind, value["ru"]) not in seen:
            seen.add((kind, value["ru"]))
            yield kind, value["ru"]

    if items["1"]["available"]:
        for row in items["1"]["rows"]:
            yield from found("unit_name", bilingual.pair(row["name_ru"], row["name_kk"]))
            yield from found("unit_address", row["address"])
    if items["2"]["available"]:
        for row in items["2"]["rows"]:
            yield from found("position", row["position"])
    if items["5"]["available"] and items["5"]["plan"]:
        plan = items["5"]["plan"]
        yield from found("plan_title", plan["title"])
        for entry in plan["items"]:
            yield from found("plan_activity", entry["activity"])
            yield from found("unit_name", entry["unit"])
    if items["6"]["available"]:
        for row in items["6"]["rows"]:
            yield from found("agreement_title", row["title"])


def _kazakh_gaps(data: dict) -> Iterator[Gap]:
    """Warnings: each name printed in Russian in the Kazakh report (kazakh_missing)."""
    for kind, value in kazakh_missing(data):
        number, what, url_name = KAZAKH_MISSING[kind]
        yield Gap(
            number,
            "kazakh_missing",
            GapSeverity.WARNING,
            _(
                "A2.%(number)s: %(what)s “%(value)s” has no Kazakh version; the Kazakh "
                "report prints it in Russian."
            )
            % {"number": number, "what": what, "value": value},
            _registry(data, url_name),
        )


def _registry(data: dict, url_name: str) -> str:
    """The page of the registry where a gap can be fixed ("" when it has none)."""
    slug = data["organization"].get("slug")
    if not slug:
        return ""
    try:
        return reverse(url_name, kwargs={"org_slug": slug})
    except NoReverseMatch:
        return ""


def _registry_search(data: dict, url_name: str, text: str) -> str:
    """The registry's list searched for a name."""
    url = _registry(data, url_name)
    return f"{url}?{urlencode({'q': text})}" if url else ""


# --- figures of one report (for the national figures and ratings) ----------------------------


def report_figures(data: dict) -> dict:
    """The counts the authority adds up, computed from one report's data (so from a
    snapshot, when the data is a submission's). Reads each list once."""
    items = data["items"]
    foreigners = items["3"].get("rows", []) if items["3"]["available"] else []
    trips = items["4"].get("rows", []) if items["4"]["available"] else []
    agreements = items["6"].get("rows", []) if items["6"]["available"] else []
    conferences = items["8"].get("rows", []) if items["8"]["available"] else []
    work = items["9"].get("work") if items["9"]["available"] else None
    citizenship, category, arrival_line = Counter(), Counter(), Counter()
    for row in foreigners:
        citizenship[row["country"]] += 1
        category[row["category"]] += 1
        arrival_line[row["arrival_line"]] += 1
    abroad_country, purpose = Counter(), Counter()
    for row in trips:
        abroad_country[row["country"]] += 1
        purpose[row["purpose"]] += 1
    agreement_countries: Counter = Counter()
    for agreement in agreements:
        for country in {p["country"] for p in agreement["partners"] if p["country"]}:
            agreement_countries[country] += 1
    return {
        "foreigners": len(foreigners),
        "citizens_abroad": len(trips),
        "agreements": len(agreements),
        "conferences": len(conferences),
        "publications": work["publications"]["count"] if work else 0,
        "by": {
            "citizenship": _without_blank(citizenship),
            "category": _without_blank(category),
            "arrival_line": _without_blank(arrival_line),
            "origin": dict(items["3"].get("origin", {})) if items["3"]["available"] else {},
            "abroad_country": _without_blank(abroad_country),
            "purpose": _without_blank(purpose),
            "agreement_country": dict(agreement_countries),
        },
    }


def _without_blank(counts: Counter) -> dict[str, int]:
    return {code: n for code, n in counts.items() if code}


# --- the organization's reports -----------------------------------------------------------


def report_list(organization: Organization) -> QuerySet[AnnualReport]:
    """The organization's reports, latest year first, with their latest submission's status."""
    latest = Submission.objects.filter(report=OuterRef("pk")).order_by("-version")
    return (
        AnnualReport.objects.for_org(organization)
        .select_related("organization")
        .annotate(
            submission_count=Count("submissions", distinct=True),
            latest_status=Subquery(latest.values("status")[:1]),
            latest_on_time=Subquery(latest.values("on_time")[:1]),
            latest_version=Subquery(latest.values("version")[:1]),
        )
        .order_by("-academic_year", "id")
    )


def report_get(organization: Organization, pk: int) -> AnnualReport:
    return get_object_or_404(
        AnnualReport.objects.for_org(organization).select_related("organization", "created_by"),
        pk=pk,
    )


def report_for_year(organization: Organization, academic_year: int) -> AnnualReport | None:
    return (
        AnnualReport.objects.for_org(organization)
        .filter(academic_year=academic_year)
        .select_related("organization")
        .first()
    )


def latest_generation(report: AnnualReport) -> ReportGeneration | None:
    """The newest generation, whatever its state (for the progress shown), without its data."""
    return (
        ReportGeneration.objects.filter(report=report)
        .defer("data")
        .order_by("-created_at", "-id")
        .first()
    )


def current_generation(report: AnnualReport, *, with_data: bool = True) -> ReportGeneration | None:
    """The newest finished generation: its files are the report's current files."""
    generations = ReportGeneration.objects.filter(report=report, status=GenerationStatus.DONE)
    if not with_data:
        generations = generations.defer("data")
    return generations.order_by("-created_at", "-id").first()


def generation_is_stale(report: AnnualReport, generation: ReportGeneration | None) -> bool:
    """Whether the report's notes changed after the generation was made (its files then
    lack the new text). Reads only the notes of the generation's data."""
    if generation is None:
        return False
    notes = (
        ReportGeneration.objects.filter(pk=generation.pk)
        .values_list("data__notes", flat=True)
        .first()
    )
    return notes != report.notes()


def generation_get(organization: Organization, report_pk: int, pk: int) -> ReportGeneration:
    return get_object_or_404(
        ReportGeneration.objects.for_org(organization).select_related("report__organization"),
        report_id=report_pk,
        pk=pk,
    )


def generation_files(generation: ReportGeneration | None) -> list[ReportFile]:
    if generation is None:
        return []
    return list(ReportFile.objects.filter(generation=generation).order_by("kind", "language"))


def report_file_get(organization: Organization, report_pk: int, pk: int) -> ReportFile:
    return get_object_or_404(
        ReportFile.objects.for_org(organization).select_related("generation"),
        generation__report_id=report_pk,
        pk=pk,
    )


def submission_list(report: AnnualReport) -> QuerySet[Submission]:
    """The report's submitted versions, newest first, without their data."""
    return (
        Submission.objects.filter(report=report)
        .select_related("submitted_by", "decided_by", "organization", "report")
        .defer("data", "figures")
        .order_by("-version")
    )


def submission_get(organization: Organization, report_pk: int, pk: int) -> Submission:
    return get_object_or_404(
        Submission.objects.for_org(organization)
        .select_related("report__organization", "submitted_by", "decided_by")
        .prefetch_related("files"),
        report_id=report_pk,
        pk=pk,
    )


def submissions_of(organization: Organization) -> QuerySet[Submission]:
    """Every submission of the organization (API), newest first."""
    return (
        Submission.objects.for_org(organization)
        .select_related("report__organization", "submitted_by", "decided_by")
        .prefetch_related("files")
        .order_by("-submitted_at", "-id")
    )


def submission_file_get(organization: Organization, submission_pk: int, pk: int):
    from .models import SubmissionFile

    return get_object_or_404(
        SubmissionFile.objects.for_org(organization).select_related("submission"),
        submission_id=submission_pk,
        pk=pk,
    )


def report_state(latest: Submission | None, report_exists: bool) -> str:
    """The report's state as the authority lists it."""
    if latest is None:
        return ReportState.DRAFT if report_exists else ReportState.NOT_STARTED
    if latest.status == SubmissionStatus.ACCEPTED:
        return ReportState.ACCEPTED
    if latest.status == SubmissionStatus.RETURNED:
        return ReportState.RETURNED
    return ReportState.SUBMITTED_ON_TIME if latest.on_time else ReportState.SUBMITTED_LATE


# --- the authority's side (every organization; scopes disabled explicitly) --------------------


@dataclass
class OverviewRow:
    organization: Organization
    report_id: int | None
    state: str
    submission: Submission | None

    @property
    def state_label(self) -> str:
        return ReportState(self.state).label


def _latest_submissions(academic_year: int, organization_ids=None) -> dict[int, Submission]:
    """The latest version per organization for the year (one query: the versions with no
    newer one of their report, an anti-join; `pk = (the newest's pk)` was a correlated
    subquery that PostgreSQL joined back 1,000 × 1,000 times)."""
    with scopes_disabled():
        newer = Submission.objects.filter(
            report_id=OuterRef("report_id"), version__gt=OuterRef("version")
        )
        submissions = (
            Submission.objects.filter(report__academic_year=academic_year)
            .exclude(Exists(newer))
            .defer("data")
            .order_by()
        )
        if organization_ids is not None:
            submissions = submissions.filter(organization_id__in=organization_ids)
        return {s.organization_id: s for s in submissions}


def authority_overview(
    academic_year: int, *, region: str = "", kind: str = "", state: str = ""
) -> list[OverviewRow]:
    """R8.11: every organization (of a region and kind) with the state of its report for the
    year. Three queries whatever the number of organizations."""
    organizations = Organization.objects.order_by("short_name", "id")
    if region:
        organizations = organizations.filter(region=region)
    if kind:
        organizations = organizations.filter(kind=kind)
    organizations = list(organizations)
    with scopes_disabled():
        reports = dict(
            AnnualReport.objects.filter(academic_year=academic_year).values_list(
                "organization_id", "pk"
            )
        )
    latest = _latest_submissions(academic_year)
    rows = []
    for organization in organizations:
        submission = latest.get(organization.pk)
        report_id = reports.get(organization.pk)
        if submission is not None:
            submission.organization = organization
        row = OverviewRow(
            organization, report_id, report_state(submission, report_id is not None), submission
        )
        if not state or row.state == state:
            rows.append(row)
    return rows


def authority_submission_get(pk: int) -> Submission:
    """A submitted report for the authority (any organization)."""
    with scopes_disabled():
        return get_object_or_404(
            Submission.objects.select_related(
                "report__organization", "organization", "submitted_by", "decided_by"
            ).prefetch_related("files"),
            pk=pk,
        )


def authority_versions(submission: Submission) -> list[Submission]:
    with scopes_disabled():
        return list(
            Submission.objects.filter(report_id=submission.report_id)
            .select_related("decided_by", "submitted_by")
            .defer("data")
            .order_by("-version")
        )


def authority_submission_file_get(submission_pk: int, pk: int):
    from .models import SubmissionFile

    with scopes_disabled():
        return get_object_or_404(
            SubmissionFile.objects.select_related("submission__organization"),
            submission_id=submission_pk,
            pk=pk,
        )


def counted_submissions(academic_year: int) -> list[Submission]:
    """The snapshots the national figures count: per organization, the latest version of
    the year unless it was returned (submitted or accepted). One query."""
    latest = _latest_submissions(academic_year)
    with scopes_disabled():
        organizations = Organization.objects.in_bulk([s.organization_id for s in latest.values()])
    counted = []
    for submission in latest.values():
        if submission.status == SubmissionStatus.RETURNED:
            continue
        submission.organization = organizations[submission.organization_id]
        counted.append(submission)
    counted.sort(key=lambda s: s.organization.short_name)
    return counted


FIGURE_DIMENSIONS = {
    "citizenship": ("country", _("Foreigners by citizenship")),
    "category": ("category", _("Foreigners by category")),
    "arrival_line": ("arrival_line", _("Foreigners by arrival line")),
    "origin": ("origin", _("Foreigners by origin")),
    "abroad_country": ("country", _("Citizens abroad by country")),
    "purpose": ("purpose", _("Citizens abroad by purpose")),
    "agreement_country": ("country", _("Agreements by the partner's country")),
}
TOTALS = {
    "foreigners": _("Foreigners (A2.3)"),
    "citizens_abroad": _("Citizens abroad (A2.4)"),
    "agreements": _("Agreements (A2.6)"),
    "conferences": _("Conference participations (A2.8)"),
    "publications": _("Publications with foreigners (A2.9)"),
}


@dataclass
class NationalFigures:
    academic_year: int
    organizations: int
    totals: dict[str, int]
    by: dict[str, list[tuple[str, str, int]]]  # dimension -> [(code, label, count)]


def national_figures(academic_year: int, submissions: list[Submission] | None = None):
    """The national figures of the year, added up from the counted snapshots."""
    submissions = counted_submissions(academic_year) if submissions is None else submissions
    totals = Counter()
    by: dict[str, Counter] = {name: Counter() for name in FIGURE_DIMENSIONS}
    for submission in submissions:
        figures = submission.figures or {}
        for name in TOTALS:
            totals[name] += int(figures.get(name, 0))
        for name in FIGURE_DIMENSIONS:
            by[name].update(figures.get("by", {}).get(name, {}))
    labelled = {}
    for name, (field_name, _title) in FIGURE_DIMENSIONS.items():
        labelled[name] = [
            (code, sources.label(field_name, code), count)
            for code, count in sorted(by[name].items(), key=lambda pair: (-pair[1], pair[0]))
        ]
    return NationalFigures(
        academic_year, len(submissions), {name: totals[name] for name in TOTALS}, labelled
    )


# --- ratings (R2.10) -------------------------------------------------------------------------

RATING_WEIGHTS = {
    "foreigners": 0.30,
    "citizens_abroad": 0.20,
    "agreements": 0.20,
    "conferences": 0.10,
    "publications": 0.10,
    "on_time": 0.10,
}


@dataclass
class Rating:
    place: int
    organization: Organization
    values: dict[str, int]
    score: float

    @property
    def ordered(self) -> list[int]:
        return [self.values[name] for name in RATING_WEIGHTS]


def ratings(academic_year: int, submissions: list[Submission] | None = None) -> list[Rating]:
    """R2.10: organizations ranked by a score of their snapshot's indicators.

    score = 100 × Σ wᵢ · xᵢ / max(xᵢ), over the organizations counted for the year, with the
    weights of RATING_WEIGHTS; `on_time` is 1 when the counted version came in by the
    deadline. An indicator that is 0 everywhere adds nothing.
    """
    submissions = counted_submissions(academic_year) if submissions is None else submissions
    values = []
    for submission in submissions:
        figures = submission.figures or {}
        row = {name: int(figures.get(name, 0)) for name in RATING_WEIGHTS if name != "on_time"}
        row["on_time"] = 1 if submission.on_time else 0
        values.append((submission.organization, row))
    maxima = {name: max((row[name] for _o, row in values), default=0) for name in RATING_WEIGHTS}
    scored = []
    for organization, row in values:
        score = 100 * sum(
            weight * row[name] / maxima[name]
            for name, weight in RATING_WEIGHTS.items()
            if maxima[name]
        )
        scored.append((round(score, 1), organization, row))
    scored.sort(key=lambda entry: (-entry[0], entry[1].short_name))
    return [
        Rating(place, organization, row, score)
        for place, (score, organization, row) in enumerate(scored, start=1)
    ]


# --- dashboard series -------------------------------------------------------------------------


def country_series(
    organization: Organization, what: str, years: list[int], top: int = 5
) -> tuple[list[str], dict[str, list[int]]]:
    """Foreigners (what="foreigners") or trips ("trips") per academic year by country: the
    `top` countries over the years and "other". One query a year. Raises SourceUnavailable."""
    function = sources.foreigners_by_country if what == "foreigners" else sources.trips_by_country
    per_year = {
        year: Counter(function(organization, *academic_year_bounds(organization, year)))
        for year in years
    }
    totals = sum(per_year.values(), Counter())
    leaders = [code for code, _n in totals.most_common(top)]
    series = {code: [per_year[year][code] for year in years] for code in leaders}
    other = [sum(n for code, n in per_year[year].items() if code not in leaders) for year in years]
    if any(other):
        series["other"] = other
    return [year_label(y) for y in years], series


def date_text(value: str | date | datetime | None) -> str:
    """An ISO date of report data in the active language's short format."""
    if not value:
        return ""
    if isinstance(value, str):
        value = date.fromisoformat(value[:10])
    return date_format(value, "SHORT_DATE_FORMAT")
