"""Fixtures of the reporting tests: an organization registered in September 2005 (its BIN),
and the registries' factories when the app that owns them is installed."""

import datetime as dt
import importlib

import pytest
from django.utils import timezone

from yntymaq.reporting import sources

YEAR = 2025  # the academic year 2025/2026, due by 15 July 2026


def registry_available(module: str, name: str) -> bool:
    try:
        return hasattr(importlib.import_module(module), name)
    except ImportError:
        return False


def needs(module: str, name: str):
    """Skip a test while the registry it reads does not offer its query function."""
    return pytest.mark.skipif(
        not registry_available(module, name), reason=f"{module}.{name} is not available yet"
    )


def foreigner(org, last_name: str, first_name: str):
    """A foreign student enrolled for the academic year 2025/2026 (incoming's registry)."""
    from tests.factories.incoming import StayFactory
    from tests.factories.people import ForeignerFactory

    person = ForeignerFactory(
        organization=org, last_name=last_name, first_name=first_name, patronymic=""
    )
    return StayFactory(organization=org, person=person)


def returned_trip(org, last_name: str, first_name: str):
    """A citizen's trip abroad in January 2026, returned (outbound's registry)."""
    from tests.factories.outbound import TripFactory
    from tests.factories.people import PersonFactory

    person = PersonFactory(
        organization=org, last_name=last_name, first_name=first_name, patronymic=""
    )
    return TripFactory(
        organization=org,
        person=person,
        status="returned",
        planned_departure=dt.date(2026, 1, 12),
        planned_return=dt.date(2026, 2, 6),
        actual_departure=dt.date(2026, 1, 12),
        actual_return=dt.date(2026, 2, 7),
    )


@pytest.fixture
def org(org):
    org.bin = "050940001237"  # registered in September 2005
    org.save(update_fields=["bin"])
    return org


@pytest.fixture
def approved_plan(org, service_head):
    """The approved A2.5 work plan of the year (when planning is installed)."""
    if not registry_available(sources.PLANNING, "annual_plan_for_year"):
        return None
    from tests.factories.planning import AnnualPlanFactory, AnnualPlanItemFactory

    plan = AnnualPlanFactory(
        organization=org,
        academic_year=YEAR,
        title="План международного сотрудничества 2025/2026",
        status="approved",
        approved_by=service_head,
        approved_at=timezone.make_aware(dt.datetime(2025, 9, 10, 10, 0)),
    )
    AnnualPlanItemFactory(organization=org, plan=plan, activity="Летняя школа с партнёрами")
    return plan


@pytest.fixture(autouse=True)
def _english():
    """Messages are asserted in the source language (the pages set their own)."""
    from django.utils import translation

    with translation.override("en"):
        yield
