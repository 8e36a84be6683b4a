import pytest

from yntymaq.core.access import PERMISSIONS, can
from yntymaq.core.enums import Role
from yntymaq.core.models import Membership

pytestmark = pytest.mark.django_db


def test_dashboard_shows_organization_to_member(org, service_staff, client_for):
    response = client_for(service_staff).get("/o/kaznu/")

    assert response.status_code == 200
    assert "Казахский национальный университет" in response.content.decode()


def test_dashboard_of_other_organization_is_404(org, other_org_user, client_for):
    response = client_for(other_org_user).get("/o/kaznu/")

    assert response.status_code == 404


def test_dashboard_of_missing_organization_is_404(org, service_staff, client_for):
    assert client_for(service_staff).get("/o/nowhere/").status_code == 404


def test_anonymous_is_sent_to_login(org, client):
    response = client.get("/o/kaznu/")

    assert response.status_code == 302
    assert response["Location"] == "/account/login/?next=/o/kaznu/"


def test_audit_log_refused_to_staff_role(org, service_staff, client_for):
    assert client_for(service_staff).get("/o/kaznu/audit/").status_code == 403


def test_audit_log_open_to_auditor(org, auditor, client_for):
    assert client_for(auditor).get("/o/kaznu/audit/").status_code == 200


def test_can_refuses_inactive_membership():
    membership = Membership(role=Role.SERVICE_HEAD, is_active=False)

    assert can(membership, "org.settings") is False


def test_can_raises_on_unknown_permission():
    with pytest.raises(KeyError):
        can(Membership(role=Role.SERVICE_HEAD), "nothing.here")


def test_only_head_may_change_settings():
    assert PERMISSIONS["org.settings"] == frozenset({Role.SERVICE_HEAD})
