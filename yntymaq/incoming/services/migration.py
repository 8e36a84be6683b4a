"""Visas, migration registrations, permits. Each change keeps the stay's registry dates."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from yntymaq.core import audit
from yntymaq.core.edits import assign_fields, save_changes
from yntymaq.core.models import User

from ..models import Permit, Registration, Stay, Visa
from ._base import record_create, record_delete, record_update, validate

VISA_FIELDS = [
    "kind",
    "entries",
    "number",
    "valid_from",
    "valid_to",
    "invitation_number",
    "cancelled_on",
]
REGISTRATION_FIELDS = [
    "channel",
    "filed_on",
    "certificate_number",
    "valid_until",
    "address",
    "cancelled_on",
]
PERMIT_FIELDS = ["kind", "number", "issued_on", "valid_until"]


def _sync_stay_dates(stay: Stay) -> None:
    """The registry repeats the latest valid-to of the stay's uncancelled visas and
    registrations (Stay.visa_valid_to / registration_valid_until)."""
    visa = Visa.objects.filter(stay=stay, cancelled_on__isnull=True).aggregate(m=Max("valid_to"))
    registration = Registration.objects.filter(stay=stay, cancelled_on__isnull=True).aggregate(
        m=Max("valid_until")
    )
    Stay.objects.filter(pk=stay.pk).update(
        visa_valid_to=visa["m"], registration_valid_until=registration["m"]
    )
    stay.visa_valid_to, stay.registration_valid_until = visa["m"], registration["m"]


def _check_not_expired(visa: Visa, past: bool) -> None:
    """An expired visa entered as current is refused (it can be kept as a past record)."""
    if (
        not past
        and visa.valid_to
        and visa.valid_to < timezone.localdate()
        and not visa.cancelled_on
    ):
        raise ValidationError(
            {
                "valid_to": _(
                    "This visa has already expired. Check the date, or mark it as a past visa."
                )
            }
        )


@transaction.atomic
def visa_create(*, stay: Stay, actor: User, data: dict[str, Any], past: bool = False) -> Visa:
    visa = Visa(organization=stay.organization, stay=stay)
    assign_fields(visa, data, VISA_FIELDS)
    validate(visa, exclude=["stay"])
    _check_not_expired(visa, past)
    visa.save()
    _sync_stay_dates(stay)
    record_create("incoming.visa.created", actor, visa, VISA_FIELDS)
    return visa


@transaction.atomic
def visa_update(*, visa: Visa, actor: User, data: dict[str, Any], past: bool = False) -> Visa:
    before = audit.snapshot(visa, VISA_FIELDS)
    assign_fields(visa, data, VISA_FIELDS)
    validate(visa, exclude=["stay"])
    if visa.valid_to != before.get("valid_to"):
        _check_not_expired(visa, past)
    visa.save()
    _sync_stay_dates(visa.stay)
    record_update("incoming.visa.updated", actor, visa, before, VISA_FIELDS)
    return visa


@transaction.atomic
def visa_delete(*, visa: Visa, actor: User) -> None:
    stay = visa.stay
    record_delete("incoming.visa.deleted", actor, visa, VISA_FIELDS)
    visa.delete()
    _sync_stay_dates(stay)


@transaction.atomic
def registration_create(*, stay: Stay, actor: User, data: dict[str, Any]) -> Registration:
    registration = Registration(organization=stay.organization, stay=stay)
    assign_fields(registration, data, REGISTRATION_FIELDS)
    validate(registration, exclude=["stay"])
    if stay.arrival_date and registration.filed_on < stay.arrival_date:
        raise ValidationError({"filed_on": _("The registration cannot be filed before arrival.")})
    registration.save()
    _sync_stay_dates(stay)
    record_create("incoming.registration.created", actor, registration, REGISTRATION_FIELDS)
    return registration


@transaction.atomic
def registration_update(
    *, registration: Registration, actor: User, data: dict[str, Any]
) -> Registration:
    before = audit.snapshot(registration, REGISTRATION_FIELDS)
    assign_fields(registration, data, REGISTRATION_FIELDS)
    validate(registration, exclude=["stay"])
    registration.save()
    _sync_stay_dates(registration.stay)
    record_update("incoming.registration.updated", actor, registration, before, REGISTRATION_FIELDS)
    return registration


@transaction.atomic
def registration_delete(*, registration: Registration, actor: User) -> None:
    stay = registration.stay
    record_delete("incoming.registration.deleted", actor, registration, REGISTRATION_FIELDS)
    registration.delete()
    _sync_stay_dates(stay)


@transaction.atomic
def permit_create(*, stay: Stay, actor: User, data: dict[str, Any]) -> Permit:
    permit = Permit(organization=stay.organization, stay=stay)
    assign_fields(permit, data, PERMIT_FIELDS)
    validate(permit, exclude=["stay"])
    permit.save()
    record_create("incoming.permit.created", actor, permit, PERMIT_FIELDS)
    return permit


@transaction.atomic
def permit_update(*, permit: Permit, actor: User, data: dict[str, Any]) -> Permit:
    before = audit.snapshot(permit, PERMIT_FIELDS)
    assign_fields(permit, data, PERMIT_FIELDS)
    validate(permit, exclude=["stay"])
    save_changes(
        permit, before=before, fields=PERMIT_FIELDS, action="incoming.permit.updated", actor=actor
    )
    return permit


@transaction.atomic
def permit_delete(*, permit: Permit, actor: User) -> None:
    record_delete("incoming.permit.deleted", actor, permit, PERMIT_FIELDS)
    permit.delete()
