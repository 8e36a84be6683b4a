"""Changes of the planning registries. One function per business action, each in a transaction
with its audit entry. The rules of the Rules that need more than one row live here:

- R2.1 `check_year_in_plan`: a target belongs to a year of its long-term plan;
- A2.5 `check_deadline_in_plan_year`: an item's deadline lies in the plan's academic year;
- A2.5 `check_plan_editable`: an approved plan keeps its items; only progress is recorded;
- R2.5 `check_proposal_editable`: an approved proposal keeps its specialties.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import models, transaction
from django.db.models import ProtectedError, RestrictedError
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from yntymaq.core import audit
from yntymaq.core.edits import assign_fields, save_changes
from yntymaq.core.errors import ApplicationError
from yntymaq.core.models import Organization, TenantModel, User
from yntymaq.core.validators import validate_upload

from .enums import IndicatorKind, PlanStatus
from .models import (
    AnalyticalMaterial,
    AnnualPlan,
    AnnualPlanItem,
    ConferenceParticipation,
    ForeignersWork,
    Indicator,
    IndicatorValue,
    InternationalActivity,
    JointPublication,
    LongTermPlan,
    PrioritySpecialty,
    SpecialCourse,
    SpecialtyProposal,
    StaffDevelopment,
    TeachingMaterial,
)
from .periods import academic_year_bounds, academic_year_label

# The fields each service accepts; forms and API serializers use the same lists.
LONG_TERM_PLAN_FIELDS = [
    "title",
    "year_start",
    "year_end",
    "goals",
    "approved_on",
    "approval_document",
]
INDICATOR_FIELDS = ["kind", "name", "unit_label", "position"]
INDICATOR_VALUE_FIELDS = ["year", "target", "actual", "note"]
ANNUAL_PLAN_FIELDS = ["academic_year", "title", "long_term_plan", "notes"]
PLAN_ITEM_FIELDS = ["activity", "area", "unit", "responsible", "deadline", "status", "result"]
# What may still change once the plan is approved (A2.5): the progress of its items.
PLAN_ITEM_PROGRESS_FIELDS = ["status", "result"]
ACTIVITY_FIELDS = [
    "title",
    "kind",
    "area",
    "starts_on",
    "ends_on",
    "online",
    "country",
    "city",
    "registry_partners",
    "partners",
    "foreign_participants",
    "own_participants",
    "participants",
    "results",
    "unit",
    "plan_item",
]
CONFERENCE_FIELDS = [
    "person",
    "event",
    "kind",
    "online",
    "country",
    "city",
    "starts_on",
    "ends_on",
    "role",
    "paper_title",
]
FOREIGNERS_WORK_FIELDS = ["academic_year", *ForeignersWork.NARRATIVE_FIELDS]
STAFF_DEVELOPMENT_FIELDS = [
    "person",
    "title",
    "provider",
    "starts_on",
    "ends_on",
    "hours",
    "certificate",
]
SPECIAL_COURSE_FIELDS = ["kind", "title", "audience", "lecturer", "hours"]
TEACHING_MATERIAL_FIELDS = ["kind", "title", "authors", "year", "language"]
JOINT_PUBLICATION_FIELDS = ["title", "authors", "venue", "year", "topic"]
MATERIAL_FIELDS = [
    "title",
    "kind",
    "topic",
    "countries",
    "education_level",
    "author",
    "prepared_on",
    "summary",
]
SPECIALTY_PROPOSAL_FIELDS = ["year", "notes"]
SPECIALTY_FIELDS = ["code", "name", "level", "justification", "countries", "partners"]

MATERIAL_UPLOAD_KINDS = ("pdf", "docx")
MATERIAL_EXTENSIONS = {"pdf": ".pdf", "docx": ".docx"}


class PlanningError(ApplicationError):
    """A change of the plans that the rules refuse."""


# --- helpers ---------------------------------------------------------------------------------


def _check_same_organization(instance: TenantModel) -> None:
    """Every related tenant row belongs to the instance's organization (defence in depth:
    forms and the API already offer only the organization's rows)."""
    for field in instance._meta.concrete_fields:
        if not field.is_relation or field.name == "organization":
            continue
        related = getattr(instance, field.name, None)
        if isinstance(related, TenantModel) and related.organization_id != instance.organization_id:
            raise PlanningError(_("Choose a record of your own organization."), field=field.name)


def _validate(instance: TenantModel, exclude: Iterable[str] = ()) -> None:
    _check_same_organization(instance)
    instance.full_clean(
        exclude=["organization", *exclude], validate_unique=False, validate_constraints=False
    )


def _check_unique(instance: TenantModel, message, field: str, **lookup) -> None:
    """The organization has no other row with these values; the message goes to `field`."""
    others = type(instance).objects.for_org(instance.organization).filter(**lookup)
    if instance.pk is not None:
        others = others.exclude(pk=instance.pk)
    if others.exists():
        raise PlanningError(message, field=field)


def _fields(instance) -> list[str]:
    return [
        f.name
        for f in instance._meta.concrete_fields
        if f.name not in ("id", "organization", "created_at", "updated_at", "search_text")
    ]


def _record(
    action: str,
    actor: User,
    instance,
    before: dict,
    after: dict,
    extra_changes: dict | None = None,
    **extra,
) -> None:
    changes = audit.changes(before, after) | (extra_changes or {})
    if changes or not action.endswith(".updated"):
        audit.record(
            action=action, actor=actor, target=instance, data={"changes": changes, **extra}
        )


def _save_new(instance: TenantModel, action: str, actor: User, **extra) -> TenantModel:
    instance.save()
    _record(action, actor, instance, {}, audit.snapshot(instance, _fields(instance)), **extra)
    return instance


def _delete(instance: TenantModel, action: str, actor: User, **extra) -> None:
    target_repr = str(instance)
    audit.record(
        action=action,
        actor=actor,
        target=instance,
        target_repr=target_repr,
        data={"changes": audit.changes(audit.snapshot(instance, _fields(instance)), {}), **extra},
    )
    try:
        instance.delete()
    except (ProtectedError, RestrictedError) as error:
        raise PlanningError(
            _("%(name)s cannot be deleted: other records refer to it.") % {"name": target_repr}
        ) from error


class _Change:
    """Snapshot before a change; `done()` records the update if anything changed."""

    def __init__(self, instance, action: str, actor: User):
        self.instance, self.action, self.actor = instance, action, actor
        self.before = audit.snapshot(instance, _fields(instance))

    def done(self, extra_changes: dict | None = None, **extra) -> None:
        after = audit.snapshot(self.instance, _fields(self.instance))
        _record(self.action, self.actor, self.instance, self.before, after, extra_changes, **extra)

    def save(self, extra_changes: dict | None = None, **extra) -> None:
        """Save and record the update; nothing changed → no save, no entry (core.edits)."""
        save_changes(
            self.instance,
            before=self.before,
            fields=_fields(self.instance),
            action=self.action,
            actor=self.actor,
            extra_changes=extra_changes,
            **extra,
        )


# --- long-term plan (R2.1) -------------------------------------------------------------------


def check_year_in_plan(plan: LongTermPlan, year: int | None, field: str = "year") -> None:
    """R2.1: a target (and a value entered by hand) belongs to a year of the long-term plan."""
    if year is None:
        return
    if not plan.year_start <= year <= plan.year_end:
        raise PlanningError(
            _("The plan covers %(start)s–%(end)s; %(year)s is outside it.")
            % {"start": plan.year_start, "end": plan.year_end, "year": year},
            field=field,
        )


@transaction.atomic
def long_term_plan_create(
    *, organization: Organization, actor: User, data: dict[str, Any]
) -> LongTermPlan:
    """R2.1: a long-term plan of international cooperation over several years."""
    plan = LongTermPlan(organization=organization)
    assign_fields(plan, data, LONG_TERM_PLAN_FIELDS)
    _validate(plan)
    return _save_new(plan, "planning.long_term_plan.created", actor)


@transaction.atomic
def long_term_plan_update(*, plan: LongTermPlan, actor: User, data: dict[str, Any]) -> LongTermPlan:
    """Change the plan; its years may not shrink past a year that already has values (R2.1)."""
    change = _Change(plan, "planning.long_term_plan.updated", actor)
    assign_fields(plan, data, LONG_TERM_PLAN_FIELDS)
    _validate(plan)
    outside = (
        IndicatorValue.objects.for_org(plan.organization)
        .filter(indicator__plan=plan)
        .exclude(year__gte=plan.year_start, year__lte=plan.year_end)
        .order_by("year")
        .values_list("year", flat=True)
        .distinct()
    )
    years = list(outside)
    if years:
        field = "year_start" if years[0] < plan.year_start else "year_end"
        raise PlanningError(
            _("Targets are recorded for %(years)s: remove them first, or keep these years.")
            % {"years": ", ".join(str(y) for y in years)},
            field=field,
        )
    change.save()
    return plan


@transaction.atomic
def long_term_plan_delete(*, plan: LongTermPlan, actor: User) -> None:
    """Delete the plan with its indicators and targets (annual plans only lose the link)."""
    _delete(plan, "planning.long_term_plan.deleted", actor)


def _check_indicator(indicator: Indicator) -> None:
    _validate(indicator, exclude=["plan"])
    if indicator.kind != IndicatorKind.CUSTOM:
        _check_unique(
            indicator,
            _("The plan already has this indicator."),
            "kind",
            plan=indicator.plan,
            kind=indicator.kind,
        )


@transaction.atomic
def indicator_create(*, plan: LongTermPlan, actor: User, data: dict[str, Any]) -> Indicator:
    """Add a target indicator to the long-term plan (R2.1)."""
    indicator = Indicator(organization=plan.organization, plan=plan)
    assign_fields(indicator, data, INDICATOR_FIELDS)
    if "position" not in data or data["position"] in (None, ""):
        indicator.position = (
            Indicator.objects.for_org(plan.organization).filter(plan=plan).count() + 1
        )
    _check_indicator(indicator)
    return _save_new(indicator, "planning.indicator.created", actor, plan=plan.pk)


@transaction.atomic
def indicator_update(*, indicator: Indicator, actor: User, data: dict[str, Any]) -> Indicator:
    change = _Change(indicator, "planning.indicator.updated", actor)
    assign_fields(indicator, data, INDICATOR_FIELDS)
    if indicator.position is None:
        indicator.position = 0
    _check_indicator(indicator)
    change.save(plan=indicator.plan_id)
    return indicator


@transaction.atomic
def indicator_delete(*, indicator: Indicator, actor: User) -> None:
    _delete(indicator, "planning.indicator.deleted", actor, plan=indicator.plan_id)


@transaction.atomic
def indicator_value_set(
    *, indicator: Indicator, actor: User, data: dict[str, Any]
) -> IndicatorValue:
    """Record the target (and the actual value entered by hand) of one year of the plan;
    the year's earlier values are replaced (R2.1: only years of the plan)."""
    year = data.get("year")
    check_year_in_plan(indicator.plan, year)
    value = (
        IndicatorValue.objects.for_org(indicator.organization)
        .filter(indicator=indicator, year=year)
        .first()
    )
    created = value is None
    if created:
        value = IndicatorValue(organization=indicator.organization, indicator=indicator)
    change = _Change(value, "planning.indicator_value.updated", actor)
    assign_fields(value, data, INDICATOR_VALUE_FIELDS)
    _validate(value, exclude=["indicator"])
    if created:
        return _save_new(value, "planning.indicator_value.created", actor, indicator=indicator.pk)
    change.save(indicator=indicator.pk)
    return value


@transaction.atomic
def indicator_value_update(
    *, value: IndicatorValue, actor: User, data: dict[str, Any]
) -> IndicatorValue:
    """Change a year's values; moving them to a year that has its own is refused."""
    change = _Change(value, "planning.indicator_value.updated", actor)
    assign_fields(value, data, INDICATOR_VALUE_FIELDS)
    check_year_in_plan(value.indicator.plan, value.year)
    _validate(value, exclude=["indicator"])
    _check_unique(
        value,
        _("This year already has its values: change them there."),
        "year",
        indicator=value.indicator,
        year=value.year,
    )
    change.save(indicator=value.indicator_id)
    return value


@transaction.atomic
def indicator_value_delete(*, value: IndicatorValue, actor: User) -> None:
    _delete(value, "planning.indicator_value.deleted", actor, indicator=value.indicator_id)


# --- annual work plan (A2.5) -----------------------------------------------------------------


def check_deadline_in_plan_year(plan: AnnualPlan, deadline: date | None) -> None:
    """A2.5: the deadline of a plan item lies within the plan's academic year."""
    if deadline is None:
        return
    start, end = academic_year_bounds(plan.organization, plan.academic_year)
    if not start <= deadline <= end:
        raise PlanningError(
            _(
                "The deadline must fall within the plan's academic year %(year)s: "
                "%(start)s – %(end)s."
            )
            % {
                "year": academic_year_label(plan.academic_year),
                "start": date_format(start, "SHORT_DATE_FORMAT"),
                "end": date_format(end, "SHORT_DATE_FORMAT"),
            },
            field="deadline",
        )


def check_plan_editable(plan: AnnualPlan) -> None:
    """A2.5: an approved plan is the document the annual report copies; its items are changed
    only after it is returned to draft (their progress may always be recorded)."""
    if plan.is_approved:
        raise PlanningError(_("The plan is approved: return it to draft to change its items."))


def _check_annual_plan(plan: AnnualPlan) -> None:
    _validate(plan)
    _check_unique(
        plan,
        _("There is already a work plan for this academic year."),
        "academic_year",
        academic_year=plan.academic_year,
    )


@transaction.atomic
def annual_plan_create(
    *, organization: Organization, actor: User, data: dict[str, Any]
) -> AnnualPlan:
    """A2.5: the annual international cooperation work plan of an academic year (a draft)."""
    plan = AnnualPlan(organization=organization)
    assign_fields(plan, data, ANNUAL_PLAN_FIELDS)
    _check_annual_plan(plan)
    return _save_new(plan, "planning.annual_plan.created", actor)


@transaction.atomic
def annual_plan_update(*, plan: AnnualPlan, actor: User, data: dict[str, Any]) -> AnnualPlan:
    change = _Change(plan, "planning.annual_plan.updated", actor)
    year_before = plan.academic_year
    assign_fields(plan, data, ANNUAL_PLAN_FIELDS)
    if plan.academic_year != year_before:
        if plan.is_approved:
            raise PlanningError(
                _("The plan is approved: return it to draft to change its year."),
                field="academic_year",
            )
        _check_annual_plan(plan)
        for item in AnnualPlanItem.objects.for_org(plan.organization).filter(plan=plan):
            try:
                check_deadline_in_plan_year(plan, item.deadline)
            except PlanningError as error:
                raise PlanningError(
                    _("Item “%(item)s” has a deadline outside this academic year.")
                    % {"item": item},
                    field="academic_year",
                ) from error
    else:
        _check_annual_plan(plan)
    change.save()
    return plan


@transaction.atomic
def annual_plan_delete(*, plan: AnnualPlan, actor: User) -> None:
    """Delete a draft plan with its items; an approved plan is returned to draft first."""
    check_plan_editable(plan)
    _delete(plan, "planning.annual_plan.deleted", actor)


@transaction.atomic
def annual_plan_approve(*, plan: AnnualPlan, actor: User) -> AnnualPlan:
    """A2.5: the head of the Service approves the work plan (it needs at least one item)."""
    if plan.is_approved:
        raise PlanningError(_("The plan is already approved."))
    if not AnnualPlanItem.objects.for_org(plan.organization).filter(plan=plan).exists():
        raise PlanningError(_("Add the plan's items before approving it."))
    change = _Change(plan, "planning.annual_plan.approved", actor)
    plan.status = PlanStatus.APPROVED
    plan.approved_by = actor
    plan.approved_at = timezone.now()
    plan.save(update_fields=["status", "approved_by", "approved_at", "updated_at"])
    change.done()
    return plan


@transaction.atomic
def annual_plan_return_to_draft(*, plan: AnnualPlan, actor: User) -> AnnualPlan:
    """Reopen an approved plan for changes; it must be approved again."""
    if not plan.is_approved:
        raise PlanningError(_("The plan is a draft already."))
    change = _Change(plan, "planning.annual_plan.returned_to_draft", actor)
    plan.status = PlanStatus.DRAFT
    plan.approved_by = None
    plan.approved_at = None
    plan.save(update_fields=["status", "approved_by", "approved_at", "updated_at"])
    change.done()
    return plan


def _check_item(item: AnnualPlanItem) -> None:
    check_deadline_in_plan_year(item.plan, item.deadline)
    _validate(item, exclude=["plan"])


@transaction.atomic
def annual_plan_item_create(
    *, plan: AnnualPlan, actor: User, data: dict[str, Any]
) -> AnnualPlanItem:
    """Add an item to a draft plan (A2.5)."""
    check_plan_editable(plan)
    item = AnnualPlanItem(organization=plan.organization, plan=plan)
    assign_fields(item, data, PLAN_ITEM_FIELDS)
    _check_item(item)
    return _save_new(item, "planning.annual_plan_item.created", actor, plan=plan.pk)


@transaction.atomic
def annual_plan_item_update(
    *, item: AnnualPlanItem, actor: User, data: dict[str, Any]
) -> AnnualPlanItem:
    """Change an item. Once the plan is approved only its status and result change (A2.5)."""
    change = _Change(item, "planning.annual_plan_item.updated", actor)
    if item.plan.is_approved:
        planned = {
            name: value
            for name, value in data.items()
            if name not in PLAN_ITEM_PROGRESS_FIELDS and value != getattr(item, name)
        }
        if planned:
            raise PlanningError(
                _("The plan is approved: only the status and the result of its items change."),
                field=next(iter(planned)),
            )
    assign_fields(item, data, PLAN_ITEM_FIELDS)
    _check_item(item)
    change.save(plan=item.plan_id)
    return item


@transaction.atomic
def annual_plan_item_report_progress(
    *, item: AnnualPlanItem, actor: User, status: str, result: str
) -> AnnualPlanItem:
    """Record how an item of the plan went: its status and result (allowed when approved)."""
    return annual_plan_item_update(
        item=item, actor=actor, data={"status": status, "result": result}
    )


@transaction.atomic
def annual_plan_item_delete(*, item: AnnualPlanItem, actor: User) -> None:
    check_plan_editable(item.plan)
    _delete(item, "planning.annual_plan_item.deleted", actor, plan=item.plan_id)


# --- international activities (R8.1) ---------------------------------------------------------


def _registry_partners(activity: InternationalActivity, data: dict[str, Any]) -> list | None:
    """The partners from the partners registry named in `data` (taken out of it), all of
    the activity's organization; None when `data` does not name them."""
    if "registry_partners" not in data:
        return None
    partners = list(data.pop("registry_partners") or [])
    if any(p.organization_id != activity.organization_id for p in partners):
        raise PlanningError(
            _("Choose a record of your own organization."), field="registry_partners"
        )
    return partners


def _partner_names(activity: InternationalActivity) -> list[str]:
    return sorted(str(p) for p in activity.registry_partners.all())


@transaction.atomic
def activity_create(
    *, organization: Organization, actor: User, data: dict[str, Any]
) -> InternationalActivity:
    """R8.1: an international activity the organization holds or takes part in, with its
    partners from the partners registry and others named in text."""
    activity = InternationalActivity(organization=organization)
    data = dict(data)
    partners = _registry_partners(activity, data)
    assign_fields(activity, data, ACTIVITY_FIELDS)
    _validate(activity)
    activity.save()
    if partners:
        activity.registry_partners.set(partners)
    after = audit.snapshot(activity, _fields(activity))
    names = _partner_names(activity)
    partner_changes = {"registry_partners": [[], names]} if names else None
    _record("planning.activity.created", actor, activity, {}, after, partner_changes)
    return activity


@transaction.atomic
def activity_update(
    *, activity: InternationalActivity, actor: User, data: dict[str, Any]
) -> InternationalActivity:
    change = _Change(activity, "planning.activity.updated", actor)
    partners_before = _partner_names(activity)
    data = dict(data)
    partners = _registry_partners(activity, data)
    assign_fields(activity, data, ACTIVITY_FIELDS)
    _validate(activity)
    activity.save()
    partner_changes = {}
    if partners is not None:
        activity.registry_partners.set(partners)
        partners_after = _partner_names(activity)
        if partners_after != partners_before:
            partner_changes["registry_partners"] = [partners_before, partners_after]
    change.done(partner_changes)
    return activity


@transaction.atomic
def activity_delete(*, activity: InternationalActivity, actor: User) -> None:
    _delete(activity, "planning.activity.deleted", actor)


# --- conference participation (A2.8) ---------------------------------------------------------


@transaction.atomic
def conference_participation_create(
    *, organization: Organization, actor: User, data: dict[str, Any]
) -> ConferenceParticipation:
    """A2.8: a staff member's participation in an international conference or seminar."""
    participation = ConferenceParticipation(organization=organization)
    assign_fields(participation, data, CONFERENCE_FIELDS)
    _validate(participation)
    return _save_new(participation, "planning.conference_participation.created", actor)


@transaction.atomic
def conference_participation_update(
    *, participation: ConferenceParticipation, actor: User, data: dict[str, Any]
) -> ConferenceParticipation:
    change = _Change(participation, "planning.conference_participation.updated", actor)
    assign_fields(participation, data, CONFERENCE_FIELDS)
    _validate(participation)
    change.save()
    return participation


@transaction.atomic
def conference_participation_delete(*, participation: ConferenceParticipation, actor: User) -> None:
    _delete(participation, "planning.conference_participation.deleted", actor)


# --- work with foreigners (A2.9) -------------------------------------------------------------


def _check_foreigners_work(work: ForeignersWork) -> None:
    _validate(work)
    _check_unique(
        work,
        _("Work with foreigners for this academic year is already recorded."),
        "academic_year",
        academic_year=work.academic_year,
    )


@transaction.atomic
def foreigners_work_create(
    *, organization: Organization, actor: User, data: dict[str, Any]
) -> ForeignersWork:
    """A2.9: the record of an academic year's work with foreigners."""
    work = ForeignersWork(organization=organization)
    assign_fields(work, data, FOREIGNERS_WORK_FIELDS)
    _check_foreigners_work(work)
    return _save_new(work, "planning.foreigners_work.created", actor)


@transaction.atomic
def foreigners_work_update(
    *, work: ForeignersWork, actor: User, data: dict[str, Any]
) -> ForeignersWork:
    change = _Change(work, "planning.foreigners_work.updated", actor)
    assign_fields(work, data, FOREIGNERS_WORK_FIELDS)
    _check_foreigners_work(work)
    change.save()
    return work


@transaction.atomic
def foreigners_work_delete(*, work: ForeignersWork, actor: User) -> None:
    """Delete the year's record with its lists."""
    _delete(work, "planning.foreigners_work.deleted", actor)


# The lists of A2.9: model, fields and audit entity of each.
WORK_LISTS = {
    StaffDevelopment: (STAFF_DEVELOPMENT_FIELDS, "staff_development"),
    SpecialCourse: (SPECIAL_COURSE_FIELDS, "special_course"),
    TeachingMaterial: (TEACHING_MATERIAL_FIELDS, "teaching_material"),
    JointPublication: (JOINT_PUBLICATION_FIELDS, "joint_publication"),
}


def _work_entry_create(model, work: ForeignersWork, actor: User, data: dict[str, Any]):
    fields, entity = WORK_LISTS[model]
    entry = model(organization=work.organization, work=work)
    assign_fields(entry, data, fields)
    _validate(entry, exclude=["work"])
    return _save_new(entry, f"planning.{entity}.created", actor, work=work.pk)


def _work_entry_update(entry, actor: User, data: dict[str, Any]):
    fields, entity = WORK_LISTS[type(entry)]
    change = _Change(entry, f"planning.{entity}.updated", actor)
    assign_fields(entry, data, fields)
    _validate(entry, exclude=["work"])
    change.save(work=entry.work_id)
    return entry


def _work_entry_delete(entry, actor: User) -> None:
    entity = WORK_LISTS[type(entry)][1]
    _delete(entry, f"planning.{entity}.deleted", actor, work=entry.work_id)


@transaction.atomic
def staff_development_create(
    *, work: ForeignersWork, actor: User, data: dict[str, Any]
) -> StaffDevelopment:
    """A2.9: professional development of a teacher who works with foreigners."""
    return _work_entry_create(StaffDevelopment, work, actor, data)


@transaction.atomic
def staff_development_update(
    *, entry: StaffDevelopment, actor: User, data: dict[str, Any]
) -> StaffDevelopment:
    return _work_entry_update(entry, actor, data)


@transaction.atomic
def staff_development_delete(*, entry: StaffDevelopment, actor: User) -> None:
    _work_entry_delete(entry, actor)


@transaction.atomic
def special_course_create(
    *, work: ForeignersWork, actor: User, data: dict[str, Any]
) -> SpecialCourse:
    """A2.9: a special course or seminar for foreigners' future work."""
    return _work_entry_create(SpecialCourse, work, actor, data)


@transaction.atomic
def special_course_update(
    *, entry: SpecialCourse, actor: User, data: dict[str, Any]
) -> SpecialCourse:
    return _work_entry_update(entry, actor, data)


@transaction.atomic
def special_course_delete(*, entry: SpecialCourse, actor: User) -> None:
    _work_entry_delete(entry, actor)


@transaction.atomic
def teaching_material_create(
    *, work: ForeignersWork, actor: User, data: dict[str, Any]
) -> TeachingMaterial:
    """A2.9: a textbook, study guide or methodical instructions for foreign students."""
    return _work_entry_create(TeachingMaterial, work, actor, data)


@transaction.atomic
def teaching_material_update(
    *, entry: TeachingMaterial, actor: User, data: dict[str, Any]
) -> TeachingMaterial:
    return _work_entry_update(entry, actor, data)


@transaction.atomic
def teaching_material_delete(*, entry: TeachingMaterial, actor: User) -> None:
    _work_entry_delete(entry, actor)


@transaction.atomic
def joint_publication_create(
    *, work: ForeignersWork, actor: User, data: dict[str, Any]
) -> JointPublication:
    """A2.9: a publication with foreigners; it is not saved without its authors."""
    return _work_entry_create(JointPublication, work, actor, data)


@transaction.atomic
def joint_publication_update(
    *, entry: JointPublication, actor: User, data: dict[str, Any]
) -> JointPublication:
    return _work_entry_update(entry, actor, data)


@transaction.atomic
def joint_publication_delete(*, entry: JointPublication, actor: User) -> None:
    _work_entry_delete(entry, actor)


# --- analytical materials (R2.2, R2.4) -------------------------------------------------------


def _check_material_file(material: AnalyticalMaterial, upload: UploadedFile | None) -> None:
    """The material's fields, and its file: PDF or DOCX recognised by content, within the
    size limit. All errors are reported together, each beside its field."""
    errors: dict[str, list] = {}
    try:
        _validate(material, exclude=["file"])
    except ValidationError as error:
        errors.update(error.message_dict)
    if upload is not None:
        try:
            kind = validate_upload(upload, allowed=MATERIAL_UPLOAD_KINDS)
        except ValidationError as error:
            errors["file"] = error.messages
        else:
            upload.name = f"material{MATERIAL_EXTENSIONS[kind]}"
    if errors:
        raise ValidationError(errors)


def _delete_file_after_commit(name: str) -> None:
    storage = AnalyticalMaterial._meta.get_field("file").storage
    if name:
        transaction.on_commit(lambda: storage.delete(name))


@transaction.atomic
def analytical_material_create(
    *,
    organization: Organization,
    actor: User,
    data: dict[str, Any],
    file: UploadedFile | None = None,
) -> AnalyticalMaterial:
    """R2.2, R2.4: a study of world trends or a comparative analysis, with its file."""
    material = AnalyticalMaterial(organization=organization)
    assign_fields(material, data, MATERIAL_FIELDS)
    _check_material_file(material, file)
    if file is not None:
        material.file = file
    return _save_new(material, "planning.analytical_material.created", actor)


@transaction.atomic
def analytical_material_update(
    *,
    material: AnalyticalMaterial,
    actor: User,
    data: dict[str, Any],
    file: UploadedFile | None = None,
    remove_file: bool = False,
) -> AnalyticalMaterial:
    """Change a material; a new file replaces the old one, which is then deleted."""
    change = _Change(material, "planning.analytical_material.updated", actor)
    old_file = material.file.name if material.file else ""
    assign_fields(material, data, MATERIAL_FIELDS)
    _check_material_file(material, file)
    if file is not None:
        material.file = file
    elif remove_file:
        material.file = ""
    material.save()
    if old_file and old_file != (material.file.name or ""):
        _delete_file_after_commit(old_file)
    change.done()
    return material


@transaction.atomic
def analytical_material_delete(*, material: AnalyticalMaterial, actor: User) -> None:
    name = material.file.name if material.file else ""
    _delete(material, "planning.analytical_material.deleted", actor)
    _delete_file_after_commit(name)


# --- priority specialties (R2.5) -------------------------------------------------------------


def check_proposal_editable(proposal: SpecialtyProposal) -> None:
    """R2.5: an approved proposal is what goes to the registry; it changes only after it is
    returned to draft."""
    if proposal.is_approved:
        raise PlanningError(
            _("The proposal is approved: return it to draft to change its specialties.")
        )


def _check_proposal(proposal: SpecialtyProposal) -> None:
    _validate(proposal)
    _check_unique(
        proposal, _("There is already a proposal for this year."), "year", year=proposal.year
    )


@transaction.atomic
def specialty_proposal_create(
    *, organization: Organization, actor: User, data: dict[str, Any]
) -> SpecialtyProposal:
    """R2.5: the organization's proposal for a year's registry of priority specialties."""
    proposal = SpecialtyProposal(organization=organization)
    assign_fields(proposal, data, SPECIALTY_PROPOSAL_FIELDS)
    _check_proposal(proposal)
    return _save_new(proposal, "planning.specialty_proposal.created", actor)


@transaction.atomic
def specialty_proposal_update(
    *, proposal: SpecialtyProposal, actor: User, data: dict[str, Any]
) -> SpecialtyProposal:
    change = _Change(proposal, "planning.specialty_proposal.updated", actor)
    if proposal.is_approved and data.get("year", proposal.year) != proposal.year:
        raise PlanningError(
            _("The proposal is approved: return it to draft to change its year."), field="year"
        )
    assign_fields(proposal, data, SPECIALTY_PROPOSAL_FIELDS)
    _check_proposal(proposal)
    change.save()
    return proposal


@transaction.atomic
def specialty_proposal_delete(*, proposal: SpecialtyProposal, actor: User) -> None:
    check_proposal_editable(proposal)
    _delete(proposal, "planning.specialty_proposal.deleted", actor)


@transaction.atomic
def specialty_proposal_approve(*, proposal: SpecialtyProposal, actor: User) -> SpecialtyProposal:
    """R2.5: the head of the Service approves the proposal (it needs at least one specialty)."""
    if proposal.is_approved:
        raise PlanningError(_("The proposal is already approved."))
    if (
        not PrioritySpecialty.objects.for_org(proposal.organization)
        .filter(proposal=proposal)
        .exists()
    ):
        raise PlanningError(_("Add the proposed specialties before approving the proposal."))
    change = _Change(proposal, "planning.specialty_proposal.approved", actor)
    proposal.status = PlanStatus.APPROVED
    proposal.approved_by = actor
    proposal.approved_at = timezone.now()
    proposal.save(update_fields=["status", "approved_by", "approved_at", "updated_at"])
    change.done()
    return proposal


@transaction.atomic
def specialty_proposal_return_to_draft(
    *, proposal: SpecialtyProposal, actor: User
) -> SpecialtyProposal:
    if not proposal.is_approved:
        raise PlanningError(_("The proposal is a draft already."))
    change = _Change(proposal, "planning.specialty_proposal.returned_to_draft", actor)
    proposal.status = PlanStatus.DRAFT
    proposal.approved_by = None
    proposal.approved_at = None
    proposal.save(update_fields=["status", "approved_by", "approved_at", "updated_at"])
    change.done()
    return proposal


def _check_specialty(specialty: PrioritySpecialty) -> None:
    _validate(specialty, exclude=["proposal"])
    _check_unique(
        specialty,
        _("This specialty is already in the proposal."),
        "code",
        proposal=specialty.proposal,
        code=specialty.code,
        level=specialty.level,
    )


@transaction.atomic
def priority_specialty_create(
    *, proposal: SpecialtyProposal, actor: User, data: dict[str, Any]
) -> PrioritySpecialty:
    """R2.5: propose a specialty for which study abroad is advisable."""
    check_proposal_editable(proposal)
    specialty = PrioritySpecialty(organization=proposal.organization, proposal=proposal)
    assign_fields(specialty, data, SPECIALTY_FIELDS)
    _check_specialty(specialty)
    return _save_new(specialty, "planning.priority_specialty.created", actor, proposal=proposal.pk)


@transaction.atomic
def priority_specialty_update(
    *, specialty: PrioritySpecialty, actor: User, data: dict[str, Any]
) -> PrioritySpecialty:
    check_proposal_editable(specialty.proposal)
    change = _Change(specialty, "planning.priority_specialty.updated", actor)
    assign_fields(specialty, data, SPECIALTY_FIELDS)
    _check_specialty(specialty)
    change.save(proposal=specialty.proposal_id)
    return specialty


@transaction.atomic
def priority_specialty_delete(*, specialty: PrioritySpecialty, actor: User) -> None:
    check_proposal_editable(specialty.proposal)
    _delete(specialty, "planning.priority_specialty.deleted", actor, proposal=specialty.proposal_id)


# --- exports ---------------------------------------------------------------------------------


def record_export(
    *,
    organization: Organization,
    actor: User,
    entity: str,
    file_format: str,
    target: models.Model | None = None,
    **data,
) -> None:
    """Every export is audited (`planning.<entity>.exported`)."""
    audit.record(
        action=f"planning.{entity}.exported",
        actor=actor,
        organization=organization,
        target=target,
        data={"format": file_format, **data},
    )
