"""Dormitories, rooms, check-in, move and check-out (R8.8)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from yntymaq.core import audit
from yntymaq.core.edits import assign_fields, save_changes
from yntymaq.core.models import Organization, User

from ..lifecycle import StayError
from ..models import Accommodation, Dormitory, Room, Stay
from ._base import record_create, validate

DORMITORY_FIELDS = ["name", "address"]
ROOM_FIELDS = ["number", "capacity"]


@transaction.atomic
def dormitory_create(*, organization: Organization, actor: User, data: dict[str, Any]) -> Dormitory:
    dormitory = Dormitory(organization=organization)
    assign_fields(dormitory, data, DORMITORY_FIELDS)
    validate(dormitory)
    dormitory.save()
    record_create("incoming.dormitory.created", actor, dormitory, DORMITORY_FIELDS)
    return dormitory


@transaction.atomic
def dormitory_update(*, dormitory: Dormitory, actor: User, data: dict[str, Any]) -> Dormitory:
    before = audit.snapshot(dormitory, DORMITORY_FIELDS)
    assign_fields(dormitory, data, DORMITORY_FIELDS)
    validate(dormitory)
    save_changes(
        dormitory,
        before=before,
        fields=DORMITORY_FIELDS,
        action="incoming.dormitory.updated",
        actor=actor,
    )
    return dormitory


def _occupied(room: Room, *, exclude: Accommodation | None = None) -> int:
    current = Accommodation.objects.filter(room=room, check_out__isnull=True)
    if exclude is not None:
        current = current.exclude(pk=exclude.pk)
    return current.count()


@transaction.atomic
def room_create(*, dormitory: Dormitory, actor: User, data: dict[str, Any]) -> Room:
    room = Room(organization=dormitory.organization, dormitory=dormitory)
    assign_fields(room, data, ROOM_FIELDS)
    validate(room, exclude=["dormitory"])
    if Room.objects.filter(dormitory=dormitory, number=room.number).exists():
        raise ValidationError({"number": _("This dormitory already has a room with this number.")})
    room.save()
    record_create("incoming.room.created", actor, room, ROOM_FIELDS)
    return room


@transaction.atomic
def room_update(*, room: Room, actor: User, data: dict[str, Any]) -> Room:
    room = Room.objects.select_for_update().get(pk=room.pk)
    before = audit.snapshot(room, ROOM_FIELDS)
    assign_fields(room, data, ROOM_FIELDS)
    validate(room, exclude=["dormitory"])
    if room.capacity < _occupied(room):
        raise ValidationError(
            {"capacity": _("More people live in the room now than this number of places.")}
        )
    save_changes(
        room, before=before, fields=ROOM_FIELDS, action="incoming.room.updated", actor=actor
    )
    return room


def _check_room_has_place(room: Room) -> None:
    """R8.8: a room cannot be filled past its capacity (checked under a row lock)."""
    Room.objects.select_for_update().filter(pk=room.pk).first()
    if _occupied(room) >= room.capacity:
        raise StayError(
            _("Room %(room)s is full (%(n)s places).") % {"room": room.number, "n": room.capacity},
            field="room",
        )


@transaction.atomic
def accommodation_check_in(*, stay: Stay, room: Room, actor: User, on: date) -> Accommodation:
    if room.organization_id != stay.organization_id:
        raise ValueError("room of another organization")
    if Accommodation.objects.filter(stay=stay, check_out__isnull=True).exists():
        raise StayError(_("The foreigner already lives in a room: move or check out instead."))
    if stay.arrival_date and on < stay.arrival_date:
        raise StayError(_("The check-in cannot be before the arrival."), field="on")
    _check_room_has_place(room)
    accommodation = Accommodation.objects.create(
        organization=stay.organization, stay=stay, room=room, check_in=on
    )
    audit.record(
        action="incoming.accommodation.checked_in",
        actor=actor,
        target=accommodation,
        data={"room": str(room), "on": on},
    )
    return accommodation


@transaction.atomic
def accommodation_check_out(
    *, accommodation: Accommodation, actor: User, on: date
) -> Accommodation:
    if accommodation.check_out is not None:
        raise StayError(_("The foreigner has already checked out."))
    if on < accommodation.check_in:
        raise StayError(_("The check-out cannot be before the check-in."), field="on")
    accommodation.check_out = on
    accommodation.save(update_fields=["check_out", "updated_at"])
    audit.record(
        action="incoming.accommodation.checked_out",
        actor=actor,
        target=accommodation,
        data={"room": str(accommodation.room), "on": on},
    )
    return accommodation


@transaction.atomic
def accommodation_move(
    *, accommodation: Accommodation, room: Room, actor: User, on: date
) -> Accommodation:
    if room.pk == accommodation.room_id:
        raise StayError(_("The foreigner already lives in this room."), field="room")
    stay = accommodation.stay
    accommodation_check_out(accommodation=accommodation, actor=actor, on=on)
    _check_room_has_place(room)
    moved = Accommodation.objects.create(
        organization=stay.organization, stay=stay, room=room, check_in=on
    )
    audit.record(
        action="incoming.accommodation.moved",
        actor=actor,
        target=moved,
        data={"from": str(accommodation.room), "to": str(room), "on": on},
    )
    return moved
