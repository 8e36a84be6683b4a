"""Reads of core data for pages and the API."""

from __future__ import annotations

from datetime import date, datetime, time

from django.db.models import Exists, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_scopes import scopes_disabled

from .audit import kind_filter
from .enums import InvitationStatus, Role
from .models import AuditEntry, Invitation, Membership, Organization, User


def audit_entries(
    *,
    organization: Organization,
    action: str = "",
    actor: str = "",
    target: str = "",
    kind: str = "",
    date_from: date | None = None,
    date_to: date | None = None,
) -> QuerySet[AuditEntry]:
    """The organization's entries, and its members' own account events (logins, tokens);
    filtered by who (name or e-mail), the object's text, the kind of event and the dates."""
    members = Membership.objects.filter(organization=organization).values("user_id")
    entries = AuditEntry.objects.filter(
        Q(organization=organization) | Q(organization__isnull=True, actor_id__in=members)
    ).select_related("actor")
    if action:
        entries = entries.filter(action__icontains=action)
    if target:
        entries = entries.filter(target_repr__icontains=target)
    if kind:
        entries = entries.filter(kind_filter(kind))
    if actor:
        entries = entries.filter(Q(actor_repr__icontains=actor) | Q(actor__email__icontains=actor))
    tz = timezone.get_current_timezone()
    if date_from:
        entries = entries.filter(created_at__gte=datetime.combine(date_from, time.min, tz))
    if date_to:
        entries = entries.filter(created_at__lte=datetime.combine(date_to, time.max, tz))
    return entries.order_by("-created_at", "-id")


def audit_entries_for(target) -> QuerySet[AuditEntry]:
    """The history of one object, for the history partial of object pages."""
    from django.contrib.contenttypes.models import ContentType

    return (
        AuditEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(target), object_id=str(target.pk)
        )
        .select_related("actor")
        .order_by("-created_at", "-id")
    )


# --- the authority's registry of organizations (issue 11) ----------------------------------

HEAD_STATES = ("accepted", "invited", "expired", "revoked", "none")


@scopes_disabled()  # the authorized body reads every organization, explicitly
def organization_registry(
    *, search: str = "", region: str = "", kind: str = "", active: str = "", head: str = ""
) -> QuerySet[Organization]:
    """Every organization (for the authorized body), each annotated with whether an active
    head of the Service works in it (`has_head`) and with its latest invitation to that role
    (`head_email`, `head_status`, `head_expires_at`); `head_state(row)` reads them. One query.

    Filters: `search` in the names and the BIN, `region`, `kind`, `active` ("yes"/"no") and
    `head`, one of HEAD_STATES.
    """
    heads = Membership.objects.filter(
        organization=OuterRef("pk"), role=Role.SERVICE_HEAD, is_active=True
    )
    latest = (
        Invitation.objects.filter(organization=OuterRef("pk"), role=Role.SERVICE_HEAD)
        .order_by("-created_at", "-id")
        .values
    )
    rows = Organization.objects.annotate(
        has_head=Exists(heads),
        head_email=Subquery(latest("email")[:1]),
        head_status=Subquery(latest("status")[:1]),
        head_expires_at=Subquery(latest("expires_at")[:1]),
    )
    if search:
        rows = rows.filter(
            Q(name_ru__icontains=search)
            | Q(name_kk__icontains=search)
            | Q(name_en__icontains=search)
            | Q(short_name__icontains=search)
            | Q(bin__startswith=search.strip())
        )
    if region:
        rows = rows.filter(region=region)
    if kind:
        rows = rows.filter(kind=kind)
    if active in ("yes", "no"):
        rows = rows.filter(is_active=active == "yes")
    now = timezone.now()
    waiting = Q(head_status=InvitationStatus.PENDING)
    by_state = {
        "accepted": Q(has_head=True),
        "invited": Q(has_head=False) & waiting & Q(head_expires_at__gt=now),
        "expired": Q(has_head=False) & waiting & Q(head_expires_at__lte=now),
        "revoked": Q(has_head=False, head_status=InvitationStatus.REVOKED),
        "none": Q(has_head=False)
        & (Q(head_status__isnull=True) | Q(head_status=InvitationStatus.ACCEPTED)),
    }
    if head in by_state:
        rows = rows.filter(by_state[head])
    return rows.order_by("short_name", "id")


def head_state(row: Organization) -> str:
    """One of HEAD_STATES for a row of organization_registry: an active head works in it,
    the latest invitation to the role waits, has expired or was revoked, or none of these."""
    if row.has_head:
        return "accepted"
    if row.head_status == InvitationStatus.PENDING:
        return "invited" if row.head_expires_at > timezone.now() else "expired"
    if row.head_status == InvitationStatus.REVOKED:
        return "revoked"
    return "none"


@scopes_disabled()  # the authorized body's view of one organization
def organization_invitations(organization: Organization) -> QuerySet[Invitation]:
    """Every invitation of an organization to the role of head of the Service, newest first
    (the authority's view of it)."""
    return (
        Invitation.objects.filter(organization=organization, role=Role.SERVICE_HEAD)
        .select_related("invited_by", "accepted_by")
        .order_by("-created_at", "-id")
    )


def organization_heads(organization: Organization) -> QuerySet[Membership]:
    """The organization's active heads of the Service, with their users."""
    return (
        Membership.objects.filter(organization=organization, role=Role.SERVICE_HEAD, is_active=True)
        .select_related("user")
        .order_by("user__full_name", "user__email")
    )


@scopes_disabled()  # the authorized body's own users belong to no organization
def authority_users() -> QuerySet[User]:
    """The active users of the authorized body, with whether each has a second factor."""
    confirmed = TOTPDevice.objects.filter(user=OuterRef("pk"), confirmed=True)
    return (
        User.objects.filter(is_authority=True, is_active=True)
        .annotate(has_second_factor=Exists(confirmed))
        .order_by("full_name", "email", "pk")
    )


@scopes_disabled()  # authority invitations have no organization
def authority_invitations() -> QuerySet[Invitation]:
    """Invitations to the authorized body that wait for acceptance (or expired unanswered),
    newest first; accepted and revoked ones are in the audit log."""
    return (
        Invitation.objects.filter(organization=None, status=InvitationStatus.PENDING)
        .select_related("invited_by")
        .order_by("-created_at", "-id")
    )
