"""Reads of the service registries for pages, the API, the dashboard and the authority."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_scopes import scopes_disabled

from yntymaq.core.enums import InvitationStatus, Role
from yntymaq.core.models import Invitation, Membership, Organization
from yntymaq.people.models import Person

from .models import Appointment, Official, ServiceProfile, Unit
from .rules import RuleWarning, appointment_warnings


def unit_list(organization: Organization) -> QuerySet[Unit]:
    """Units with their coordinators (users) and the number of their officials."""
    coordinators = Membership.objects.select_related("user").order_by("user__full_name")
    return (
        Unit.objects.for_org(organization)
        .annotate(official_count=Count("officials"))
        .prefetch_related(Prefetch("coordinators", queryset=coordinators))
        .order_by("name_ru", "name_kk", "id")
    )


def unit_choices(organization: Organization) -> QuerySet[Unit]:
    """The organization's units, for choosing an official's unit."""
    return Unit.objects.for_org(organization)


def coordinator_choices(organization: Organization) -> QuerySet[Membership]:
    """Memberships that may coordinate a unit: active unit coordinators of the organization."""
    return (
        Membership.objects.filter(
            organization=organization, is_active=True, role=Role.UNIT_COORDINATOR
        )
        .select_related("user")
        .order_by("user__full_name", "user__email")
    )


def person_choices(organization: Organization) -> QuerySet[Person]:
    """The organization's persons, for choosing an official, an appointee or technical staff."""
    return Person.objects.for_org(organization)


def unit_persons(membership: Membership) -> list[QuerySet]:
    """Persons linked to the units the membership coordinates: their officials (A2.2).
    Registered with people.queries.register_unit_link."""
    officials = Official.objects.for_org(membership.organization)
    return [officials.filter(unit__coordinators=membership).values("person_id")]


def official_list(organization: Organization) -> QuerySet[Official]:
    return Official.objects.for_org(organization).select_related("person", "unit")


def service_profile(organization: Organization) -> ServiceProfile | None:
    """The organization's Service profile, or None while nothing has been recorded."""
    return (
        ServiceProfile.objects.for_org(organization)
        .select_related("inspector", "methodologist")
        .first()
    )


def current_appointment(organization: Organization, on: date | None = None) -> Appointment | None:
    """The appointment in force on the date (default today): started, not yet ended."""
    on = on or timezone.localdate()
    return (
        Appointment.objects.for_org(organization)
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=on), starts_on__lte=on)
        .select_related("person", "organization")
        .order_by("-starts_on", "-id")
        .first()
    )


def appointment_history(organization: Organization) -> QuerySet[Appointment]:
    """Every appointment of the organization, latest first."""
    return (
        Appointment.objects.for_org(organization)
        .select_related("person", "organization")
        .order_by("-starts_on", "-id")
    )


def appointment_get(organization: Organization, pk: int) -> Appointment:
    return appointment_history(organization).get(pk=pk)


@dataclass
class ServiceStatus:
    """One organization's line in the authority's overview."""

    organization: Organization
    profile: ServiceProfile | None
    appointment: Appointment | None
    warnings: list[RuleWarning] = field(default_factory=list)

    @property
    def has_service(self) -> bool:
        return self.profile is not None and self.profile.exists

    @property
    def warning_count(self) -> int:
        return len(self.warnings)


def organizations_service_status(
    *, region: str = "", kind: str = "", on: date | None = None
) -> list[ServiceStatus]:
    """Every organization (optionally of one region and kind) with its Service status and the
    appointment in force, with its R5/R6/R7 warnings. Three queries, whatever the number of
    organizations.

    For the authorized body, which sees every organization: this deliberately reads across
    tenants, so it leaves the django-scopes scope.
    """
    on = on or timezone.localdate()
    organizations = Organization.objects.order_by("short_name", "id")
    if region:
        organizations = organizations.filter(region=region)
    if kind:
        organizations = organizations.filter(kind=kind)
    selected = organizations.values("id")
    with scopes_disabled():
        profiles = {
            p.organization_id: p for p in ServiceProfile.objects.filter(organization__in=selected)
        }
        appointments = {}
        for appointment in (
            Appointment.objects.filter(organization__in=selected, starts_on__lte=on)
            .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=on))
            .select_related("person")
            .order_by("organization_id", "starts_on", "id")
        ):
            appointments[appointment.organization_id] = appointment  # the latest one wins
    rows = []
    for organization in organizations:
        profile = profiles.get(organization.id)
        appointment = appointments.get(organization.id)
        warnings = appointment_warnings(appointment, profile, on) if appointment else []
        rows.append(ServiceStatus(organization, profile, appointment, warnings))
    return rows


# --- members of the organization (issue 11) ------------------------------------------------


def member_list(organization: Organization) -> QuerySet[Membership]:
    """Every member (active first) with the user, the units they coordinate and whether they
    have set up a second factor. Three queries, whatever the number of members."""
    confirmed = TOTPDevice.objects.filter(user=OuterRef("user"), confirmed=True)
    return (
        Membership.objects.filter(organization=organization)
        .select_related("user", "organization")
        .annotate(has_two_factor=Exists(confirmed))
        .prefetch_related(
            Prefetch("coordinated_units", queryset=Unit.objects.for_org(organization))
        )
        .order_by("-is_active", "user__full_name", "user__email", "id")
    )


def member_get(organization: Organization, pk: int) -> Membership:
    """One member of the organization (DoesNotExist for another organization's)."""
    return member_list(organization).get(pk=pk)


def invitation_list(organization: Organization) -> QuerySet[Invitation]:
    """The organization's invitations still waiting (or expired unanswered), newest first,
    with their units and who invited."""
    return (
        Invitation.objects.for_org(organization)
        .filter(status=InvitationStatus.PENDING)
        .select_related("invited_by", "organization")
        .prefetch_related(Prefetch("units", queryset=Unit.objects.for_org(organization)))
        .order_by("-created_at", "-id")
    )


def service_head_emails(organization: Organization) -> set[str]:
    """E-mails of the organization's active members with the role of head of the Service."""
    return {
        email.lower()
        for email in Membership.objects.filter(
            organization=organization, role=Role.SERVICE_HEAD, is_active=True
        ).values_list("user__email", flat=True)
    }
