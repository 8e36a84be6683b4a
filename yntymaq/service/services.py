"""Changes of the service registries. One function per business action, each audited in its
transaction. Views and the API call these; they hold no rule themselves."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from django.db.models import ProtectedError, Q
from django.utils.formats import date_format
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from yntymaq.core import audit
from yntymaq.core.access import may_manage_members
from yntymaq.core.edits import Edit, assign_fields
from yntymaq.core.enums import Role
from yntymaq.core.errors import ApplicationError
from yntymaq.core.invitations import (
    InvitationError,
    invitation_create,
    invitation_resend,
    invitation_revoke,
)
from yntymaq.core.memberships import (
    MembershipError,
    membership_deactivate,
    membership_set_role,
    two_factor_reset,
)
from yntymaq.core.models import Invitation, Membership, Organization, User
from yntymaq.core.validators import validate_upload

from .models import Appointment, Official, ServiceProfile, Unit
from .queries import coordinator_choices


class ServiceError(ApplicationError):
    """A change of the service registries that the Rules or the data do not allow."""


# --- helpers -------------------------------------------------------------------------------


def _delete_protected_message(error: ProtectedError):
    kinds = sorted({capfirst(o._meta.verbose_name_plural) for o in error.protected_objects})
    return _("It is still used by other records (%(kinds)s); change or delete those first.") % {
        "kinds": ", ".join(str(k) for k in kinds)
    }


def _delete(instance, *, actor: User, action: str) -> None:
    before = audit.snapshot(instance)
    target_repr = str(instance)
    organization = instance.organization
    try:
        instance.delete()
    except ProtectedError as error:
        raise ServiceError(_delete_protected_message(error)) from error
    audit.record(
        action=action,
        actor=actor,
        target=None,
        organization=organization,
        target_repr=target_repr,
        data={"deleted": before},
    )


# --- units (A2.1) --------------------------------------------------------------------------

UNIT_FIELDS = ("name_kk", "name_ru", "address", "building", "room", "works_on_external_relations")


def _unit_coordinators_check(organization: Organization, coordinators) -> list:
    allowed = set(coordinator_choices(organization).values_list("pk", flat=True))
    coordinators = list(coordinators)
    if any(m.pk not in allowed for m in coordinators):
        raise ValidationError({"coordinators": _("Choose unit coordinators of this organization.")})
    return coordinators


def _unit_snapshot(unit: Unit) -> dict[str, Any]:
    values = audit.snapshot(unit, list(UNIT_FIELDS))
    values["coordinators"] = sorted(str(m.user) for m in unit.coordinators.select_related("user"))
    return values


@transaction.atomic
def unit_create(*, organization: Organization, actor: User, data: dict[str, Any]) -> Unit:
    """Record an internal unit working on external relations (A2.1)."""
    data = dict(data)
    coordinators = _unit_coordinators_check(organization, data.pop("coordinators", []))
    unit = Unit(organization=organization)
    assign_fields(unit, data, UNIT_FIELDS)
    unit.full_clean()
    unit.save()
    unit.coordinators.set(coordinators)
    audit.record(
        action="service.unit.created",
        actor=actor,
        target=unit,
        data={"changes": audit.changes({}, _unit_snapshot(unit))},
    )
    return unit


@transaction.atomic
def unit_update(*, unit: Unit, actor: User, data: dict[str, Any]) -> Unit:
    data = dict(data)
    before = _unit_snapshot(unit)
    coordinators = data.pop("coordinators", None)
    if coordinators is not None:
        coordinators = _unit_coordinators_check(unit.organization, coordinators)
    assign_fields(unit, data, UNIT_FIELDS)
    unit.full_clean()
    unit.save()
    if coordinators is not None:
        unit.coordinators.set(coordinators)
    changes = audit.changes(before, _unit_snapshot(unit))
    if changes:  # core.edits: one entry with the changed fields, none when nothing changed
        audit.record(
            action="service.unit.updated", actor=actor, target=unit, data={"changes": changes}
        )
    return unit


@transaction.atomic
def unit_delete(*, unit: Unit, actor: User) -> None:
    """Delete a unit; refused while officials or other records refer to it."""
    _delete(unit, actor=actor, action="service.unit.deleted")


# --- officials (A2.2) ----------------------------------------------------------------------

OFFICIAL_FIELDS = (
    "person",
    "position",
    "work_phone",
    "home_phone",
    "responsible_for_cooperation",
    "unit",
)


@transaction.atomic
def official_create(*, organization: Organization, actor: User, data: dict[str, Any]) -> Official:
    """Record an official responsible for international cooperation (A2.2)."""
    official = Official(organization=organization)
    assign_fields(official, data, OFFICIAL_FIELDS)
    official.full_clean()
    official.save()
    audit.record(
        action="service.official.created",
        actor=actor,
        target=official,
        data={"changes": audit.changes({}, audit.snapshot(official, list(OFFICIAL_FIELDS)))},
    )
    return official


@transaction.atomic
def official_update(*, official: Official, actor: User, data: dict[str, Any]) -> Official:
    edit = Edit(official, OFFICIAL_FIELDS)
    assign_fields(official, data, OFFICIAL_FIELDS)
    official.full_clean()
    edit.save(action="service.official.updated", actor=actor)
    return official


@transaction.atomic
def official_delete(*, official: Official, actor: User) -> None:
    _delete(official, actor=actor, action="service.official.deleted")


# --- the Service profile (R5) --------------------------------------------------------------

PROFILE_DOCUMENTS = ("regulation", "duties")
PROFILE_FIELDS = [
    "exists",
    "creation_order_number",
    "creation_order_date",
    *PROFILE_DOCUMENTS,
    "metal_doors",
    "window_bars",
    "alarm",
    "has_inventory",
    "inventory_notes",
    "has_communications",
    "communications_notes",
    "has_office_equipment",
    "office_equipment_notes",
    "inspector",
    "inspector_name",
    "methodologist",
    "methodologist_name",
]


def _profile_document(name: str, upload):
    """An uploaded regulation or duties file: PDF or DOCX by its content, up to the size limit.
    Returns the upload renamed after the document (the user's file name is not kept)."""
    try:
        kind = validate_upload(upload, allowed=("pdf", "docx"))
    except ValidationError as error:
        raise ValidationError({name: error.messages}) from error
    upload.name = f"{name}.{kind}"
    return upload


@transaction.atomic
def service_profile_update(
    *, organization: Organization, actor: User, data: dict[str, Any]
) -> ServiceProfile:
    """Record the Service's profile (R5): whether it exists, its creation order, regulation
    and duties (PDF/DOCX), premises checklist, equipment and technical staff.

    `data` holds the fields to change; for a document, an uploaded file replaces it and
    False removes it. A replaced file is deleted from storage once the transaction commits.
    """
    profile = ServiceProfile.objects.for_org(
        organization
    ).select_for_update().first() or ServiceProfile(organization=organization)
    created = profile.pk is None
    before = {} if created else audit.snapshot(profile, PROFILE_FIELDS)
    old_files = []
    for name, value in data.items():
        if name in PROFILE_DOCUMENTS:
            current = getattr(profile, name)
            if value is None:
                continue
            if current:
                old_files.append((current.storage, current.name))
            setattr(profile, name, _profile_document(name, value) if value else "")
        else:
            setattr(profile, name, value)
    profile.full_clean()
    profile.save()
    for storage, path in old_files:
        transaction.on_commit(lambda storage=storage, path=path: storage.delete(path))
    audit.record(
        action="service.profile.created" if created else "service.profile.updated",
        actor=actor,
        target=profile,
        data={"changes": audit.changes(before, audit.snapshot(profile, PROFILE_FIELDS))},
    )
    return profile


# --- appointments (R6, R7) -----------------------------------------------------------------

APPOINTMENT_FIELDS = [
    "kind",
    "person",
    "order_number",
    "order_date",
    "starts_on",
    "ends_on",
    "teaching_years",
    "cooperation_years",
    "works_with_foreigners",
    "foreigners_experience",
    "state_language_level",
    "foreign_language",
    "foreign_language_level",
    "clearance",
    "clearance_form",
    "clearance_expires_on",
    "reports_to_first_head",
    "reports_to_deputy",
    "admissions_committee_member",
]


def _appointment_overlap_check(appointment: Appointment) -> None:
    """Terms of office of one organization do not overlap: one head at a time (R6, R7)."""
    others = Appointment.objects.for_org(appointment.organization).exclude(pk=appointment.pk)
    others = others.filter(Q(ends_on__isnull=True) | Q(ends_on__gte=appointment.starts_on))
    if appointment.ends_on is not None:
        others = others.filter(starts_on__lte=appointment.ends_on)
    other = others.select_related("person").order_by("starts_on").first()
    if other is None:
        return
    values = {
        "person": other.person,
        "start": date_format(other.starts_on, "SHORT_DATE_FORMAT"),
        "end": date_format(other.ends_on, "SHORT_DATE_FORMAT") if other.ends_on else "",
    }
    if other.ends_on:
        message = _(
            "This term of office overlaps the appointment of %(person)s "
            "(from %(start)s to %(end)s)."
        )
    else:
        message = _(
            "This term of office overlaps the current appointment of %(person)s (from %(start)s)."
        )
    raise ServiceError(message % values, field="starts_on")


def _appointment_end(appointment: Appointment, *, ends_on: date, actor: User) -> Appointment:
    before = audit.snapshot(appointment, ["ends_on"])
    appointment.ends_on = ends_on
    appointment.full_clean()
    appointment.save(update_fields=["ends_on", "updated_at"])
    audit.record(
        action="service.appointment.ended",
        actor=actor,
        target=appointment,
        data={"changes": audit.changes(before, audit.snapshot(appointment, ["ends_on"]))},
    )
    return appointment


@transaction.atomic
def appointment_create(
    *, organization: Organization, actor: User, data: dict[str, Any]
) -> Appointment:
    """Record the appointment of the head of the Service or of the responsible person by an
    order of the first head (R6, R7).

    A new appointment in force (no end date) ends the current one on the day before it
    starts, in this transaction, so history is kept and one appointment is in force at a
    time. An appointment with an end date is a past one entered for the record; its term must
    not overlap another. Unmet R7 conditions do not stop the appointment: they are warnings
    (rules.appointment_warnings).
    """
    appointment = Appointment(organization=organization)
    assign_fields(appointment, data, APPOINTMENT_FIELDS)
    appointment.full_clean(validate_constraints=False)
    if appointment.ends_on is None:
        previous = (
            Appointment.objects.for_org(organization)
            .select_for_update()
            .filter(ends_on__isnull=True)
            .first()
        )
        if previous is not None:
            if appointment.starts_on <= previous.starts_on:
                raise ServiceError(
                    _(
                        "The new appointment must start after the current one, "
                        "which started on %(date)s."
                    )
                    % {"date": date_format(previous.starts_on, "SHORT_DATE_FORMAT")},
                    field="starts_on",
                )
            _appointment_end(
                previous, ends_on=appointment.starts_on - timedelta(days=1), actor=actor
            )
    _appointment_overlap_check(appointment)
    appointment.validate_constraints()
    appointment.save()
    audit.record(
        action="service.appointment.created",
        actor=actor,
        target=appointment,
        data={"changes": audit.changes({}, audit.snapshot(appointment, APPOINTMENT_FIELDS))},
    )
    return appointment


@transaction.atomic
def appointment_update(
    *, appointment: Appointment, actor: User, data: dict[str, Any]
) -> Appointment:
    """Correct an appointment or bring its R7 facts up to date (e.g. a renewed access to
    secret documents). The end of the term is changed only by `appointment_end`."""
    data = {k: v for k, v in data.items() if k != "ends_on"}
    edit = Edit(appointment, APPOINTMENT_FIELDS)
    assign_fields(appointment, data, APPOINTMENT_FIELDS)
    appointment.full_clean(validate_constraints=False)
    _appointment_overlap_check(appointment)
    edit.save(action="service.appointment.updated", actor=actor)
    return appointment


@transaction.atomic
def appointment_end(*, appointment: Appointment, actor: User, ends_on: date) -> Appointment:
    """End the appointment in force without a successor (dismissal, resignation). Until a new
    appointment is made the organization has nobody under R6/R7, and the dashboard says so."""
    appointment = (
        Appointment.objects.for_org(appointment.organization)
        .select_for_update()
        .get(pk=appointment.pk)
    )
    if appointment.ends_on is not None:
        raise ServiceError(_("This appointment has already ended."), field="ends_on")
    if ends_on < appointment.starts_on:
        raise ServiceError(_("The appointment cannot end before it starts."), field="ends_on")
    return _appointment_end(appointment, ends_on=ends_on, actor=actor)


# --- members of the organization (issue 11) ------------------------------------------------
# Memberships and invitations are core's; a unit coordinator's units are this app's (core
# cannot import them), so the members' pages, their API and these services live here: they
# call core's services and keep the units in the same transaction. The head-of-Service check
# (`members.manage`) is repeated here, so that no caller can skip it.


def _check_manager(actor: User, organization: Organization) -> None:
    if not may_manage_members(actor, organization):
        raise ServiceError(
            _("Only the head of the Service of this organization may manage its members.")
        )


def _member_units_check(organization: Organization, role: str, units) -> list[Unit]:
    """A unit coordinator works for at least one unit of this organization; other roles
    have none."""
    units = list(units or [])
    if role != Role.UNIT_COORDINATOR:
        if units:
            raise ValidationError({"units": _("Units are chosen only for a unit coordinator.")})
        return []
    if not units:
        raise ValidationError({"units": _("Choose the units this coordinator works for.")})
    own = set(
        Unit.objects.for_org(organization)
        .filter(pk__in=[unit.pk for unit in units])
        .values_list("pk", flat=True)
    )
    if any(unit.pk not in own for unit in units):
        raise ValidationError({"units": _("Choose units of this organization.")})
    return units


def _units_record(membership, before: list[str], actor: User) -> None:
    after = sorted(str(unit) for unit in membership.coordinated_units.all())
    if before != after:
        audit.record(
            action="service.member.units_changed",
            actor=actor,
            target=membership,
            data={"changes": {"units": [before, after]}},
        )


def _errors_of(error: ApplicationError | ValidationError) -> dict[str, list]:
    if isinstance(error, ValidationError):
        return error.message_dict
    return {error.field or NON_FIELD_ERRORS: [error.message]}


@transaction.atomic
def member_invite(
    *, organization: Organization, actor: User, email: str, role: str, units=()
) -> Invitation:
    """Invite `email` to the organization with a role and, for a unit coordinator, the units
    (they become the member's when the invitation is accepted). Every error of the input in
    one round, each under its field; nothing is saved unless all is right."""
    _check_manager(actor, organization)
    errors: dict[str, list] = {}
    try:
        units = _member_units_check(organization, role, units)
    except ValidationError as error:
        errors.update(error.message_dict)
    try:
        invitation = invitation_create(
            organization=organization, email=email, role=role, actor=actor
        )
    except InvitationError as error:
        for field, messages in _errors_of(error).items():
            errors.setdefault(field, []).extend(messages)
    if errors:
        raise ValidationError(errors)
    if units:
        invitation.units.set(units)
        audit.record(
            action="service.invitation.units_set",
            actor=actor,
            target=invitation,
            data={"units": sorted(str(unit) for unit in units)},
        )
    return invitation


@transaction.atomic
def member_update(*, membership: Membership, actor: User, role: str, units=()) -> Membership:
    """Change a member's role and, for a unit coordinator, units. The last active head of the
    Service keeps the role (core.memberships)."""
    organization = membership.organization
    _check_manager(actor, organization)
    errors: dict[str, list] = {}
    try:
        units = _member_units_check(organization, role, units)
    except ValidationError as error:
        errors.update(error.message_dict)
    before = sorted(str(unit) for unit in membership.coordinated_units.all())
    try:
        membership_set_role(membership=membership, role=role, actor=actor)
    except MembershipError as error:
        for field, messages in _errors_of(error).items():
            errors.setdefault(field, []).extend(messages)
    if errors:
        raise ValidationError(errors)
    membership.coordinated_units.set(units)
    _units_record(membership, before, actor)
    return membership


@transaction.atomic
def member_deactivate(*, membership: Membership, actor: User) -> Membership:
    """End a member's access (core.memberships.membership_deactivate) and their units."""
    _check_manager(actor, membership.organization)
    before = sorted(str(unit) for unit in membership.coordinated_units.all())
    membership_deactivate(membership=membership, actor=actor)
    membership.coordinated_units.clear()
    _units_record(membership, before, actor)
    return membership


@transaction.atomic
def member_two_factor_reset(*, membership: Membership, actor: User) -> Membership:
    """Remove a member's authenticator (core.memberships.two_factor_reset)."""
    _check_manager(actor, membership.organization)
    return two_factor_reset(membership=membership, actor=actor)


@transaction.atomic
def member_invitation_resend(*, invitation: Invitation, actor: User) -> Invitation:
    _check_manager(actor, invitation.organization)
    return invitation_resend(invitation=invitation, actor=actor)


@transaction.atomic
def member_invitation_revoke(*, invitation: Invitation, actor: User) -> Invitation:
    _check_manager(actor, invitation.organization)
    return invitation_revoke(invitation=invitation, actor=actor)


def invitation_accepted_units(invitation: Invitation, membership: Membership) -> None:
    """core.invitations hook: an accepted coordinator's invitation gives the new member its
    units (those still in the organization)."""
    if membership.role != Role.UNIT_COORDINATOR:
        return
    units = list(Unit.objects.for_org(membership.organization).filter(invitations=invitation))
    if not units:
        return
    before = sorted(str(unit) for unit in membership.coordinated_units.all())
    membership.coordinated_units.add(*units)
    _units_record(membership, before, membership.user)
