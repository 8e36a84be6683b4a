import datetime as dt

import pytest
from django.utils import translation

from tests.factories.people import PersonFactory
from tests.factories.planning import (
    AnnualPlanFactory,
    ForeignersWorkFactory,
    LongTermPlanFactory,
    SpecialtyProposalFactory,
)
from tests.factories.service import UnitFactory


@pytest.fixture(autouse=True)
def _english():
    """English messages in these tests unless one asks for another language (the project
    default is Russian)."""
    with translation.override("en"):
        yield


@pytest.fixture
def client_for(client_for):
    """Logged-in clients whose pages come in English unless a request asks otherwise."""

    def make(user, language="en"):
        client = client_for(user)
        client.defaults["HTTP_ACCEPT_LANGUAGE"] = language
        return client

    return make


@pytest.fixture
def person(org):
    return PersonFactory(organization=org, last_name="Ахметова", first_name="Айгерим")


@pytest.fixture
def unit(org):
    return UnitFactory(organization=org, name_ru="Факультет философии")


@pytest.fixture
def long_term_plan(org):
    return LongTermPlanFactory(
        organization=org, title="Стратегия 2025–2029", year_start=2025, year_end=2029
    )


@pytest.fixture
def annual_plan(org):
    """The 2025/2026 plan, a draft (academic year 1 September 2025 – 31 August 2026)."""
    return AnnualPlanFactory(organization=org, academic_year=2025, title="")


@pytest.fixture
def work(org):
    return ForeignersWorkFactory(organization=org, academic_year=2025)


@pytest.fixture
def proposal(org):
    return SpecialtyProposalFactory(organization=org, year=2026)


@pytest.fixture
def in_plan_year():
    return dt.date(2026, 3, 15)
