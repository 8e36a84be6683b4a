"""What is measured: one entry per page or API call, by URL name.

A later issue adds its pages here. `kwargs` and `query` values may be callables of the
Dataset (e.g. `lambda d: d.sample("people.Person").pk`); `org_slug` is filled in when the
URL takes it. An entry whose URL name does not exist (yet) is skipped without output.
`user` is "head" (the measured organization's service head) or "authority".
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Page:
    name: str
    url_name: str
    kwargs: dict[str, Any] = field(default_factory=dict)
    query: dict[str, Any] = field(default_factory=dict)
    user: str = "head"
    needs: tuple[str, ...] = ()  # model labels the dataset must hold, else skipped


def _person(d):
    return d.sample("people.Person").pk


def _search_term(d) -> str:
    """A surname shared by many persons (the generators draw from a short list)."""
    return d.sample("people.Person").last_name[:5]


PAGES: list[Page] = [
    Page("core.dashboard", "core:dashboard"),
    Page(
        "core.attention.kind", "core:attention", query={"kind": "incoming.visa_expiry", "page": 3}
    ),
    Page("core.audit.list", "core:audit-log"),
    Page("core.audit.filtered", "core:audit-log", query={"action": "people.person.updated"}),
    Page("people.persons.list", "people:person-list"),
    Page(
        "people.persons.search",
        "people:person-list",
        query={"q": _search_term},
        needs=("people.Person",),
    ),
    Page(
        "people.persons.detail",
        "people:person-detail",
        kwargs={"pk": _person},
        needs=("people.Person",),
    ),
    Page("people.api.persons.list", "people-person-list"),
    Page(
        "people.api.persons.search",
        "people-person-list",
        query={"search": _search_term},
        needs=("people.Person",),
    ),
    Page("service.overview", "service:overview"),
    Page("service.units.list", "service:unit-list"),
    Page("service.officials.list", "service:official-list"),
    Page("service.appointments.list", "service:appointment-list"),
    Page("service.api.units.list", "service-unit-list"),
    Page("service.api.officials.list", "service-official-list"),
    Page("authority.overview", "authority:overview", user="authority"),
    # issue 11: the registry of organizations and the members of one
    Page("authority.registry.list", "authority:organization-registry", user="authority"),
    Page("service.members.list", "service:member-list"),
]


def _app_pages() -> list[Page]:
    """Pages that apps keep in their own benchmark module (benchmarks/<app>.py)."""
    from .planning import pages as planning_pages

    return planning_pages()


PAGES += _app_pages()


from .incoming import pages as incoming_pages  # noqa: E402 - issue 3

PAGES += incoming_pages()

from .outbound import pages as outbound_pages  # noqa: E402 - issue 4

PAGES += outbound_pages()

from .partners import pages as partners_pages  # noqa: E402 - issue 5

PAGES += partners_pages()

from .reporting import pages as reporting_pages  # noqa: E402 - issue 7

PAGES += reporting_pages()


def resolve_values(values: dict[str, Any], dataset) -> dict[str, Any]:
    return {k: (v(dataset) if isinstance(v, Callable) else v) for k, v in values.items()}
