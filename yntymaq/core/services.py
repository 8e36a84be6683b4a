"""Changes of core data. Each function is one business action, audited in its transaction."""

from __future__ import annotations

import secrets
from datetime import date, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from . import audit, workdays
from .authentication import hash_key
from .models import ApiToken, CalendarDay, Organization, User


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


# --- the working-day calendar (core.workdays) --------------------------------------------------


@transaction.atomic
def calendar_day_set(
    *, actor: User, day: date, is_day_off: bool, decree: str, note: str = ""
) -> CalendarDay:
    """The authority corrects the calendar for one day (a decree adds a day off, or makes a
    day off a working day); a day already corrected is replaced. Every deadline counted in
    working days follows from the next computation."""
    if not decree.strip():
        raise ValidationError({"decree": _("Name the decree (number and date).")})
    found = CalendarDay.objects.filter(day=day).first()
    before = {"is_day_off": found.is_day_off, "decree": found.decree} if found else {}
    correction, _created = CalendarDay.objects.update_or_create(
        day=day, defaults={"is_day_off": is_day_off, "decree": decree.strip(), "note": note}
    )
    audit.record(
        action="core.calendar_day.set",
        actor=actor,
        target=correction,
        data={
            "changes": audit.changes(before, {"is_day_off": is_day_off, "decree": decree}),
            "day": day.isoformat(),
        },
    )
    transaction.on_commit(lambda: workdays.calendar_changed(day.year))
    workdays.calendar_changed(day.year)
    return correction


@transaction.atomic
def calendar_day_move(
    *, actor: User, day_off: date, to: date, decree: str, note: str = ""
) -> list[CalendarDay]:
    """A decree moves a day off: `day_off` becomes a working day and `to` a day off."""
    if day_off == to:
        raise ValidationError({"to": _("The day off is moved to another day.")})
    return [
        calendar_day_set(actor=actor, day=day_off, is_day_off=False, decree=decree, note=note),
        calendar_day_set(actor=actor, day=to, is_day_off=True, decree=decree, note=note),
    ]


@transaction.atomic
def calendar_day_delete(*, actor: User, correction: CalendarDay) -> None:
    """Remove a correction: the day is again as the `holidays` package has it."""
    year = correction.day.year
    audit.record(
        action="core.calendar_day.deleted",
        actor=actor,
        target=correction,
        data={"day": correction.day.isoformat(), "decree": correction.decree},
    )
    correction.delete()
    transaction.on_commit(lambda: workdays.calendar_changed(year))
    workdays.calendar_changed(year)
