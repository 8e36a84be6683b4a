"""What needs attention for the annual report (R8.11): the report due by 15 July, reminded
30, 7 and 1 days before; and a report the authority returned. One query per kind."""

from __future__ import annotations

from datetime import date, timedelta

from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from yntymaq.core.attention import AttentionItem, Deadlines

from .enums import SubmissionStatus
from .models import AnnualReport, Submission, year_label
from .queries import report_deadline, reporting_year

KIND = "reporting.annual_report"  # the kind of deadline: the report due, or returned
KIND_DUE = "reporting.annual_report_due"
KIND_RETURNED = "reporting.annual_report_returned"
REMIND_DAYS = (30, 7, 1)
# The report shows in the list from this many days before its deadline; an overdue one for
# this many days after it, or as long as its draft is started and not submitted.
SHOW_DAYS_BEFORE = 45
SHOW_DAYS_OVERDUE = 90


def reporting_attention(organization, today: date) -> list[Deadlines]:
    """R8.11: the annual reports that need attention (at most two: two queries)."""
    label = gettext_lazy("The annual report to the authority")
    return [Deadlines(KIND, label, annual_report_items(organization, today), lambda item: item)]


def annual_report_items(organization, today: date) -> list[AttentionItem]:
    """R8.11: the annual report of the year due next, unless it is submitted or accepted;
    a returned report until it is submitted again."""
    year = reporting_year(organization, today)
    years = (year - 1, year)
    latest = {}
    for submission in (
        Submission.objects.for_org(organization)
        .filter(report__academic_year__in=years)
        .order_by("report__academic_year", "version")
        .values("report__academic_year", "report_id", "status", "version")
    ):
        latest[submission["report__academic_year"]] = submission
    started = set(
        AnnualReport.objects.for_org(organization)
        .filter(academic_year__in=years)
        .values_list("academic_year", flat=True)
    )
    items = []
    url = reverse("reporting:report-list", kwargs={"org_slug": organization.slug})
    for candidate in years:
        due = report_deadline(candidate)
        submitted = latest.get(candidate)
        if submitted and submitted["status"] == SubmissionStatus.RETURNED:
            items.append(
                AttentionItem(
                    due=due,
                    kind=KIND_RETURNED,
                    title=_(
                        "The authority returned the annual report for %(year)s: correct and "
                        "submit it again"
                    )
                    % {"year": year_label(candidate)},
                    url=url,
                    clause="R8.11",
                    remind_days=REMIND_DAYS,
                )
            )
            continue
        if submitted:
            continue
        if candidate != year and today <= due:
            continue
        if candidate == year and due - today > timedelta(days=SHOW_DAYS_BEFORE):
            continue
        overdue_long = today > due + timedelta(days=SHOW_DAYS_OVERDUE)
        if candidate != year and overdue_long and candidate not in started:
            continue
        items.append(
            AttentionItem(
                due=due,
                kind=KIND_DUE,
                title=_("Submit the annual report for %(year)s to the authority by %(date)s")
                % {"year": year_label(candidate), "date": date_format(due, "SHORT_DATE_FORMAT")},
                url=url,
                clause="R8.11",
                remind_days=REMIND_DAYS,
            )
        )
    return items
