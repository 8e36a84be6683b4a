"""Briefings (R8.9), medical care (R8.10, R2.13) and the preparatory department (R8.14)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from yntymaq.core import audit
from yntymaq.core.edits import assign_fields, save_changes
from yntymaq.core.models import Organization, User

from ..enums import AssessmentResult, BriefingTopic, StayCategory
from ..lifecycle import StayError
from ..models import (
    Briefing,
    BriefingAttendance,
    InsurancePolicy,
    MedicalExam,
    PreparatoryGroup,
    Stay,
    TreatmentRequest,
)
from ._base import record_create, record_delete, record_update, validate

BRIEFING_FIELDS = ["held_on", "topics", "conducted_by", "place"]
INSURANCE_FIELDS = ["insurer", "number", "valid_from", "valid_to"]
EXAM_FIELDS = ["on", "kind", "result", "next_due"]
TREATMENT_FIELDS = ["on", "description", "outcome", "closed_on"]
TREATMENT_RESTRICTED = ("description", "outcome")
GROUP_FIELDS = ["name", "year", "language", "curator"]


# --- briefings (R8.9) -------------------------------------------------------------------------


@transaction.atomic
def briefing_create(
    *, organization: Organization, actor: User, data: dict[str, Any], stays: list[Stay] = ()
) -> Briefing:
    """R8.9: a briefing on the legislation and the rules, with the foreigners who attended."""
    briefing = Briefing(organization=organization)
    assign_fields(briefing, data, BRIEFING_FIELDS)
    if not briefing.topics or set(briefing.topics) - set(BriefingTopic.values):
        raise ValidationError({"topics": _("Choose what the briefing explained.")})
    validate(briefing)
    briefing.save()
    BriefingAttendance.objects.bulk_create(
        BriefingAttendance(organization=organization, briefing=briefing, stay=s) for s in stays
    )
    record_create(
        "incoming.briefing.created", actor, briefing, BRIEFING_FIELDS, stays=[s.pk for s in stays]
    )
    return briefing


@transaction.atomic
def briefing_attendance_set(
    *, briefing: Briefing, stay: Stay, actor: User, acknowledged: bool
) -> BriefingAttendance:
    """Record that a foreigner attended, and whether they signed the acknowledgment."""
    attendance, created = BriefingAttendance.objects.get_or_create(
        briefing=briefing,
        stay=stay,
        defaults={"organization": briefing.organization, "acknowledged": acknowledged},
    )
    if not created and attendance.acknowledged != acknowledged:
        attendance.acknowledged = acknowledged
        attendance.save(update_fields=["acknowledged", "updated_at"])
    audit.record(
        action="incoming.briefing_attendance.updated",
        actor=actor,
        target=attendance,
        data={"acknowledged": acknowledged},
    )
    return attendance


# --- medical care (R8.10) --------------------------------------------------------------------


@transaction.atomic
def insurance_create(*, stay: Stay, actor: User, data: dict[str, Any]) -> InsurancePolicy:
    policy = InsurancePolicy(organization=stay.organization, stay=stay)
    assign_fields(policy, data, INSURANCE_FIELDS)
    validate(policy, exclude=["stay"])
    policy.save()
    record_create("incoming.insurance_policy.created", actor, policy, INSURANCE_FIELDS)
    return policy


@transaction.atomic
def insurance_update(
    *, policy: InsurancePolicy, actor: User, data: dict[str, Any]
) -> InsurancePolicy:
    before = audit.snapshot(policy, INSURANCE_FIELDS)
    assign_fields(policy, data, INSURANCE_FIELDS)
    validate(policy, exclude=["stay"])
    save_changes(
        policy,
        before=before,
        fields=INSURANCE_FIELDS,
        action="incoming.insurance_policy.updated",
        actor=actor,
    )
    return policy


@transaction.atomic
def insurance_delete(*, policy: InsurancePolicy, actor: User) -> None:
    record_delete("incoming.insurance_policy.deleted", actor, policy, INSURANCE_FIELDS)
    policy.delete()


@transaction.atomic
def medical_exam_create(*, stay: Stay, actor: User, data: dict[str, Any]) -> MedicalExam:
    exam = MedicalExam(organization=stay.organization, stay=stay)
    assign_fields(exam, data, EXAM_FIELDS)
    validate(exam, exclude=["stay"])
    exam.save()
    record_create("incoming.medical_exam.created", actor, exam, EXAM_FIELDS)
    return exam


@transaction.atomic
def medical_exam_update(*, exam: MedicalExam, actor: User, data: dict[str, Any]) -> MedicalExam:
    before = audit.snapshot(exam, EXAM_FIELDS)
    assign_fields(exam, data, EXAM_FIELDS)
    validate(exam, exclude=["stay"])
    save_changes(
        exam, before=before, fields=EXAM_FIELDS, action="incoming.medical_exam.updated", actor=actor
    )
    return exam


@transaction.atomic
def medical_exam_delete(*, exam: MedicalExam, actor: User) -> None:
    record_delete("incoming.medical_exam.deleted", actor, exam, EXAM_FIELDS)
    exam.delete()


@transaction.atomic
def treatment_request_create(*, stay: Stay, actor: User, data: dict[str, Any]) -> TreatmentRequest:
    request = TreatmentRequest(organization=stay.organization, stay=stay)
    assign_fields(request, data, TREATMENT_FIELDS)
    validate(request, exclude=["stay"])
    request.save()
    record_create(
        "incoming.treatment_request.created",
        actor,
        request,
        TREATMENT_FIELDS,
        restricted=TREATMENT_RESTRICTED,
    )
    return request


@transaction.atomic
def treatment_request_update(
    *, request: TreatmentRequest, actor: User, data: dict[str, Any]
) -> TreatmentRequest:
    before = audit.snapshot(request, TREATMENT_FIELDS)
    assign_fields(request, data, TREATMENT_FIELDS)
    validate(request, exclude=["stay"])
    if request.closed_on and request.closed_on < request.on:
        raise ValidationError({"closed_on": _("A request cannot close before it was made.")})
    save_changes(
        request,
        before=before,
        fields=TREATMENT_FIELDS,
        action="incoming.treatment_request.updated",
        actor=actor,
        restricted=TREATMENT_RESTRICTED,
    )
    return request


# --- the preparatory department (R8.14) --------------------------------------------------------


@transaction.atomic
def preparatory_group_create(
    *, organization: Organization, actor: User, data: dict[str, Any]
) -> PreparatoryGroup:
    group = PreparatoryGroup(organization=organization)
    assign_fields(group, data, GROUP_FIELDS)
    validate(group)
    if (
        PreparatoryGroup.objects.for_org(organization)
        .filter(year=group.year, name=group.name)
        .exists()
    ):
        raise ValidationError({"name": _("A group with this name exists in this year.")})
    group.save()
    record_create("incoming.preparatory_group.created", actor, group, GROUP_FIELDS)
    return group


@transaction.atomic
def preparatory_group_update(
    *, group: PreparatoryGroup, actor: User, data: dict[str, Any]
) -> PreparatoryGroup:
    before = audit.snapshot(group, GROUP_FIELDS)
    assign_fields(group, data, GROUP_FIELDS)
    validate(group)
    save_changes(
        group,
        before=before,
        fields=GROUP_FIELDS,
        action="incoming.preparatory_group.updated",
        actor=actor,
    )
    return group


@transaction.atomic
def preparatory_enroll(*, group: PreparatoryGroup, stays: list[Stay], actor: User) -> int:
    """R8.14: enroll preparatory-program students in a group."""
    wrong = [str(s.person) for s in stays if s.category != StayCategory.PREPARATORY]
    if wrong:
        raise ValidationError(
            {
                "stays": _("Only preparatory-program students join a group: %(names)s.")
                % {"names": ", ".join(wrong)}
            }
        )
    count = Stay.objects.filter(
        pk__in=[s.pk for s in stays], organization=group.organization
    ).update(preparatory_group=group)
    audit.record(
        action="incoming.preparatory_group.enrolled",
        actor=actor,
        target=group,
        data={"stays": [s.pk for s in stays]},
    )
    return count


@transaction.atomic
def preparatory_assess(*, stay: Stay, actor: User, result: str, on: date) -> Stay:
    """R8.14: the final assessment of a preparatory student."""
    if stay.category != StayCategory.PREPARATORY:
        raise StayError(_("Only preparatory-program students take the final assessment."))
    if result not in AssessmentResult.values:
        raise ValidationError({"result": _("Choose the result.")})
    before = audit.snapshot(stay, ["final_assessment", "final_assessment_on"])
    stay.final_assessment, stay.final_assessment_on = result, on
    stay.save(update_fields=["final_assessment", "final_assessment_on", "updated_at"])
    record_update(
        "incoming.stay.assessed", actor, stay, before, ["final_assessment", "final_assessment_on"]
    )
    return stay
