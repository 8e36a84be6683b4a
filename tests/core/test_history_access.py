"""Who may see an object's history: one rule (core.access.can_see_history), asked by the
`{% object_history obj %}` tag of every object page."""

import pytest

from tests.factories.core import MembershipFactory, UserFactory
from tests.factories.outbound import TripPlanFactory
from tests.factories.service import AppointmentFactory, UnitFactory
from yntymaq.core import audit
from yntymaq.core.access import can_see_history
from yntymaq.core.enums import Role
from yntymaq.core.models import Membership

pytestmark = pytest.mark.django_db

ENTRY = "История изменений"  # the panel's summary: shown only with entries


def membership(user) -> Membership:
    return Membership.objects.get(user=user)


@pytest.fixture
def plan_of_unit(org, coordinator):
    """A trip plan of a unit the `coordinator` coordinates, with one audit entry."""
    unit = UnitFactory(organization=org, coordinators=[membership(coordinator)])
    plan = TripPlanFactory(organization=org, unit=unit)
    audit.record(action="outbound.plan.created", actor=None, target=plan)
    return plan


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("service_head", True),  # audit.view and outbound.change
        ("service_staff", True),  # outbound.change
        ("coordinator", False),  # drafts the unit's plans, sees no history
        ("leadership", False),
        ("auditor", True),  # audit.view
    ],
)
def test_history_of_a_plan_by_role(request, plan_of_unit, persona, expected):
    user = request.getfixturevalue(persona)

    assert can_see_history(membership(user), plan_of_unit) is expected


def test_coordinator_of_another_unit_sees_no_history(org, plan_of_unit):
    other = MembershipFactory(
        organization=org, role=Role.UNIT_COORDINATOR, user=UserFactory(email="c2@kaznu.kz")
    )
    UnitFactory(organization=org, coordinators=[other])

    assert can_see_history(other, plan_of_unit) is False


def test_no_history_for_another_organization_or_an_inactive_membership(
    plan_of_unit, other_org_user, service_head
):
    head = membership(service_head)
    head.is_active = False

    assert can_see_history(membership(other_org_user), plan_of_unit) is False
    assert can_see_history(head, plan_of_unit) is False
    assert can_see_history(None, plan_of_unit) is False


def test_history_of_an_appointment_follows_the_same_rule(org, service_staff, leadership, auditor):
    appointment = AppointmentFactory(organization=org)

    assert can_see_history(membership(service_staff), appointment) is True  # service.change
    assert can_see_history(membership(auditor), appointment) is True
    assert can_see_history(membership(leadership), appointment) is False


@pytest.mark.parametrize(
    ("persona", "shown"),
    [("service_staff", True), ("auditor", True), ("coordinator", False), ("leadership", False)],
)
def test_plan_page_shows_the_history_to_whom_the_rule_allows(
    request, client_for, plan_of_unit, persona, shown
):
    user = request.getfixturevalue(persona)

    response = client_for(user).get(f"/o/kaznu/outbound/plans/{plan_of_unit.pk}/")

    assert response.status_code == 200
    assert (ENTRY in response.content.decode()) is shown


def test_appointment_page_shows_the_history_to_staff(org, service_staff, client_for):
    appointment = AppointmentFactory(organization=org)
    audit.record(action="service.appointment.created", actor=service_staff, target=appointment)

    response = client_for(service_staff).get(f"/o/kaznu/service/appointments/{appointment.pk}/")

    assert "История изменений" in response.content.decode()
