"""What needs attention among agreements: their ends, 90 and 30 days ahead by default
(PartnersSettings). One provider, one query for the deadline kind."""

from __future__ import annotations

from datetime import date

from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from yntymaq.core.attention import AttentionItem, Deadlines

from .queries import agreements_ending, partners_settings

KIND = "partners.agreement_expiry"


def expiry_alert_days(organization) -> tuple[int, int]:
    """The first and second alerts before an agreement ends (settings, 90 and 30 by default)."""
    row = partners_settings(organization)
    return row.expiry_first_alert_days, row.expiry_second_alert_days


def partners_attention(organization, today: date) -> list[Deadlines]:
    """Agreements in force that end within the first alert period: decide on prolongation or
    renewal. Reminders go out on the first and second alert days (and once when overdue)."""
    first, second = expiry_alert_days(organization)

    def make(agreement):
        partners = ", ".join(p.name for p in agreement.partners.all())
        if agreement.automatic_prolongation:
            text = _("“%(title)s” (%(partners)s) is prolonged automatically on %(date)s")
        else:
            text = _("“%(title)s” (%(partners)s) ends on %(date)s: prolong or renew it")
        return AttentionItem(
            due=agreement.valid_to,
            kind=KIND,
            title=text
            % {
                "title": agreement.title,
                "partners": partners,
                "date": date_format(agreement.valid_to, "SHORT_DATE_FORMAT"),
            },
            url=agreement.get_absolute_url(),
            clause="R8.3",
            responsible_user_ids=(),
            remind_days=(first, second),
        )

    rows = agreements_ending(organization, today, first)
    return [Deadlines(KIND, gettext_lazy("Agreements ending"), rows, make)]
