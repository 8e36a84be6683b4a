"""The audit log writer. Call `record()` from services, inside the change's transaction."""

from __future__ import annotations

import contextvars
import datetime as dt
import decimal
from dataclasses import dataclass
from dataclasses import field as dc_field
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

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


# --- reading the log: one sentence per entry, in the reader's language ------------------------

# What happened, by the last part of the action code. The object is the entry's target, named
# with its model's verbose name and its stored text: "Aigerim changed stay «Li Wei»".
VERBS = {
    "created": _("%(actor)s created %(object)s"),
    "updated": _("%(actor)s changed %(object)s"),
    "saved": _("%(actor)s changed %(object)s"),
    "deleted": _("%(actor)s deleted %(object)s"),
    "restricted_viewed": _("%(actor)s viewed restricted personal data of %(object)s"),
    "exported": _("%(actor)s exported %(object)s"),
    "downloaded": _("%(actor)s downloaded %(object)s"),
    "imported": _("%(actor)s imported %(object)s"),
    "accepted": _("%(actor)s accepted %(object)s"),
    "submitted": _("%(actor)s submitted %(object)s"),
    "returned": _("%(actor)s returned %(object)s for correction"),
    "revoked": _("%(actor)s revoked %(object)s"),
    "withdrawn": _("%(actor)s withdrew %(object)s"),
    "given": _("%(actor)s gave %(object)s"),
    "issued": _("%(actor)s issued %(object)s"),
    "resent": _("%(actor)s sent %(object)s again"),
    "purged": _("%(actor)s deleted outdated records: %(object)s"),
    "uploaded": _("%(actor)s uploaded %(object)s"),
    "photo_uploaded": _("%(actor)s uploaded the photo of %(object)s"),
    "signed_copy_uploaded": _("%(actor)s uploaded the signed copy of %(object)s"),
    "linked": _("%(actor)s linked %(object)s"),
    "unlinked": _("%(actor)s unlinked %(object)s"),
    "status_changed": _("%(actor)s changed the status of %(object)s"),
    "role_changed": _("%(actor)s changed the role of %(object)s"),
    "units_set": _("%(actor)s set the units of %(object)s"),
    "units_changed": _("%(actor)s changed the units of %(object)s"),
    "deactivated": _("%(actor)s deactivated %(object)s"),
    "reactivated": _("%(actor)s reactivated %(object)s"),
    "registered": _("%(actor)s registered %(object)s"),
    "selected": _("%(actor)s selected %(object)s"),
    "enrolled": _("%(actor)s enrolled %(object)s"),
    "completed": _("%(actor)s completed %(object)s"),
    "ended": _("%(actor)s ended %(object)s"),
    "moved": _("%(actor)s moved %(object)s"),
    "checked_in": _("%(actor)s checked in %(object)s"),
    "checked_out": _("%(actor)s checked out %(object)s"),
    "started": _("%(actor)s started %(object)s"),
    "finished": _("%(actor)s finished %(object)s"),
    "failed": _("%(object)s failed"),
    "abandoned": _("%(object)s was abandoned"),
    "enabled": _("%(actor)s enabled two-step sign-in"),
    "reset": _("%(actor)s reset two-step sign-in of %(object)s"),
    "logged_in": _("%(actor)s signed in"),
    "logged_out": _("%(actor)s signed out"),
    "login_failed": _("A failed sign-in as %(object)s"),
}
# Data keys that are not fields of the target, with their labels.
DATA_LABELS = {
    "comment": _("comment"),
    "via": _("through"),
    "count": _("count"),
    "fields": _("fields"),
    "ids": _("records"),
    "expires_at": _("valid until"),
    "term_until": _("valid until"),
    "from": _("from"),
    "to": _("to"),
    "on": _("date"),
    "reason": _("reason"),
    "role": _("role"),
    "email": _("e-mail"),
}
VIA = {"link": _("the foreigner's link"), "staff": _("the office"), "api": _("the API")}
SHORT_VALUE = 120  # longer values are cut, with "show all"


@dataclass
class ShownValue:
    text: str
    short: str = ""

    @property
    def long(self) -> bool:
        return bool(self.short)


@dataclass
class ShownChange:
    label: str
    old: ShownValue | None
    new: ShownValue


@dataclass
class ShownEntry:
    entry: AuditEntry
    sentence: str
    changes: list[ShownChange] = dc_field(default_factory=list)


def _model_of(entry: AuditEntry):
    if not entry.content_type_id:
        return None
    return ContentType.objects.get_for_id(entry.content_type_id).model_class()


def _field_of(model, name: str):
    if model is None:
        return None
    try:
        return model._meta.get_field(name)
    except FieldDoesNotExist:
        return None


def _label(model, name: str) -> str:
    field = _field_of(model, name)
    if field is not None and getattr(field, "verbose_name", None):
        return str(field.verbose_name)
    if name in DATA_LABELS:
        return str(DATA_LABELS[name])
    return name.replace("_", " ")


def _one(field, value) -> str:
    if value is None or value == "":
        return "—"
    if value == MASK:
        return MASK
    if isinstance(value, bool):
        return str(_("yes") if value else _("no"))
    choices = getattr(field, "flatchoices", None) if field is not None else None
    if choices:
        labels = {str(k): v for k, v in choices}
        if str(value) in labels:
            return str(labels[str(value)])
    if isinstance(value, str) and len(value) >= 10 and value[4:5] == "-":
        moment = parse_datetime(value) if "T" in value else None
        if moment is not None:
            if timezone.is_aware(moment):
                moment = timezone.localtime(moment)
            return date_format(moment, "SHORT_DATETIME_FORMAT")
        day = parse_date(value[:10]) if len(value) == 10 else None
        if day is not None:
            return date_format(day, "SHORT_DATE_FORMAT")
    if isinstance(value, dict):
        return "; ".join(f"{k}: {_one(None, v)}" for k, v in value.items())
    return str(value)


def show_value(field, value, *, model=None, name: str = "") -> ShownValue:
    """A stored value as the reader knows it: choice labels, dates in their format, yes/no,
    field names as labels; a long text cut, the whole kept for "show all"."""
    if name == "via" and value in VIA:
        text = str(VIA[value])
    elif name == "fields" and isinstance(value, list):
        text = ", ".join(_label(model, str(v)) for v in value)
    elif isinstance(value, list):
        text = "; ".join(_one(field, v) for v in value) or "—"
    else:
        text = _one(field, value)
    if len(text) > SHORT_VALUE:
        return ShownValue(text=text, short=text[:SHORT_VALUE].rstrip() + "…")
    return ShownValue(text=text)


def describe(entry: AuditEntry) -> ShownEntry:
    """The one renderer of the log: a sentence, then each change as "label: old → new" and
    each other detail as "label: value". Used by the audit log and every history panel."""
    model = _model_of(entry)
    actor = (entry.actor.full_name or entry.actor.email) if entry.actor else entry.actor_repr
    actor = actor or str(_("The system"))
    verb = entry.action.rsplit(".", 1)[-1]
    noun = str(model._meta.verbose_name) if model is not None else ""
    target = f"«{entry.target_repr}»" if entry.target_repr else ""
    subject = " ".join(part for part in (noun, target) if part) or str(_("the organization"))
    template = VERBS.get(verb)
    if template is None:
        sentence = f"{actor}: {verb.replace('_', ' ')} — {subject}"
    else:
        sentence = str(template) % {"actor": actor, "object": subject}
    shown = ShownEntry(entry=entry, sentence=sentence)
    data = entry.data or {}
    for name, pair in sorted((data.get("changes") or {}).items()):
        field = _field_of(model, name)
        old, new = [*pair, None, None][:2] if isinstance(pair, list) else (None, pair)
        shown.changes.append(
            ShownChange(
                label=_label(model, name),
                old=show_value(field, old, model=model, name=name),
                new=show_value(field, new, model=model, name=name),
            )
        )
    for name, value in data.items():
        if name == "changes" or value in (None, "", [], {}):
            continue
        shown.changes.append(
            ShownChange(
                label=_label(model, name),
                old=None,
                new=show_value(_field_of(model, name), value, model=model, name=name),
            )
        )
    return shown


# Kinds of event for the audit log's filter: a label and the action endings it covers.
KINDS = {
    "created": (_("created"), ("created", "registered", "issued", "given", "imported")),
    "changed": (
        _("changed"),
        ("updated", "saved", "status_changed", "role_changed", "units_set", "units_changed"),
    ),
    "deleted": (_("deleted or revoked"), ("deleted", "revoked", "withdrawn", "purged")),
    "documents": (_("exported or downloaded"), ("exported", "downloaded", "uploaded")),
    "restricted": (_("restricted data viewed"), ("restricted_viewed",)),
    "sign_in": (_("sign-in"), ("logged_in", "logged_out", "login_failed", "enabled", "reset")),
}


def kind_filter(kind: str) -> models.Q:
    """The entries of a kind of KINDS (any entry for an unknown kind)."""
    query = models.Q()
    for ending in KINDS.get(kind, ("",))[1]:
        query |= models.Q(action__endswith=f".{ending}" if ending else "")
    return query
