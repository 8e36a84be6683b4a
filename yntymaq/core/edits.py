"""Service helpers for editing one row: assign cleaned data, save only what changed, audit it.

Every app's create and update services use these, so a blank means the same thing everywhere
and an edit that changes nothing leaves no trace:

- `assign_fields` puts cleaned data (from a form or a serializer) on the instance with ONE rule
  for blanks: `None` and a blank string are the same "no value" — an empty string for a text
  field that is not nullable, `None` for any other field that is nullable, the field's default
  otherwise; text is stripped of surrounding spaces ("  " is no name).
- `Edit` snapshots the row before the change; `Edit.save()` saves and writes ONE audit entry
  with the changed fields, or — when nothing changed — neither saves nor audits.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import models

from . import audit
from .models import User

# Never compared, assigned or audited as data of the row.
BOOKKEEPING = ("id", "organization", "created_at", "updated_at", "search_text")


def _is_text(field: models.Field) -> bool:
    return isinstance(field, models.CharField | models.TextField)


def blank_value(field: models.Field) -> Any:
    """The one stored form of "no value" for a field."""
    if _is_text(field) and not field.null:
        return ""
    if field.null:
        return None
    if field.has_default():
        return field.get_default()
    return "" if _is_text(field) else None


def clean_value(field: models.Field, value: Any) -> Any:
    """`value` as it is stored: text stripped, None and blank text made `blank_value`."""
    if isinstance(value, str) and _is_text(field):
        value = value.strip()
    if value is None or (isinstance(value, str) and value == ""):
        return blank_value(field)
    return value


def assign_fields(instance: models.Model, data: dict[str, Any], allowed: Iterable[str]) -> None:
    """Set `data` on `instance`; a name outside `allowed` is a programming error."""
    unknown = set(data) - set(allowed)
    if unknown:
        raise ValueError(f"Unknown fields: {sorted(unknown)}")
    for name, value in data.items():
        field = instance._meta.get_field(name)
        if field.many_to_many:
            raise ValueError(f"{name} is many-to-many: set it after saving")
        setattr(instance, name, clean_value(field, value))


def data_fields(instance: models.Model) -> list[str]:
    """The concrete fields that are the row's data (no id, organization or timestamps)."""
    return [f.name for f in instance._meta.concrete_fields if f.name not in BOOKKEEPING]


class Edit:
    """One change of one saved row: snapshot now, `save()` after assigning.

    `fields` are the fields compared and audited (all data fields by default); `restricted`
    ones are masked in the audit entry.
    """

    def __init__(
        self,
        instance: models.Model,
        fields: Iterable[str] | None = None,
        restricted: tuple[str, ...] = (),
    ):
        self.instance = instance
        self.fields = list(fields) if fields is not None else data_fields(instance)
        self.restricted = restricted
        self.before = audit.snapshot(instance, self.fields)

    def changes(self) -> dict[str, list[Any]]:
        after = audit.snapshot(self.instance, self.fields)
        return audit.changes(self.before, after, restricted=self.restricted)

    def save(
        self,
        *,
        action: str,
        actor: User | None,
        extra_changes: dict[str, list[Any]] | None = None,
        **extra: Any,
    ) -> dict[str, list[Any]]:
        """Save and audit the changed fields; nothing changed → no save, no entry, `{}`."""
        return save_changes(
            self.instance,
            before=self.before,
            fields=self.fields,
            action=action,
            actor=actor,
            restricted=self.restricted,
            extra_changes=extra_changes,
            **extra,
        )


def save_changes(
    instance: models.Model,
    *,
    before: dict[str, Any],
    fields: Iterable[str],
    action: str,
    actor: User | None,
    restricted: tuple[str, ...] = (),
    extra_changes: dict[str, list[Any]] | None = None,
    **extra: Any,
) -> dict[str, list[Any]]:
    """Save `instance` and audit its changes against `before` (an `audit.snapshot` of
    `fields`); nothing changed → no save, no entry, `{}`."""
    after = audit.snapshot(instance, list(fields))
    changes = audit.changes(before, after, restricted=restricted) | (extra_changes or {})
    if not changes:
        return {}
    instance.save()
    audit.record(action=action, actor=actor, target=instance, data={"changes": changes, **extra})
    return changes


def update_fields(
    instance: models.Model,
    data: dict[str, Any],
    allowed: Iterable[str],
    *,
    action: str,
    actor: User | None,
    restricted: tuple[str, ...] = (),
    validate=None,
) -> dict[str, list[Any]]:
    """The plain update: assign, validate (a callable taking the instance), save what changed,
    audit it. Returns the changes."""
    allowed = list(allowed)
    edit = Edit(instance, allowed, restricted)
    assign_fields(instance, data, allowed)
    if validate is not None:
        validate(instance)
    return edit.save(action=action, actor=actor)
