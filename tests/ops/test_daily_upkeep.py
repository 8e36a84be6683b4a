"""The daily upkeep jobs of issue 12 (item 2) beyond the purges of test_purge.py: invitations
that expired unanswered are noted once and their inviters told; records of logins older than
the retention and API tokens past their days are deleted; each is audited and runs from the
schedule (ops.jobs)."""

from datetime import timedelta

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.utils import timezone, translation

from tests.factories.core import InvitationFactory, UserFactory, api_token_key
from yntymaq.core.enums import InvitationStatus, Role
from yntymaq.core.invitations import invitation_resend, invitations_expired_note
from yntymaq.core.models import ApiToken, AuditEntry, Invitation, Notification
from yntymaq.core.services import api_tokens_purge
from yntymaq.core.throttling import login_records_purge
from yntymaq.ops.jobs import JOBS, job_call

pytestmark = pytest.mark.django_db


def _job(name):
    return next(job for job in JOBS if job.name == name)


def test_expired_invitations_are_noted_once_and_the_inviter_told(org, service_head):
    now = timezone.now()
    service_head.language = "en"
    service_head.save()
    expired = InvitationFactory(
        organization=org,
        email="late@kaznu.kz",
        invited_by=service_head,
        expires_at=now - timedelta(hours=1),
    )
    InvitationFactory(organization=org, email="fresh@kaznu.kz", invited_by=service_head)
    InvitationFactory(
        organization=org,
        email="taken@kaznu.kz",
        status=InvitationStatus.ACCEPTED,
        expires_at=now - timedelta(days=3),
    )

    first = job_call(_job("invitations"), now=now)
    second = job_call(_job("invitations"), now=now + timedelta(days=1))

    assert (first, second) == ({"expired": 1}, {"expired": 0})
    expired.refresh_from_db()
    assert expired.expiry_noted_at == now
    notification = Notification.objects.get()
    assert (notification.user, notification.organization, notification.url) == (
        service_head,
        org,
        "/o/kaznu/members/",
    )
    assert notification.title == (
        "The invitation to late@kaznu.kz has expired unanswered: send it again or revoke it."
    )
    entry = AuditEntry.objects.get(action="core.invitation.expired")
    assert (entry.organization, entry.actor, entry.object_id) == (org, None, str(expired.pk))


def test_a_resent_invitation_that_expires_again_is_noted_again(org, service_head):
    invitation = InvitationFactory(
        organization=org, invited_by=service_head, expires_at=timezone.now() - timedelta(days=1)
    )
    invitations_expired_note(now=timezone.now())

    with translation.override("en"):
        invitation_resend(invitation=invitation, actor=service_head)
    Invitation.objects.filter(pk=invitation.pk).update(expires_at=timezone.now())
    noted_again = invitations_expired_note(now=timezone.now() + timedelta(seconds=1))

    assert noted_again == 1
    assert Notification.objects.filter(user=service_head).count() == 2
    assert AuditEntry.objects.filter(action="core.invitation.expired").count() == 2


def test_the_authoritys_expired_head_invitation_points_to_the_organizations_page(
    org, authority_user
):
    InvitationFactory(
        organization=org,
        role=Role.SERVICE_HEAD,
        invited_by=authority_user,
        expires_at=timezone.now() - timedelta(days=1),
    )

    invitations_expired_note(now=timezone.now())

    assert Notification.objects.get().url == f"/authority/organizations/{org.pk}/"


def test_login_records_older_than_the_retention_are_deleted(settings):
    settings.YNTYMAQ_LOGIN_LOG_DAYS = 30
    now = timezone.now()
    old, recent = now - timedelta(days=31), now - timedelta(days=29)
    for at in (old, recent):
        # attempt_time is set on creation (auto_now_add): aged afterwards.
        for record in (
            AccessLog.objects.create(username="a@kaznu.kz", ip_address="10.0.0.1"),
            AccessFailureLog.objects.create(
                username="a@kaznu.kz", ip_address="10.0.0.1", locked_out=False
            ),
            AccessAttempt.objects.create(
                username=f"{at:%s}@kaznu.kz", ip_address="10.0.0.1", failures_since_start=1
            ),
        ):
            type(record).objects.filter(pk=record.pk).update(attempt_time=at)

    result = job_call(_job("login-records"), now=now)

    assert result == {"logins": 1, "failures": 1, "attempts": 1}
    assert list(AccessLog.objects.values_list("attempt_time", flat=True)) == [recent]
    assert list(AccessFailureLog.objects.values_list("attempt_time", flat=True)) == [recent]
    assert list(AccessAttempt.objects.values_list("attempt_time", flat=True)) == [recent]
    entry = AuditEntry.objects.get(action="core.login_records.purged")
    assert (entry.data["logins"], entry.data["failures"], entry.data["attempts"]) == (1, 1, 1)


def test_the_retention_never_cuts_into_the_throttlings_memory(settings):
    settings.YNTYMAQ_LOGIN_LOG_DAYS = 0
    settings.YNTYMAQ_LOGIN_MEMORY_HOURS = 24
    now = timezone.now()
    failure = AccessFailureLog.objects.create(
        username="a@kaznu.kz", ip_address="10.0.0.1", locked_out=False
    )
    AccessFailureLog.objects.filter(pk=failure.pk).update(attempt_time=now - timedelta(hours=23))

    assert login_records_purge(now=now) == {"logins": 0, "failures": 0, "attempts": 0}
    assert AccessFailureLog.objects.count() == 1
    assert not AuditEntry.objects.filter(action="core.login_records.purged").exists()


def test_api_tokens_past_their_days_are_deleted_and_audited(settings):
    settings.YNTYMAQ_API_TOKEN_DAYS = 90
    old_user, new_user = UserFactory(email="old@kaznu.kz"), UserFactory(email="new@kaznu.kz")
    api_token_key(old_user)
    api_token_key(new_user)
    ApiToken.objects.filter(user=old_user).update(
        created_at=timezone.now() - timedelta(days=90, seconds=1)
    )

    result = job_call(_job("api-tokens"), now=timezone.now())

    assert result == {"deleted": 1}
    assert list(ApiToken.objects.values_list("user__email", flat=True)) == ["new@kaznu.kz"]
    entry = AuditEntry.objects.get(action="core.api_token.expired")
    assert (entry.actor, entry.target_repr) == (None, str(old_user))


def test_tokens_without_an_expiry_stay(settings):
    settings.YNTYMAQ_API_TOKEN_DAYS = 0
    api_token_key(UserFactory())
    ApiToken.objects.update(created_at=timezone.now() - timedelta(days=3650))

    assert api_tokens_purge(now=timezone.now()) == 0
    assert ApiToken.objects.count() == 1
