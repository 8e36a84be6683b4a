"""Stays: create, change, move through the life cycle, origin facts, tasks, settings."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from yntymaq.core import audit
from yntymaq.core.edits import Edit, assign_fields, save_changes
from yntymaq.core.models import Organization, User
from yntymaq.people.models import Person

from .. import lifecycle
from ..deadlines import task_deadline_art518
from ..enums import StayCategory, StayStatus
from ..lifecycle import StayError
from ..models import IncomingSettings, LegalStatusRecord, OriginFact, Stay, StayEvent, StayTask
from ..queries import citizen_of_kazakhstan_on, settings_for
from ._base import record_create, record_delete, validate

STAY_FIELDS = [
    "category",
    "arrival_line",
    "arrival_line_other",
    "study_level",
    "program_code",
    "program_name",
    "course",
    "study_language",
    "residence_place",
    "arrival_country",
    "visa_free",
    "invited_on",
    "invitation_number",
    "arrival_date",
    "arrival_transport",
    "arrival_details",
    "met_by",
    "expected_completion",
    "expected_departure",
    "actual_departure",
    "tuition_amount",
    "enic_number",
    "enic_date",
    "notes",
]
SETTINGS_FIELDS = [
    "registration_working_days",
    "visa_free_registration_days",
    "visa_free_rule_from",
    "alert_days_first",
    "alert_days_second",
    "visa_extension_working_days",
    "task_working_days",
    "questionnaire_link_days",
    "consent_term_years",
]
ORIGIN_FIELDS = ["kind", "since", "document_number", "document_date", "note"]
LEGAL_STATUS_FIELDS = ["status", "since", "document"]


@transaction.atomic
def incoming_settings_update(
    *, organization: Organization, actor: User, data: dict[str, Any]
) -> IncomingSettings:
    current = settings_for(organization)
    before = audit.snapshot(current, SETTINGS_FIELDS) if current.pk else {}
    assign_fields(current, data, SETTINGS_FIELDS)
    validate(current)
    save_changes(
        current,
        before=before,
        fields=SETTINGS_FIELDS,
        action="incoming.settings.updated",
        actor=actor,
    )
    return current


@transaction.atomic
def stay_create(
    *,
    organization: Organization,
    actor: User | None,
    person: Person,
    data: dict[str, Any],
    imported_status: str = StayStatus.INVITED,
) -> Stay:
    """A new stay begins as "invited"; its later steps go through stay_transition.

    A stay brought in by an import may start in the status it already has elsewhere
    (`imported_status`, reachable in the life cycle); one dated event records it.
    """
    stay = stay_prepare(
        organization=organization, person=person, data=data, imported_status=imported_status
    )
    stay.save()
    StayEvent.objects.create(
        organization=organization,
        stay=stay,
        to_status=imported_status,
        on=stay.status_since,
        actor=actor,
        note="" if imported_status == StayStatus.INVITED else str(_("imported")),
    )
    record_create("incoming.stay.created", actor, stay, STAY_FIELDS, person=person.pk)
    return stay


def stay_prepare(
    *,
    organization: Organization,
    person: Person,
    data: dict[str, Any],
    imported_status: str = StayStatus.INVITED,
) -> Stay:
    """A new stay checked as stay_create checks it, not saved: imports save many at once
    (stays_create_many). `person` may be unsaved yet (a person of the same import)."""
    if person.organization_id != organization.pk:
        raise ValueError("person of another organization")
    if imported_status != StayStatus.INVITED:
        lifecycle.path(StayStatus.INVITED, imported_status)  # raises when unreachable
    stay = Stay(organization=organization, person=person, status=imported_status)
    assign_fields(stay, data, STAY_FIELDS)
    stay.status_since = (
        stay.invited_on
        if imported_status == StayStatus.INVITED and stay.invited_on
        else (stay.arrival_date if imported_status != StayStatus.INVITED else None)
    ) or timezone.localdate()
    default_arrival_country(stay)
    validate(stay, exclude=["person", "enrollment_order", "preparatory_group", "previous_stay"])
    check_stay_of_foreigner(stay)
    if imported_status == StayStatus.DEPARTED and not stay.actual_departure:
        raise ValidationError({"actual_departure": _("Enter the date of departure.")})
    return stay


def default_arrival_country(stay: Stay) -> None:
    """A2.3 "country of arrival": the citizenship unless another country is entered."""
    if not stay.arrival_country and stay.person.citizenship:
        stay.arrival_country = stay.person.citizenship


def check_stay_of_foreigner(stay: Stay) -> None:
    """R4.1, R2.9: a stay is a foreigner's; a citizen of Kazakhstan on the day the stay begins
    (its arrival, else its invitation, else today) is refused. A kandas who later became a
    citizen keeps the stays recorded before (their legal-status history dates the change)."""
    begins = stay.arrival_date or stay.invited_on or timezone.localdate()
    if citizen_of_kazakhstan_on(stay.person, begins):
        raise ValidationError(
            {
                "citizenship": _(
                    "%(person)s is a citizen of Kazakhstan on %(date)s: a stay is recorded "
                    "only for a foreigner (a foreign citizen, a stateless person or a kandas). "
                    "A citizen sent abroad is recorded as a trip."
                )
                % {"person": stay.person, "date": begins.strftime("%d.%m.%Y")}
            }
        )


@transaction.atomic
def stays_create_many(*, actor: User | None, stays: list[Stay]) -> list[Stay]:
    """Save stays made by stay_prepare (their persons saved first), each with its first
    dated event and audited as stay_create does it, in a few statements."""
    for stay in stays:
        stay.person = stay.person  # its id, when the person was saved after the stay was made
    created = Stay.objects.bulk_create(stays, batch_size=1000)
    StayEvent.objects.bulk_create(
        [
            StayEvent(
                organization_id=stay.organization_id,
                stay=stay,
                to_status=stay.status,
                on=stay.status_since,
                actor=actor,
                note="" if stay.status == StayStatus.INVITED else str(_("imported")),
            )
            for stay in created
        ],
        batch_size=1000,
    )
    audit.record_many(
        [
            audit.entry(
                action="incoming.stay.created",
                actor=actor,
                target=stay,
                data={
                    "changes": audit.changes({}, audit.snapshot(stay, STAY_FIELDS)),
                    "person": stay.person_id,
                },
            )
            for stay in created
        ]
    )
    return created


@transaction.atomic
def stay_update(*, stay: Stay, actor: User | None, data: dict[str, Any]) -> Stay:
    edit = Edit(stay, STAY_FIELDS)
    assign_fields(stay, data, STAY_FIELDS)
    default_arrival_country(stay)
    validate(stay, exclude=["person", "enrollment_order", "preparatory_group", "previous_stay"])
    check_stay_of_foreigner(stay)
    edit.save(action="incoming.stay.updated", actor=actor)
    return stay


@transaction.atomic
def stay_transition(
    *, stay: Stay, actor: User | None, target: str, on: date, note: str = ""
) -> Stay:
    """One step of the life cycle (incoming.lifecycle), dated; refused when impossible.

    Arrival records the arrival date; departure the actual departure, never before arrival.
    Expulsion, completion, academic leave and transfer create the Service's tasks (art. 518).
    """
    list(Stay.objects.select_for_update().filter(pk=stay.pk).values("pk"))
    stay.refresh_from_db()
    lifecycle.check_transition(stay.status, target)
    if stay.status_since and on < stay.status_since:
        raise StayError(
            _("The date cannot be before the current status began (%(date)s).")
            % {"date": stay.status_since.strftime("%d.%m.%Y")},
            field="on",
        )
    if on > timezone.localdate() and target != StayStatus.INVITED:
        raise StayError(_("A step of the life cycle cannot be dated in the future."), field="on")
    before = audit.snapshot(stay, ["status", "status_since", "arrival_date", "actual_departure"])
    previous = stay.status
    if target == StayStatus.ARRIVED:
        stay.arrival_date = stay.arrival_date or on
    if target == StayStatus.DEPARTED:
        if stay.arrival_date and on < stay.arrival_date:
            raise StayError(_("The departure cannot be before the arrival."), field="on")
        stay.actual_departure = on
    stay.status = target
    stay.status_since = on
    stay.save(
        update_fields=["status", "status_since", "arrival_date", "actual_departure", "updated_at"]
    )
    StayEvent.objects.create(
        organization=stay.organization,
        stay=stay,
        from_status=previous,
        to_status=target,
        on=on,
        note=note,
        actor=actor,
    )
    kinds = lifecycle.tasks_after(target)
    if kinds:
        due = task_deadline_art518(on, settings=settings_for(stay.organization))
        StayTask.objects.bulk_create(
            StayTask(organization=stay.organization, stay=stay, kind=k, reason=target, due=due)
            for k in kinds
        )
    audit.record(
        action="incoming.stay.status_changed",
        actor=actor,
        target=stay,
        data={
            "changes": audit.changes(
                before,
                audit.snapshot(
                    stay, ["status", "status_since", "arrival_date", "actual_departure"]
                ),
            ),
            "note": note,
            "tasks": list(kinds),
        },
    )
    return stay


def stay_walk_to(*, stay: Stay, actor: User | None, target: str, on: date) -> Stay:
    """Take every step from the current status to `target` on one date (imports, demo)."""
    for step in lifecycle.path(stay.status, target):
        stay = stay_transition(stay=stay, actor=actor, target=step, on=on)
    return stay


@transaction.atomic
def stay_task_complete(*, task: StayTask, actor: User, on: date, note: str = "") -> StayTask:
    if task.done_on is not None:
        raise StayError(_("This task is already done."))
    if on > timezone.localdate():
        raise StayError(_("A task cannot be done in the future."), field="on")
    task.done_on, task.done_by, task.note = on, actor, note
    task.save(update_fields=["done_on", "done_by", "note", "updated_at"])
    audit.record(
        action="incoming.stay_task.completed",
        actor=actor,
        target=task,
        data={"kind": task.kind, "on": on, "note": note},
    )
    return task


@transaction.atomic
def origin_fact_create(*, person: Person, actor: User, data: dict[str, Any]) -> OriginFact:
    fact = OriginFact(organization=person.organization, person=person)
    assign_fields(fact, data, ORIGIN_FIELDS)
    validate(fact, exclude=["person"])
    fact.save()
    record_create("incoming.origin_fact.created", actor, fact, ORIGIN_FIELDS)
    return fact


@transaction.atomic
def origin_fact_delete(*, fact: OriginFact, actor: User) -> None:
    record_delete("incoming.origin_fact.deleted", actor, fact, ORIGIN_FIELDS)
    fact.delete()


@transaction.atomic
def legal_status_create(*, person: Person, actor: User, data: dict[str, Any]) -> LegalStatusRecord:
    record = LegalStatusRecord(organization=person.organization, person=person)
    assign_fields(record, data, LEGAL_STATUS_FIELDS)
    validate(record, exclude=["person"])
    later = LegalStatusRecord.objects.for_org(person.organization).filter(
        person=person, since__gt=record.since
    )
    if later.exists():
        raise ValidationError(
            {"since": _("A later legal status is already recorded; enter the history in order.")}
        )
    record.save()
    record_create("incoming.legal_status.created", actor, record, LEGAL_STATUS_FIELDS)
    return record


@transaction.atomic
def stay_transfer_to_main_program(
    *, stay: Stay, actor: User, on: date, data: dict[str, Any]
) -> Stay:
    """R8.14: a preparatory student continues in a main program as a NEW phase of the stay.

    The preparatory phase is completed (its history kept) and linked to the new phase, which
    starts enrolled on the same date; no departure task, since the foreigner stays.
    """
    if stay.category != StayCategory.PREPARATORY:
        raise StayError(_("Only a preparatory-program student moves to a main program."))
    if stay.status != StayStatus.ENROLLED:
        raise StayError(_("Only an enrolled preparatory student moves to a main program."))
    if hasattr(stay, "next_stay"):
        raise StayError(_("This phase already continues in a main program."))
    old = Stay.objects.select_for_update().get(pk=stay.pk)
    old.status, old.status_since = StayStatus.COMPLETED, on
    old.actual_departure = None
    old.save(update_fields=["status", "status_since", "updated_at"])
    StayEvent.objects.create(
        organization=old.organization,
        stay=old,
        from_status=StayStatus.ENROLLED,
        to_status=StayStatus.COMPLETED,
        on=on,
        note=str(_("moved to a main program")),
        actor=actor,
    )
    carried = {
        name: getattr(old, name)
        for name in (
            "arrival_line",
            "arrival_line_other",
            "residence_place",
            "visa_free",
            "arrival_date",
            "study_language",
            "tuition_amount",
            "enic_number",
            "enic_date",
        )
    }
    new = Stay(
        organization=old.organization,
        person=old.person,
        previous_stay=old,
        status=StayStatus.ENROLLED,
        status_since=on,
        category=StayCategory.MAIN_PROGRAM,
        visa_valid_to=old.visa_valid_to,
        registration_valid_until=old.registration_valid_until,
        **carried,
    )
    assign_fields(new, data, STAY_FIELDS)
    new.category = StayCategory.MAIN_PROGRAM
    validate(new, exclude=["person", "enrollment_order", "preparatory_group", "previous_stay"])
    new.save()
    StayEvent.objects.create(
        organization=new.organization,
        stay=new,
        to_status=StayStatus.ENROLLED,
        on=on,
        note=str(_("continued from the preparatory program")),
        actor=actor,
    )
    # Visas, registrations and permits stay valid: they move to the new phase.
    for related in ("visas", "registrations", "permits", "insurance_policies", "accommodations"):
        getattr(old, related).update(stay=new)
    record_create(
        "incoming.stay.transferred_to_main_program", actor, new, STAY_FIELDS, previous=old.pk
    )
    return new
