"""Every change of partners data: one function per business action, audited in its transaction.

The life cycle of an agreement is ONE state machine, `TRANSITIONS` with
`agreement_transition()`: draft → internal approval (unit → Service → leadership, each may
return it with a comment) → sent to the authorized body (R3) → agreed or returned by it →
signed → in force → expired or terminated. The named services below (agreement_submit,
agreement_approve, agreement_sign, …) are thin doors into it, so the pages, the API, the
authority's queue and the daily job all move agreements by the same rules.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Max, Q
from django.http import Http404
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from yntymaq.core import audit
from yntymaq.core.access import can
from yntymaq.core.edits import Edit, assign_fields
from yntymaq.core.enums import Role
from yntymaq.core.errors import ApplicationError
from yntymaq.core.models import Membership, Organization, User
from yntymaq.core.validators import validate_upload
from yntymaq.incoming.models import Stay
from yntymaq.outbound import services as outbound_services
from yntymaq.outbound.models import Trip
from yntymaq.people.models import search_key

from .enums import AgreementForm, AgreementStatus, ApprovalStage, DecisionOutcome
from .models import (
    Agreement,
    AgreementDecision,
    AgreementStay,
    AgreementVersion,
    DiplomaticMission,
    ImplementationResult,
    MissionContact,
    Partner,
    PartnersSettings,
    PlannedActivity,
    Prolongation,
    TripPartnerLink,
    YearlySummary,
)

S = AgreementStatus


class PartnersError(ApplicationError):
    """A change of partners data that the Rules or the data do not allow."""


class DuplicatePartnerError(PartnersError):
    """A partner with the same name already exists in that country; `existing` is it."""

    def __init__(self, message, *, field: str, existing: Partner):
        super().__init__(message, field=field, extra={"existing_id": existing.pk})
        self.existing = existing


# --- helpers -------------------------------------------------------------------------------


def _same_organization(organization: Organization, **related) -> None:
    """Related tenant rows (unit, person, partner…) must belong to the same organization."""
    errors = {}
    for field, value in related.items():
        values = value if isinstance(value, list | tuple | set) else [value]
        if any(v is not None and v.organization_id != organization.pk for v in values):
            errors[field] = _("Choose from this organization's records.")
    if errors:
        raise ValidationError(errors)


def _full_clean(instance, exclude=()) -> None:
    instance.full_clean(
        exclude=["organization", *exclude], validate_unique=False, validate_constraints=False
    )


def _delete_files_after_commit(fieldfiles) -> None:
    names = [(f.storage, f.name) for f in fieldfiles if f]

    def remove():
        for storage, name in names:
            storage.delete(name)

    if names:
        transaction.on_commit(remove)


def _check_upload(upload: UploadedFile, field: str, allowed: tuple[str, ...]) -> str:
    try:
        return validate_upload(upload, allowed=allowed)
    except ValidationError as error:
        raise ValidationError({field: error.messages}) from error


EXTENSIONS = {"pdf": ".pdf", "docx": ".docx", "jpeg": ".jpg", "png": ".png"}


# --- partners (R2.3) -----------------------------------------------------------------------

PARTNER_FIELDS = [
    "kind",
    "name_original",
    "name_latin",
    "name_ru",
    "name_kk",
    "country",
    "city",
    "website",
    "contacts",
    "notes",
]


def partner_duplicate(partner: Partner) -> tuple[Partner, str] | None:
    """Another partner of the organization in the same country with the same original or
    Latin name (case, spacing and ё/е ignored), and the field that matched."""
    keys = partner.name_key_set()
    if not keys or not partner.country:
        return None
    condition = Q()
    for key in keys:
        condition |= Q(name_keys__contains=f"|{key}|")
    existing = (
        Partner.objects.for_org(partner.organization)
        .filter(condition, country=partner.country)
        .exclude(pk=partner.pk)
        .order_by("id")
        .first()
    )
    if existing is None:
        return None
    field = (
        "name_original"
        if search_key(partner.name_original) in existing.name_key_set()
        else "name_latin"
    )
    return existing, field


def _validate_partner(partner: Partner) -> None:
    _full_clean(partner)
    found = partner_duplicate(partner)
    if found is not None:
        existing, field = found
        raise DuplicatePartnerError(
            _("A partner with this name in %(country)s is already registered: %(name)s.")
            % {"country": partner.country.name, "name": existing.name},
            field=field,
            existing=existing,
        )


@transaction.atomic
def partner_create(*, organization: Organization, actor: User, data: dict[str, Any]) -> Partner:
    partner = Partner(organization=organization)
    assign_fields(partner, data, PARTNER_FIELDS)
    _validate_partner(partner)
    partner.save()
    audit.record(
        action="partners.partner.created",
        actor=actor,
        target=partner,
        data={"changes": audit.changes({}, audit.snapshot(partner, PARTNER_FIELDS))},
    )
    return partner


@transaction.atomic
def partner_update(*, partner: Partner, actor: User, data: dict[str, Any]) -> Partner:
    edit = Edit(partner, PARTNER_FIELDS)
    assign_fields(partner, data, PARTNER_FIELDS)
    _validate_partner(partner)
    edit.save(action="partners.partner.updated", actor=actor)
    return partner


@transaction.atomic
def partner_delete(*, partner: Partner, actor: User) -> None:
    """Delete a partner that no agreement names and that hosts no linked trip."""
    if partner.agreements.exists():
        raise PartnersError(
            _("%(name)s is a party to agreements; it cannot be deleted.") % {"name": partner}
        )
    if partner.hosted_trip_links.exists():
        raise PartnersError(
            _("%(name)s is the host partner of trips abroad; it cannot be deleted.")
            % {"name": partner}
        )
    audit.record(
        action="partners.partner.deleted",
        actor=actor,
        target=partner,
        data={"changes": audit.changes(audit.snapshot(partner, PARTNER_FIELDS), {})},
    )
    partner.delete()


# --- agreements: data ----------------------------------------------------------------------

AGREEMENT_FIELDS = [
    "our_number",
    "partner_number",
    "title",
    "kind",
    "form",
    "subject_areas",
    "unit",
    "responsible_person",
    "mobility_places",
    "valid_from",
    "valid_to",
    "automatic_prolongation",
    "prolongation_months",
    "notes",
]

# While someone reviews an agreement, and once it has ended, its data stay as they are.
FROZEN = frozenset(
    {
        S.UNIT_APPROVAL,
        S.SERVICE_APPROVAL,
        S.LEADERSHIP_APPROVAL,
        S.AUTHORITY_REVIEW,
        S.EXPIRED,
        S.TERMINATED,
    }
)
# The text (versions) changes only while it is being drafted or revised.
TEXT_EDITABLE = frozenset({S.DRAFT, S.RETURNED, S.AUTHORITY_RETURNED})
# Signed at some time: these are the agreements that can be (or have been) in force.
CONCLUDED = frozenset({S.SIGNED, S.IN_FORCE, S.EXPIRED, S.TERMINATED})


def agreement_is_editable(agreement: Agreement) -> bool:
    return agreement.status not in FROZEN


def agreement_text_is_editable(agreement: Agreement) -> bool:
    return agreement.status in TEXT_EDITABLE


def check_parties(form: str, partners: list[Partner]) -> None:
    """R3: a bilateral agreement has one partner, a multilateral one two or more."""
    if form == AgreementForm.MULTILATERAL and len(partners) < 2:
        raise ValidationError(
            {"partners": _("A multilateral agreement needs at least two partners.")}
        )
    if form == AgreementForm.BILATERAL and len(partners) != 1:
        raise ValidationError(
            {
                "partners": _(
                    "A bilateral agreement has exactly one partner; choose “multilateral” "
                    "for several."
                )
            }
        )


def _agreement_snapshot(agreement: Agreement) -> dict[str, Any]:
    values = audit.snapshot(agreement, AGREEMENT_FIELDS)
    values["partners"] = sorted(str(p) for p in agreement.partners.all()) if agreement.pk else []
    return values


def _validate_agreement(agreement: Agreement, partners: list[Partner]) -> None:
    errors: dict[str, list] = {}
    try:
        _full_clean(agreement, exclude=["renews"])
    except ValidationError as error:
        errors.update(error.message_dict)
    try:
        check_parties(agreement.form, partners)
    except ValidationError as error:
        errors.update(error.message_dict)
    try:
        _same_organization(
            agreement.organization,
            unit=agreement.unit,
            responsible_person=agreement.responsible_person,
            partners=partners,
        )
    except ValidationError as error:
        errors.update(error.message_dict)
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def agreement_create(
    *,
    organization: Organization,
    actor: User,
    data: dict[str, Any],
    partners: list[Partner],
    renews: Agreement | None = None,
) -> Agreement:
    """A new draft agreement (R2.3, R8.2)."""
    agreement = Agreement(organization=organization, status=S.DRAFT)
    assign_fields(agreement, data, AGREEMENT_FIELDS)
    partners = list(partners)
    if renews is not None:
        _same_organization(organization, renews=renews)
        agreement.renews = renews
    _validate_agreement(agreement, partners)
    agreement.status_changed_at = timezone.now()
    agreement.save()
    agreement.partners.set(partners)
    audit.record(
        action="partners.agreement.created",
        actor=actor,
        target=agreement,
        data={
            "changes": audit.changes({}, _agreement_snapshot(agreement)),
            **({"renews": renews.pk} if renews else {}),
        },
    )
    return agreement


@transaction.atomic
def agreement_import(
    *,
    organization: Organization,
    actor: User,
    data: dict[str, Any],
    partners: list[Partner],
    signed_on: date | None,
    today: date | None = None,
) -> Agreement:
    """An agreement from an XLSX import of the registry. Without a date of signing it is a
    draft like any new one. With it, it is registered as concluded: it was agreed (R3) and
    signed before the organization kept it here, so it starts signed, in force or expired by
    its dates instead of walking the approval chain again; the audit entry says so."""
    if signed_on is None:
        return agreement_create(
            organization=organization, actor=actor, data=data, partners=partners
        )
    today = today or timezone.localdate()
    agreement = Agreement(organization=organization)
    assign_fields(agreement, data, AGREEMENT_FIELDS)
    agreement.signed_on = signed_on
    agreement.valid_from = agreement.valid_from or signed_on
    partners = list(partners)
    _validate_agreement(agreement, partners)
    if signed_on > today:
        raise ValidationError({"signed_on": _("The date of signing cannot be in the future.")})
    agreement.status = status_by_dates(agreement, today)
    agreement.status_changed_at = timezone.now()
    agreement.save()
    agreement.partners.set(partners)
    audit.record(
        action="partners.agreement.imported",
        actor=actor,
        target=agreement,
        data={
            "status": agreement.status,
            "signed_on": signed_on,
            "changes": audit.changes({}, _agreement_snapshot(agreement)),
        },
    )
    return agreement


@transaction.atomic
def agreement_update(
    *, agreement: Agreement, actor: User, data: dict[str, Any], partners: list[Partner] | None
) -> Agreement:
    if not agreement_is_editable(agreement):
        raise PartnersError(
            _("An agreement that is under review or has ended cannot be changed (%(status)s).")
            % {"status": agreement.get_status_display()}
        )
    before = _agreement_snapshot(agreement)
    assign_fields(agreement, data, AGREEMENT_FIELDS)
    partners = list(agreement.partners.all()) if partners is None else list(partners)
    _validate_agreement(agreement, partners)
    agreement.save()
    agreement.partners.set(partners)
    changes = audit.changes(before, _agreement_snapshot(agreement))
    if changes:
        audit.record(
            action="partners.agreement.updated",
            actor=actor,
            target=agreement,
            data={"changes": changes},
        )
    return agreement


@transaction.atomic
def agreement_delete(*, agreement: Agreement, actor: User) -> None:
    """Only a draft that never left the organization may be deleted."""
    if agreement.status != S.DRAFT or agreement.decisions.exists():
        raise PartnersError(
            _("Only a draft that has not been submitted for approval can be deleted.")
        )
    files = [v.file for v in agreement.versions.all()] + [agreement.signed_copy]
    audit.record(
        action="partners.agreement.deleted",
        actor=actor,
        target=agreement,
        data={"changes": audit.changes(_agreement_snapshot(agreement), {})},
    )
    agreement.delete()
    _delete_files_after_commit(files)


@transaction.atomic
def agreement_renew(*, agreement: Agreement, actor: User) -> Agreement:
    """A new draft that renews a concluded agreement and keeps the link to it."""
    if agreement.status not in CONCLUDED:
        raise PartnersError(_("Only a signed agreement can be renewed by a new one."))
    data = {
        name: getattr(agreement, name)
        for name in AGREEMENT_FIELDS
        if name not in ("our_number", "partner_number", "valid_from", "valid_to")
    }
    data["valid_from"] = agreement.valid_to + timedelta(days=1) if agreement.valid_to else None
    return agreement_create(
        organization=agreement.organization,
        actor=actor,
        data=data,
        partners=list(agreement.partners.all()),
        renews=agreement,
    )


# --- text versions (R8.2) ------------------------------------------------------------------

VERSION_KINDS = ("pdf", "docx")
SIGNED_COPY_KINDS = ("pdf", "docx", "jpeg", "png")


@transaction.atomic
def agreement_version_add(
    *, agreement: Agreement, actor: User, upload: UploadedFile, comment: str
) -> AgreementVersion:
    """A new numbered version of the text (DOCX or PDF) with a comment (R8.2)."""
    agreement = (
        Agreement.objects.for_org(agreement.organization)
        .select_for_update(of=("self",))
        .get(pk=agreement.pk)
    )
    errors: dict[str, list] = {}
    if not agreement_text_is_editable(agreement):
        raise PartnersError(
            _(
                "The text can be changed only while the agreement is a draft or has been "
                "returned for revision."
            )
        )
    comment = (comment or "").strip()
    if not comment:
        errors["comment"] = [_("Say what this version changes.")]
    if upload is None:
        errors["file"] = [_("Choose the file of the text (DOCX or PDF).")]
    else:
        try:
            kind = _check_upload(upload, "file", VERSION_KINDS)
        except ValidationError as error:
            errors.update(error.message_dict)
    if errors:
        raise ValidationError(errors)
    number = (agreement.versions.aggregate(n=Max("number"))["n"] or 0) + 1
    original_name = upload.name[:255]
    upload.name = f"v{number}{EXTENSIONS[kind]}"
    version = AgreementVersion(
        organization=agreement.organization,
        agreement=agreement,
        number=number,
        comment=comment,
        original_name=original_name,
        uploaded_by=actor,
    )
    version.file = upload
    version.save()
    audit.record(
        action="partners.agreement_version.uploaded",
        actor=actor,
        target=agreement,
        data={"version": number, "file": original_name, "comment": comment},
    )
    return version


# --- the life cycle: ONE state machine (R3, R8.2) ------------------------------------------

REVIEW_STAGE = {
    S.UNIT_APPROVAL: ApprovalStage.UNIT,
    S.SERVICE_APPROVAL: ApprovalStage.SERVICE,
    S.LEADERSHIP_APPROVAL: ApprovalStage.LEADERSHIP,
    S.AUTHORITY_REVIEW: ApprovalStage.AUTHORITY,
}
APPROVED_TO = {
    S.UNIT_APPROVAL: S.SERVICE_APPROVAL,
    S.SERVICE_APPROVAL: S.LEADERSHIP_APPROVAL,
    S.LEADERSHIP_APPROVAL: S.APPROVED,
    S.AUTHORITY_REVIEW: S.AGREED,
}
RETURNED_TO = {
    S.UNIT_APPROVAL: S.RETURNED,
    S.SERVICE_APPROVAL: S.RETURNED,
    S.LEADERSHIP_APPROVAL: S.RETURNED,
    S.AUTHORITY_REVIEW: S.AUTHORITY_RETURNED,
}
STAGE_PERMISSION = {
    ApprovalStage.UNIT: "partners.approve_unit",
    ApprovalStage.SERVICE: "partners.approve_service",
    ApprovalStage.LEADERSHIP: "partners.approve_leadership",
}
AUTHORITY = "authority"  # actions of authority users (user.is_authority, no membership)
SYSTEM = "system"  # actions of the daily job


@dataclass(frozen=True)
class Transition:
    sources: frozenset[str]
    who: str  # a core.access permission, "review" (by stage, the authority's too) or SYSTEM
    label: str
    needs_comment: bool = False
    by_system: bool = False  # the daily job may take it (who == SYSTEM: only the job)


TRANSITIONS: dict[str, Transition] = {
    "submit": Transition(
        frozenset({S.DRAFT, S.RETURNED}),
        "partners.change",
        pgettext_lazy("agreement", "Submit for approval"),
    ),
    "approve": Transition(frozenset(REVIEW_STAGE), "review", pgettext_lazy("agreement", "Approve")),
    "return": Transition(
        frozenset(REVIEW_STAGE), "review", _("Return with a comment"), needs_comment=True
    ),
    "send_to_authority": Transition(
        frozenset({S.APPROVED, S.AUTHORITY_RETURNED}),
        "partners.change",
        _("Send to the authorized body"),
    ),
    "withdraw": Transition(
        frozenset(
            {
                S.UNIT_APPROVAL,
                S.SERVICE_APPROVAL,
                S.LEADERSHIP_APPROVAL,
                S.APPROVED,
                S.AUTHORITY_RETURNED,
            }
        ),
        "partners.change",
        _("Withdraw to draft"),
    ),
    "sign": Transition(frozenset({S.AGREED}), "partners.change", _("Record the signature")),
    "terminate": Transition(
        frozenset({S.SIGNED, S.IN_FORCE}), "partners.change", _("Terminate"), needs_comment=True
    ),
    "prolong": Transition(
        frozenset({S.SIGNED, S.IN_FORCE, S.EXPIRED}),
        "partners.change",
        _("Prolong"),
        by_system=True,
    ),
    "enter_into_force": Transition(
        frozenset({S.SIGNED}), SYSTEM, _("Enter into force"), by_system=True
    ),
    "expire": Transition(frozenset({S.SIGNED, S.IN_FORCE}), SYSTEM, _("Expire"), by_system=True),
}

# Audit action codes per transition (approve/return by the authority read "agreed"/"returned").
ACTION_CODES = {
    "submit": "partners.agreement.submitted",
    "approve": "partners.agreement.approved",
    "return": "partners.agreement.returned",
    "send_to_authority": "partners.agreement.sent_to_authority",
    "withdraw": "partners.agreement.withdrawn",
    "sign": "partners.agreement.signed",
    "terminate": "partners.agreement.terminated",
    "prolong": "partners.agreement.prolonged",
    "enter_into_force": "partners.agreement.entered_into_force",
    "expire": "partners.agreement.expired",
}


def _coordinates(membership: Membership, agreement: Agreement) -> bool:
    """A unit coordinator approves for the units they coordinate; the head for any unit."""
    if membership.role != Role.UNIT_COORDINATOR:
        return True
    return (
        agreement.unit is not None and agreement.unit.coordinators.filter(pk=membership.pk).exists()
    )


def may(action: str, agreement: Agreement, *, actor: User, membership: Membership | None) -> bool:
    """Whether this user may take this action on the agreement now (state and role)."""
    transition = TRANSITIONS[action]
    if agreement.status not in transition.sources:
        return False
    if transition.who == SYSTEM:
        return False
    stage = REVIEW_STAGE.get(agreement.status)
    if transition.who == "review":
        if stage == ApprovalStage.AUTHORITY:
            return bool(actor.is_authority)
        return (
            membership is not None
            and membership.organization_id == agreement.organization_id
            and can(membership, STAGE_PERMISSION[stage])
            and (stage != ApprovalStage.UNIT or _coordinates(membership, agreement))
        )
    return (
        membership is not None
        and membership.organization_id == agreement.organization_id
        and can(membership, transition.who)
    )


def available_actions(
    agreement: Agreement, *, actor: User, membership: Membership | None
) -> list[str]:
    return [
        action
        for action in TRANSITIONS
        if may(action, agreement, actor=actor, membership=membership)
    ]


def status_by_dates(agreement: Agreement, today: date) -> str:
    """Signed, in force or expired, by the validity dates (for a signed agreement)."""
    if agreement.valid_to is not None and agreement.valid_to < today:
        return S.EXPIRED
    if agreement.valid_from is not None and agreement.valid_from <= today:
        return S.IN_FORCE
    return S.SIGNED


def _last_authority_return(agreement: Agreement):
    return (
        agreement.decisions.filter(stage=ApprovalStage.AUTHORITY, outcome=DecisionOutcome.RETURNED)
        .order_by("-created_at", "-id")
        .values_list("created_at", flat=True)
        .first()
    )


def _check_preconditions(action: str, agreement: Agreement, *, comment: str, extra: dict) -> None:
    if TRANSITIONS[action].needs_comment and not comment:
        field = "reason" if action == "terminate" else "comment"
        raise PartnersError(_("Write a comment: say what should be changed and why."), field=field)
    if action == "submit":
        if not agreement.versions.exists():
            raise PartnersError(_("Upload the text of the agreement before submitting it."))
        check_parties(agreement.form, list(agreement.partners.all()))
    if action == "send_to_authority" and agreement.status == S.AUTHORITY_RETURNED:
        returned_at = _last_authority_return(agreement)
        if returned_at and not agreement.versions.filter(created_at__gt=returned_at).exists():
            raise PartnersError(
                _(
                    "The authorized body returned the agreement: upload a new version of the "
                    "text before sending it again."
                )
            )
    if action == "sign":
        _check_signature(agreement, extra)
    if action == "prolong":
        _check_prolongation(agreement, extra)
    if action == "terminate":
        terminated_on = extra.get("terminated_on")
        if terminated_on is None:
            raise PartnersError(_("Give the date of termination."), field="terminated_on")
        if agreement.valid_from and terminated_on < agreement.valid_from:
            raise PartnersError(
                _("An agreement cannot end before it came into force (%(date)s).")
                % {"date": date_format(agreement.valid_from, "SHORT_DATE_FORMAT")},
                field="terminated_on",
            )


def _check_prolongation(agreement: Agreement, extra: dict) -> None:
    new_valid_to = extra.get("new_valid_to")
    if new_valid_to is None:
        raise PartnersError(_("Give the new end date."), field="new_valid_to")
    if agreement.valid_to is None:
        raise PartnersError(
            _("The agreement is open-ended; there is nothing to prolong."), field="new_valid_to"
        )
    if new_valid_to <= agreement.valid_to:
        raise PartnersError(
            _("The new end date must be after the current one (%(date)s).")
            % {"date": date_format(agreement.valid_to, "SHORT_DATE_FORMAT")},
            field="new_valid_to",
        )
    if not extra.get("automatic") and not (extra.get("basis") or "").strip():
        raise PartnersError(
            _("Give the basis: the supplementary agreement or letter."), field="basis"
        )


def _check_signature(agreement: Agreement, extra: dict) -> None:
    signed_on = extra.get("signed_on")
    valid_from = extra.get("valid_from") or signed_on
    valid_to = extra.get("valid_to", agreement.valid_to)
    errors: dict[str, list] = {}
    if signed_on is None:
        errors["signed_on"] = [_("Give the date of signing.")]
    elif signed_on > timezone.localdate():
        errors["signed_on"] = [_("The date of signing cannot be in the future.")]
    if valid_from and valid_to and valid_to < valid_from:
        errors["valid_to"] = [_("The end of validity cannot be before its start.")]
    if agreement.automatic_prolongation and not valid_to:
        errors["valid_to"] = [_("An agreement prolonged automatically needs an end date.")]
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def agreement_transition(
    *,
    agreement: Agreement,
    action: str,
    actor: User | None,
    membership: Membership | None = None,
    comment: str = "",
    today: date | None = None,
    by_system: bool = False,
    **extra,
) -> Agreement:
    """THE state machine of agreements (R3, R8.2): checks the state, the role and the
    preconditions of the action, moves the status, records the decision and audits it.

    Side effects per action: "approve"/"return" record an AgreementDecision (with the stage);
    "send_to_authority" stamps sent_to_authority_at; the authority's decision stamps
    authority_decided_at; "sign" stores the date, validity and signed copy and puts the
    agreement in force when its validity has begun; "terminate" stores date and reason.
    """
    transition = TRANSITIONS.get(action)
    if transition is None:
        raise ValueError(f"Unknown action {action!r}")
    today = today or timezone.localdate()
    comment = (comment or "").strip()
    agreement = (
        Agreement.objects.for_org(agreement.organization)
        # Lock the agreement row only: PostgreSQL cannot lock the nullable side of the
        # outer join to the (optional) unit.
        .select_for_update(of=("self",))
        .select_related("organization", "unit")
        .get(pk=agreement.pk)
    )
    if agreement.status not in transition.sources:
        if action == "sign":
            raise PartnersError(
                _(
                    "Only an agreement agreed by the authorized body can be signed; this one "
                    "is “%(status)s”."
                )
                % {"status": agreement.get_status_display()},
                field="signed_on",
            )
        raise PartnersError(
            _("“%(action)s” is not possible while the agreement is “%(status)s”.")
            % {"action": transition.label, "status": agreement.get_status_display()}
        )
    if by_system:
        if not transition.by_system:
            raise PartnersError(_("Your role does not allow this step."))
    elif not may(action, agreement, actor=actor, membership=membership):
        raise PartnersError(_("Your role does not allow this step."))
    _check_preconditions(action, agreement, comment=comment, extra=extra)

    previous = agreement.status
    stage = REVIEW_STAGE.get(previous)
    now = timezone.now()
    fields = ["status", "status_changed_at", "updated_at"]
    data: dict[str, Any] = {"from": previous}
    code = ACTION_CODES[action]

    if action == "submit":
        agreement.status = S.UNIT_APPROVAL if agreement.unit_id else S.SERVICE_APPROVAL
    elif action in ("approve", "return"):
        agreement.status = (APPROVED_TO if action == "approve" else RETURNED_TO)[previous]
        AgreementDecision.objects.create(
            organization=agreement.organization,
            agreement=agreement,
            stage=stage,
            outcome=DecisionOutcome.APPROVED if action == "approve" else DecisionOutcome.RETURNED,
            comment=comment,
            decided_by=actor,
            decided_by_name=str(actor),
        )
        data.update(stage=stage, comment=comment)
        if stage == ApprovalStage.AUTHORITY:
            agreement.authority_decided_at = now
            fields.append("authority_decided_at")
            code = (
                "partners.agreement.agreed"
                if action == "approve"
                else "partners.agreement.returned_by_authority"
            )
    elif action == "send_to_authority":
        agreement.status = S.AUTHORITY_REVIEW
        agreement.sent_to_authority_at = now
        agreement.authority_decided_at = None
        fields += ["sent_to_authority_at", "authority_decided_at"]
    elif action == "withdraw":
        agreement.status = S.DRAFT
    elif action == "sign":
        agreement.signed_on = extra["signed_on"]
        agreement.valid_from = extra.get("valid_from") or agreement.signed_on
        if "valid_to" in extra:
            agreement.valid_to = extra["valid_to"]
        copy = extra.get("signed_copy")
        if copy is not None:
            kind = _check_upload(copy, "signed_copy", SIGNED_COPY_KINDS)
            copy.name = f"signed{EXTENSIONS[kind]}"
            agreement.signed_copy = copy
            fields.append("signed_copy")
        agreement.status = status_by_dates(agreement, today)
        fields += ["signed_on", "valid_from", "valid_to"]
        data.update(
            signed_on=agreement.signed_on,
            valid_from=agreement.valid_from,
            valid_to=agreement.valid_to,
            signed_copy=bool(copy),
        )
    elif action == "terminate":
        agreement.status = S.TERMINATED
        agreement.terminated_on = extra["terminated_on"]
        agreement.termination_reason = comment
        fields += ["terminated_on", "termination_reason"]
        data.update(terminated_on=agreement.terminated_on, reason=comment)
    elif action == "prolong":
        previous_end = agreement.valid_to
        automatic = bool(extra.get("automatic"))
        basis = (extra.get("basis") or "").strip()
        Prolongation.objects.create(
            organization=agreement.organization,
            agreement=agreement,
            previous_valid_to=previous_end,
            new_valid_to=extra["new_valid_to"],
            automatic=automatic,
            basis=basis,
        )
        agreement.valid_to = extra["new_valid_to"]
        agreement.status = status_by_dates(agreement, today)
        fields.append("valid_to")
        data.update(
            changes={"valid_to": [previous_end.isoformat(), agreement.valid_to.isoformat()]},
            automatic=automatic,
            basis=basis,
        )
    elif action == "enter_into_force":
        agreement.status = S.IN_FORCE
    elif action == "expire":
        agreement.status = S.EXPIRED
    if action in ("submit", "send_to_authority", "withdraw") and comment:
        data["comment"] = comment

    agreement.status_changed_at = now
    agreement.save(update_fields=fields)
    data["to"] = agreement.status
    audit.record(action=code, actor=actor, target=agreement, data=data)
    return agreement


def agreement_submit(*, agreement, actor, membership) -> Agreement:
    return agreement_transition(
        agreement=agreement, action="submit", actor=actor, membership=membership
    )


def agreement_approve(*, agreement, actor, membership=None, comment="") -> Agreement:
    """Unit, Service or leadership approval, or the authority's agreement (R3)."""
    return agreement_transition(
        agreement=agreement, action="approve", actor=actor, membership=membership, comment=comment
    )


def agreement_return(*, agreement, actor, membership=None, comment: str) -> Agreement:
    return agreement_transition(
        agreement=agreement, action="return", actor=actor, membership=membership, comment=comment
    )


def agreement_send_to_authority(*, agreement, actor, membership) -> Agreement:
    """R3: the organization asks the authorized body to agree the agreement."""
    return agreement_transition(
        agreement=agreement, action="send_to_authority", actor=actor, membership=membership
    )


def agreement_authority_decide(
    *, agreement: Agreement, actor: User, agree: bool, comment: str = ""
) -> Agreement:
    """R3: the authorized body agrees the agreement or returns it with a comment."""
    if not actor.is_authority:
        raise PartnersError(_("Only the authorized body decides on this step."))
    return agreement_transition(
        agreement=agreement, action="approve" if agree else "return", actor=actor, comment=comment
    )


def agreement_sign(
    *,
    agreement: Agreement,
    actor: User,
    membership: Membership,
    signed_on: date | None,
    valid_from: date | None = None,
    valid_to: date | None = None,
    signed_copy: UploadedFile | None = None,
    today: date | None = None,
) -> Agreement:
    """Record the signature of an agreement the authorized body agreed (R3, A2.6)."""
    return agreement_transition(
        agreement=agreement,
        action="sign",
        actor=actor,
        membership=membership,
        today=today,
        signed_on=signed_on,
        valid_from=valid_from,
        valid_to=valid_to,
        signed_copy=signed_copy,
    )


def agreement_terminate(
    *, agreement, actor, membership, terminated_on: date | None, reason: str
) -> Agreement:
    return agreement_transition(
        agreement=agreement,
        action="terminate",
        actor=actor,
        membership=membership,
        comment=reason,
        terminated_on=terminated_on,
    )


def agreement_withdraw(*, agreement, actor, membership) -> Agreement:
    return agreement_transition(
        agreement=agreement, action="withdraw", actor=actor, membership=membership
    )


@transaction.atomic
def agreement_signed_copy_upload(
    *, agreement: Agreement, actor: User, upload: UploadedFile
) -> Agreement:
    """The signed copy of a concluded agreement (A2.6), replacing an earlier one."""
    if agreement.status not in CONCLUDED:
        raise PartnersError(_("A signed copy belongs to an agreement that has been signed."))
    kind = _check_upload(upload, "signed_copy", SIGNED_COPY_KINDS)
    old = agreement.signed_copy if agreement.signed_copy else None
    upload.name = f"signed{EXTENSIONS[kind]}"
    agreement.signed_copy = upload
    agreement.save(update_fields=["signed_copy", "updated_at"])
    if old:
        _delete_files_after_commit([old])
    audit.record(
        action="partners.agreement.signed_copy_uploaded",
        actor=actor,
        target=agreement,
        data={"replaced": bool(old)},
    )
    return agreement


def _add_months(day: date, months: int) -> date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    for candidate in (31, 30, 29, 28):
        if day.day <= candidate:
            try:
                return date(year, month, min(day.day, candidate))
            except ValueError:
                continue
    return date(year, month, 28)  # pragma: no cover


def agreement_prolong(
    *,
    agreement: Agreement,
    actor: User | None,
    membership: Membership | None = None,
    new_valid_to: date | None,
    basis: str = "",
    automatic: bool = False,
    today: date | None = None,
) -> Agreement:
    """Prolong a signed agreement to a later end date (by a decision, or automatically by
    its clause); it is in force again when that end has not passed."""
    return agreement_transition(
        agreement=agreement,
        action="prolong",
        actor=actor,
        membership=membership,
        today=today,
        by_system=automatic,
        new_valid_to=new_valid_to,
        basis=basis,
        automatic=automatic,
    )


def agreement_statuses_refresh(*, today: date | None = None, organization=None) -> dict[str, int]:
    """The daily job: signed agreements enter into force when their validity begins;
    agreements prolonged automatically are prolonged when their end passes; the others
    expire. Returns how many of each happened."""
    from django_scopes import scopes_disabled

    today = today or timezone.localdate()
    counts = {"entered_into_force": 0, "prolonged": 0, "expired": 0}
    with scopes_disabled():
        agreements = Agreement.objects.filter(status__in=(S.SIGNED, S.IN_FORCE)).filter(
            Q(status=S.SIGNED, valid_from__lte=today) | Q(valid_to__lt=today)
        )
        if organization is not None:
            agreements = agreements.filter(organization=organization)
        for agreement in agreements.select_related("organization").order_by("id"):
            _refresh_one(agreement, today, counts)
    return counts


@transaction.atomic
def _refresh_one(agreement: Agreement, today: date, counts: dict[str, int]) -> None:
    if agreement.valid_to is not None and agreement.valid_to < today:
        if agreement.automatic_prolongation and agreement.prolongation_months:
            new_end = agreement.valid_to
            while new_end < today:
                new_end = _add_months(new_end, agreement.prolongation_months)
            agreement_prolong(
                agreement=agreement,
                actor=None,
                new_valid_to=new_end,
                basis=str(_("automatic prolongation clause")),
                automatic=True,
                today=today,
            )
            counts["prolonged"] += 1
            agreement.refresh_from_db()
        else:
            agreement_transition(
                agreement=agreement, action="expire", actor=None, today=today, by_system=True
            )
            counts["expired"] += 1
            return
    if agreement.status == S.SIGNED and agreement.valid_from and agreement.valid_from <= today:
        agreement_transition(
            agreement=agreement, action="enter_into_force", actor=None, today=today, by_system=True
        )
        counts["entered_into_force"] += 1


# --- implementation (R8.3, A2.7) -----------------------------------------------------------

ACTIVITY_FIELDS = ["title", "starts_on", "ends_on", "responsible", "notes"]
RESULT_FIELDS = ["date", "kind", "description", "activity"]


def _simple_create(model, *, agreement, actor, data, fields, action, extra_check=None):
    obj = model(organization=agreement.organization, agreement=agreement)
    assign_fields(obj, data, fields)
    _full_clean(obj, exclude=["agreement"])
    if extra_check:
        extra_check(obj)
    obj.save()
    audit.record(
        action=action,
        actor=actor,
        target=obj,
        data={"agreement": agreement.pk, "changes": audit.changes({}, audit.snapshot(obj, fields))},
    )
    return obj


def _simple_update(obj, *, actor, data, fields, action, extra_check=None):
    before = audit.snapshot(obj, fields)
    assign_fields(obj, data, fields)
    _full_clean(obj, exclude=["agreement"])
    if extra_check:
        extra_check(obj)
    obj.save()
    changes = audit.changes(before, audit.snapshot(obj, fields))
    if changes:
        audit.record(
            action=action,
            actor=actor,
            target=obj,
            data={"agreement": obj.agreement_id, "changes": changes},
        )
    return obj


def _simple_delete(obj, *, actor, fields, action):
    audit.record(
        action=action,
        actor=actor,
        target=obj,
        data={
            "agreement": obj.agreement_id,
            "changes": audit.changes(audit.snapshot(obj, fields), {}),
        },
    )
    obj.delete()


def _check_activity(activity: PlannedActivity) -> None:
    _same_organization(activity.organization, responsible=activity.responsible)


@transaction.atomic
def planned_activity_create(*, agreement, actor, data) -> PlannedActivity:
    return _simple_create(
        PlannedActivity,
        agreement=agreement,
        actor=actor,
        data=data,
        fields=ACTIVITY_FIELDS,
        action="partners.planned_activity.created",
        extra_check=_check_activity,
    )


@transaction.atomic
def planned_activity_update(*, activity, actor, data) -> PlannedActivity:
    return _simple_update(
        activity,
        actor=actor,
        data=data,
        fields=ACTIVITY_FIELDS,
        action="partners.planned_activity.updated",
        extra_check=_check_activity,
    )


@transaction.atomic
def planned_activity_delete(*, activity, actor) -> None:
    _simple_delete(
        activity, actor=actor, fields=ACTIVITY_FIELDS, action="partners.planned_activity.deleted"
    )


def _check_result(result: ImplementationResult) -> None:
    """Results belong to a signed agreement and are recorded when they have happened."""
    if result.agreement.status not in CONCLUDED:
        raise PartnersError(_("Results are recorded for agreements that have been signed."))
    if result.date and result.date > timezone.localdate():
        raise ValidationError(
            {"date": _("A result is recorded once it has happened; the date is in the future.")}
        )
    if result.activity is not None and result.activity.agreement_id != result.agreement_id:
        raise ValidationError({"activity": _("Choose an activity of this agreement.")})


LINKS = ("stays", "trips")


def _result_links(result: ImplementationResult, data: dict[str, Any]) -> dict[str, list]:
    """The stays (incoming) and trips (outbound) a result concerns, of the same organization."""
    links = {name: list(data.pop(name)) for name in LINKS if name in data}
    _same_organization(result.organization, **links)
    return links


def _result_snapshot(result: ImplementationResult) -> dict[str, Any]:
    values = audit.snapshot(result, RESULT_FIELDS)
    if result.pk:
        values["stays"] = sorted(result.stays.values_list("pk", flat=True))
        values["trips"] = sorted(result.trips.values_list("pk", flat=True))
    return values


@transaction.atomic
def implementation_result_create(*, agreement, actor, data) -> ImplementationResult:
    """Record a result of carrying out the agreement (R8.3; it counts for R4.2), with the
    foreigners' stays and the trips abroad it concerns."""
    data = dict(data)
    result = ImplementationResult(organization=agreement.organization, agreement=agreement)
    links = _result_links(result, data)
    assign_fields(result, data, RESULT_FIELDS)
    _full_clean(result, exclude=["agreement"])
    _check_result(result)
    result.save()
    for name, rows in links.items():
        getattr(result, name).set(rows)
    audit.record(
        action="partners.implementation_result.created",
        actor=actor,
        target=result,
        data={"agreement": agreement.pk, "changes": audit.changes({}, _result_snapshot(result))},
    )
    return result


@transaction.atomic
def implementation_result_update(*, result, actor, data) -> ImplementationResult:
    data = dict(data)
    before = _result_snapshot(result)
    links = _result_links(result, data)
    assign_fields(result, data, RESULT_FIELDS)
    _full_clean(result, exclude=["agreement"])
    _check_result(result)
    result.save()
    for name, rows in links.items():
        getattr(result, name).set(rows)
    changes = audit.changes(before, _result_snapshot(result))
    if changes:
        audit.record(
            action="partners.implementation_result.updated",
            actor=actor,
            target=result,
            data={"agreement": result.agreement_id, "changes": changes},
        )
    return result


@transaction.atomic
def implementation_result_delete(*, result, actor) -> None:
    _simple_delete(
        result, actor=actor, fields=RESULT_FIELDS, action="partners.implementation_result.deleted"
    )


@transaction.atomic
def yearly_summary_save(*, agreement: Agreement, actor: User, year: int, text: str):
    """The brief yearly information on carrying out the agreement (A2.7), edited by staff."""
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": _("Write the summary (it may start from the suggestion).")})
    summary = (
        YearlySummary.objects.for_org(agreement.organization)
        .filter(agreement=agreement, year=year)
        .first()
    )
    before = {"text": summary.text} if summary else {}
    if summary is None:
        summary = YearlySummary(
            organization=agreement.organization, agreement=agreement, year=year, text=text
        )
    summary.text = text
    _full_clean(summary, exclude=["agreement"])
    summary.save()
    changes = audit.changes(before, {"text": text})
    if changes:
        audit.record(
            action="partners.yearly_summary.saved",
            actor=actor,
            target=summary,
            data={"agreement": agreement.pk, "year": year, "changes": changes},
        )
    return summary


# --- stays and trips under agreements (R8.3, A2.3, R8.4, R8.5) --------------------------------


# Who links (rows of core.access): it changes partners' data, about a stay the role sees, or
# also changes the trip's host organization (outbound's data).
LINK_STAYS = ("partners.change", "incoming.view")
LINK_TRIPS = ("partners.change", "outbound.change")


def may_link_stays(membership: Membership | None) -> bool:
    return all(can(membership, permission) for permission in LINK_STAYS)


def may_link_trips(membership: Membership | None) -> bool:
    return all(can(membership, permission) for permission in LINK_TRIPS)


def _not_found_unless_own(organization: Organization, *rows) -> None:
    """Another organization's agreement or partner is answered as not found: its existence is
    never revealed (DESIGN.md)."""
    if any(row is not None and row.organization_id != organization.pk for row in rows):
        raise Http404


def agreement_is_linkable(agreement: Agreement) -> bool:
    """R8.3: stays and trips are linked to an agreement that was signed (signed, in force,
    expired or terminated): the ones that are, or were, being carried out."""
    return agreement.status in CONCLUDED


def _check_linkable(agreement: Agreement) -> None:
    if not agreement_is_linkable(agreement):
        raise PartnersError(
            _(
                "Only a signed agreement (signed, in force, expired or terminated) can be "
                "linked; this one is “%(status)s”."
            )
            % {"status": agreement.get_status_display()},
            field="agreement",
        )


def _name(row) -> str | None:
    return str(row) if row is not None else None


@transaction.atomic
def agreement_stay_link(*, stay: Stay, agreement: Agreement, actor: User) -> AgreementStay:
    """R8.3 (organizational support of carrying out agreements), A2.3 (arrival line): the
    foreigner's stay takes place under the agreement. A stay is under one agreement at most:
    linking it again moves it to the new one. Audited on the stay, so its history shows it."""
    organization = stay.organization
    _not_found_unless_own(organization, agreement)
    _check_linkable(agreement)
    link = (
        AgreementStay.objects.for_org(organization)
        .select_related("agreement")
        .filter(stay=stay)
        .first()
    )
    if link is not None and link.agreement_id == agreement.pk:
        return link
    before = link.agreement if link is not None else None
    if link is None:
        link = AgreementStay(organization=organization, stay=stay)
    link.agreement = agreement
    link.save()
    audit.record(
        action="partners.agreement_stay.linked",
        actor=actor,
        target=stay,
        data={
            "agreement": agreement.pk,
            "changes": audit.changes({"agreement": _name(before)}, {"agreement": str(agreement)}),
        },
    )
    return link


@transaction.atomic
def agreement_stay_unlink(*, link: AgreementStay, actor: User) -> None:
    """The stay is no longer recorded as taking place under the agreement (R8.3)."""
    audit.record(
        action="partners.agreement_stay.unlinked",
        actor=actor,
        target=link.stay,
        data={
            "agreement": link.agreement_id,
            "changes": audit.changes({"agreement": str(link.agreement)}, {"agreement": None}),
        },
    )
    link.delete()


def _trip_link_values(link: TripPartnerLink | None) -> dict[str, Any]:
    if link is None:
        return {"partner": None, "agreement": None}
    return {"partner": _name(link.partner), "agreement": _name(link.agreement)}


def host_organization_name(partner: Partner) -> str:
    """The trip's host organization text for a partner: its name in Latin letters (or the
    original one), the same whatever the language of whoever links it."""
    return partner.name_latin or partner.name_original


def _trip_host_from(trip: Trip, partner: Partner, actor: User) -> None:
    """The trip says what its partner is: host organization, and country and city where the
    trip has none. Through outbound's own service, with its checks and its audit entry (a
    trip closed or cancelled keeps its data: outbound refuses, and so the link is refused)."""
    data: dict[str, Any] = {}
    name = host_organization_name(partner)
    if trip.host_organization != name:
        data["host_organization"] = name
    if not trip.country and partner.country:
        data["country"] = partner.country.code
    if not trip.city and partner.city:
        data["city"] = partner.city
    if data:
        outbound_services.trip_update(trip=trip, actor=actor, data=data)


@transaction.atomic
def trip_partner_link(
    *,
    trip: Trip,
    actor: User,
    partner: Partner | None = None,
    agreement: Agreement | None = None,
) -> TripPartnerLink:
    """R8.3 with R8.4/R8.5: the host partner of a trip abroad and/or the agreement the trip is
    made under (at least one). The agreement must have been signed; when both are given the
    partner is a party of the agreement. A partner also becomes the trip's host organization
    (see _trip_host_from). Linking again replaces the earlier link; audited on the trip."""
    organization = trip.organization
    _not_found_unless_own(organization, partner, agreement)
    if partner is None and agreement is None:
        raise PartnersError(_("Choose the host partner, the agreement or both."), field="partner")
    if agreement is not None:
        _check_linkable(agreement)
        if partner is not None and not agreement.partners.filter(pk=partner.pk).exists():
            raise PartnersError(
                _("%(partner)s is not a party of the agreement “%(agreement)s”.")
                % {"partner": partner, "agreement": agreement.title},
                field="partner",
            )
    link = (
        TripPartnerLink.objects.for_org(organization)
        .select_related("partner", "agreement")
        .filter(trip=trip)
        .first()
    )
    before = _trip_link_values(link)
    if link is None:
        link = TripPartnerLink(organization=organization, trip=trip)
    link.partner, link.agreement = partner, agreement
    changes = audit.changes(before, _trip_link_values(link))
    if not changes:
        return link
    if partner is not None:
        _trip_host_from(trip, partner, actor)
    link.save()
    audit.record(
        action="partners.trip_partner_link.linked",
        actor=actor,
        target=trip,
        data={
            "partner": link.partner_id,
            "agreement": link.agreement_id,
            "changes": changes,
        },
    )
    return link


@transaction.atomic
def trip_partner_unlink(*, link: TripPartnerLink, actor: User) -> None:
    """The trip no longer names a host partner or agreement; its host organization text, a
    trip's own data, stays as it is."""
    audit.record(
        action="partners.trip_partner_link.unlinked",
        actor=actor,
        target=link.trip,
        data={
            "partner": link.partner_id,
            "agreement": link.agreement_id,
            "changes": audit.changes(_trip_link_values(link), {"partner": None, "agreement": None}),
        },
    )
    link.delete()


# --- diplomatic missions and contacts (R8.12) ----------------------------------------------

MISSION_FIELDS = [
    "kind",
    "name",
    "country",
    "city",
    "address",
    "phones",
    "email",
    "website",
    "contacts",
    "notes",
]
CONTACT_FIELDS = ["date", "subject", "stay", "outcome"]
# An entry about a foreigner's stay is personal data: its values are masked in the audit log.
CONTACT_RESTRICTED = ("stay", "subject", "outcome")


@transaction.atomic
def mission_create(*, organization, actor, data) -> DiplomaticMission:
    mission = DiplomaticMission(organization=organization)
    assign_fields(mission, data, MISSION_FIELDS)
    _full_clean(mission)
    mission.save()
    audit.record(
        action="partners.diplomatic_mission.created",
        actor=actor,
        target=mission,
        data={"changes": audit.changes({}, audit.snapshot(mission, MISSION_FIELDS))},
    )
    return mission


@transaction.atomic
def mission_update(*, mission, actor, data) -> DiplomaticMission:
    before = audit.snapshot(mission, MISSION_FIELDS)
    assign_fields(mission, data, MISSION_FIELDS)
    _full_clean(mission)
    mission.save()
    changes = audit.changes(before, audit.snapshot(mission, MISSION_FIELDS))
    if changes:
        audit.record(
            action="partners.diplomatic_mission.updated",
            actor=actor,
            target=mission,
            data={"changes": changes},
        )
    return mission


@transaction.atomic
def mission_delete(*, mission, actor) -> None:
    if mission.contacts_log.exists():
        raise PartnersError(
            _("The contacts log of %(name)s is not empty; it cannot be deleted.")
            % {"name": mission}
        )
    audit.record(
        action="partners.diplomatic_mission.deleted",
        actor=actor,
        target=mission,
        data={"changes": audit.changes(audit.snapshot(mission, MISSION_FIELDS), {})},
    )
    mission.delete()


def _contact_changes(before, after, about_a_stay) -> dict:
    restricted = CONTACT_RESTRICTED if about_a_stay else ()
    return audit.changes(before, after, restricted=restricted)


def _check_contact(entry: MissionContact) -> None:
    _same_organization(entry.organization, stay=entry.stay)
    if entry.date and entry.date > timezone.localdate():
        raise ValidationError({"date": _("A contact is logged once it has taken place.")})


@transaction.atomic
def mission_contact_create(*, mission, actor, data) -> MissionContact:
    entry = MissionContact(organization=mission.organization, mission=mission)
    assign_fields(entry, data, CONTACT_FIELDS)
    _full_clean(entry, exclude=["mission"])
    _check_contact(entry)
    entry.save()
    audit.record(
        action="partners.mission_contact.created",
        actor=actor,
        target=entry,
        target_repr=str(mission),
        data={
            "mission": mission.pk,
            "changes": _contact_changes({}, audit.snapshot(entry, CONTACT_FIELDS), entry.stay_id),
        },
    )
    return entry


@transaction.atomic
def mission_contact_update(*, entry, actor, data) -> MissionContact:
    had_stay = entry.stay_id
    before = audit.snapshot(entry, CONTACT_FIELDS)
    assign_fields(entry, data, CONTACT_FIELDS)
    _full_clean(entry, exclude=["mission"])
    _check_contact(entry)
    entry.save()
    changes = _contact_changes(
        before, audit.snapshot(entry, CONTACT_FIELDS), had_stay or entry.stay_id
    )
    if changes:
        audit.record(
            action="partners.mission_contact.updated",
            actor=actor,
            target=entry,
            target_repr=str(entry.mission),
            data={"mission": entry.mission_id, "changes": changes},
        )
    return entry


@transaction.atomic
def mission_contact_delete(*, entry, actor) -> None:
    audit.record(
        action="partners.mission_contact.deleted",
        actor=actor,
        target=entry,
        target_repr=str(entry.mission),
        data={
            "mission": entry.mission_id,
            "changes": _contact_changes(audit.snapshot(entry, CONTACT_FIELDS), {}, entry.stay_id),
        },
    )
    entry.delete()


# --- settings ------------------------------------------------------------------------------

SETTINGS_FIELDS = ["expiry_first_alert_days", "expiry_second_alert_days"]


@transaction.atomic
def partners_settings_update(*, organization, actor, data) -> PartnersSettings:
    settings_row = PartnersSettings.objects.for_org(organization).first() or PartnersSettings(
        organization=organization
    )
    before = audit.snapshot(settings_row, SETTINGS_FIELDS) if settings_row.pk else {}
    assign_fields(settings_row, data, SETTINGS_FIELDS)
    _full_clean(settings_row)
    settings_row.save()
    changes = audit.changes(before, audit.snapshot(settings_row, SETTINGS_FIELDS))
    if changes:
        audit.record(
            action="partners.settings.updated",
            actor=actor,
            target=settings_row,
            data={"changes": changes},
        )
    return settings_row
