"""API of the partners registries: the same services and rules as the pages, one error shape,
lists in a fixed number of queries, restricted contacts."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from tests.factories.partners import (
    AgreementFactory,
    AgreementVersionFactory,
    DiplomaticMissionFactory,
    DraftAgreementFactory,
    ImplementationResultFactory,
    MissionContactFactory,
    PartnerFactory,
    PlannedActivityFactory,
)
from yntymaq.core.models import AuditEntry
from yntymaq.partners.enums import AgreementStatus as S
from yntymaq.partners.models import Agreement, Partner

from .conftest import pdf_upload

pytestmark = pytest.mark.django_db

API = "/api/v1/o/kaznu"


def api(user):
    client = APIClient()
    client.force_authenticate(user)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


def test_partner_create_and_duplicate_refused_with_the_field(org, service_staff):
    client = api(service_staff)
    data = {"kind": "university", "name_original": "Uniwersytet Warszawski", "country": "PL"}

    created = client.post(f"{API}/partners/", data, format="json")
    duplicate = client.post(f"{API}/partners/", data, format="json")

    assert created.status_code == 201
    assert created.json()["name"] == "Uniwersytet Warszawski"
    assert duplicate.status_code == 400
    body = duplicate.json()
    assert body["extra"]["fields"] == {
        "name_original": [
            "A partner with this name in Poland is already registered: Uniwersytet Warszawski."
        ]
    }
    assert body["extra"]["existing_id"] == created.json()["id"]


def test_partner_list_read_only_roles_may_read_not_write(org, auditor):
    PartnerFactory(organization=org)
    client = api(auditor)

    assert client.get(f"{API}/partners/").status_code == 200
    assert client.post(f"{API}/partners/", {}, format="json").status_code == 403


def test_anonymous_gets_401(org):
    assert APIClient().get(f"{API}/agreements/").status_code == 401


def test_other_organization_gets_404(org, other_org_user):
    agreement = AgreementFactory(organization=org)

    assert api(other_org_user).get(f"{API}/agreements/{agreement.pk}/").status_code == 404


def test_r3_multilateral_with_one_party_refused(org, service_staff):
    partner = PartnerFactory(organization=org)

    response = api(service_staff).post(
        f"{API}/agreements/",
        {
            "title": "Consortium",
            "kind": "cooperation",
            "form": "multilateral",
            "partners": [partner.pk],
        },
        format="json",
    )

    assert response.status_code == 400
    assert response.json()["extra"]["fields"] == {
        "partners": ["A multilateral agreement needs at least two partners."]
    }


def test_agreement_of_another_organizations_partner_is_refused(org, other_org, service_staff):
    partner = PartnerFactory(organization=other_org)

    response = api(service_staff).post(
        f"{API}/agreements/",
        {"title": "Memo", "kind": "memorandum", "partners": [partner.pk]},
        format="json",
    )

    assert response.status_code == 400
    assert list(response.json()["extra"]["fields"]) == ["partners"]


def test_the_cycle_through_the_api(org, service_staff, service_head, leadership):
    partner = PartnerFactory(organization=org)
    staff = api(service_staff)
    created = staff.post(
        f"{API}/agreements/",
        {"title": "Memo", "kind": "memorandum", "partners": [partner.pk]},
        format="json",
    ).json()
    version = staff.post(
        f"{API}/agreement-versions/",
        {"agreement": created["id"], "comment": "First draft", "file": pdf_upload()},
        format="multipart",
    )
    url = f"{API}/agreements/{created['id']}/transition/"

    submitted = staff.post(url, {"action": "submit"}, format="json")
    refused = api(leadership).post(url, {"action": "approve"}, format="json")
    approved = api(service_head).post(url, {"action": "approve"}, format="json")
    wrong = staff.post(url, {"action": "sign", "signed_on": "2026-01-10"}, format="json")

    assert version.status_code == 201
    assert version.json()["number"] == 1
    assert submitted.json()["status"] == "service_approval"
    assert refused.status_code == 403
    assert approved.json()["status"] == "leadership_approval"
    assert wrong.status_code == 400
    assert list(wrong.json()["extra"]["fields"]) == ["signed_on"]


def test_version_that_is_not_a_document_is_refused(org, service_staff):
    from .conftest import fake_upload

    draft = DraftAgreementFactory(organization=org)

    response = api(service_staff).post(
        f"{API}/agreement-versions/",
        {"agreement": draft.pk, "comment": "Draft", "file": fake_upload()},
        format="multipart",
    )

    assert response.status_code == 400
    assert list(response.json()["extra"]["fields"]) == ["file"]


def test_results_and_activities_filtered_by_agreement(org, auditor):
    agreement = AgreementFactory(organization=org)
    ImplementationResultFactory(organization=org, agreement=agreement)
    ImplementationResultFactory(organization=org, agreement__organization=org)
    PlannedActivityFactory(organization=org, agreement=agreement)
    client = api(auditor)

    results = client.get(f"{API}/agreement-results/?agreement={agreement.pk}").json()
    activities = client.get(f"{API}/agreement-activities/?agreement={agreement.pk}").json()

    assert results["count"] == 1
    assert activities["count"] == 1


def test_result_for_a_draft_refused(org, service_staff):
    draft = DraftAgreementFactory(organization=org)

    response = api(service_staff).post(
        f"{API}/agreement-results/",
        {"agreement": draft.pk, "date": "2026-01-10", "kind": "event", "description": "Seminar"},
        format="json",
    )

    assert response.status_code == 400


def test_r8_12_contacts_about_persons_need_personal_data_access(org, coordinator, service_staff):
    mission = DiplomaticMissionFactory(organization=org)
    restricted = MissionContactFactory(organization=org, mission=mission)
    MissionContactFactory(organization=org, mission=mission, stay=None, subject="Cultural week")

    coordinator_list = api(coordinator).get(f"{API}/mission-contacts/").json()
    staff_list = api(service_staff).get(f"{API}/mission-contacts/").json()

    assert [e["subject"] for e in coordinator_list["results"]] == ["Cultural week"]
    assert api(coordinator).get(f"{API}/mission-contacts/{restricted.pk}/").status_code == 404
    assert staff_list["count"] == 2
    entry = AuditEntry.objects.get(action="partners.mission_contact.restricted_viewed")
    assert entry.data["entries"] == [restricted.pk]


def test_partner_delete_refused_while_a_party(org, service_staff):
    agreement = AgreementFactory(organization=org)
    partner = agreement.partners.get()

    response = api(service_staff).delete(f"{API}/partners/{partner.pk}/")

    assert response.status_code == 400
    assert Partner.objects.filter(pk=partner.pk).exists()


@pytest.mark.parametrize(
    ("path", "factory"),
    [
        ("partners", lambda org: PartnerFactory(organization=org)),
        ("agreements", lambda org: AgreementFactory(organization=org)),
        (
            "agreement-versions",
            lambda org: AgreementVersionFactory(organization=org, agreement__organization=org),
        ),
        (
            "agreement-results",
            lambda org: ImplementationResultFactory(organization=org, agreement__organization=org),
        ),
        ("missions", lambda org: DiplomaticMissionFactory(organization=org)),
        (
            "mission-contacts",
            lambda org: MissionContactFactory(organization=org, mission__organization=org),
        ),
    ],
)
def test_api_list_runs_the_same_queries_for_1_and_3_rows(path, factory, org, service_head):
    client = api(service_head)

    def count():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(f"{API}/{path}/").status_code == 200
        return len([q for q in captured if "audit" not in q["sql"].lower()])

    factory(org)
    one = count()
    factory(org)
    factory(org)

    assert count() == one


def test_agreement_list_filters(org, auditor):
    AgreementFactory(organization=org, title="In force")
    DraftAgreementFactory(organization=org, title="Draft")

    response = api(auditor).get(f"{API}/agreements/?status=draft")

    assert [a["title"] for a in response.json()["results"]] == ["Draft"]
    assert Agreement.objects.filter(status=S.DRAFT).count() == 1
