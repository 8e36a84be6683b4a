"""Reads of core data for pages and the API."""

from __future__ import annotations

from datetime import date, datetime, time

from django.db.models import Q, QuerySet
from django.utils import timezone

from .models import AuditEntry, Membership, Organization


def audit_entries(
    *,
    organization: Organization,
    action: str = "",
    actor: str = "",
    date_from: date | None = None,
    date_to: date | None = None,
) -> QuerySet[AuditEntry]:
    """The organization's entries, and its members' own account events (logins, tokens)."""
    members = Membership.objects.filter(organization=organization).values("user_id")
    entries = AuditEntry.objects.filter(
        Q(organization=organization) | Q(organization__isnull=True, actor_id__in=members)
    ).select_related("actor")
    if action:
        entries = entries.filter(action__icontains=action)
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
