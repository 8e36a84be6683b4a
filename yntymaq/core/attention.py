"""The deadline engine: what needs attention, gathered from every app.

Apps register a provider `fn(organization, today) -> Iterable[AttentionItem]` in their
AppConfig.ready(); `items(organization, today)` merges and sorts them. Providers must run a
fixed number of queries whatever the number of items (one query per kind of deadline).
The dashboard shows the first items, `/o/<slug>/attention/` all of them, and the daily
reminder job (issue 7) sends them to whoever is responsible.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date

from django.db import models
from django.utils.translation import gettext_lazy as _


class Severity(models.TextChoices):
    OVERDUE = "overdue", _("overdue")
    SOON = "soon", _("due soon")
    UPCOMING = "upcoming", _("upcoming")


@dataclass(frozen=True)
class AttentionItem:
    due: date
    kind: str  # "<app>.<deadline>", e.g. "incoming.visa_expiry"
    title: str  # translated, says what and whose
    url: str
    clause: str = ""  # the clause of the Rules or the law behind the deadline
    responsible_user_ids: tuple[int, ...] = field(default=())
    # Days before `due` on which the daily job reminds; overdue items are reminded once more.
    remind_days: tuple[int, ...] = (30, 7, 1)

    @property
    def key(self) -> str:
        return f"{self.kind}:{self.url}"

    def reminder_bucket(self, today: date) -> str | None:
        """Which reminder is due today: "30", "7", "1", "overdue", or None (not yet).

        A bucket is the smallest reminder day not below the days left, so a missed daily
        run still reminds the next day.
        """
        left = (self.due - today).days
        if left < 0:
            return "overdue"
        fitting = [d for d in self.remind_days if d >= left]
        return str(min(fitting)) if fitting else None

    def severity(self, today: date) -> str:
        if self.due < today:
            return Severity.OVERDUE
        if (self.due - today).days <= 7:
            return Severity.SOON
        return Severity.UPCOMING


Provider = Callable[..., Iterable[AttentionItem]]
_PROVIDERS: list[Provider] = []


def register(provider: Provider) -> None:
    if provider not in _PROVIDERS:
        _PROVIDERS.append(provider)


def items(organization, today: date) -> list[AttentionItem]:
    gathered: list[AttentionItem] = []
    for provider in _PROVIDERS:
        gathered.extend(provider(organization, today))
    return sorted(gathered, key=lambda item: (item.due, item.kind, item.title))
