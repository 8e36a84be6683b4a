"""Changes of core data. Each function is one business action, audited in its transaction."""

from __future__ import annotations

import secrets
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django_otp.plugins.otp_totp.models import TOTPDevice

from . import audit
from .authentication import hash_key
from .models import ApiToken, Organization, User


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
def api_token_issue(*, user: User, second_factor: bool) -> tuple[ApiToken, str]:
    """A new API token (any previous one stops working) and its key, which is not stored and
    so can be shown only now. `second_factor`: the issuing session passed the second factor
    (where it is required, only such a token is accepted: core.twofactor)."""
    ApiToken.objects.filter(user=user).delete()
    key = secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user, key_hash=hash_key(key), key_prefix=key[:6], second_factor=second_factor
    )
    audit.record(
        action="core.api_token.issued",
        actor=user,
        target=user,
        target_repr=str(user),
        data={
            "prefix": token.key_prefix,
            "second_factor": second_factor,
            "expires_at": token.expires_at,
        },
    )
    return token, key


@transaction.atomic
def api_token_revoke(*, user: User) -> None:
    deleted, _ = ApiToken.objects.filter(user=user).delete()
    if deleted:
        audit.record(action="core.api_token.revoked", actor=user, target=user)


@transaction.atomic
def api_tokens_purge(*, now) -> int:
    """Delete the API tokens past their YNTYMAQ_API_TOKEN_DAYS (they already open nothing:
    core.authentication refuses them); each owner's audit log says so."""
    days = settings.YNTYMAQ_API_TOKEN_DAYS
    if not days:
        return 0
    expired = list(
        ApiToken.objects.select_related("user").filter(created_at__lte=now - timedelta(days=days))
    )
    for token in expired:
        audit.record(
            action="core.api_token.expired",
            actor=None,
            target=token.user,
            target_repr=str(token.user),
            data={"prefix": token.key_prefix, "expires_at": token.expires_at},
        )
    ApiToken.objects.filter(pk__in=[token.pk for token in expired]).delete()
    return len(expired)


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
