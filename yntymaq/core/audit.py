"""The audit log writer. Call `record()` from services, inside the change's transaction."""

from __future__ import annotations

import contextvars
import datetime as dt
import decimal
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models

from .models import AuditEntry, Organization, User

MASK = "••••••"
SECRET_WORDS = ("password", "token", "secret", "otp", "key")

# The address of the request being served, set by RequestContextMiddleware.
current_ip: contextvars.ContextVar[str | None] = contextvars.ContextVar("current_ip", default=None)


def _plain(value: Any) -> Any:
    if isinstance(value, models.Model):
        return str(value)
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, models.fields.files.FieldFile):
        return value.name or ""
    if isinstance(value, list | tuple | set):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if value is None or isinstance(value, str | int | float | bool):
        return value
    return str(value)


def _is_secret(key: str) -> bool:
    lowered = key.lower()
    return any(word in lowered for word in SECRET_WORDS)


def snapshot(instance: models.Model, fields: list[str] | None = None) -> dict[str, Any]:
    """Plain values of a model's concrete fields, for `changes()`."""
    names = fields or [
        f.name
        for f in instance._meta.concrete_fields
        if f.name not in ("id", "created_at", "updated_at", "organization")
    ]
    values = {}
    for name in names:
        field = instance._meta.get_field(name)
        values[name] = _plain(getattr(instance, field.attname if field.is_relation else name))
    return values


def changes(
    before: dict[str, Any], after: dict[str, Any], restricted: tuple[str, ...] = ()
) -> dict[str, list[Any]]:
    """{field: [old, new]} for fields that differ; restricted and secret values masked."""
    result = {}
    for name in sorted(set(before) | set(after)):
        old, new = before.get(name), after.get(name)
        if old == new:
            continue
        if name in restricted or _is_secret(name):
            old, new = (
                (MASK if old not in (None, "") else old),
                (MASK if new not in (None, "") else new),
            )
        result[name] = [old, new]
    return result


def entry(
    *,
    action: str,
    actor: User | None,
    target: models.Model | None = None,
    organization: Organization | None = None,
    data: dict[str, Any] | None = None,
    target_repr: str | None = None,
) -> AuditEntry:
    """One entry, checked but not saved yet (`record` saves it; `record_many` saves many)."""
    if organization is None and isinstance(target, Organization):
        organization = target
    elif organization is None and target is not None:
        organization = getattr(target, "organization", None)
    payload = {k: (MASK if _is_secret(k) else _plain(v)) for k, v in (data or {}).items()}
    new = AuditEntry(
        organization=organization,
        actor=actor if actor is not None and actor.is_authenticated else None,
        actor_repr=str(actor) if actor is not None and actor.is_authenticated else "",
        action=action,
        content_type=ContentType.objects.get_for_model(target) if target is not None else None,
        object_id=str(target.pk) if target is not None and target.pk is not None else "",
        target_repr=(target_repr if target_repr is not None else str(target or ""))[:300],
        data=payload,
        ip=current_ip.get(),
    )
    new.full_clean(exclude=["organization", "actor", "content_type"])
    return new


def record(
    *,
    action: str,
    actor: User | None,
    target: models.Model | None = None,
    organization: Organization | None = None,
    data: dict[str, Any] | None = None,
    target_repr: str | None = None,
) -> AuditEntry:
    """Append one entry. `organization` defaults to the target's organization."""
    new = entry(
        action=action,
        actor=actor,
        target=target,
        organization=organization,
        data=data,
        target_repr=target_repr,
    )
    new.save()
    return new


def record_many(entries: list[AuditEntry]) -> None:
    """Append entries made by `entry()` in a few statements (imports of thousands of rows)."""
    AuditEntry.objects.bulk_create(entries, batch_size=1000)


def record_restricted_read(
    *,
    action: str,
    actor: User,
    fields: list[str],
    target: models.Model | None = None,
    organization: Organization | None = None,
    ids: list[int] | None = None,
) -> AuditEntry | None:
    """An API read that returned restricted personal data (IINs, identity documents, A1.6,
    A1.7, photos): one entry per request, naming the fields and, for a list, the rows read.
    Pages write the same entries through core.views.base.log_view_of_restricted. A list that
    returned no such rows is not recorded."""
    if target is None and not ids:
        return None
    data: dict[str, Any] = {"fields": fields, "via": "api"}
    if ids:
        data["ids"] = ids
    return record(action=action, actor=actor, target=target, organization=organization, data=data)
