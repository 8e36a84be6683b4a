"""Helpers shared by the incoming services: assign, validate, audit a child record."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models

from yntymaq.core import audit


def validate(instance: models.Model, exclude: list[str] | None = None) -> None:
    """The one-row invariants (field validators and clean()) of the instance."""
    exclude = ["organization", *(exclude or [])]
    instance.full_clean(exclude=exclude, validate_unique=False, validate_constraints=False)


def record_create(action: str, actor, instance, fields: list[str], restricted=(), **extra) -> None:
    audit.record(
        action=action,
        actor=actor,
        target=instance,
        data={
            "changes": audit.changes({}, audit.snapshot(instance, fields), restricted=restricted),
            **extra,
        },
    )


def record_update(action: str, actor, instance, before: dict, fields: list[str], restricted=()):
    changes = audit.changes(before, audit.snapshot(instance, fields), restricted=restricted)
    if changes:
        audit.record(action=action, actor=actor, target=instance, data={"changes": changes})
    return changes


def record_delete(action: str, actor, instance, fields: list[str], restricted=()) -> None:
    audit.record(
        action=action,
        actor=actor,
        target=instance,
        data={
            "changes": audit.changes(audit.snapshot(instance, fields), {}, restricted=restricted)
        },
    )


def merge_errors(*errors: ValidationError) -> ValidationError | None:
    merged: dict[str, list] = {}
    for error in errors:
        for field, messages in error.message_dict.items():
            merged.setdefault(field, []).extend(messages)
    return ValidationError(merged) if merged else None
