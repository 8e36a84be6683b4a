"""Every change of the outbound registries: one function per business action, each in its
transaction and recorded in the audit log. Views and the API call these and hold no rule.

The trip life cycle is ONE state machine (`TRIP_TRANSITIONS`, `trip_transition`):
planned → approved → documents ready → abroad → returned → report accepted, and cancelled
from any step before departure. Each target state has one guard that names its clause.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import ProtectedError
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from yntymaq.core import audit
from yntymaq.core.edits import Edit, assign_fields
from yntymaq.core.errors import ApplicationError
from yntymaq.core.models import Membership, Organization, User
from yntymaq.core.validators import validate_iin, validate_upload
from yntymaq.core.workdays import add_working_days
from yntymaq.people.models import KAZAKHSTAN, Person, search_key

from . import queries
from .enums import (
    CandidateStatus,
    DocumentStatus,
    ParticipantStatus,
    PlanStatus,
    ReportKind,
    ReportStatus,
    TripStatus,
)
from .models import (
    Candidate,
    CandidateLanguage,
    DocumentRequirement,
    OutboundSettings,
    PlanRow,
    ReportAttachment,
    TrainingCourse,
    TrainingParticipant,
    TrainingSession,
    Trip,
    TripDocument,
    TripPlan,
    TripReport,
    period_error,
)

UPLOAD_EXTENSIONS = {"pdf": ".pdf", "docx": ".docx", "jpeg": ".jpg", "png": ".png"}


class OutboundError(ApplicationError):
    """A change of the outbound registries that the Rules or the data do not allow."""


def _d(value: date) -> str:
    return date_format(value, "SHORT_DATE_FORMAT")


def _today() -> date:
    return timezone.localdate()


def _full_clean(instance, exclude: list[str], errors: dict | None = None) -> dict:
    """Field checks of a row, collected by field (constraints are checked with own messages)."""
    errors = errors if errors is not None else {}
    try:
        instance.full_clean(
            exclude=["organization", *exclude], validate_unique=False, validate_constraints=False
        )
    except ValidationError as error:
        for name, messages in error.message_dict.items():
            errors.setdefault(name, []).extend(messages)
    return errors


def _raise(errors: dict) -> None:
    if errors:
        raise ValidationError(errors)


def _store_upload(upload: UploadedFile, field: str, stem: str) -> UploadedFile:
    """PDF/DOCX/JPEG/PNG recognised by content, within the size limit; renamed by kind."""
    try:
        kind = validate_upload(upload)
    except ValidationError as error:
        raise ValidationError({field: error.messages}) from error
    upload.name = f"{stem}{UPLOAD_EXTENSIONS[kind]}"
    return upload


def _delete_file_after_commit(fieldfile) -> None:
    if fieldfile:
        name, storage = fieldfile.name, fieldfile.storage
        transaction.on_commit(lambda: storage.delete(name))


# --- persons --------------------------------------------------------------------------------


def person_by_iin(organization: Organization, iin: str, last_name: str = "") -> Person:
    """The organization's person with this IIN. A surname given with it must be that person's:
    an IIN that does not match the person named is refused."""
    iin = (iin or "").replace(" ", "")
    field = "person_iin"
    if not iin:
        raise OutboundError(_("Enter the person's IIN."), field=field)
    try:
        validate_iin(iin)
    except ValidationError as error:
        raise OutboundError(error.messages[0], field=field) from error
    person = Person.objects.for_org(organization).filter(iin=iin).first()
    if person is None:
        raise OutboundError(
            _("Nobody with the IIN %(iin)s is registered; add the person under People first.")
            % {"iin": iin},
            field=field,
        )
    check_person_name(person, iin, last_name)
    return person


def check_person_name(person: Person, iin: str, last_name: str) -> None:
    """A surname given with an IIN must be its holder's (person_by_iin; imports that found the
    holder among the persons they read at once)."""
    field = "person_iin"
    given = search_key(last_name)
    if given and given not in (search_key(person.last_name), search_key(person.last_name_latin)):
        raise OutboundError(
            _("The IIN %(iin)s belongs to %(name)s, not to “%(given)s”.")
            % {"iin": iin, "name": person.full_name, "given": last_name.strip()},
            field=field,
        )


def _person_from(organization: Organization, data: dict[str, Any], *, required: bool) -> Any:
    """Take the person out of `data`: a Person under "person", or an IIN under "person_iin"
    (with an optional surname to check under "person_last_name"). Returns the Person, None
    when none is given (and not required), or the sentinel `...` when the keys are absent."""
    person = data.pop("person", ...)
    iin = data.pop("person_iin", None)
    last_name = data.pop("person_last_name", "") or ""
    if iin:
        return person_by_iin(organization, iin, last_name)
    if person is ... and iin is None:
        return ...
    if person in (None, ...):
        if required:
            raise OutboundError(_("Enter the person's IIN."), field="person_iin")
        return None
    if person.organization_id != organization.pk:
        raise OutboundError(_("Choose a person of this organization."), field="person")
    return person


def _check_citizen(person: Person | None) -> None:
    """Trips abroad are for citizens of Kazakhstan (R4.3, A2.4), identified by their IIN."""
    if person is None:
        return
    if person.citizenship.code != KAZAKHSTAN or not person.iin:
        raise OutboundError(
            _(
                "%(name)s is not recorded as a citizen of Kazakhstan with an IIN; trips abroad "
                "are kept for citizens."
            )
            % {"name": person.full_name},
            field="person_iin",
        )


def _check_unit(organization: Organization, unit, membership: Membership | None = None) -> None:
    if unit is None:
        return
    if unit.organization_id != organization.pk:
        raise OutboundError(_("Choose a unit of this organization."), field="unit")
    if membership is not None and not queries.units_for(membership).filter(pk=unit.pk).exists():
        raise OutboundError(_("You may draft plans only for your own units."), field="unit")


def _check_period(start: date | None, end: date | None, end_field: str) -> None:
    message = period_error(start, end)
    if message:
        raise OutboundError(message, field=end_field)


# --- settings -------------------------------------------------------------------------------

SETTINGS_FIELDS = (
    "financial_report_working_days",
    "full_report_working_days",
    "exit_documents_working_days",
    "passport_valid_months",
    "attention_days",
)


@transaction.atomic
def outbound_settings_update(
    *, organization: Organization, actor: User, data: dict[str, Any]
) -> OutboundSettings:
    current = queries.outbound_settings(organization)
    before = audit.snapshot(current, list(SETTINGS_FIELDS)) if current.pk else {}
    assign_fields(current, data, SETTINGS_FIELDS)
    _raise(_full_clean(current, []))
    current.save()
    audit.record(
        action="outbound.settings.updated",
        actor=actor,
        target=current,
        data={"changes": audit.changes(before, audit.snapshot(current, list(SETTINGS_FIELDS)))},
    )
    return current


REQUIREMENT_FIELDS = ("code", "name", "trip_kinds", "is_active", "position")


@transaction.atomic
def document_requirement_create(
    *, organization: Organization, actor: User, data: dict[str, Any]
) -> DocumentRequirement:
    """R8.4: add a line to the organization's checklist. The first line the organization adds
    replaces the default checklist, so the defaults are stored first."""
    if not queries.document_requirements(organization).exists():
        for index, (code, kinds) in enumerate(queries.DEFAULT_REQUIREMENTS, start=1):
            DocumentRequirement.objects.create(
                organization=organization, code=code, trip_kinds=list(kinds), position=index * 10
            )
    requirement = DocumentRequirement(organization=organization)
    if data.get("position") is None:
        last = queries.document_requirements(organization).last()
        data = {**data, "position": (last.position if last else 0) + 10}
    assign_fields(requirement, data, REQUIREMENT_FIELDS)
    _raise(_full_clean(requirement, []))
    requirement.save()
    audit.record(
        action="outbound.document_requirement.created",
        actor=actor,
        target=requirement,
        data={"changes": audit.changes({}, audit.snapshot(requirement, list(REQUIREMENT_FIELDS)))},
    )
    return requirement


@transaction.atomic
def document_requirement_update(
    *, requirement: DocumentRequirement, actor: User, data: dict[str, Any]
) -> DocumentRequirement:
    edit = Edit(requirement, REQUIREMENT_FIELDS)
    assign_fields(requirement, data, REQUIREMENT_FIELDS)
    _raise(_full_clean(requirement, []))
    edit.save(action="outbound.document_requirement.updated", actor=actor)
    return requirement


@transaction.atomic
def document_requirement_delete(*, requirement: DocumentRequirement, actor: User) -> None:
    """Remove a line of the checklist; trips keep the items already made from it."""
    audit.record(
        action="outbound.document_requirement.deleted",
        actor=actor,
        target=requirement,
        data={"deleted": audit.snapshot(requirement, list(REQUIREMENT_FIELDS))},
    )
    requirement.delete()


# --- plans (R8.5) ---------------------------------------------------------------------------

PLAN_FIELDS = ("unit", "year", "title")
ROW_FIELDS = (
    "person",
    "position",
    "country",
    "city",
    "host_organization",
    "purpose",
    "kind",
    "planned_departure",
    "planned_return",
    "funding",
    "estimated_cost",
    "note",
)


def _plan_snapshot(plan: TripPlan) -> dict[str, Any]:
    return audit.snapshot(plan, [*PLAN_FIELDS, "status", "return_comment"])


def _check_plan_editable(plan: TripPlan) -> None:
    """R8.5: a plan is drafted (or corrected after being returned); once submitted it waits for
    the Service, and once approved it is locked."""
    if not plan.is_editable:
        raise OutboundError(
            _("The plan is “%(status)s” and can no longer be changed.")
            % {"status": plan.get_status_display()}
        )


@transaction.atomic
def plan_create(*, membership: Membership, actor: User, data: dict[str, Any]) -> TripPlan:
    """A unit drafts its plan of foreign trips for a year (R8.5)."""
    organization = membership.organization
    plan = TripPlan(organization=organization)
    assign_fields(plan, data, PLAN_FIELDS)
    _check_unit(organization, plan.unit if plan.unit_id else None, membership)
    _raise(_full_clean(plan, []))
    plan.save()
    audit.record(
        action="outbound.plan.created",
        actor=actor,
        target=plan,
        data={"changes": audit.changes({}, _plan_snapshot(plan))},
    )
    return plan


@transaction.atomic
def plan_update(
    *, plan: TripPlan, membership: Membership, actor: User, data: dict[str, Any]
) -> TripPlan:
    _check_plan_editable(plan)
    before = _plan_snapshot(plan)
    assign_fields(plan, data, PLAN_FIELDS)
    _check_unit(plan.organization, plan.unit, membership)
    _raise(_full_clean(plan, []))
    changes = audit.changes(before, _plan_snapshot(plan))
    if changes:  # core.edits: nothing changed, nothing saved or audited
        plan.save()
        audit.record(
            action="outbound.plan.updated", actor=actor, target=plan, data={"changes": changes}
        )
    return plan


@transaction.atomic
def plan_delete(*, plan: TripPlan, actor: User) -> None:
    _check_plan_editable(plan)
    audit.record(
        action="outbound.plan.deleted",
        actor=actor,
        target=plan,
        data={"deleted": _plan_snapshot(plan), "rows": plan.rows.count()},
    )
    plan.delete()


def _validate_row(row: PlanRow) -> None:
    errors = _full_clean(row, ["plan", "person"])
    if row.person_id is None and not row.position.strip():
        errors.setdefault("position", []).append(
            _("Give the person (by IIN) or the position to be sent.")
        )
    _raise(errors)
    _check_citizen(row.person)


@transaction.atomic
def plan_row_create(*, plan: TripPlan, actor: User, data: dict[str, Any]) -> PlanRow:
    _check_plan_editable(plan)
    data = dict(data)
    person = _person_from(plan.organization, data, required=False)
    row = PlanRow(organization=plan.organization, plan=plan)
    assign_fields(row, data, ROW_FIELDS)
    row.person = None if person is ... else person
    _validate_row(row)
    row.save()
    audit.record(
        action="outbound.plan_row.created",
        actor=actor,
        target=row,
        data={"plan": plan.pk, "changes": audit.changes({}, audit.snapshot(row, list(ROW_FIELDS)))},
    )
    return row


@transaction.atomic
def plan_row_update(*, row: PlanRow, actor: User, data: dict[str, Any]) -> PlanRow:
    _check_plan_editable(row.plan)
    data = dict(data)
    edit = Edit(row, ROW_FIELDS)
    person = _person_from(row.organization, data, required=False)
    assign_fields(row, data, ROW_FIELDS)
    if person is not ...:
        row.person = person
    _validate_row(row)
    edit.save(action="outbound.plan_row.updated", actor=actor)
    return row


@transaction.atomic
def plan_row_delete(*, row: PlanRow, actor: User) -> None:
    _check_plan_editable(row.plan)
    audit.record(
        action="outbound.plan_row.deleted",
        actor=actor,
        target=row,
        data={"plan": row.plan_id, "deleted": audit.snapshot(row, list(ROW_FIELDS))},
    )
    row.delete()


def _plan_decision(plan: TripPlan, *, actor: User, status: str, action: str, **data) -> TripPlan:
    before = _plan_snapshot(plan)
    plan.status = status
    now = timezone.now()
    if status == PlanStatus.SUBMITTED:
        plan.submitted_at = now
    else:
        plan.decided_at, plan.decided_by = now, actor
    plan.save()
    audit.record(
        action=f"outbound.plan.{action}",
        actor=actor,
        target=plan,
        data={"changes": audit.changes(before, _plan_snapshot(plan)), **data},
    )
    return plan


@transaction.atomic
def plan_submit(*, plan: TripPlan, actor: User) -> TripPlan:
    """R8.5: the unit submits its plan to the Service for approval."""
    _check_plan_editable(plan)
    if not plan.rows.exists():
        raise OutboundError(_("Add at least one planned trip before submitting the plan."))
    return _plan_decision(plan, actor=actor, status=PlanStatus.SUBMITTED, action="submitted")


@transaction.atomic
def plan_return(*, plan: TripPlan, actor: User, comment: str) -> TripPlan:
    """R8.5: the Service returns a submitted plan to the unit with a comment."""
    if plan.status != PlanStatus.SUBMITTED:
        raise OutboundError(_("Only a submitted plan can be returned."))
    if not (comment or "").strip():
        raise OutboundError(_("Say what the unit should change."), field="comment")
    plan.return_comment = comment.strip()
    return _plan_decision(plan, actor=actor, status=PlanStatus.RETURNED, action="returned")


@transaction.atomic
def plan_approve(*, plan: TripPlan, actor: User) -> TripPlan:
    """R8.5: the Service approves a unit's trip plan; the approved plan is locked."""
    if plan.status != PlanStatus.SUBMITTED:
        raise OutboundError(_("Only a submitted plan can be approved."))
    return _plan_decision(plan, actor=actor, status=PlanStatus.APPROVED, action="approved")


# --- trips ----------------------------------------------------------------------------------

TRIP_FIELDS = (
    "unit",
    "plan_row",
    "kind",
    "purpose",
    "host_organization",
    "agreement_reference",
    "country",
    "city",
    "address_abroad",
    "contact_abroad",
    "residence_in_kazakhstan",
    "planned_departure",
    "planned_return",
    "funding",
    "cost",
    "order_number",
    "order_date",
    "exit_documents_due",
    "contract_number",
    "contract_date",
    "work_off_months",
    "work_off_employer",
    "work_off_fulfilled_on",
    "note",
)
AUDITED_TRIP_FIELDS = ["person", *TRIP_FIELDS, "status", "actual_departure", "actual_return"]
# Fields kept once a trip is closed (report accepted) or cancelled: the work-off obligation.
CLOSED_TRIP_FIELDS = {"work_off_fulfilled_on", "work_off_employer", "note"}


def _validate_trip(trip: Trip) -> None:
    errors = _full_clean(trip, ["person", "unit", "plan_row", "candidate"])
    _raise(errors)
    _check_citizen(trip.person)
    _check_unit(trip.organization, trip.unit)
    row = trip.plan_row
    if row is not None:
        if row.organization_id != trip.organization_id:
            raise OutboundError(_("Choose a plan row of this organization."), field="plan_row")
        if row.person_id and row.person_id != trip.person_id:
            raise OutboundError(
                _("The plan row is for %(name)s, not for this person.") % {"name": row.person},
                field="plan_row",
            )


def _exit_documents_due(trip: Trip) -> date:
    """R8.4: the deadline for the exit documents, a setting in working days before departure."""
    days = queries.outbound_settings(trip.organization).exit_documents_working_days
    return add_working_days(trip.planned_departure, -days) if days else trip.planned_departure


def _create_checklist(trip: Trip) -> None:
    """R8.4: the trip's checklist from the organization's required exit documents."""
    items = [
        TripDocument(
            organization=trip.organization,
            trip=trip,
            requirement=requirement.requirement,
            code=requirement.code,
            # Only an own name is stored; the standard one is shown in the reader's language.
            name=requirement.requirement.name if requirement.requirement else "",
            position=index,
        )
        for index, requirement in enumerate(
            queries.effective_requirements(trip.organization), start=1
        )
        if requirement.applies_to(trip.kind)
    ]
    TripDocument.objects.bulk_create(items)


@transaction.atomic
def trip_create(
    *, organization: Organization, actor: User, data: dict[str, Any], required_courses=None
) -> Trip:
    """Record a planned trip of a citizen abroad with its checklist of exit documents."""
    data = dict(data)
    person = _person_from(organization, data, required=True)
    candidate = data.pop("candidate", None)
    trip = Trip(organization=organization, person=person, candidate=candidate)
    assign_fields(trip, data, TRIP_FIELDS)
    _validate_trip(trip)
    if trip.exit_documents_due is None:
        trip.exit_documents_due = _exit_documents_due(trip)
    trip.save()
    if required_courses:
        trip.required_courses.set(_own_courses(organization, required_courses))
    _create_checklist(trip)
    audit.record(
        action="outbound.trip.created",
        actor=actor,
        target=trip,
        data={"changes": audit.changes({}, audit.snapshot(trip, AUDITED_TRIP_FIELDS))},
    )
    return trip


def _own_courses(organization: Organization, courses) -> list[TrainingCourse]:
    courses = list(courses)
    if any(c.organization_id != organization.pk for c in courses):
        raise OutboundError(_("Choose courses of this organization."), field="required_courses")
    return courses


@transaction.atomic
def trip_update(*, trip: Trip, actor: User, data: dict[str, Any], required_courses=None) -> Trip:
    data = dict(data)
    if trip.status in (TripStatus.REPORT_ACCEPTED, TripStatus.CANCELLED):
        locked = set(data) - CLOSED_TRIP_FIELDS - {"person", "person_iin", "person_last_name"}
        changed = [n for n in locked if getattr(trip, n) != data[n]]
        if changed:
            raise OutboundError(
                _("The trip is “%(status)s”: only the work-off obligation can still change.")
                % {"status": trip.get_status_display()}
            )
    before = audit.snapshot(trip, AUDITED_TRIP_FIELDS)
    person = _person_from(trip.organization, data, required=False)
    if person not in (..., None) and person.pk != trip.person_id:
        if trip.status not in (TripStatus.PLANNED,):
            raise OutboundError(
                _("The traveller can be changed only while the trip is planned."),
                field="person_iin",
            )
        trip.person = person
    departure_before = trip.planned_departure
    assign_fields(trip, data, TRIP_FIELDS)
    _validate_trip(trip)
    if trip.exit_documents_due is None or (
        "exit_documents_due" not in data and trip.planned_departure != departure_before
    ):
        trip.exit_documents_due = _exit_documents_due(trip)
    if trip.status in (TripStatus.APPROVED, TripStatus.DOCUMENTS_READY, TripStatus.ABROAD):
        _check_no_overlap(trip)
    trip.save()
    if required_courses is not None:
        trip.required_courses.set(_own_courses(trip.organization, required_courses))
    changes = audit.changes(before, audit.snapshot(trip, AUDITED_TRIP_FIELDS))
    if changes:  # core.edits: one entry with the changed fields, none when nothing changed
        audit.record(
            action="outbound.trip.updated", actor=actor, target=trip, data={"changes": changes}
        )
    return trip


@transaction.atomic
def trip_create_from_row(
    *,
    row: PlanRow,
    actor: User,
    person: Person | None = None,
    candidate: Candidate | None = None,
    data: dict[str, Any] | None = None,
) -> Trip:
    """R8.5: a trip is created from a row of an approved unit plan."""
    if row.plan.status != PlanStatus.APPROVED:
        raise OutboundError(_("Trips are created from rows of approved plans only."))
    existing = row.trips.exclude(status=TripStatus.CANCELLED).first()
    if existing is not None:
        raise OutboundError(
            _("A trip has already been created from this row: %(trip)s.") % {"trip": existing}
        )
    data = dict(data or {})
    chosen = _person_from(row.organization, data, required=False)
    person = person or (None if chosen is ... else chosen) or row.person
    if person is None:
        raise OutboundError(
            _("The row names only a position: give the IIN of the person who goes."),
            field="person_iin",
        )
    values = {
        "person": person,
        "candidate": candidate,
        "unit": row.plan.unit,
        "plan_row": row,
        "kind": row.kind,
        "purpose": row.purpose,
        "host_organization": row.host_organization,
        "country": row.country,
        "city": row.city,
        "planned_departure": row.planned_departure,
        "planned_return": row.planned_return,
        "funding": row.funding,
        "cost": row.estimated_cost,
    }
    values.update(data)
    return trip_create(organization=row.organization, actor=actor, data=values)


# The one state machine of a trip.
TRIP_TRANSITIONS: dict[str, tuple[str, ...]] = {
    TripStatus.PLANNED: (TripStatus.APPROVED, TripStatus.CANCELLED),
    TripStatus.APPROVED: (TripStatus.DOCUMENTS_READY, TripStatus.CANCELLED),
    TripStatus.DOCUMENTS_READY: (TripStatus.ABROAD, TripStatus.CANCELLED),
    TripStatus.ABROAD: (TripStatus.RETURNED,),
    TripStatus.RETURNED: (TripStatus.REPORT_ACCEPTED,),
}
TRIP_ACTIONS = {
    TripStatus.APPROVED: "approved",
    TripStatus.DOCUMENTS_READY: "documents_completed",
    TripStatus.ABROAD: "departed",
    TripStatus.RETURNED: "returned",
    TripStatus.REPORT_ACCEPTED: "closed",
    TripStatus.CANCELLED: "cancelled",
}


def allowed_transitions(trip: Trip) -> tuple[str, ...]:
    return TRIP_TRANSITIONS.get(trip.status, ())


def _check_no_overlap(trip: Trip) -> None:
    """No two trips of one person may overlap in time."""
    other = queries.overlapping_trips(trip).first()
    if other is not None:
        raise OutboundError(
            _("%(person)s already has a trip on overlapping dates: %(trip)s.")
            % {"person": trip.person.full_name, "trip": other},
            field="planned_departure",
        )


def check_trip_approvable(trip: Trip) -> None:
    """R8.5: a trip is approved only under a row of an approved unit trip plan, and only
    when the person has no other trip on overlapping dates."""
    row = trip.plan_row
    if row is None or row.plan.status != PlanStatus.APPROVED:
        raise OutboundError(
            _(
                "A trip can be approved only under a row of an approved unit trip plan (R8.5): "
                "link the trip to its plan row first."
            ),
            field="plan_row",
        )
    _check_no_overlap(trip)


def check_trip_ready(trip: Trip) -> None:
    """R8.4 and R8.5: a trip is ready to depart when every exit document of its checklist is
    in (or marked not needed), the required pre-departure training is completed, and a
    Bolashak or treaty-grant holder's contract is recorded."""
    problems = []
    missing = queries.trip_documents_missing(trip)
    if missing:
        problems.append(
            _("Exit documents missing (R8.4): %(documents)s.")
            % {"documents": ", ".join(d.label for d in missing)}
        )
    courses = queries.trip_training_missing(trip)
    if courses:
        problems.append(
            _("Required pre-departure training not completed (R8.5): %(courses)s.")
            % {"courses": ", ".join(c.title for c in courses)}
        )
    if trip.needs_contract and not (trip.contract_number and trip.contract_date):
        problems.append(
            _("Record the contract (number and date) of the %(funding)s holder.")
            % {"funding": trip.get_funding_display()}
        )
    if problems:
        raise OutboundError(" ".join(str(p) for p in problems))


def _on_date(on_date: date | None, field: str) -> date:
    if on_date is None:
        raise OutboundError(_("Enter the date."), field=field)
    if on_date > _today():
        raise OutboundError(_("The date cannot be in the future."), field=field)
    return on_date


def _create_reports(trip: Trip) -> None:
    """R8.6: both post-trip reports fall due from the return date, in working days set by the
    organization (financial: 3 by default, full: 10 by default)."""
    current = queries.outbound_settings(trip.organization)
    for kind, days in (
        (ReportKind.FINANCIAL, current.financial_report_working_days),
        (ReportKind.FULL, current.full_report_working_days),
    ):
        TripReport.objects.update_or_create(
            organization=trip.organization,
            trip=trip,
            kind=kind,
            defaults={"due_on": add_working_days(trip.actual_return, days)},
        )


@transaction.atomic
def trip_transition(
    *,
    trip: Trip,
    to_status: str,
    actor: User,
    on_date: date | None = None,
    reason: str = "",
) -> Trip:
    """Move a trip along its life cycle (TRIP_TRANSITIONS), checking the target's guard."""
    if to_status not in allowed_transitions(trip):
        raise OutboundError(
            _("A trip that is “%(current)s” cannot become “%(target)s”.")
            % {
                "current": trip.get_status_display(),
                "target": TripStatus(to_status).label,
            }
        )
    before = audit.snapshot(trip, AUDITED_TRIP_FIELDS)
    data: dict[str, Any] = {}
    if to_status == TripStatus.APPROVED:
        check_trip_approvable(trip)
    elif to_status == TripStatus.DOCUMENTS_READY:
        check_trip_ready(trip)
    elif to_status == TripStatus.ABROAD:
        trip.actual_departure = _on_date(on_date, "on_date")
    elif to_status == TripStatus.RETURNED:
        returned = _on_date(on_date, "on_date")
        _check_period(trip.actual_departure, returned, "on_date")
        trip.actual_return = returned
    elif to_status == TripStatus.REPORT_ACCEPTED:
        open_reports = [r for r in trip.reports.all() if r.status != ReportStatus.ACCEPTED]
        if open_reports or not trip.reports.exists():
            raise OutboundError(_("Both post-trip reports must be accepted first (R8.6)."))
    elif to_status == TripStatus.CANCELLED:
        if not (reason or "").strip():
            raise OutboundError(_("Give the reason for cancelling."), field="reason")
        trip.cancel_reason = reason.strip()
        data["reason"] = trip.cancel_reason
    trip.status = to_status
    trip.save()
    if to_status == TripStatus.RETURNED:
        _create_reports(trip)
    if to_status == TripStatus.ABROAD and trip.candidate_id:
        Candidate.objects.filter(pk=trip.candidate_id).update(status=CandidateStatus.SENT)
    if to_status == TripStatus.CANCELLED and trip.candidate_id:
        Candidate.objects.filter(pk=trip.candidate_id, status=CandidateStatus.SELECTED).update(
            status=CandidateStatus.ACTIVE
        )
    audit.record(
        action=f"outbound.trip.{TRIP_ACTIONS[to_status]}",
        actor=actor,
        target=trip,
        data={"changes": audit.changes(before, audit.snapshot(trip, AUDITED_TRIP_FIELDS)), **data},
    )
    return trip


# --- documents (R8.4) -----------------------------------------------------------------------

DOCUMENT_FIELDS = ("status", "received_on", "valid_until", "note")


@transaction.atomic
def trip_document_update(
    *,
    document: TripDocument,
    actor: User,
    data: dict[str, Any],
    copy: UploadedFile | None = None,
    remove_copy: bool = False,
) -> TripDocument:
    """R8.4: record the state of one exit document of a trip, with its electronic copy."""
    before = audit.snapshot(document, [*DOCUMENT_FIELDS, "copy"])
    assign_fields(document, data, DOCUMENT_FIELDS)
    if document.status == DocumentStatus.RECEIVED and document.received_on is None:
        document.received_on = _today()
    if document.status == DocumentStatus.PENDING:
        document.received_on = None
    _raise(_full_clean(document, ["trip", "requirement", "copy"]))
    if document.received_on and document.received_on > _today():
        raise OutboundError(_("The date cannot be in the future."), field="received_on")
    old_copy = document.copy if (copy is not None or remove_copy) and document.copy else None
    if copy is not None:
        document.copy = _store_upload(copy, "copy", document.code)
    elif remove_copy:
        document.copy = ""
    document.save()
    if old_copy:
        _delete_file_after_commit(old_copy)
    audit.record(
        action="outbound.trip_document.updated",
        actor=actor,
        target=document,
        data={
            "trip": document.trip_id,
            "changes": audit.changes(before, audit.snapshot(document, [*DOCUMENT_FIELDS, "copy"])),
        },
    )
    return document


@transaction.atomic
def trip_document_add(*, trip: Trip, actor: User, data: dict[str, Any]) -> TripDocument:
    """Add an item to one trip's checklist (beyond the organization's standard list)."""
    position = max((d.position for d in trip.documents.all()), default=0) + 1
    document = TripDocument(organization=trip.organization, trip=trip, position=position)
    assign_fields(document, data, ("code", "name"))
    _raise(_full_clean(document, ["trip", "requirement", "copy"]))
    document.save()
    audit.record(
        action="outbound.trip_document.created",
        actor=actor,
        target=document,
        data={"trip": trip.pk, "code": document.code, "name": document.name},
    )
    return document


# --- reports (R8.6) -------------------------------------------------------------------------

REPORT_FIELDS = {
    ReportKind.FINANCIAL: ("amount_spent", "summary"),
    ReportKind.FULL: (
        "summary",
        "results",
        "materials",
        "teaching_use",
        "methodology_use",
        "research_use",
    ),
}


def check_report_complete(report: TripReport) -> None:
    """R8.6: a report is not accepted empty. The financial report states the amount spent;
    the full report states the results and how they are brought into teaching,
    methodological work or research."""
    errors: dict[str, list] = {}
    if report.kind == ReportKind.FINANCIAL:
        if report.amount_spent is None:
            errors["amount_spent"] = [_("Enter the amount spent.")]
    else:
        if not report.results.strip():
            errors["results"] = [_("Describe the results of the trip.")]
        if not any(
            (
                report.teaching_use.strip(),
                report.methodology_use.strip(),
                report.research_use.strip(),
            )
        ):
            errors["teaching_use"] = [
                _(
                    "Say how the results are brought into teaching, methodological work or "
                    "research (R8.6)."
                )
            ]
    _raise(errors)


@transaction.atomic
def report_submit(*, report: TripReport, actor: User, data: dict[str, Any]) -> TripReport:
    """R8.6: the traveller's report is handed in (entered by the Service or the unit)."""
    if not report.is_open:
        raise OutboundError(
            _("The report is “%(status)s” and cannot be submitted again.")
            % {"status": report.get_status_display()}
        )
    fields = REPORT_FIELDS[report.kind]
    before = audit.snapshot(report, [*fields, "status"])
    assign_fields(report, {k: v for k, v in data.items() if k in fields}, fields)
    _raise(_full_clean(report, ["trip", "decided_by"]))
    check_report_complete(report)
    report.status = ReportStatus.SUBMITTED
    report.submitted_on = _today()
    report.save()
    audit.record(
        action="outbound.report.submitted",
        actor=actor,
        target=report,
        data={
            "overdue": report.submitted_on > report.due_on,
            "changes": audit.changes(before, audit.snapshot(report, [*fields, "status"])),
        },
    )
    return report


@transaction.atomic
def report_accept(*, report: TripReport, actor: User) -> TripReport:
    """R8.6: the Service accepts a submitted report; when both are accepted, the trip is
    closed ("report accepted")."""
    if report.status != ReportStatus.SUBMITTED:
        raise OutboundError(_("Only a submitted report can be accepted."))
    report.status = ReportStatus.ACCEPTED
    report.decided_at, report.decided_by = timezone.now(), actor
    report.save()
    audit.record(action="outbound.report.accepted", actor=actor, target=report)
    trip = report.trip
    others = trip.reports.exclude(pk=report.pk).exclude(status=ReportStatus.ACCEPTED)
    if trip.status == TripStatus.RETURNED and not others.exists():
        trip_transition(trip=trip, to_status=TripStatus.REPORT_ACCEPTED, actor=actor)
    return report


@transaction.atomic
def report_return(*, report: TripReport, actor: User, comment: str) -> TripReport:
    """R8.6: the Service returns a report for changes, saying what is missing."""
    if report.status != ReportStatus.SUBMITTED:
        raise OutboundError(_("Only a submitted report can be returned."))
    if not (comment or "").strip():
        raise OutboundError(_("Say what should be added or corrected."), field="comment")
    report.status = ReportStatus.RETURNED
    report.service_comment = comment.strip()
    report.decided_at, report.decided_by = timezone.now(), actor
    report.save()
    audit.record(
        action="outbound.report.returned",
        actor=actor,
        target=report,
        data={"comment": report.service_comment},
    )
    return report


@transaction.atomic
def report_attachment_add(
    *, report: TripReport, actor: User, title: str, upload: UploadedFile
) -> ReportAttachment:
    """Attach a file to a report, e.g. a transcript with its translation."""
    if report.status == ReportStatus.ACCEPTED:
        raise OutboundError(_("The report is accepted; its files can no longer change."))
    errors = {}
    if not (title or "").strip():
        errors["title"] = [_("Give the file a title.")]
    if upload is None:
        errors["file"] = [_("Choose a file.")]
    _raise(errors)
    attachment = ReportAttachment(
        organization=report.organization, report=report, title=title.strip()
    )
    attachment.file = _store_upload(upload, "file", "attachment")
    attachment.save()
    audit.record(
        action="outbound.report_attachment.created",
        actor=actor,
        target=attachment,
        data={"report": report.pk, "title": attachment.title},
    )
    return attachment


@transaction.atomic
def report_attachment_delete(*, attachment: ReportAttachment, actor: User) -> None:
    if attachment.report.status == ReportStatus.ACCEPTED:
        raise OutboundError(_("The report is accepted; its files can no longer change."))
    audit.record(
        action="outbound.report_attachment.deleted",
        actor=actor,
        target=attachment,
        data={"report": attachment.report_id, "title": attachment.title},
    )
    _delete_file_after_commit(attachment.file)
    attachment.delete()


# --- the reserve (R8.7) ---------------------------------------------------------------------

CANDIDATE_FIELDS = (
    "unit",
    "category",
    "gpa",
    "academic_merit",
    "countries_of_interest",
    "programs_of_interest",
    "available_from",
    "available_until",
    "included_on",
    "status",
    "note",
)
LANGUAGE_FIELDS = ("language", "level", "certificate", "score", "certificate_valid_until")


def _candidate_snapshot(candidate: Candidate) -> dict[str, Any]:
    values = audit.snapshot(candidate, ["person", *CANDIDATE_FIELDS])
    values["languages"] = [str(lang) for lang in candidate.languages.all()]
    return values


def _validate_candidate(candidate: Candidate) -> None:
    _raise(_full_clean(candidate, ["person", "unit"]))
    _check_citizen(candidate.person)
    _check_unit(candidate.organization, candidate.unit)
    other = (
        Candidate.objects.for_org(candidate.organization)
        .filter(person_id=candidate.person_id)
        .exclude(pk=candidate.pk)
        .first()
    )
    if other is not None:
        raise OutboundError(
            _("%(name)s is already in the reserve.") % {"name": candidate.person.full_name},
            field="person_iin",
        )


def _set_languages(candidate: Candidate, languages: list[dict[str, Any]]) -> None:
    seen = set()
    rows = []
    for values in languages:
        language = CandidateLanguage(organization=candidate.organization, candidate=candidate)
        assign_fields(language, values, LANGUAGE_FIELDS)
        _raise(_full_clean(language, ["candidate"]))
        if language.language in seen:
            raise OutboundError(
                _("%(language)s is listed twice.") % {"language": language.get_language_display()},
                field="languages",
            )
        seen.add(language.language)
        rows.append(language)
    candidate.languages.all().delete()
    CandidateLanguage.objects.bulk_create(rows)


@transaction.atomic
def candidate_create(
    *,
    organization: Organization,
    actor: User,
    data: dict[str, Any],
    languages: list[dict[str, Any]] | None = None,
) -> Candidate:
    """R8.7: include a student, teacher or researcher in the reserve for trips abroad."""
    data = dict(data)
    person = _person_from(organization, data, required=True)
    candidate = Candidate(organization=organization, person=person)
    if "included_on" not in data or data["included_on"] is None:
        data["included_on"] = _today()
    assign_fields(candidate, data, CANDIDATE_FIELDS)
    _validate_candidate(candidate)
    candidate.save()
    _set_languages(candidate, languages or [])
    audit.record(
        action="outbound.candidate.created",
        actor=actor,
        target=candidate,
        data={"changes": audit.changes({}, _candidate_snapshot(candidate))},
    )
    return candidate


@transaction.atomic
def candidate_update(
    *,
    candidate: Candidate,
    actor: User,
    data: dict[str, Any],
    languages: list[dict[str, Any]] | None = None,
) -> Candidate:
    data = dict(data)
    before = _candidate_snapshot(candidate)
    person = _person_from(candidate.organization, data, required=False)
    if person not in (..., None):
        candidate.person = person
    assign_fields(candidate, data, CANDIDATE_FIELDS)
    _validate_candidate(candidate)
    candidate.save()
    if languages is not None:
        _set_languages(candidate, languages)
    changes = audit.changes(before, _candidate_snapshot(candidate))
    if changes:  # core.edits: one entry with the changed fields, none when nothing changed
        audit.record(
            action="outbound.candidate.updated",
            actor=actor,
            target=candidate,
            data={"changes": changes},
        )
    return candidate


@transaction.atomic
def candidate_delete(*, candidate: Candidate, actor: User) -> None:
    audit.record(
        action="outbound.candidate.deleted",
        actor=actor,
        target=candidate,
        data={"deleted": _candidate_snapshot(candidate)},
    )
    candidate.delete()


@transaction.atomic
def candidate_select(*, candidate: Candidate, row: PlanRow, actor: User) -> Trip:
    """R8.7: select a reserve candidate for a place of an approved plan: the trip is created
    from the row for the candidate's person."""
    if candidate.status not in (CandidateStatus.ACTIVE,):
        raise OutboundError(
            _("The candidate is “%(status)s”; only candidates in the reserve can be selected.")
            % {"status": candidate.get_status_display()}
        )
    if row.organization_id != candidate.organization_id:
        raise OutboundError(_("Choose a plan row of this organization."), field="row")
    if row.person_id and row.person_id != candidate.person_id:
        raise OutboundError(
            _("The plan row is for %(name)s, not for this person.") % {"name": row.person},
            field="row",
        )
    try:
        trip = trip_create_from_row(
            row=row, actor=actor, person=candidate.person, candidate=candidate
        )
    except OutboundError as error:
        error.field = "row" if error.field in (None, "person_iin") else error.field
        raise
    candidate.status = CandidateStatus.SELECTED
    candidate.save(update_fields=["status", "updated_at"])
    audit.record(
        action="outbound.candidate.selected",
        actor=actor,
        target=candidate,
        data={"trip": trip.pk, "row": row.pk},
    )
    return trip


# --- pre-departure training (R8.5) ----------------------------------------------------------

COURSE_FIELDS = (
    "title",
    "kind",
    "language",
    "country",
    "teacher",
    "starts_on",
    "ends_on",
    "hours",
    "description",
)
SESSION_FIELDS = ("date", "topic", "hours")
PARTICIPANT_FIELDS = ("status", "completed_on", "result")


def _validate_course(course: TrainingCourse) -> None:
    _raise(_full_clean(course, []))


@transaction.atomic
def course_create(
    *, organization: Organization, actor: User, data: dict[str, Any]
) -> TrainingCourse:
    """R8.5: a language or country-studies course for candidates recommended for a trip."""
    course = TrainingCourse(organization=organization)
    assign_fields(course, data, COURSE_FIELDS)
    _validate_course(course)
    course.save()
    audit.record(
        action="outbound.course.created",
        actor=actor,
        target=course,
        data={"changes": audit.changes({}, audit.snapshot(course, list(COURSE_FIELDS)))},
    )
    return course


@transaction.atomic
def course_update(*, course: TrainingCourse, actor: User, data: dict[str, Any]) -> TrainingCourse:
    edit = Edit(course, COURSE_FIELDS)
    assign_fields(course, data, COURSE_FIELDS)
    _validate_course(course)
    edit.save(action="outbound.course.updated", actor=actor)
    return course


@transaction.atomic
def course_delete(*, course: TrainingCourse, actor: User) -> None:
    if course.required_for_trips.exists():
        raise OutboundError(
            _("Trips require this course; remove it from those trips before deleting it.")
        )
    audit.record(
        action="outbound.course.deleted",
        actor=actor,
        target=course,
        data={"deleted": audit.snapshot(course, list(COURSE_FIELDS))},
    )
    course.delete()


def _validate_session(session: TrainingSession) -> None:
    _raise(_full_clean(session, ["course"]))
    course = session.course
    if not (course.starts_on <= session.date <= course.ends_on):
        raise OutboundError(
            _("The session must fall within the course (%(period)s).") % {"period": course.period},
            field="date",
        )


@transaction.atomic
def session_create(*, course: TrainingCourse, actor: User, data: dict[str, Any]) -> TrainingSession:
    session = TrainingSession(organization=course.organization, course=course)
    assign_fields(session, data, SESSION_FIELDS)
    _validate_session(session)
    session.save()
    audit.record(
        action="outbound.session.created",
        actor=actor,
        target=session,
        data={"changes": audit.changes({}, audit.snapshot(session, list(SESSION_FIELDS)))},
    )
    return session


@transaction.atomic
def session_update(
    *, session: TrainingSession, actor: User, data: dict[str, Any]
) -> TrainingSession:
    edit = Edit(session, SESSION_FIELDS)
    assign_fields(session, data, SESSION_FIELDS)
    _validate_session(session)
    edit.save(action="outbound.session.updated", actor=actor)
    return session


@transaction.atomic
def session_delete(*, session: TrainingSession, actor: User) -> None:
    audit.record(
        action="outbound.session.deleted",
        actor=actor,
        target=session,
        data={"deleted": audit.snapshot(session, list(SESSION_FIELDS))},
    )
    session.delete()


def _validate_participant(participant: TrainingParticipant) -> None:
    if participant.status == ParticipantStatus.COMPLETED and participant.completed_on is None:
        participant.completed_on = min(participant.course.ends_on, _today())
    if participant.status != ParticipantStatus.COMPLETED:
        participant.completed_on = None
    _raise(_full_clean(participant, ["course", "person"]))
    if participant.completed_on and participant.completed_on < participant.course.starts_on:
        raise OutboundError(
            _("The course cannot be completed before it starts."), field="completed_on"
        )


@transaction.atomic
def participant_add(
    *, course: TrainingCourse, actor: User, data: dict[str, Any]
) -> TrainingParticipant:
    """R8.5: enrol a candidate recommended for a trip in a course."""
    data = dict(data)
    person = _person_from(course.organization, data, required=True)
    if course.participants.filter(person=person).exists():
        raise OutboundError(
            _("%(name)s is already enrolled.") % {"name": person.full_name}, field="person_iin"
        )
    participant = TrainingParticipant(
        organization=course.organization, course=course, person=person
    )
    assign_fields(participant, data, PARTICIPANT_FIELDS)
    _validate_participant(participant)
    participant.save()
    audit.record(
        action="outbound.participant.created",
        actor=actor,
        target=participant,
        data={
            "changes": audit.changes(
                {}, audit.snapshot(participant, ["person", *PARTICIPANT_FIELDS])
            )
        },
    )
    return participant


@transaction.atomic
def participant_update(
    *, participant: TrainingParticipant, actor: User, data: dict[str, Any]
) -> TrainingParticipant:
    """Record a participant's progress; "completed" is what a trip's readiness needs (R8.5)."""
    edit = Edit(participant, PARTICIPANT_FIELDS)
    assign_fields(participant, data, PARTICIPANT_FIELDS)
    _validate_participant(participant)
    edit.save(action="outbound.participant.updated", actor=actor)
    return participant


@transaction.atomic
def participant_remove(*, participant: TrainingParticipant, actor: User) -> None:
    audit.record(
        action="outbound.participant.deleted",
        actor=actor,
        target=participant,
        data={"deleted": audit.snapshot(participant, ["person", *PARTICIPANT_FIELDS])},
    )
    try:
        participant.delete()
    except ProtectedError as error:  # pragma: no cover - nothing protects a participant yet
        raise OutboundError(str(error)) from error
