import datetime as dt

import pytest

from tests.factories.incoming import StayFactory
from tests.factories.people import ForeignerFactory


@pytest.fixture
def stay(org):
    person = ForeignerFactory(
        organization=org,
        last_name="Ли",
        first_name="Вэй",
        last_name_latin="LI",
        first_name_latin="WEI",
        citizenship="CN",
    )
    return StayFactory(organization=org, person=person)


@pytest.fixture
def invited(org):
    person = ForeignerFactory(
        organization=org,
        last_name="Абдуллаев",
        first_name="Тимур",
        last_name_latin="ABDULLAEV",
        first_name_latin="TIMUR",
        citizenship="UZ",
    )
    return StayFactory(
        organization=org,
        person=person,
        status="invited",
        status_since=dt.date(2025, 7, 1),
        arrival_date=None,
    )
