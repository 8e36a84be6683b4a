"""The authorized body's own users (issue 11): an authority user invites, lists, resends,
revokes and deactivates other authority users (never the last active one), on the page and
in the API, each change audited; nobody else sees these pages."""

import html
import re
from datetime import timedelta

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from rest_framework.test import APIClient

from tests.factories.core import InvitationFactory, UserFactory, api_token_key
from yntymaq.core.enums import InvitationStatus
from yntymaq.core.invitations import invitation_accept, invitation_link
from yntymaq.core.models import ApiToken, AuditEntry, Invitation, User

pytestmark = pytest.mark.django_db

USERS = "/authority/users/"
API = "/api/v1/authority/"


@pytest.fixture
def as_authority(client_for, authority_user):
    client = client_for(authority_user)
    client.cookies["django_language"] = "en"
    return client


@pytest.fixture
def colleague(db):
    return UserFactory(
        email="colleague@edu.gov.kz", full_name="Коллега министерства", is_authority=True
    )


def authority_invitation(email="new@edu.gov.kz", **kwargs):
    return InvitationFactory(organization=None, role="", email=email, **kwargs)


def text(response) -> str:
    return html.unescape(response.content.decode())


def test_organization_users_get_404_and_anonymous_the_login(service_head, client_for, client):
    assert client_for(service_head).get(USERS).status_code == 404
    assert client_for(service_head).post(f"{USERS}invite/", {"email": "x@y.kz"}).status_code == 404
    assert client.get(USERS)["Location"] == f"/account/login/?next={USERS}"
    assert Invitation.objects.count() == 0


def test_invite_a_user_who_accepts_and_becomes_an_authority_user(
    as_authority, authority_user, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = as_authority.post(
            f"{USERS}invite/", {"email": "New.Analyst@Edu.gov.kz"}, follow=True
        )

    invitation = Invitation.objects.get()
    assert (invitation.organization, invitation.email, invitation.invited_by) == (
        None,
        "new.analyst@edu.gov.kz",
        authority_user,
    )
    assert "The invitation is e-mailed to new.analyst@edu.gov.kz." in text(response)
    assert re.search(
        r'data-invitation="new.analyst@edu.gov.kz" data-state="pending"', text(response)
    )
    assert mail.outbox[0].to == ["new.analyst@edu.gov.kz"]
    entry = AuditEntry.objects.get(action="core.invitation.created")
    assert (entry.actor, entry.organization) == (authority_user, None)

    user = invitation_accept(invitation=invitation, full_name="Новый Аналитик", password="x" * 12)

    assert user.is_authority is True
    users = re.findall(r'data-user="([^"]+)"', as_authority.get(USERS).content.decode())
    assert users == ["analyst@edu.gov.kz", "new.analyst@edu.gov.kz"]


def test_a_bad_or_taken_address_is_shown_beside_the_field(as_authority, colleague):
    bad = as_authority.post(f"{USERS}invite/", {"email": "not-an-address"})
    taken = as_authority.post(f"{USERS}invite/", {"email": "Colleague@edu.gov.kz"})

    assert (bad.status_code, taken.status_code) == (400, 400)
    assert re.search(r'id="id_email_error"[^>]*>.*?Enter a valid email address', text(bad), re.S)
    assert re.search(
        r'id="id_email_error"[^>]*>.*?colleague@edu.gov.kz is already a user of the authorized '
        r"body\.",
        text(taken),
        re.S,
    )
    assert Invitation.objects.count() == 0


def test_resend_gives_a_new_link_and_revoke_withdraws_it(as_authority, authority_user):
    invitation = authority_invitation(expires_at=timezone.now() - timedelta(days=1))
    old_hash = invitation.token_hash

    as_authority.post(f"{USERS}invitations/{invitation.pk}/resend/")
    invitation.refresh_from_db()
    renewed = invitation_link(invitation)
    as_authority.post(f"{USERS}invitations/{invitation.pk}/revoke/")
    invitation.refresh_from_db()

    assert renewed is not None
    assert invitation.token_hash != old_hash
    assert invitation.status == InvitationStatus.REVOKED
    assert list(
        AuditEntry.objects.filter(actor=authority_user, action__startswith="core.invitation.")
        .order_by("id")
        .values_list("action", flat=True)
    ) == ["core.invitation.resent", "core.invitation.revoked"]


def test_an_organizations_invitation_is_not_handled_here(org, as_authority):
    invitation = InvitationFactory(organization=org)

    response = as_authority.post(f"{USERS}invitations/{invitation.pk}/revoke/")

    assert response.status_code == 404
    invitation.refresh_from_db()
    assert invitation.status == InvitationStatus.PENDING


def test_deactivate_ends_the_access_sessions_and_token(as_authority, authority_user, colleague):
    api_token_key(colleague)
    epoch = colleague.session_epoch

    confirm = as_authority.get(f"{USERS}{colleague.pk}/deactivate/")
    response = as_authority.post(f"{USERS}{colleague.pk}/deactivate/", follow=True)

    assert confirm.status_code == 200
    assert "colleague@edu.gov.kz no longer works for the authorized body." in text(response)
    colleague.refresh_from_db()
    assert (colleague.is_authority, colleague.session_epoch) == (False, epoch + 1)
    assert not ApiToken.objects.filter(user=colleague).exists()
    entry = AuditEntry.objects.get(action="core.authority_user.deactivated")
    assert (entry.actor, entry.target_repr, entry.data) == (
        authority_user,
        str(colleague),
        {"changes": {"is_authority": [True, False]}},
    )
    assert as_authority.get(f"{USERS}{colleague.pk}/deactivate/").status_code == 404


def test_the_last_active_authority_user_cannot_be_deactivated(as_authority, authority_user):
    response = as_authority.post(f"{USERS}{authority_user.pk}/deactivate/")

    assert response.status_code == 200
    assert "This is the only active user of the authorized body: invite another one first." in (
        text(response)
    )
    authority_user.refresh_from_db()
    assert authority_user.is_authority is True
    assert not AuditEntry.objects.filter(action="core.authority_user.deactivated").exists()


def test_the_page_takes_the_same_queries_for_one_and_three(as_authority):
    def count():
        with CaptureQueriesContext(connection) as queries:
            assert as_authority.get(USERS).status_code == 200
        return len(queries)

    authority_invitation("a@edu.gov.kz")
    one = count()
    for n in range(2):
        UserFactory(is_authority=True)
        authority_invitation(f"b{n}@edu.gov.kz")

    assert count() == one


def test_the_page_in_kazakh(authority_user, client_for):
    client = client_for(authority_user)
    client.cookies["django_language"] = "kk"

    body = text(client.get(USERS))

    assert "Уәкілетті органның пайдаланушылары" in body


# --- the API -------------------------------------------------------------------------------


@pytest.fixture
def authority_api(authority_user):
    client = APIClient()
    client.credentials(
        HTTP_AUTHORIZATION=f"Token {api_token_key(authority_user)}", HTTP_ACCEPT_LANGUAGE="en"
    )
    return client


def test_api_invite_list_resend_revoke_and_deactivate(authority_api, colleague):
    invited = authority_api.post(f"{API}user-invitations/", {"email": "api@edu.gov.kz"})
    listed = authority_api.get(f"{API}user-invitations/")
    pk = invited.json()["id"]
    resent = authority_api.post(f"{API}user-invitations/{pk}/resend/")
    revoked = authority_api.post(f"{API}user-invitations/{pk}/revoke/")
    users = authority_api.get(f"{API}users/")
    deactivated = authority_api.post(f"{API}users/{colleague.pk}/deactivate/")

    assert (invited.status_code, invited.json()["state"]) == (201, "pending")
    assert [row["email"] for row in listed.json()["results"]] == ["api@edu.gov.kz"]
    assert (resent.status_code, revoked.json()["state"]) == (200, "revoked")
    assert [row["email"] for row in users.json()["results"]] == [
        "analyst@edu.gov.kz",
        "colleague@edu.gov.kz",
    ]
    assert deactivated.status_code == 200
    assert User.objects.get(pk=colleague.pk).is_authority is False


def test_api_refuses_the_last_user_in_the_one_shape(authority_api, authority_user):
    response = authority_api.post(f"{API}users/{authority_user.pk}/deactivate/")

    assert response.status_code == 400
    assert response.json()["message"] == (
        "This is the only active user of the authorized body: invite another one first."
    )


def test_api_is_for_authority_users_only(service_head, client):
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {api_token_key(service_head)}")

    assert api.get(f"{API}users/").status_code == 404
    assert api.post(f"{API}user-invitations/", {"email": "x@y.kz"}).status_code == 404
    assert client.get(f"{API}users/").status_code == 401
