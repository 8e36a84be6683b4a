"""Changes of core data. Each function is one business action, audited in its transaction."""

from __future__ import annotations

from django.db import transaction
from django_otp.plugins.otp_totp.models import TOTPDevice
from rest_framework.authtoken.models import Token

from . import audit
from .models import Organization, User


@transaction.atomic
def organization_update(*, organization: Organization, actor: User, data: dict) -> Organization:
    before = audit.snapshot(organization, list(data))
    for name, value in data.items():
        setattr(organization, name, value)
    organization.full_clean()
    organization.save()
    audit.record(
        action="core.organization.updated",
        actor=actor,
        target=organization,
        organization=organization,
        data={"changes": audit.changes(before, audit.snapshot(organization, list(data)))},
    )
    return organization


@transaction.atomic
def user_set_language(*, user: User, language: str) -> User:
    user.language = language
    user.save(update_fields=["language"])
    return user


@transaction.atomic
def api_token_issue(*, user: User) -> Token:
    """A new API token; any previous one stops working."""
    Token.objects.filter(user=user).delete()
    token = Token.objects.create(user=user)
    audit.record(action="core.api_token.issued", actor=user, target=user, target_repr=str(user))
    return token


@transaction.atomic
def api_token_revoke(*, user: User) -> None:
    deleted, _ = Token.objects.filter(user=user).delete()
    if deleted:
        audit.record(action="core.api_token.revoked", actor=user, target=user)


def totp_device_pending(*, user: User) -> TOTPDevice:
    """The unconfirmed TOTP device being set up (created on first visit)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="default", confirmed=False)
    return device


@transaction.atomic
def totp_device_confirm(*, user: User, device: TOTPDevice) -> TOTPDevice:
    TOTPDevice.objects.filter(user=user, confirmed=True).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    audit.record(action="core.two_factor.enabled", actor=user, target=user)
    return device
