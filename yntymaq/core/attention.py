"""The deadline engine: what needs attention, gathered from every app.

Apps register a provider `fn(organization, today) -> list[Deadlines]` in their
AppConfig.ready(). A `Deadlines` is one kind of deadline: a query of the rows that are due
(earliest first) and how to turn a row into an `AttentionItem`. Building it runs no query; the
engine reads only what is asked for:

- the dashboard asks for the first ten items: every kind reads at most eleven rows, and counts
  its rows only when there are more (so its cost does not grow with the registries);
- the attention page asks for one page, of every kind or of one;
- the daily reminder job (core.notifications) asks for everything.

Each kind runs a fixed number of queries whatever the number of items.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

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


@dataclass(frozen=True)
class Deadlines:
    """One kind of deadline of one app.

    `rows` is a queryset (or a list) in the order of the items' due dates; `make(row)` turns a
    row into its item. When `make` may drop a row (a condition the database cannot check),
    set `exact=False`: every row is then read, so keep such a query small by its filter.
    Several `Deadlines` may share a kind (one query per case); they count as one kind.
    """

    kind: str
    label: Any  # what the kind is, translated ("Visas expiring")
    rows: Any
    make: Callable[[Any], AttentionItem | None]
    exact: bool = True

    def read(self, limit: int | None) -> tuple[list[AttentionItem], int]:
        """The first `limit` items (all when None) and how many there are in all."""
        rows = self.rows
        if not self.exact or limit is None or not isinstance(rows, models.QuerySet):
            made = [item for item in map(self.make, rows) if item is not None]
            return (made if limit is None else made[:limit]), len(made)
        if limit == 0:
            return [], rows.count()
        head = list(rows[: limit + 1])
        total = len(head) if len(head) <= limit else rows.count()
        return [item for item in map(self.make, head[:limit]) if item is not None], total


@dataclass
class Gathered:
    """Items in due order, and every kind asked for with its label and number of items."""

    items: list[AttentionItem]
    kinds: dict[str, tuple[Any, int]]

    @property
    def total(self) -> int:
        return sum(count for _label, count in self.kinds.values())


Provider = Callable[..., Iterable[Deadlines]]
_PROVIDERS: list[Provider] = []


def register(provider: Provider) -> None:
    if provider not in _PROVIDERS:
        _PROVIDERS.append(provider)


def _due_order(item: AttentionItem):
    return (item.due, item.kind)


def read(deadlines: Iterable[Deadlines], *, limit: int | None = None) -> Gathered:
    """Read the given deadlines: each kind's first `limit` items, merged in due order."""
    items: list[AttentionItem] = []
    kinds: dict[str, tuple[Any, int]] = {}
    for entry in deadlines:
        found, total = entry.read(limit)
        items.extend(found)
        _label, before = kinds.get(entry.kind, (entry.label, 0))
        kinds[entry.kind] = (entry.label, before + total)
    items.sort(key=_due_order)  # stable: a kind's own order is kept among equal dates
    return Gathered(items if limit is None else items[:limit], kinds)


def gather(
    organization, today: date, *, limit: int | None = None, kinds: Iterable[str] | None = None
) -> Gathered:
    """What needs attention in the organization: the first `limit` items of the `kinds` asked
    for (all of them by default), and the number of items of each kind."""
    wanted = set(kinds) if kinds is not None else None
    deadlines = [
        entry
        for provider in _PROVIDERS
        for entry in provider(organization, today)
        if wanted is None or entry.kind in wanted
    ]
    return read(deadlines, limit=limit)


def items(organization, today: date) -> list[AttentionItem]:
    """Every item that needs attention, in due order (the daily reminder job)."""
    return gather(organization, today).items
