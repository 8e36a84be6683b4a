"""Changes of an organization's members: role, deactivation, second factor. One business
action per function, each audited in its transaction. The pages and the API that call these
live in the service app (which also owns a coordinator's units); the head-of-Service check is
made by their callers through core.access (`members.manage`).

An organization always keeps an active head of the Service: the last one can be neither
demoted nor deactivated.
"""

from __future__ import annotations

from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from . import audit
from .enums import Role
from .errors import ApplicationError
from .models import ApiToken, Membership, User


class MembershipError(ApplicationError):
    """A change of a member that the organization cannot take."""


def _keep_a_head(membership: Membership, field: str) -> None:
    """The last active head of the Service cannot go (heads locked, so two heads cannot
    demote each other at the same moment)."""
    heads = list(
        Membership.objects.select_for_update()
        .filter(organization_id=membership.organization_id, role=Role.SERVICE_HEAD, is_active=True)
        .values_list("pk", flat=True)
    )
    if [pk for pk in heads if pk != membership.pk]:
        return
    raise MembershipError(
        _(
            "This is the organization's only active head of the Service: invite or appoint "
            "another head of the Service first."
        ),
        field=field,
    )


def user_sessions_end(user: User) -> None:
    """End every session and the API token of the user at once, whatever the session store:
    the session epoch is part of each session's authentication hash."""
    User.objects.filter(pk=user.pk).update(session_epoch=F("session_epoch") + 1)
    user.refresh_from_db(fields=["session_epoch"])
    ApiToken.objects.filter(user=user).delete()


@transaction.atomic
def membership_set_role(*, membership: Membership, role: str, actor: User) -> Membership:
    """Give a member another role."""
    if role not in Role.values:
        raise MembershipError(_("Choose a role."), field="role")
    if role == membership.role:
        return membership
    if membership.role == Role.SERVICE_HEAD and membership.is_active:
        _keep_a_head(membership, "role")
    before = membership.role
    membership.role = role
    membership.save(update_fields=["role"])
    audit.record(
        action="core.membership.role_changed",
        actor=actor,
        target=membership,
        data={"changes": {"role": [before, role]}},
    )
    return membership


@transaction.atomic
def membership_deactivate(*, membership: Membership, actor: User) -> Membership:
    """End a member's access to the organization. Their sessions and API token end at once
    (everywhere: a session is not bound to one organization); their other memberships stay."""
    if not membership.is_active:
        raise MembershipError(_("This member is already deactivated."))
    if membership.role == Role.SERVICE_HEAD:
        _keep_a_head(membership, None)
    membership.is_active = False
    membership.save(update_fields=["is_active"])
    user_sessions_end(membership.user)
    audit.record(
        action="core.membership.deactivated",
        actor=actor,
        target=membership,
        data={"changes": {"is_active": [True, False]}},
    )
    return membership


@transaction.atomic
def two_factor_reset(*, membership: Membership, actor: User) -> Membership:
    """Remove a member's authenticator (e.g. a lost phone) and end their sessions: they set
    up a new one at their next login where two-factor authentication is required."""
    user = membership.user
    devices = [TOTPDevice.objects.filter(user=user), StaticDevice.objects.filter(user=user)]
    removed = sum(queryset.count() for queryset in devices)
    for queryset in devices:
        queryset.delete()
    user_sessions_end(user)
    audit.record(
        action="core.two_factor.reset",
        actor=actor,
        target=membership,
        data={"devices_removed": removed},
    )
    return membership


@transaction.atomic
def authority_user_deactivate(*, user: User, actor: User) -> User:
    """End a user's work for the authorized body (issue 11): they are no longer an authority
    user, and their sessions and API token end at once. The last active authority user cannot
    go (the authority users are locked, so two cannot remove each other at the same moment);
    inviting them again gives the access back."""
    if actor is None or not (actor.is_active and actor.is_authority):
        raise MembershipError(_("Only a user of the authorized body may do this."))
    active = list(
        User.objects.select_for_update()
        .filter(is_authority=True, is_active=True)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    if user.pk not in active:
        raise MembershipError(_("This user is not an active user of the authorized body."))
    if len(active) == 1:
        raise MembershipError(
            _("This is the only active user of the authorized body: invite another one first.")
        )
    User.objects.filter(pk=user.pk).update(is_authority=False)
    user.is_authority = False
    user_sessions_end(user)
    audit.record(
        action="core.authority_user.deactivated",
        actor=actor,
        target=user,
        target_repr=str(user),
        data={"changes": {"is_authority": [True, False]}},
    )
    return user
