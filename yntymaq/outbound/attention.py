"""What needs attention among trips abroad (the deadline engine, core.attention): post-trip
reports due or overdue (R8.6), exit documents missing before departure (R8.4) and passports
that expire too soon after the return (R8.4). One query per kind of deadline, read only as
far as the page that shows it needs."""

from __future__ import annotations

from datetime import date, timedelta

from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from yntymaq.core.attention import AttentionItem, Deadlines

from . import queries

REPORT_KIND = "outbound.report_due"
DOCUMENTS_KIND = "outbound.exit_documents"
PASSPORT_KIND = "outbound.passport_validity"


def _d(value: date) -> str:
    return date_format(value, "SHORT_DATE_FORMAT")


def _trip_url(organization, trip_id: int) -> str:
    return reverse("outbound:trip-detail", kwargs={"org_slug": organization.slug, "pk": trip_id})


def outbound_attention(organization, today: date) -> list[Deadlines]:
    settings = queries.outbound_settings(organization)
    horizon = today + timedelta(days=settings.attention_days)

    def report_item(report):
        trip = report.trip
        unit = trip.unit
        coordinators = tuple(m.user_id for m in unit.coordinators.all()) if unit else ()
        return AttentionItem(
            due=report.due_on,
            kind=REPORT_KIND,
            title=_("%(report)s of %(person)s (returned on %(date)s)")
            % {
                "report": report.get_kind_display().capitalize(),
                "person": trip.person.full_name,
                "date": _d(trip.actual_return),
            },
            url=reverse(
                "outbound:report-detail",
                kwargs={"org_slug": organization.slug, "trip_pk": trip.pk, "pk": report.pk},
            ),
            clause="R8.6",
            responsible_user_ids=coordinators,
            remind_days=(3, 1),
        )

    def documents_item(trip):
        return AttentionItem(
            due=trip.deadline,
            kind=DOCUMENTS_KIND,
            title=ngettext(
                "%(count)s exit document of %(person)s is missing (departure %(date)s)",
                "%(count)s exit documents of %(person)s are missing (departure %(date)s)",
                trip.missing,
            )
            % {
                "count": trip.missing,
                "person": trip.person.full_name,
                "date": _d(trip.planned_departure),
            },
            url=_trip_url(organization, trip.pk) + "#documents",
            clause="R8.4",
            remind_days=(7, 1),
        )

    def passport_item(document):
        trip = document.trip
        required = queries.passport_short_of(
            document.valid_until, trip.return_date, settings.passport_valid_months
        )
        if required is None:
            return None
        return AttentionItem(
            due=trip.planned_departure,
            kind=PASSPORT_KIND,
            title=_(
                "The passport of %(person)s is valid until %(valid)s; it must be valid "
                "until %(required)s"
            )
            % {
                "person": trip.person.full_name,
                "valid": _d(document.valid_until),
                "required": _d(required),
            },
            url=_trip_url(organization, trip.pk) + "#documents",
            clause="R8.4",
            remind_days=(14, 7),
        )

    return [
        Deadlines(
            REPORT_KIND,
            gettext_lazy("Post-trip reports due"),
            queries.reports_due_by(organization, horizon),
            report_item,
        ),
        Deadlines(
            DOCUMENTS_KIND,
            gettext_lazy("Exit documents missing"),
            queries.trips_with_documents_missing_by(organization, horizon),
            documents_item,
        ),
        # The validity rule counts months from the return, which the database does not do
        # alike everywhere: every passport of a trip leaving by the horizon is read.
        Deadlines(
            PASSPORT_KIND,
            gettext_lazy("Passports too short for the trip"),
            queries.passports_to_check(organization, horizon),
            passport_item,
            exact=False,
        ),
    ]
