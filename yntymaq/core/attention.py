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
