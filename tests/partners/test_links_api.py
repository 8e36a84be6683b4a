"""API of stays and trips under agreements (R8.3, A2.3): the same services and rules as the
pages, scoped by organization and role, lists in a fixed number of queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from tests.factories.incoming import StayFactory
from tests.factories.outbound import TripFactory
from tests.factories.partners import (
    AgreementFactory,
    AgreementStayFactory,
    DraftAgreementFactory,
    PartnerFactory,
    TripPartnerLinkFactory,
)
from tests.factories.service import UnitFactory
from yntymaq.core.models import AuditEntry, Membership
from yntymaq.partners.models import AgreementStay, TripPartnerLink

pytestmark = pytest.mark.django_db

API = "/api/v1/o/kaznu"


def api(user, language="en"):
    client = APIClient()
    client.force_authenticate(user)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = language
    return client


def test_stay_is_linked_listed_and_unlinked(org, service_staff):
    agreement = AgreementFactory(organization=org)
    stay = StayFactory(organization=org, person__organization=org)
    client = api(service_staff)

    created = client.post(
        f"{API}/agreement-stays/", {"stay": stay.pk, "agreement": agreement.pk}, format="json"
    )
    listed = client.get(f"{API}/agreement-stays/?agreement={agreement.pk}")
    deleted = client.delete(f"{API}/agreement-stays/{created.json()['id']}/")

    assert created.status_code == 201
    assert (created.json()["stay"], created.json()["agreement"]) == (stay.pk, agreement.pk)
    assert [row["stay"] for row in listed.json()["results"]] == [stay.pk]
    assert deleted.status_code == 204
    assert AgreementStay.objects.count() == 0
    actions = AuditEntry.objects.filter(action__startswith="partners.agreement_stay.")
    assert list(actions.order_by("id").values_list("action", flat=True)) == [
        "partners.agreement_stay.linked",
        "partners.agreement_stay.unlinked",
    ]


def test_stay_under_a_draft_is_refused_with_the_field(org, service_staff):
    draft = DraftAgreementFactory(organization=org)
    stay = StayFactory(organization=org, person__organization=org)

    response = api(service_staff).post(
        f"{API}/agreement-stays/", {"stay": stay.pk, "agreement": draft.pk}, format="json"
    )

    assert response.status_code == 400
    assert response.json()["extra"]["fields"] == {
        "agreement": [
            "Only a signed agreement (signed, in force, expired or terminated) can be linked; "
            "this one is “Draft”."
        ]
    }


def test_another_organizations_agreement_looks_nonexistent(org, other_org, service_staff):
    foreign = AgreementFactory(organization=other_org)
    stay = StayFactory(organization=org, person__organization=org)

    response = api(service_staff).post(
        f"{API}/agreement-stays/", {"stay": stay.pk, "agreement": foreign.pk}, format="json"
    )

    assert response.status_code == 400
    assert list(response.json()["extra"]["fields"]) == ["agreement"]
    assert AgreementStay.objects.count() == 0


def test_trip_is_linked_with_the_rules_of_the_pages(org, service_staff):
    dresden = PartnerFactory(organization=org, name_latin="Dresden University of Technology")
    agreement = AgreementFactory(organization=org, partners=[dresden])
    trip = TripFactory(organization=org, person__organization=org)
    client = api(service_staff)

    wrong = client.post(
        f"{API}/trip-partner-links/",
        {
            "trip": trip.pk,
            "partner": PartnerFactory(organization=org).pk,
            "agreement": agreement.pk,
        },
        format="json",
    )
    created = client.post(
        f"{API}/trip-partner-links/",
        {"trip": trip.pk, "partner": dresden.pk, "agreement": agreement.pk},
        format="json",
    )

    assert wrong.status_code == 400
    assert list(wrong.json()["extra"]["fields"]) == ["partner"]
    assert created.status_code == 201
    trip.refresh_from_db()
    assert trip.host_organization == "Dresden University of Technology"
    assert client.get(f"{API}/trip-partner-links/?partner={dresden.pk}").json()["count"] == 1


def test_trip_link_needs_a_partner_or_an_agreement_in_russian(org, service_staff):
    trip = TripFactory(organization=org, person__organization=org)

    response = api(service_staff, "ru").post(
        f"{API}/trip-partner-links/", {"trip": trip.pk}, format="json"
    )

    assert response.status_code == 400
    assert response.json()["extra"]["fields"] == {
        "partner": ["Выберите принимающего партнёра, соглашение или и то, и другое."]
    }


def test_trip_link_is_deleted(org, service_staff):
    link = TripPartnerLinkFactory(organization=org)

    response = api(service_staff).delete(f"{API}/trip-partner-links/{link.pk}/")

    assert response.status_code == 204
    assert TripPartnerLink.objects.count() == 0


def test_read_only_roles_read_and_may_not_link(org, auditor):
    link = AgreementStayFactory(organization=org)
    client = api(auditor)

    assert client.get(f"{API}/agreement-stays/").json()["count"] == 1
    response = client.post(
        f"{API}/agreement-stays/",
        {"stay": link.stay_id, "agreement": link.agreement_id},
        format="json",
    )
    assert response.status_code == 403
    assert client.delete(f"{API}/agreement-stays/{link.pk}/").status_code == 403


def test_a_coordinator_sees_no_stay_links_and_only_their_units_trips(org, coordinator):
    membership = Membership.objects.get(user=coordinator, organization=org)
    unit = UnitFactory(organization=org, coordinators=[membership])
    own = TripPartnerLinkFactory(
        organization=org, trip=TripFactory(organization=org, person__organization=org, unit=unit)
    )
    TripPartnerLinkFactory(organization=org)
    AgreementStayFactory(organization=org)
    client = api(coordinator)

    assert client.get(f"{API}/agreement-stays/").status_code == 403
    trips = client.get(f"{API}/trip-partner-links/").json()["results"]
    assert [row["id"] for row in trips] == [own.pk]


def test_other_organization_gets_404_and_anonymous_401(org, other_org_user):
    link = AgreementStayFactory(organization=org)

    assert api(other_org_user).get(f"{API}/agreement-stays/{link.pk}/").status_code == 404
    assert APIClient().get(f"{API}/agreement-stays/").status_code == 401


@pytest.mark.parametrize(
    ("path", "factory"),
    [("agreement-stays", AgreementStayFactory), ("trip-partner-links", TripPartnerLinkFactory)],
)
def test_link_list_runs_the_same_queries_for_1_and_3_rows(path, factory, org, service_head):
    client = api(service_head)
    factory(organization=org)
    client.get(f"{API}/{path}/")
    with CaptureQueriesContext(connection) as one:
        client.get(f"{API}/{path}/")
    for _ in range(2):
        factory(organization=org)

    with CaptureQueriesContext(connection) as three:
        response = client.get(f"{API}/{path}/")

    assert response.json()["count"] == 3
    assert len(three) == len(one)
