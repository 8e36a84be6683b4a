"""Where the actual value of a long-term plan's indicator comes from (R2.1).

An indicator's actual value is computed from the registry that holds it, through that app's
query function, and entered by hand where no registry holds it. `SOURCES` names the query
function of each registry; the function is looked up when it is needed, so an app that is
not built yet (or does not offer the function yet) simply leaves its indicators "entered by
hand" until it does.

The contract of a source function:

    fn(organization, start: date, end: date, **kwargs) -> int | Decimal | None
    fn(*, organization, start: date, end: date, **kwargs)     (keyword-only works as well)

given the organization and the first and last day of the period (a calendar year of the
plan, cut at today for the current year), plus the source's fixed keyword arguments. It
returns the figure for that period, or None when it cannot say.
"""

from __future__ import annotations

import importlib
import inspect
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from functools import partial

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from .enums import IndicatorKind

logger = logging.getLogger(__name__)

SourceFunction = Callable[..., int | Decimal | None]


@dataclass(frozen=True)
class Source:
    key: str
    registry: Promise | str  # the registry's name, shown beside the figure
    module: str
    function: str
    kwargs: dict = field(default_factory=dict)

    @property
    def path(self) -> str:
        return f"{self.module}.{self.function}"


SOURCES: dict[str, Source] = {
    source.key: source
    for source in (
        # incoming (issue 3): distinct foreigners with a stay overlapping the period.
        Source(
            "incoming.foreign_students",
            _("foreigners' stays"),
            "yntymaq.incoming.queries",
            "foreigners_count",
            {"group": "students"},
        ),
        Source(
            "incoming.foreign_staff",
            _("foreigners' stays"),
            "yntymaq.incoming.queries",
            "foreigners_count",
            {"group": "teachers_researchers"},
        ),
        # partners (issue 5): agreements in force at any time in the period.
        Source(
            "partners.agreements_in_force",
            _("agreements"),
            "yntymaq.partners.queries",
            "agreements_in_force_count",
        ),
        # outbound (issue 4): distinct citizens on a trip overlapping the period.
        Source(
            "outbound.citizens_sent_abroad",
            _("trips abroad"),
            "yntymaq.outbound.queries",
            "citizens_sent_abroad_count",
        ),
        # planning itself: publications with foreigners recorded for A2.9.
        Source(
            "planning.joint_publications",
            _("publications with foreigners"),
            "yntymaq.planning.queries",
            "joint_publications_count",
        ),
    )
}

# The source of each kind of indicator. Kinds without one (R2.6 certificates, R2.8 income,
# custom indicators) are always entered by hand: no registry of Yntymaq holds them.
KIND_SOURCES: dict[str, str] = {
    IndicatorKind.FOREIGN_STUDENTS: "incoming.foreign_students",
    IndicatorKind.FOREIGN_STAFF: "incoming.foreign_staff",
    IndicatorKind.AGREEMENTS_IN_FORCE: "partners.agreements_in_force",
    IndicatorKind.CITIZENS_SENT_ABROAD: "outbound.citizens_sent_abroad",
    IndicatorKind.JOINT_PUBLICATIONS: "planning.joint_publications",
}


def resolve(key: str) -> SourceFunction | None:
    """The source's function as `fn(organization, start, end)`, or None while it is missing.

    Missing means: the app's queries module does not exist, it has no such function, or the
    function does not accept the contract's arguments. An error inside the module itself is
    a bug and is raised, not hidden.
    """
    source = SOURCES[key]
    try:
        module = importlib.import_module(source.module)
    except ModuleNotFoundError as error:
        missing = error.name or ""
        if not (source.module == missing or source.module.startswith(missing + ".")):
            raise  # the module exists but imports something missing: a bug
        return None
    function = getattr(module, source.function, None)
    if not callable(function):
        return None
    try:
        signature = inspect.signature(function)
    except ValueError:  # pragma: no cover - builtins without a signature
        return None
    try:
        signature.bind(None, None, None, **source.kwargs)
    except TypeError:
        pass
    else:
        return partial(function, **source.kwargs) if source.kwargs else function
    try:
        signature.bind(organization=None, start=None, end=None, **source.kwargs)
    except TypeError:
        logger.warning(
            "Indicator source %s: %s does not accept (organization, start, end, **%r); "
            "its indicators are entered by hand until it does.",
            key,
            source.path,
            source.kwargs,
        )
        return None

    def by_keyword(organization, start, end):
        return function(organization=organization, start=start, end=end, **source.kwargs)

    return by_keyword


def available_sources() -> dict[str, SourceFunction]:
    """Source key -> callable(organization, start, end) for every source that exists now."""
    found = {}
    for key in SOURCES:
        function = resolve(key)
        if function is not None:
            found[key] = function
    return found


def source_for_kind(kind: str) -> Source | None:
    """The source that would compute this kind of indicator (whether it exists yet or not)."""
    key = KIND_SOURCES.get(kind)
    return SOURCES[key] if key else None


def compute(function: SourceFunction, organization, start: date, end: date) -> Decimal | None:
    """Call a source and return its figure as a Decimal (None stays None)."""
    value = function(organization, start, end)
    if value is None:
        return None
    return value if isinstance(value, Decimal) else Decimal(str(value))
