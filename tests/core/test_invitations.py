"""Invitations (issue 11): the one-time link, stored hashed, 7 days, bound to the e-mail; the
mail in three languages through the task worker; accepting as a new or an existing user;
expired, used, revoked and tampered links said so in the visitor's language."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.test import Client
from django.utils import timezone

from tests.factories.core import InvitationFactory, MembershipFactory
from yntymaq.core import invitations
from yntymaq.core.enums import InvitationStatus, Role
from yntymaq.core.invitations import (
    InvitationError,
    invitation_accept,
    invitation_create,
    invitation_link,
    invitation_resend,
    invitation_revoke,
    invitation_token,
)
from yntymaq.core.models import AuditEntry, Invitation, Membership, User

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "Steppe-Wind-2026!"


def client_in(language: str, user=None) -> Client:
    client = Client()
    client.cookies["django_language"] = language
    if user is not None:
        client.force_login(user)
    return client


def path_of(invitation) -> str:
    return invitation_link(invitation).removeprefix("http://127.0.0.1:8000")


def register(client, invitation, **changes):
    data = {"full_name": "Серик Ахметов", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD}
    data.update(changes)
    return client.post(path_of(invitation), data)


# --- making and sending --------------------------------------------------------------------


def test_head_invites_and_the_mail_in_three_languages_carries_the_link(
    org, service_head, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        invitation = invitation_create(
            organization=org,
            email=" New.Staff@KazNU.kz ",
            role=Role.SERVICE_STAFF,
            actor=service_head,
        )

    invitation.refresh_from_db()
    assert invitation.email == "new.staff@kaznu.kz"
    assert invitation.expires_at - invitation.created_at > timedelta(days=6, hours=23)
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["new.staff@kaznu.kz"]
    assert message.subject == (
        "Yntymaq жүйесіне шақыру / Приглашение в Yntymaq / Invitation to Yntymaq"
    )
    assert invitation_link(invitation) in message.body
    assert "Қазақ ұлттық университеті" in message.body  # the Kazakh part names it in Kazakh
    assert "Казахский национальный университет" in message.body
    assert "Service staff" in message.body
    assert invitation.sent_at is not None
    entry = AuditEntry.objects.get(action="core.invitation.created")
    assert (entry.organization, entry.actor, entry.data["role"]) == (
        org,
        service_head,
        "service_staff",
    )


def test_only_the_hash_of_the_link_is_stored(org, service_head):
    invitation = invitation_create(
        organization=org, email="a@kaznu.kz", role=Role.AUDITOR, actor=service_head
    )
    token = invitation_token(invitation)

    stored = Invitation.objects.filter(pk=invitation.pk).values().get()

    assert token not in str(stored)
    assert stored["token_hash"] == invitations.token_hash(token)


def test_no_mail_is_queued_when_mail_is_not_configured(
    org, service_head, settings, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        invitation_create(
            organization=org, email="a@kaznu.kz", role=Role.AUDITOR, actor=service_head
        )

    assert callbacks == []


def test_an_inviter_who_is_not_head_is_refused(org, service_staff):
    with pytest.raises(InvitationError) as refused:
        invitation_create(
            organization=org, email="a@kaznu.kz", role=Role.AUDITOR, actor=service_staff
        )

    assert str(refused.value.message) == (
        "Только руководитель Службы этой организации может приглашать её участников."
    )
    assert Invitation.objects.count() == 0


def test_a_member_or_a_waiting_invitation_is_not_invited_twice(org, service_head, service_staff):
    invitation_create(organization=org, email="a@kaznu.kz", role=Role.AUDITOR, actor=service_head)

    with pytest.raises(InvitationError) as waiting:
        invitation_create(
            organization=org, email="A@kaznu.kz", role=Role.LEADERSHIP, actor=service_head
        )
    with pytest.raises(InvitationError) as member:
        invitation_create(
            organization=org, email="staff@kaznu.kz", role=Role.AUDITOR, actor=service_head
        )

    assert waiting.value.field == member.value.field == "email"
    assert str(waiting.value.message) == (
        "Приглашение для a@kaznu.kz уже ожидает принятия: отправьте его повторно."
    )
    assert str(member.value.message) == "staff@kaznu.kz уже участник этой организации."


def test_an_expired_invitation_does_not_stop_a_new_one(org, service_head):
    old = InvitationFactory(organization=org, email="a@kaznu.kz")
    Invitation.objects.filter(pk=old.pk).update(expires_at=timezone.now() - timedelta(days=1))

    new = invitation_create(
        organization=org, email="a@kaznu.kz", role=Role.AUDITOR, actor=service_head
    )

    assert new.pk != old.pk


def test_resend_makes_a_new_link_and_the_old_one_stops(org, service_head, client):
    invitation = InvitationFactory(organization=org)
    old_path = path_of(invitation)

    invitation_resend(invitation=invitation, actor=service_head)
    invitation.refresh_from_db()

    assert path_of(invitation) != old_path
    assert client.get(old_path).status_code == 404
    assert client.get(path_of(invitation)).status_code == 200
    assert AuditEntry.objects.filter(action="core.invitation.resent").count() == 1


# --- the link ------------------------------------------------------------------------------


def test_a_new_person_sets_a_password_and_lands_on_the_dashboard(org):
    invitation = InvitationFactory(organization=org, email="new@kaznu.kz", role=Role.AUDITOR)
    client = client_in("en")

    page = client.get(path_of(invitation))
    response = register(client, invitation)

    assert 'data-step="register"' in page.content.decode()
    assert response.status_code == 302
    assert response["Location"] == "/o/kaznu/"
    user = User.objects.get(email="new@kaznu.kz")
    assert (user.full_name, user.language, user.check_password(NEW_PASSWORD)) == (
        "Серик Ахметов",
        "en",
        True,
    )
    assert Membership.objects.get(user=user).role == Role.AUDITOR
    invitation.refresh_from_db()
    assert (invitation.status, invitation.accepted_by) == (InvitationStatus.ACCEPTED, user)
    assert client.get("/o/kaznu/").status_code == 200  # logged in
    assert set(AuditEntry.objects.values_list("action", flat=True)) == {
        "core.user.created",
        "core.invitation.accepted",
        "core.membership.created",
        "core.user.logged_in",
    }


def test_password_errors_beside_the_fields_in_kazakh_and_nothing_saved(org):
    invitation = InvitationFactory(organization=org, email="new@kaznu.kz")
    client = client_in("kk")

    response = register(client, invitation, full_name="", password1="12345", password2="54321")

    body = response.content.decode()
    assert response.status_code == 200
    assert "Құпиясөз тым қысқа: кемінде 8 таңба қажет." in body
    assert "Құпиясөз тек цифрлардан тұра алмайды." in body
    assert "Екі құпиясөз сәйкес келмейді." in body
    assert "Бұл мән міндетті." in body  # the name, in the same round
    assert User.objects.filter(email="new@kaznu.kz").count() == 0
    assert Invitation.objects.get().status == InvitationStatus.PENDING


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", "This invitation expired on"),
        ("ru", "Срок этого приглашения истёк"),
        ("kk", "Бұл шақырудың мерзімі"),
    ],
)
def test_an_expired_link_says_so_in_the_visitors_language(org, language, expected):
    invitation = InvitationFactory(organization=org)
    path = path_of(invitation)

    with time_machine.travel(timezone.now() + timedelta(days=7, minutes=1)):
        response = client_in(language).get(path)

    assert response.status_code == 410
    assert expected in response.content.decode()


def test_a_used_a_revoked_and_a_tampered_link(org, service_head):
    used = InvitationFactory(organization=org, email="used@kaznu.kz")
    used_path = path_of(used)
    register(client_in("en"), used)
    revoked = InvitationFactory(organization=org, email="revoked@kaznu.kz")
    revoked_path = path_of(revoked)
    invitation_revoke(invitation=revoked, actor=service_head)
    tampered_path = revoked_path[:-3] + ("aa/" if not revoked_path.endswith("aa/") else "bb/")
    client = client_in("en")

    used_response = client_in("en").get(used_path)
    revoked_response = client.get(revoked_path)
    tampered_response = client.get(tampered_path)

    assert used_response.status_code == revoked_response.status_code == 410
    assert "This invitation has already been used." in used_response.content.decode()
    assert "This invitation has been revoked." in revoked_response.content.decode()
    assert tampered_response.status_code == 404
    assert "This invitation link is not valid." in tampered_response.content.decode()


def test_a_link_cannot_be_used_twice_even_by_posting_again(org):
    invitation = InvitationFactory(organization=org, email="new@kaznu.kz")
    path = path_of(invitation)
    register(client_in("en"), invitation)

    again = client_in("en").post(
        path, {"full_name": "Другой", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD}
    )

    assert again.status_code == 410
    assert User.objects.filter(email="new@kaznu.kz").count() == 1


def test_an_existing_user_logs_in_then_accepts_and_the_membership_is_added(org, other_org):
    person = MembershipFactory(
        organization=other_org, role=Role.SERVICE_HEAD, user__email="both@kaznu.kz"
    ).user
    invitation = InvitationFactory(organization=org, email="both@kaznu.kz", role=Role.LEADERSHIP)
    path = path_of(invitation)

    anonymous = client_in("en").get(path)
    logged_in = client_in("en", person)
    confirm = logged_in.get(path)
    response = logged_in.post(path)

    assert 'data-step="log_in"' in anonymous.content.decode()
    assert f'href="/account/login/?next={path}"' in anonymous.content.decode()
    assert 'data-step="confirm"' in confirm.content.decode()
    assert response["Location"] == "/o/kaznu/"
    assert sorted(person.memberships.values_list("organization__slug", "role")) == [
        ("kaznu", "leadership"),
        ("other", "service_head"),
    ]


def test_someone_else_logged_in_is_told_to_log_out(org, service_staff):
    invitation = InvitationFactory(organization=org, email="new@kaznu.kz")
    client = client_in("en", service_staff)

    page = client.get(path_of(invitation))
    post = client.post(path_of(invitation), {"full_name": "x"})

    assert 'data-step="log_out"' in page.content.decode()
    assert "This invitation is for new@kaznu.kz, but you are logged in as staff@kaznu.kz." in (
        page.content.decode()
    )
    assert post.status_code == 200
    assert Invitation.objects.get().status == InvitationStatus.PENDING


def test_a_deactivated_members_invitation_makes_them_active_with_the_new_role(org, service_head):
    former = MembershipFactory(
        organization=org, role=Role.SERVICE_STAFF, is_active=False, user__email="back@kaznu.kz"
    )
    invitation = invitation_create(
        organization=org, email="back@kaznu.kz", role=Role.AUDITOR, actor=service_head
    )

    invitation_accept(invitation=invitation, user=former.user)

    former.refresh_from_db()
    assert (former.is_active, former.role) == (True, Role.AUDITOR)
    assert AuditEntry.objects.filter(action="core.membership.reactivated").count() == 1


def test_two_factor_is_set_up_before_the_first_page_where_the_organization_requires_it(org):
    org.require_two_factor = True
    org.save()
    invitation = InvitationFactory(organization=org, email="new@kaznu.kz")
    client = client_in("en")

    response = register(client, invitation)

    assert response["Location"] == "/account/two-factor/?next=/o/kaznu/"
    assert client.get("/o/kaznu/")["Location"].startswith("/account/two-factor/")


def test_an_authority_invitation_makes_an_authority_user_who_sets_up_two_factor():
    invitation = invitation_create(
        organization=None, email="minister@edu.gov.kz", role="", actor=None
    )
    client = client_in("en")

    response = register(client, invitation)

    user = User.objects.get(email="minister@edu.gov.kz")
    assert user.is_authority is True
    assert user.memberships.count() == 0
    assert response["Location"] == "/account/two-factor/?next=/"


def test_an_invitation_of_a_deactivated_organization_cannot_be_accepted(org, authority_user):
    from yntymaq.core.organizations import organization_deactivate

    invitation = InvitationFactory(organization=org)
    path = path_of(invitation)
    organization_deactivate(organization=org, actor=authority_user)

    response = client_in("en").get(path)

    assert response.status_code == 410
    assert "This organization is deactivated." in response.content.decode()


def test_the_accept_page_is_not_cached(org):
    invitation = InvitationFactory(organization=org)

    response = Client().get(path_of(invitation))

    assert "no-store" in response["Cache-Control"]
    assert re.search(r"max-age=0", response["Cache-Control"])
