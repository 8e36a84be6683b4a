"""The stale-save check (optimistic concurrency), built once for every edit form and API update.

Every organization record has `updated_at` (TenantModel), set by each save; a save that
changes nothing does not happen (core.edits), so `updated_at` is the version of the row.

- Pages: an edit form carries the version the user loaded in a hidden field (`loaded_version`);
  `core.views.base.OrgObjectFormView` refuses a save whose version is no longer the saved one,
  with "changed by <user> at <time>" on top and the saved values next to the fields, keeping
  everything the user typed.
- API: a detail GET answers an `ETag`; PUT and PATCH with `If-Match` answer 412 Precondition
  Failed when the ETag is no longer current (`core.api.OrgViewSetMixin`). Without `If-Match`
  the update is not checked (a client that does not care keeps working).
"""

from __future__ import annotations

from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from .models import AuditEntry

VERSION_FIELD = "loaded_version"


def is_versioned(instance: Any) -> bool:
    return isinstance(instance, models.Model) and hasattr(instance, "updated_at")


def version_of(instance: models.Model) -> str:
    """The version of a loaded row: its last save, to the microsecond."""
    stamp = getattr(instance, "updated_at", None)
    if stamp is None:
        return ""
    return str(int(stamp.timestamp() * 1_000_000))


def etag_of(instance: models.Model) -> str:
    return f'"{instance.pk}-{version_of(instance)}"'


def saved_version(instance: models.Model) -> tuple[str, models.Model | None]:
    """The version now in the database and the saved row, locked until the end of the
    transaction where the database supports it (so the check and the save cannot interleave
    with another save)."""
    manager = type(instance)._base_manager
    fresh = manager.select_for_update().filter(pk=instance.pk).first()
    return (version_of(fresh) if fresh is not None else ""), fresh


def etag_matches(header: str, instance: models.Model) -> bool:
    """`If-Match` (one or more ETags, weak or strong, or `*`) against the row's ETag."""
    current = etag_of(instance)
    for tag in header.split(","):
        tag = tag.strip()
        if tag == "*":
            return True
        if tag.startswith("W/"):
            tag = tag[2:]
        if tag == current:
            return True
    return False


def last_change(instance: models.Model) -> AuditEntry | None:
    """The newest audit entry about the row (who changed it last, and when)."""
    return (
        AuditEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(type(instance)),
            object_id=str(instance.pk),
        )
        .order_by("-created_at", "-id")
        .first()
    )


def _who_and_when(instance: models.Model) -> dict[str, str]:
    entry = last_change(instance)
    when = entry.created_at if entry is not None else instance.updated_at
    who = (entry.actor_repr if entry is not None else "") or _("another user")
    return {"user": who, "time": date_format(timezone.localtime(when), "SHORT_DATETIME_FORMAT")}


def stale_message(instance: models.Model) -> str:
    """Changed by <user> at <time>, from the last audit entry (or the row's own time)."""
    return _(
        "While you were editing, this record was changed by %(user)s at %(time)s. Nothing "
        "is saved yet: the values saved now are shown under your fields; check them and "
        "save again."
    ) % _who_and_when(instance)


def stale_api_message(instance: models.Model) -> str:
    """The 412 answer of an API update whose If-Match is no longer current."""
    return _(
        "This record was changed by %(user)s at %(time)s after you read it. Read it again "
        "(its ETag) and send your change with the new ETag in If-Match."
    ) % _who_and_when(instance)


def display_value(instance: models.Model, name: str) -> str:
    """A field's saved value as a person reads it."""
    field = instance._meta.get_field(name)
    if field.many_to_many:
        return ", ".join(str(o) for o in getattr(instance, name).all()) or "—"
    value = getattr(instance, name)
    if field.choices and value not in (None, ""):
        return str(getattr(instance, f"get_{name}_display")())
    if value in (None, ""):
        return "—"
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if hasattr(value, "isoformat") and hasattr(value, "year"):
        return date_format(value, "SHORT_DATE_FORMAT")
    if isinstance(value, models.fields.files.FieldFile):
        return value.name.rsplit("/", 1)[-1]
    return str(value)
