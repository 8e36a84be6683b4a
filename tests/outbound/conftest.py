"""Fixtures of the outbound tests: English messages unless a test asks for another language,
a unit with its coordinator, an approved plan row."""

import datetime as dt

import pytest
from django.utils import translation

from tests.factories.outbound import PlanRowFactory, TripFactory, TripPlanFactory
from tests.factories.people import PersonFactory
from tests.factories.service import UnitFactory
from yntymaq.core.models import Membership
from yntymaq.outbound.enums import PlanStatus


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture
def as_user(client_for):
    """A logged-in client whose pages come in English (the project default is Russian)."""

    def make(user, language="en"):
        client = client_for(user)
        client.cookies["django_language"] = language
        return client

    return make


@pytest.fixture
def unit(org, coordinator):
    membership = Membership.objects.get(user=coordinator, organization=org)
    return UnitFactory(
        organization=org,
        name_ru="Факультет физики",
        name_kk="Физика факультеті",
        coordinators=[membership],
    )


@pytest.fixture
def other_unit(org):
    return UnitFactory(organization=org, name_ru="Факультет химии", name_kk="Химия факультеті")


@pytest.fixture
def person(org):
    return PersonFactory(
        organization=org,
        last_name="Сейткали",
        first_name="Айгерим",
        last_name_latin="SEITKALI",
        first_name_latin="AIGERIM",
        birth_date=dt.date(2001, 4, 12),
        sex="F",
        phones="+7 701 555 12 34",
        email="aigerim@example.kz",
    )


@pytest.fixture
def approved_row(org, unit, person):
    plan = TripPlanFactory(organization=org, unit=unit, status=PlanStatus.APPROVED)
    return PlanRowFactory(
        organization=org,
        plan=plan,
        person=person,
        country="DE",
        city="Берлин",
        host_organization="Freie Universität Berlin",
        planned_departure=dt.date(2026, 9, 1),
        planned_return=dt.date(2027, 1, 31),
    )


@pytest.fixture
def make_trip(org, unit):
    """A trip of the organization (factory defaults: Seoul, March 2026, planned)."""

    def make(**kwargs):
        kwargs.setdefault("organization", org)
        kwargs.setdefault("unit", unit)
        if "person" not in kwargs:
            kwargs["person"] = PersonFactory(organization=org)
        return TripFactory(**kwargs)

    return make
