"""The members' API (issue 11), /api/v1/o/<org>/members/ and /invitations/: the same
services and rules as the pages, the one error shape, a fixed number of queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from tests.factories.core import InvitationFactory, MembershipFactory, api_token_key
from tests.factories.service import UnitFactory
from yntymaq.core.enums import InvitationStatus, Role
from yntymaq.core.models import Invitation

pytestmark = pytest.mark.django_db

MEMBERS = "/api/v1/o/kaznu/members/"
INVITATIONS = "/api/v1/o/kaznu/invitations/"


def api(user) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {api_token_key(user)}", HTTP_ACCEPT_LANGUAGE="en")
    return client


def test_members_list_for_the_head_with_units_and_second_factor(org, service_head, coordinator):
    unit = UnitFactory(organization=org)
    unit.coordinators.set([coordinator.memberships.get()])

    response = api(service_head).get(MEMBERS)

    rows = {row["email"]: row for row in response.json()["results"]}
    assert rows["coordinator@kaznu.kz"] == {
        "id": coordinator.memberships.get().pk,
        "email": "coordinator@kaznu.kz",
        "full_name": "coordinator",
        "role": "unit_coordinator",
        "units": [unit.pk],
        "is_active": True,
        "last_login": None,
        "two_factor": False,
    }


def test_members_list_in_the_same_queries_for_one_and_three(org, service_head):
    client = api(service_head)

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(MEMBERS).status_code == 200
        return len(queries)

    one = count()
    for _ in range(2):
        UnitFactory(organization=org).coordinators.set(
            [MembershipFactory(organization=org, role=Role.UNIT_COORDINATOR)]
        )

    assert count() == one


def test_staff_get_403_and_another_organization_404(org, service_staff, other_org_user):
    assert api(service_staff).get(MEMBERS).status_code == 403
    assert api(other_org_user).get(MEMBERS).status_code == 404


def test_invite_a_coordinator_through_the_api(org, service_head):
    unit = UnitFactory(organization=org)

    response = api(service_head).post(
        INVITATIONS,
        {"email": "New@KazNU.kz", "role": "unit_coordinator", "units": [unit.pk]},
        format="json",
    )

    assert response.status_code == 201
    body = response.json()
    assert (body["email"], body["role"], body["units"], body["state"]) == (
        "new@kaznu.kz",
        "unit_coordinator",
        [unit.pk],
        "pending",
    )


def test_invitation_errors_under_their_fields_and_nothing_saved(org, other_org, service_head):
    foreign = UnitFactory(organization=other_org)

    response = api(service_head).post(
        INVITATIONS,
        {"email": "head@kaznu.kz", "role": "unit_coordinator", "units": [foreign.pk]},
        format="json",
    )

    assert response.status_code == 400
    assert response.json()["extra"]["fields"] == {"units": ["Choose units of this organization."]}
    assert Invitation.objects.count() == 0


def test_duplicate_email_and_missing_units_together(org, service_head):
    response = api(service_head).post(
        INVITATIONS, {"email": "head@kaznu.kz", "role": "unit_coordinator"}, format="json"
    )

    assert response.status_code == 400
    assert response.json()["extra"]["fields"] == {
        "units": ["Choose the units this coordinator works for."],
        "email": ["head@kaznu.kz is already a member of this organization."],
    }


def test_change_role_and_units_then_deactivate(org, service_head, service_staff):
    unit = UnitFactory(organization=org)
    membership = service_staff.memberships.get()
    client = api(service_head)

    changed = client.patch(
        f"{MEMBERS}{membership.pk}/",
        {"role": "unit_coordinator", "units": [unit.pk]},
        format="json",
    )
    deactivated = client.post(f"{MEMBERS}{membership.pk}/deactivate/")

    assert (changed.json()["role"], changed.json()["units"]) == ("unit_coordinator", [unit.pk])
    assert (deactivated.json()["is_active"], deactivated.json()["units"]) == (False, [])


def test_the_last_head_keeps_the_role_through_the_api(org, service_head):
    membership = service_head.memberships.get()

    response = api(service_head).patch(
        f"{MEMBERS}{membership.pk}/", {"role": "auditor"}, format="json"
    )

    assert response.status_code == 400
    assert response.json()["extra"]["fields"] == {
        "role": [
            "This is the organization's only active head of the Service: invite or appoint "
            "another head of the Service first."
        ]
    }


def test_resend_and_revoke_through_the_api(org, service_head):
    invitation = InvitationFactory(organization=org)
    client = api(service_head)

    resent = client.post(f"{INVITATIONS}{invitation.pk}/resend/")
    revoked = client.post(f"{INVITATIONS}{invitation.pk}/revoke/")
    again = client.post(f"{INVITATIONS}{invitation.pk}/revoke/")

    assert resent.json()["state"] == "pending"
    assert revoked.json()["state"] == "revoked"
    assert again.status_code == 404  # no longer among the waiting invitations
    invitation.refresh_from_db()
    assert invitation.status == InvitationStatus.REVOKED
