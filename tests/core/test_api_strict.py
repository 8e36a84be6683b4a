"""Strict API filters (issue 14): a query parameter an operation does not declare, or a value
that does not fit its declared type, answers 400 naming it (core.schema, core.api)."""

import pytest
from rest_framework.test import APIClient

from tests.factories.incoming import StayFactory, VisaFactory

pytestmark = pytest.mark.django_db

BASE = "/api/v1/o/kaznu/incoming/"


@pytest.fixture
def client(service_staff):
    client = APIClient(HTTP_ACCEPT_LANGUAGE="en")
    client.force_authenticate(service_staff)
    return client


def test_unknown_query_parameter_answers_400_naming_it(client, org):
    StayFactory(organization=org)

    response = client.get(BASE + "stays/?statuss=arrived")

    assert response.status_code == 400
    assert response.json()["extra"]["fields"] == {"statuss": ["Unknown query parameter."]}


def test_value_outside_the_declared_enum_answers_400(client, org):
    response = client.get(BASE + "stays/?status=sleeping")

    assert response.status_code == 400
    [message] = response.json()["extra"]["fields"]["status"]
    assert message.startswith("Choose one of: ")


@pytest.mark.parametrize(
    ("query", "parameter", "message"),
    [
        ("visas/?stay=abc", "stay", "Enter a whole number."),
        ("stays/?page=first", "page", "Enter a whole number."),
        ("stays/?page_size=10&page_size=20", "page_size", "Give this parameter once."),
    ],
)
def test_malformed_values_answer_400(client, org, query, parameter, message):
    response = client.get(BASE + query)

    assert response.status_code == 400
    assert response.json()["extra"]["fields"] == {parameter: [message]}


def test_declared_and_standard_parameters_are_accepted(client, org):
    visa = VisaFactory(organization=org)

    stays = client.get(BASE + "stays/?status=&search=Li&ordering=name&page=1&page_size=10")
    visas = client.get(BASE + f"visas/?stay={visa.stay_id}&format=json")

    assert stays.status_code == 200, stays.json()
    assert visas.status_code == 200, visas.json()
    assert [v["id"] for v in visas.json()["results"]] == [visa.pk]


def test_other_organizations_user_gets_404_not_400(other_org, org):
    from tests.conftest import _member
    from yntymaq.core.enums import Role

    outsider = APIClient()
    outsider.force_authenticate(_member(other_org, Role.SERVICE_HEAD, "head@other.kz"))

    assert outsider.get(BASE + "stays/?bogus=1").status_code == 404
