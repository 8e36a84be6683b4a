"""Checks of the Rules on the Service and its head: R5, R6, R7.

They produce warnings, not errors: an appointment is made by an order of the first head, and
the system records it as it was made. The warnings show on the Service page, on the
appointment page, on the dashboard and in the authority's overview.

Why the kind check (R5/R6) is a warning and not a validation error: the Service profile can
change after the appointment (a Service is created or closed), so a check made only when
the appointment is saved would not keep them consistent; a warning computed from the current
profile always does.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from .enums import AppointmentKind
from .models import Appointment, ServiceProfile


@dataclass(frozen=True)
class RuleWarning:
    code: str  # stable identifier, e.g. "r7_foreign_language"
    clause: str  # clause ID of RULES.md, e.g. "R7"
    message: str | Promise  # translated text that cites the clause

    def as_dict(self) -> dict[str, str]:
        return {"code": self.code, "clause": self.clause, "message": str(self.message)}


def _check_date(appointment: Appointment, on: date | None) -> date:
    """The date the checks are made for: `on`, else today kept within the appointment's term."""
    if on is not None:
        return on
    today = timezone.localdate()
    if appointment.ends_on and today > appointment.ends_on:
        return appointment.ends_on
    if today < appointment.starts_on:
        return appointment.starts_on
    return today


def appointment_r7_warnings(appointment: Appointment, on: date | None = None) -> list[RuleWarning]:
    """R7: the head of the Service (or the responsible person) is appointed from experienced
    teachers with at least one year of experience in this field, experience of work with
    foreigners, command of the state language and of a foreign language, and access to secret
    documents; reports to the first head and/or the deputy for international cooperation; is a
    member of the admissions committee.

    One warning per unmet condition. The secret-documents access must be valid on `on`
    (default: today, kept within the appointment's term). Makes no database query.
    """
    on = _check_date(appointment, on)
    warnings = []

    def warn(code: str, message) -> None:
        warnings.append(RuleWarning(code=code, clause="R7", message=message))

    if appointment.teaching_years < 1:
        warn("r7_teaching", _("R7: the appointee must be an experienced teacher."))
    if appointment.cooperation_years < 1:
        warn(
            "r7_cooperation_years",
            _("R7: the appointee must have at least one year of experience in this field."),
        )
    if not appointment.works_with_foreigners:
        warn(
            "r7_foreigners",
            _("R7: the appointee must have experience of work with foreigners."),
        )
    if not appointment.state_language_level:
        warn("r7_state_language", _("R7: the appointee must command the state language."))
    if not appointment.foreign_language.strip() or not appointment.foreign_language_level:
        warn(
            "r7_foreign_language",
            _("R7: the appointee must command a foreign language (state which, and the level)."),
        )
    if not appointment.clearance:
        warn("r7_secret_access", _("R7: the appointee must have access to secret documents."))
    elif appointment.clearance_expires_on and appointment.clearance_expires_on < on:
        warn(
            "r7_secret_access_expired",
            _("R7: the access to secret documents expired on %(date)s.")
            % {"date": date_format(appointment.clearance_expires_on, "SHORT_DATE_FORMAT")},
        )
    if not appointment.reports_to_first_head and not appointment.reports_to_deputy:
        warn(
            "r7_reporting",
            _(
                "R7: the appointee must report to the first head and/or the deputy "
                "for international cooperation."
            ),
        )
    if not appointment.admissions_committee_member:
        warn(
            "r7_admissions_committee",
            _("R7: the appointee must be a member of the admissions committee."),
        )
    return warnings


def appointment_kind_warnings(
    appointment: Appointment, profile: ServiceProfile | None
) -> list[RuleWarning]:
    """R5/R6: with a Service its head is appointed (R5); without one, a person responsible for
    international cooperation (R6). No profile recorded counts as no Service."""
    has_service = profile is not None and profile.exists
    if has_service and appointment.kind != AppointmentKind.HEAD:
        return [
            RuleWarning(
                code="r5_kind",
                clause="R5",
                message=_(
                    "R5: the organization has a Service, so the head of the Service "
                    "is appointed, not a responsible person."
                ),
            )
        ]
    if not has_service and appointment.kind != AppointmentKind.RESPONSIBLE:
        return [
            RuleWarning(
                code="r6_kind",
                clause="R6",
                message=_(
                    "R6: the organization has no Service, so a person responsible for "
                    "international cooperation is appointed, not a head of the Service."
                ),
            )
        ]
    return []


def appointment_warnings(
    appointment: Appointment, profile: ServiceProfile | None, on: date | None = None
) -> list[RuleWarning]:
    """Every warning about an appointment: the kind (R5/R6) first, then R7."""
    return appointment_kind_warnings(appointment, profile) + appointment_r7_warnings(
        appointment, on
    )


def service_profile_r5_warnings(profile: ServiceProfile | None) -> list[RuleWarning]:
    """R5: a Service is created by an order of the first head, which approves its regulation
    and the staff's duties; it gets premises fit for strict-accountability documents (metal
    doors, window bars, alarm), inventory, communications, office equipment and technical
    staff (inspector, methodologist). Checked only where the organization has a Service."""
    if profile is None or not profile.exists:
        return []
    warnings = []

    def warn(code: str, message) -> None:
        warnings.append(RuleWarning(code=code, clause="R5", message=message))

    if not profile.creation_order_number or not profile.creation_order_date:
        warn("r5_order", _("R5: record the number and date of the order creating the Service."))
    if not profile.regulation:
        warn("r5_regulation", _("R5: upload the regulation (statute) of the Service."))
    if not profile.duties:
        warn("r5_duties", _("R5: upload the duties of the Service's staff."))
    if not (profile.metal_doors and profile.window_bars and profile.alarm):
        warn(
            "r5_premises",
            _(
                "R5: the premises must be fit to keep strict-accountability documents "
                "(metal doors, window bars, alarm)."
            ),
        )
    if not (profile.has_inventory and profile.has_communications and profile.has_office_equipment):
        warn(
            "r5_equipment",
            _("R5: the Service must have inventory, communications and office equipment."),
        )
    if not profile.inspector_display or not profile.methodologist_display:
        warn(
            "r5_staff",
            _("R5: the Service must have technical staff: an inspector and a methodologist."),
        )
    return warnings


def appointment_member_warnings(
    appointment: Appointment, head_emails: set[str]
) -> list[RuleWarning]:
    """Where the R6/R7 appointment meets the members (issue 11): the person appointed head of
    the Service (or responsible person) should work in the system as an active member with
    the role "head of the Service / responsible person". They are matched by the e-mail of
    their record in People with the members' e-mails (`head_emails`, lower case); the
    appointment stays valid either way, so this is a warning on the Service, appointment and
    members pages. Makes no database query."""
    email = (appointment.person.email or "").strip().lower()
    if not email:
        message = _(
            "Members: the e-mail of the person appointed (R6/R7) is not recorded in People, "
            "so it cannot be checked that they work in the system as head of the Service."
        )
        return [RuleWarning(code="r7_member_email_missing", clause="R7", message=message)]
    if email in head_emails:
        return []
    message = _(
        "Members: %(person)s is appointed (R6/R7), but no active member with the e-mail "
        "%(email)s has the role of head of the Service / responsible person. Invite them, or "
        "change their role, in Members."
    ) % {"person": appointment.person, "email": email}
    return [RuleWarning(code="r7_member_not_head", clause="R7", message=message)]
