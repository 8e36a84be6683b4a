import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from tests.factories.people import PersonFactory
from tests.factories.planning import (
    AnalyticalMaterialFactory,
    AnnualPlanItemFactory,
    ConferenceParticipationFactory,
    IndicatorValueFactory,
    InternationalActivityFactory,
    JointPublicationFactory,
    LongTermPlanFactory,
    PrioritySpecialtyFactory,
    StaffDevelopmentFactory,
)
from yntymaq.core.models import AuditEntry
from yntymaq.planning.enums import PlanStatus
from yntymaq.planning.models import AnnualPlanItem, JointPublication

pytestmark = pytest.mark.django_db

API = "/api/v1/o/kaznu/planning/"


def api_for(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def activity_with_partner(org):
    from tests.factories.partners import PartnerFactory

    activity = InternationalActivityFactory(organization=org)
    activity.registry_partners.add(PartnerFactory(organization=org))
    return activity


LIST_FACTORIES = {
    "long-term-plans/": lambda org: LongTermPlanFactory(organization=org),
    "indicator-values/": lambda org: IndicatorValueFactory(
        indicator__plan__organization=org, indicator__organization=org, organization=org
    ),
    "annual-plans/": lambda org: (
        AnnualPlanItemFactory(plan__organization=org, organization=org).plan
    ),
    "annual-plan-items/": lambda org: AnnualPlanItemFactory(
        plan__organization=org, organization=org, responsible=PersonFactory(organization=org)
    ),
    "activities/": lambda org: activity_with_partner(org),
    "conference-participations/": lambda org: ConferenceParticipationFactory(organization=org),
    "staff-developments/": lambda org: StaffDevelopmentFactory(
        work__organization=org, organization=org
    ),
    "joint-publications/": lambda org: JointPublicationFactory(
        work__organization=org, organization=org
    ),
    "analytical-materials/": lambda org: AnalyticalMaterialFactory(organization=org),
    "priority-specialties/": lambda org: PrioritySpecialtyFactory(
        proposal__organization=org, organization=org
    ),
}


def count(client, path):
    with CaptureQueriesContext(connection) as context:
        response = client.get(path)
    assert response.status_code == 200, response.content
    return len(context.captured_queries), response.data["count"]


@pytest.mark.parametrize("route", list(LIST_FACTORIES))
def test_api_list_runs_a_fixed_number_of_queries(route, org, service_head):
    client = api_for(service_head)
    make = LIST_FACTORIES[route]
    make(org)
    one, total_one = count(client, API + route)

    for _ in range(2):
        make(org)
    three, total_three = count(client, API + route)

    assert (total_one, total_three) == (1, 3)
    assert three == one


def test_api_a2_5_item_deadline_outside_year_has_one_error_shape(annual_plan, service_staff):
    response = api_for(service_staff).post(
        API + "annual-plan-items/",
        {"plan": annual_plan.pk, "activity": "Школа", "area": "study", "deadline": "2027-01-01"},
        format="json",
    )

    assert response.status_code == 400
    assert list(response.data["extra"]["fields"]) == ["deadline"]
    assert AnnualPlanItem.objects.count() == 0


def test_api_item_of_another_organizations_plan_is_refused(other_org, service_staff):
    theirs = AnnualPlanItemFactory(plan__organization=other_org, organization=other_org).plan

    response = api_for(service_staff).post(
        API + "annual-plan-items/",
        {"plan": theirs.pk, "activity": "Школа", "area": "study", "deadline": "2026-01-01"},
        format="json",
    )

    assert response.status_code == 400
    assert "plan" in response.data["extra"]["fields"]


def test_api_approve_is_for_the_head(annual_plan, service_staff, service_head):
    AnnualPlanItemFactory(plan=annual_plan, organization=annual_plan.organization)
    path = API + f"annual-plans/{annual_plan.pk}/approve/"

    assert api_for(service_staff).post(path).status_code == 403
    response = api_for(service_head).post(path)

    assert response.status_code == 200
    assert response.data["status"] == PlanStatus.APPROVED
    assert response.data["approved_by"] == service_head.full_name


def test_api_auditor_reads_but_does_not_write(org, auditor, work):
    client = api_for(auditor)

    assert client.get(API + "joint-publications/").status_code == 200
    response = client.post(
        API + "joint-publications/",
        {"work": work.pk, "title": "Статья", "authors": "А. Б.", "year": 2025},
        format="json",
    )

    assert response.status_code == 403


def test_api_a2_9_publication_needs_authors(work, service_staff):
    response = api_for(service_staff).post(
        API + "joint-publications/",
        {"work": work.pk, "title": "Статья", "authors": "", "year": 2025},
        format="json",
    )

    assert response.status_code == 400
    assert "authors" in response.data["extra"]["fields"]
    assert JointPublication.objects.count() == 0


def test_api_long_term_plan_progress(long_term_plan, service_head):
    IndicatorValueFactory(
        indicator__plan=long_term_plan,
        indicator__organization=long_term_plan.organization,
        organization=long_term_plan.organization,
        year=2026,
        target=12,
        actual=5,
    )

    response = api_for(service_head).get(API + f"long-term-plans/{long_term_plan.pk}/progress/")

    assert response.status_code == 200
    cells = response.data[0]["cells"]
    assert [c["year"] for c in cells] == [2025, 2026, 2027, 2028, 2029]
    assert (cells[1]["target"], cells[1]["actual"], cells[1]["actual_from"]) == (
        "12.00",
        "5.00",
        "hand",
    )


def test_api_material_countries_round_trip(org, service_staff):
    response = api_for(service_staff).post(
        API + "analytical-materials/",
        {
            "title": "Сравнение систем образования",
            "kind": "comparative_analysis",
            "countries": ["FI", "KR"],
            "education_level": "all",
            "author": "Ким С. В.",
            "prepared_on": "2025-10-01",
        },
        format="json",
    )

    assert response.status_code == 201, response.data
    assert response.data["countries"] == ["FI", "KR"]
    assert response.data["has_file"] is False
    assert AuditEntry.objects.get().action == "planning.analytical_material.created"


def test_api_activity_with_partners_from_the_registry(org, service_staff):
    from tests.factories.partners import PartnerFactory

    partner = PartnerFactory(organization=org)

    response = api_for(service_staff).post(
        API + "activities/",
        {
            "title": "Гостевые лекции",
            "kind": "visiting_lecture",
            "area": "study",
            "starts_on": "2026-02-01",
            "registry_partners": [partner.pk],
        },
        format="json",
    )

    assert response.status_code == 201, response.data
    assert response.data["registry_partners"] == [partner.pk]


def test_api_activity_refuses_another_organizations_partner(other_org, service_staff):
    from tests.factories.partners import PartnerFactory

    theirs = PartnerFactory(organization=other_org)

    response = api_for(service_staff).post(
        API + "activities/",
        {
            "title": "Гостевые лекции",
            "kind": "visiting_lecture",
            "area": "study",
            "starts_on": "2026-02-01",
            "registry_partners": [theirs.pk],
        },
        format="json",
    )

    assert response.status_code == 400
    assert "registry_partners" in response.data["extra"]["fields"]
