"""API of the incoming registries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from tests.factories.incoming import QuestionnaireFactory, StayFactory, VisaFactory
from tests.factories.people import ForeignerFactory
from yntymaq.core.models import AuditEntry

pytestmark = pytest.mark.django_db

BASE = "/api/v1/o/kaznu/incoming/"


def api(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def count_queries(client, path):
    with CaptureQueriesContext(connection) as context:
        response = client.get(path)
    assert response.status_code == 200, response.content
    return len(context)


@pytest.mark.parametrize("route", ["stays/", "visas/", "questionnaires/"])
def test_api_lists_run_the_same_queries_for_1_and_50_rows(org, service_staff, route):
    client = api(service_staff)
    QuestionnaireFactory(organization=org, stay=VisaFactory(organization=org).stay)
    one = count_queries(client, BASE + route)

    for _ in range(49):
        QuestionnaireFactory(organization=org, stay=VisaFactory(organization=org).stay)

    assert count_queries(client, BASE + route) == one


def test_api_creates_a_stay_through_the_service(org, service_staff):
    person = ForeignerFactory(organization=org)

    response = api(service_staff).post(
        BASE + "stays/",
        {"person": person.pk, "category": "researcher", "arrival_line": "academic_mobility"},
        format="json",
    )

    assert response.status_code == 201, response.content
    assert response.json()["status"] == "invited"


def test_api_transition_refuses_an_impossible_step(org, service_staff):
    stay = StayFactory(organization=org, status="invited", arrival_date=None)

    response = api(service_staff).post(
        f"{BASE}stays/{stay.pk}/transition/",
        {"target": "departed", "on": "2025-09-01"},
        format="json",
    )

    assert response.status_code == 400
    assert "status" in response.json()["extra"]["fields"]


def test_api_questionnaire_gives_a1_6_only_to_personal_data_roles(org, service_staff, leadership):
    questionnaire = QuestionnaireFactory(organization=org, religion="Буддизм")
    path = f"{BASE}questionnaires/{questionnaire.pk}/"

    staff = api(service_staff).get(path).json()
    leader = api(leadership).get(path).json()
    listed = api(service_staff).get(BASE + "questionnaires/").json()

    assert staff["religion"] == "Буддизм"
    assert "religion" not in leader
    assert "religion" not in listed["results"][0]
    assert AuditEntry.objects.filter(action="incoming.questionnaire.restricted_viewed").count() == 1


def test_api_write_refused_to_a_read_only_role(org, auditor):
    person = ForeignerFactory(organization=org)

    response = api(auditor).post(
        BASE + "stays/", {"person": person.pk, "category": "other", "arrival_line": "other"}
    )

    assert response.status_code == 403
