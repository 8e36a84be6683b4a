"""Where two-factor authentication is required, nothing but the second-factor page, logging out
and the password reset works before it: no page, no token, no API call (issue 14)."""

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice
from rest_framework.test import APIClient

from tests.factories.core import UserFactory, api_token_key
from tests.factories.reporting import SubmissionFactory
from tests.test_tenancy import ROUTES
from yntymaq.core.models import ApiToken, AuditEntry
from yntymaq.reporting.enums import SubmissionStatus

pytestmark = pytest.mark.django_db

PERSONS = "/api/v1/o/kaznu/persons/"
NEEDS_SECOND_FACTOR = "Two-factor authentication is required"


@pytest.fixture
def strict_org(org):
    org.require_two_factor = True
    org.save()
    return org


@pytest.fixture
def minister(db):
    """An authority user: always needs the second factor (not a demo-exempt account)."""
    return UserFactory(email="minister@edu.gov.kz", full_name="Министр", is_authority=True)


def confirmed_device(user) -> TOTPDevice:
    return TOTPDevice.objects.create(user=user, name="default", confirmed=True)


def verified_client(user) -> Client:
    """A session that has passed the second factor (as after TwoFactorView)."""
    client = Client()
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = confirmed_device(user).persistent_id
    session.save()
    return client


def token_client(key: str) -> APIClient:
    client = APIClient(HTTP_ACCEPT_LANGUAGE="en")
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client


# --- pages before the second factor -----------------------------------------------------------


@pytest.mark.parametrize(
    "path",
    [
        "/account/",
        "/account/password/",
        "/account/notifications/",
        "/o/kaznu/",
        "/o/kaznu/people/",
    ],
)
def test_pages_before_the_second_factor_send_to_it(strict_org, service_staff, client_for, path):
    response = client_for(service_staff).get(path)

    assert response.status_code == 302
    assert response["Location"].startswith("/account/two-factor/?next=")


def test_token_cannot_be_issued_before_the_second_factor(strict_org, service_staff, client_for):
    response = client_for(service_staff).post("/account/api-token/", {"action": "issue"})

    assert response["Location"].startswith("/account/two-factor/")
    assert ApiToken.objects.count() == 0


def test_password_change_refused_before_the_second_factor(strict_org, service_staff, client_for):
    response = client_for(service_staff).post(
        "/account/password/",
        {
            "old_password": "correct-horse-battery",
            "new_password1": "Another-long-pass-42",
            "new_password2": "Another-long-pass-42",
        },
    )

    service_staff.refresh_from_db()
    assert response["Location"].startswith("/account/two-factor/")
    assert service_staff.check_password("correct-horse-battery")


@pytest.mark.parametrize(
    ("method", "path", "status"),
    [
        ("get", "/account/two-factor/", 200),
        ("get", "/account/reset/", 200),
        ("get", "/account/reset/sent/", 200),
        ("post", "/account/logout/", 302),
    ],
)
def test_second_factor_logout_and_reset_stay_open(
    strict_org, service_staff, client_for, method, path, status
):
    response = getattr(client_for(service_staff), method)(path)

    assert response.status_code == status
    assert not response.get("Location", "").startswith("/account/two-factor/")


def test_verified_session_opens_pages_and_issues_a_token_after_the_second_factor(
    strict_org, service_staff
):
    client = verified_client(service_staff)

    client.post("/account/api-token/", {"action": "issue"})

    token = ApiToken.objects.get(user=service_staff)
    assert token.second_factor is True
    assert client.get("/o/kaznu/people/").status_code == 200


# --- the API ----------------------------------------------------------------------------------


def test_password_only_token_is_refused_where_2fa_is_required(strict_org, service_staff):
    key = api_token_key(service_staff, second_factor=False)

    response = token_client(key).get(PERSONS)

    assert response.status_code == 403
    assert response.json()["message"].startswith(NEEDS_SECOND_FACTOR)


def test_token_after_the_second_factor_is_accepted(strict_org, service_staff):
    confirmed_device(service_staff)
    key = api_token_key(service_staff, second_factor=True)

    response = token_client(key).get(PERSONS)

    assert response.status_code == 200


def test_token_of_a_user_without_a_confirmed_device_is_refused(strict_org, service_staff):
    key = api_token_key(service_staff, second_factor=True)

    response = token_client(key).get(PERSONS)

    assert response.status_code == 403


def test_password_only_token_works_where_2fa_is_not_required(org, service_staff):
    key = api_token_key(service_staff, second_factor=False)

    assert token_client(key).get(PERSONS).status_code == 200


def test_token_stops_when_the_organization_starts_to_require_2fa(org, service_staff):
    key = api_token_key(service_staff, second_factor=False)
    org.require_two_factor = True
    org.save()

    assert token_client(key).get(PERSONS).status_code == 403


def test_unverified_session_is_refused_by_the_api(strict_org, service_staff, client_for):
    response = client_for(service_staff).get(PERSONS, HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 403
    assert response.json()["message"].startswith(NEEDS_SECOND_FACTOR)


def test_verified_session_is_accepted_by_the_api(strict_org, service_staff):
    assert verified_client(service_staff).get(PERSONS).status_code == 200


def test_schema_is_refused_to_a_password_only_token(minister):
    key = api_token_key(minister, second_factor=False)

    assert token_client(key).get("/api/schema/").status_code == 403
    assert token_client(key).get("/api/docs/").status_code == 403


def test_authority_cannot_decide_with_a_password_only_token(org, minister):
    submission = SubmissionFactory(organization=org)
    key = api_token_key(minister, second_factor=False)

    response = token_client(key).post(
        f"/api/v1/authority/submissions/{submission.pk}/decide/",
        {"accept": False, "comment": "Нет копии плана"},
        format="json",
    )

    submission.refresh_from_db()
    assert response.status_code == 403
    assert submission.status == SubmissionStatus.SUBMITTED


def test_authority_decides_with_a_token_issued_after_the_second_factor(org, minister):
    submission = SubmissionFactory(organization=org)
    confirmed_device(minister)
    key = api_token_key(minister, second_factor=True)

    response = token_client(key).post(
        f"/api/v1/authority/submissions/{submission.pk}/decide/",
        {"accept": False, "comment": "Нет копии плана"},
        format="json",
    )

    submission.refresh_from_db()
    assert response.status_code == 200
    assert submission.status == SubmissionStatus.RETURNED


API_ROUTES = [route for route in ROUTES if route.is_api]
KWARG_VALUES = {"org_slug": "kaznu", "format": "json"}


def test_every_api_route_refuses_a_password_only_token_and_an_unverified_session(
    strict_org, service_head, minister
):
    """Walks every API route (the resolver's, so new ones are included) with every method."""
    clients = {
        "token of a staff member": token_client(api_token_key(service_head)),
        "token of an authority user": token_client(api_token_key(minister)),
        "unverified session": Client(),
    }
    clients["unverified session"].force_login(service_head)
    answered = []
    for route in API_ROUTES:
        url = reverse(route.name, kwargs={k: KWARG_VALUES.get(k, 1) for k in route.kwargs})
        for method in route.methods():
            for label, client in clients.items():
                response = getattr(client, method)(url)
                answered.append((route.name, method, label, response.status_code))

    assert [a for a in answered if a[3] != 403] == []
    assert len(answered) > 100


# --- issuing, showing and expiring tokens ------------------------------------------------------


def test_token_issue_is_audited_and_shown_with_its_creation_time(org, service_staff, client_for):
    client = client_for(service_staff)

    client.post("/account/api-token/", {"action": "issue"})

    token = ApiToken.objects.get(user=service_staff)
    entry = AuditEntry.objects.get(action="core.api_token.issued")
    assert entry.data["second_factor"] is False
    assert entry.data["prefix"] == token.key_prefix
    body = client.get("/account/").content.decode()
    assert f"<code>{token.key_prefix}…</code>" in body
    assert timezone.localtime(token.created_at).strftime("%d.%m.%Y") in body


def test_token_key_is_stored_only_as_a_hash(org, service_staff, client_for):
    client = client_for(service_staff)

    client.post("/account/api-token/", {"action": "issue"})
    key = client.get("/account/").context["new_token"]

    token = ApiToken.objects.get(user=service_staff)
    assert key not in (token.key_hash, token.key_prefix)
    assert token_client(key).get(PERSONS).status_code == 200


def test_expired_token_is_refused(org, service_staff, settings):
    settings.YNTYMAQ_API_TOKEN_DAYS = 90
    key = api_token_key(service_staff)
    ApiToken.objects.filter(user=service_staff).update(
        created_at=timezone.now() - dt.timedelta(days=90, seconds=1)
    )

    response = token_client(key).get(PERSONS)

    assert response.status_code == 401
    assert response.json()["message"] == (
        "The token has expired: issue a new one on your account page."
    )


def test_token_without_lifetime_does_not_expire(org, service_staff, settings):
    settings.YNTYMAQ_API_TOKEN_DAYS = 0
    key = api_token_key(service_staff)
    ApiToken.objects.filter(user=service_staff).update(
        created_at=timezone.now() - dt.timedelta(days=3650)
    )

    assert token_client(key).get(PERSONS).status_code == 200
