"""Invitations: how people join (DESIGN.md). One business action per function, each audited in
its transaction.

- The authorized body (or `create_organization`) invites an organization's head of the
  Service; a head of the Service invites members with a role; `create_authority_user`
  invites a ministry user.
- The link is `/invitation/<token>/`, valid INVITATION_DAYS days, for one use, bound to the
  e-mail. Its token is derived from SECRET_KEY and the invitation's random salt (like Django's
  password-reset tokens): the database keeps only the salt and the token's SHA-256, and the
  mail task gets only the invitation's id. Resending makes a new token (the old link stops).
- Accepting sets the password of a new account, or adds the membership to the account that
  has the e-mail (after logging in), and marks an authority invitation's user as such.
- Later apps add what an invitation carries beyond the role through ACCEPTED_HOOKS (the
  service app moves a coordinator's units to the new membership): core cannot import them.
"""

from __future__ import annotations

import hashlib
import logging
import secrets
from collections.abc import Callable
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.core.validators import validate_email
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse
from django.utils import timezone, translation
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django_scopes import scopes_disabled

# core.tasks imports this module too (module imports only, so either may load first).
from . import audit, tasks
from .access import may_invite
from .enums import InvitationStatus, Role
from .errors import ApplicationError
from .models import Invitation, Membership, Notification, Organization, User

logger = logging.getLogger(__name__)

INVITATION_DAYS = 7
TOKEN_SALT = "yntymaq.core.invitations.invitation_token"
MAIL_LANGUAGES = ("kk", "ru", "en")
# E-mail backends that deliver nothing to the addressee: the link is shown to whoever invited.
UNDELIVERED_BACKENDS = frozenset(
    {
        "django.core.mail.backends.console.EmailBackend",
        "django.core.mail.backends.dummy.EmailBackend",
    }
)


class InvitationError(ApplicationError):
    """An invitation that cannot be made, sent, revoked or accepted."""


# --- the link ------------------------------------------------------------------------------


def normalize_email(email: str) -> str:
    return (email or "").strip().lower()


def invitation_token(invitation: Invitation) -> str:
    return salted_hmac(TOKEN_SALT, invitation.salt, algorithm="sha256").hexdigest()


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _new_secret(invitation: Invitation) -> None:
    invitation.salt = secrets.token_hex(32)
    invitation.token_hash = token_hash(invitation_token(invitation))


def invitation_link(invitation: Invitation) -> str | None:
    """The full link of a waiting invitation; None if it is not usable, or if SECRET_KEY has
    changed since it was made (resend it then)."""
    if not invitation.is_usable:
        return None
    token = invitation_token(invitation)
    if not constant_time_compare(token_hash(token), invitation.token_hash):
        return None
    path = reverse("core:invitation-accept", kwargs={"token": token})
    return f"{settings.YNTYMAQ_SITE_URL.rstrip('/')}{path}"


def mail_configured() -> bool:
    """Whether invitation e-mails reach their addressee (not the console or dummy backend)."""
    return settings.EMAIL_BACKEND not in UNDELIVERED_BACKENDS


def _queue_mail(invitation: Invitation) -> None:
    """Queue the invitation e-mail for the task worker once the transaction commits (nothing
    is sent for a change that is rolled back, e.g. an import's check)."""
    if not mail_configured():
        return
    invitation_id = invitation.pk
    transaction.on_commit(lambda: tasks.send_invitation.enqueue(invitation_id))


# --- making, resending, revoking -----------------------------------------------------------


def _check_inviter(actor: User | None, organization: Organization | None, role: str) -> None:
    if not may_invite(actor, organization, role):
        raise InvitationError(
            _("Only the head of the Service of this organization may invite its members.")
        )


def _waiting(organization: Organization | None, email: str):
    return Invitation.objects.filter(
        organization=organization,
        email=email,
        status=InvitationStatus.PENDING,
        expires_at__gt=timezone.now(),
    )


@transaction.atomic
@scopes_disabled()  # by explicit organization; authority invitations have none
def invitation_create(
    *, organization: Organization | None, email: str, role: str, actor: User | None
) -> Invitation:
    """Invite `email` to `role` in `organization`, or (organization None, role "") to the
    authorized body. Refused: an inviter who may not (core.access.may_invite), a deactivated
    organization, an active member, an invitation to the e-mail still waiting. The e-mail is
    queued after the commit when mail is configured; `invitation_link` gives the link."""
    email = normalize_email(email)
    role = role or ""
    try:
        validate_email(email)
    except ValidationError:
        raise InvitationError(_("Enter a valid e-mail address."), field="email") from None
    if organization is not None:
        organization = Organization.objects.select_for_update().get(pk=organization.pk)
        _check_inviter(actor, organization, role)
        if role not in Role.values:
            raise InvitationError(_("Choose a role."), field="role")
        if not organization.is_active:
            raise InvitationError(_("This organization is deactivated."))
        if Membership.objects.filter(
            organization=organization, user__email__iexact=email, is_active=True
        ).exists():
            raise InvitationError(
                _("%(email)s is already a member of this organization.") % {"email": email},
                field="email",
            )
    else:
        _check_inviter(actor, None, "")
        role = ""
        if User.objects.filter(email__iexact=email, is_authority=True).exists():
            raise InvitationError(
                _("%(email)s is already a user of the authorized body.") % {"email": email},
                field="email",
            )
    if _waiting(organization, email).exists():
        raise InvitationError(
            _("An invitation to %(email)s is already waiting for acceptance: resend it instead.")
            % {"email": email},
            field="email",
        )
    return invitation_make(organization=organization, email=email, role=role, actor=actor)


def invitation_make(
    *, organization: Organization | None, email: str, role: str, actor: User | None
) -> Invitation:
    """The invitation itself, once its caller has made the checks: `invitation_create`, or
    the registration of an organization (core.organizations), whose new organization has no
    member or invitation yet. Audited; the e-mail queued after the commit."""
    invitation = Invitation(
        organization=organization,
        email=email,
        role=role,
        invited_by=actor,
        expires_at=timezone.now() + timedelta(days=INVITATION_DAYS),
    )
    _new_secret(invitation)
    # No uniqueness query: the token's hash comes from 256 random bits (and the column is
    # unique in the database all the same).
    invitation.full_clean(
        exclude=["organization", "invited_by", "accepted_by"], validate_unique=False
    )
    invitation.save()
    audit.record(
        action="core.invitation.created",
        actor=actor,
        target=invitation,
        data={"email": email, "role": role, "expires_at": invitation.expires_at},
    )
    _queue_mail(invitation)
    return invitation


def _locked(invitation: Invitation) -> Invitation:
    # No join here: FOR UPDATE cannot lock the nullable side of an outer join (PostgreSQL).
    return Invitation.objects.select_for_update().get(pk=invitation.pk)


@transaction.atomic
@scopes_disabled()  # by explicit organization; authority invitations have none
def invitation_resend(*, invitation: Invitation, actor: User | None) -> Invitation:
    """Send a waiting (or expired) invitation again with a new link, valid INVITATION_DAYS
    days from now; the earlier link stops working."""
    invitation = _locked(invitation)
    _check_inviter(actor, invitation.organization, invitation.role)
    if invitation.status != InvitationStatus.PENDING:
        raise InvitationError(
            _("This invitation is %(state)s: it cannot be sent again.")
            % {"state": invitation.state_label.lower()}
        )
    if invitation.organization is not None and not invitation.organization.is_active:
        raise InvitationError(_("This organization is deactivated."))
    _new_secret(invitation)
    invitation.expires_at = timezone.now() + timedelta(days=INVITATION_DAYS)
    invitation.sent_at = None
    invitation.expiry_noted_at = None
    invitation.save(
        update_fields=[
            "salt",
            "token_hash",
            "expires_at",
            "sent_at",
            "expiry_noted_at",
            "updated_at",
        ]
    )
    audit.record(
        action="core.invitation.resent",
        actor=actor,
        target=invitation,
        data={"expires_at": invitation.expires_at},
    )
    _queue_mail(invitation)
    return invitation


@transaction.atomic
@scopes_disabled()  # by explicit organization; authority invitations have none
def invitation_revoke(*, invitation: Invitation, actor: User | None) -> Invitation:
    """Withdraw a waiting invitation: its link says so from now on."""
    invitation = _locked(invitation)
    _check_inviter(actor, invitation.organization, invitation.role)
    if invitation.status != InvitationStatus.PENDING:
        raise InvitationError(
            _("This invitation is %(state)s: it cannot be revoked.")
            % {"state": invitation.state_label.lower()}
        )
    invitation.status = InvitationStatus.REVOKED
    invitation.revoked_at = timezone.now()
    invitation.save(update_fields=["status", "revoked_at", "updated_at"])
    audit.record(action="core.invitation.revoked", actor=actor, target=invitation)
    return invitation


# --- expiry (the daily job "invitations", ops.jobs) -----------------------------------------


def _expired_invitation_url(invitation: Invitation) -> str:
    """Where the inviter sends an expired invitation again or revokes it."""
    try:
        if invitation.organization is None:
            return reverse("authority:user-list")
        if invitation.invited_by is not None and invitation.invited_by.is_authority:
            return reverse(
                "authority:organization-detail", kwargs={"pk": invitation.organization_id}
            )
        return reverse("service:member-list", kwargs={"org_slug": invitation.organization.slug})
    except NoReverseMatch:  # pragma: no cover - every page named above exists
        return ""


@scopes_disabled()  # every organization's invitations, and the authority's
def invitations_expired_note(*, now) -> int:
    """Note every waiting invitation that has expired since the last run, once: mark it,
    record it in the audit log and tell whoever invited (an in-app notification, e-mailed in
    the day's digest, in their language) that it can be sent again or revoked. Sending it
    again clears the mark, so a renewed invitation that expires again is noted again."""
    expired = list(
        Invitation.objects.select_related("organization", "invited_by")
        .filter(status=InvitationStatus.PENDING, expires_at__lte=now, expiry_noted_at=None)
        .order_by("id")
    )
    count = 0
    for invitation in expired:
        with transaction.atomic():
            noted = Invitation.objects.filter(pk=invitation.pk, expiry_noted_at=None).update(
                expiry_noted_at=now
            )
            if not noted:  # another scheduler's run took it meanwhile
                continue
            count += 1
            audit.record(
                action="core.invitation.expired",
                actor=None,
                target=invitation,
                data={"email": invitation.email, "expires_at": invitation.expires_at},
            )
            inviter = invitation.invited_by
            if inviter is None or not inviter.is_active:
                continue
            with translation.override(inviter.language or settings.LANGUAGE_CODE):
                title = _(
                    "The invitation to %(email)s has expired unanswered: send it again or "
                    "revoke it."
                ) % {"email": invitation.email}
                Notification.objects.get_or_create(
                    user=inviter,
                    key=f"core.invitation_expired:{invitation.pk}:{invitation.expires_at:%s}",
                    defaults={
                        "organization": invitation.organization,
                        "kind": "core.invitation_expired",
                        "title": str(title)[:500],
                        "url": _expired_invitation_url(invitation),
                        "due": timezone.localdate(invitation.expires_at),
                    },
                )
    return count


# --- the e-mail (sent by the task worker: core.tasks.send_invitation) ----------------------


def invitation_mail_send(*, invitation_id: int) -> bool:
    """E-mail a waiting invitation's link, in Kazakh, Russian and English; False when there
    is nothing to send (accepted, revoked or expired meanwhile)."""
    with scopes_disabled():
        invitation = (
            Invitation.objects.select_related("organization", "invited_by")
            .filter(pk=invitation_id)
            .first()
        )
        if invitation is None:
            return False
        link = invitation_link(invitation)
        if link is None:
            return False
        parts, subjects = [], []
        for language in MAIL_LANGUAGES:
            with translation.override(language):
                context = {
                    "invitation": invitation,
                    "link": link,
                    "organization_name": invitation.organization.name
                    if invitation.organization
                    else "",
                    "role": invitation.get_role_display() if invitation.role else "",
                    "valid_until": date_format(
                        timezone.localtime(invitation.expires_at), "DATETIME_FORMAT"
                    ),
                }
                subjects.append(
                    render_to_string("core/email/invitation_subject.txt", context).strip()
                )
                parts.append(render_to_string("core/email/invitation.txt", context).strip())
        send_mail(" / ".join(subjects), "\n\n-----\n\n".join(parts), None, [invitation.email])
        Invitation.objects.filter(pk=invitation.pk).update(sent_at=timezone.now())
    return True


# --- accepting -----------------------------------------------------------------------------

# fn(invitation, membership) run inside the acceptance's transaction (organization
# invitations only), e.g. the service app's unit assignment of a coordinator.
ACCEPTED_HOOKS: list[Callable[[Invitation, Membership], None]] = []


def register_accepted_hook(hook: Callable[[Invitation, Membership], None]) -> None:
    if hook not in ACCEPTED_HOOKS:
        ACCEPTED_HOOKS.append(hook)


def unusable_message(invitation: Invitation | None) -> str:
    """Why a link does not work, in the current language."""
    if invitation is None:
        return str(
            _(
                "This invitation link is not valid. Check that it was copied whole, or ask "
                "for a new invitation."
            )
        )
    if invitation.status == InvitationStatus.ACCEPTED:
        return str(
            _("This invitation has already been used. Log in with your e-mail and password.")
        )
    if invitation.status == InvitationStatus.REVOKED:
        return str(_("This invitation has been revoked. Ask whoever invited you for a new one."))
    if invitation.organization is not None and not invitation.organization.is_active:
        return str(_("This organization is deactivated."))
    return str(
        _("This invitation expired on %(date)s. Ask whoever invited you to send it again.")
        % {"date": date_format(timezone.localtime(invitation.expires_at), "DATETIME_FORMAT")}
    )


def invitation_find(token: str) -> Invitation | None:
    """The invitation of a link's token (whatever its state), or None for an unknown or
    tampered token."""
    if not token or len(token) > 128:
        return None
    with scopes_disabled():
        return (
            Invitation.objects.select_related("organization")
            .filter(token_hash=token_hash(token))
            .first()
        )


def invitation_is_usable(invitation: Invitation | None) -> bool:
    return (
        invitation is not None
        and invitation.is_usable
        and (invitation.organization is None or invitation.organization.is_active)
    )


@transaction.atomic
@scopes_disabled()  # by explicit organization; authority invitations have none
def invitation_accept(
    *,
    invitation: Invitation,
    user: User | None = None,
    full_name: str = "",
    password: str = "",
    language: str = "ru",
) -> User:
    """Accept an invitation, once.

    `user` None: a new account with the invitation's e-mail, `full_name` and `password`
    (already checked by the password validators) is made. Otherwise `user` is the logged-in
    account, whose e-mail must be the invitation's. The membership is added (or made active
    again with the invited role), or the user becomes an authority user; ACCEPTED_HOOKS run.
    """
    invitation = _locked(invitation)
    if not invitation_is_usable(invitation):
        raise InvitationError(unusable_message(invitation))
    if user is None:
        if User.objects.filter(email__iexact=invitation.email).exists():
            raise InvitationError(
                _("An account with this e-mail exists already: log in to accept the invitation.")
            )
        user = User.objects.create_user(
            invitation.email,
            password,
            full_name=" ".join(full_name.split()),
            language=language if language in dict(settings.LANGUAGES) else "ru",
        )
        audit.record(
            action="core.user.created",
            actor=user,
            target=user,
            organization=invitation.organization,
            data={"email": user.email, "invitation": invitation.pk},
        )
    elif normalize_email(user.email) != invitation.email:
        raise InvitationError(
            _(
                "This invitation is for %(email)s, but you are logged in as %(current)s. "
                "Log out and open the link again."
            )
            % {"email": invitation.email, "current": user.email}
        )
    invitation.status = InvitationStatus.ACCEPTED
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = user
    invitation.save(update_fields=["status", "accepted_at", "accepted_by", "updated_at"])
    audit.record(action="core.invitation.accepted", actor=user, target=invitation)
    if invitation.organization is None:
        if not user.is_authority:
            user.is_authority = True
            user.save(update_fields=["is_authority"])
        return user
    membership = Membership.objects.filter(user=user, organization=invitation.organization).first()
    if membership is None:
        membership = Membership.objects.create(
            user=user, organization=invitation.organization, role=invitation.role
        )
        action, changes = "core.membership.created", {"role": [None, invitation.role]}
    else:
        action = "core.membership." + ("updated" if membership.is_active else "reactivated")
        changes = audit.changes(
            {"role": membership.role, "is_active": membership.is_active},
            {"role": invitation.role, "is_active": True},
        )
        membership.role = invitation.role
        membership.is_active = True
        membership.save(update_fields=["role", "is_active"])
    audit.record(
        action=action,
        actor=user,
        target=membership,
        data={"changes": changes, "invitation": invitation.pk},
    )
    for hook in ACCEPTED_HOOKS:
        hook(invitation, membership)
    return user
