"""What needs attention in the foreigners' registry (the deadline engine, core.attention).

One `Deadlines` per kind, each one query in the order of its due dates, so the dashboard reads
only the first few rows of each. Registered with core.attention in IncomingConfig.ready().
"""

from __future__ import annotations

from datetime import date, timedelta

from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from yntymaq.core.attention import AttentionItem, Deadlines
from yntymaq.people.enums import DocumentKind
from yntymaq.people.queries import identity_document_list

from .deadlines import (
    alert_window,
    registration_deadline_migration_law_art33,
    visa_extension_deadline_c9,
)
from .enums import PRESENT_STATUSES
from .models import InsurancePolicy, MedicalExam, Permit, Registration, Stay, StayTask
from .queries import settings_for

PASSPORT_KINDS = (DocumentKind.PASSPORT, DocumentKind.FOREIGN_PASSPORT, DocumentKind.ID_CARD)
MIGRATION_LAW = gettext_lazy("Migration Law art. 33")


def _stay_url(organization, stay_id: int) -> str:
    return reverse("incoming:stay-detail", kwargs={"org_slug": organization.slug, "pk": stay_id})


def last_visa_end_to_extend(window: date, settings) -> date:
    """The latest visa end whose extension must be requested by `window` (the request is due a
    number of working days before the end, so the ends that need one form a range)."""
    last = window
    # Working days are never fewer than half the calendar days, holidays included.
    for days in range(1, 2 * settings.visa_extension_working_days + 15):
        candidate = window + timedelta(days=days)
        if visa_extension_deadline_c9(candidate, settings=settings) <= window:
            last = candidate
    return last


def incoming_attention(organization, today: date) -> list[Deadlines]:
    settings = settings_for(organization)
    window = today + timedelta(days=alert_window(settings))
    present = Stay.objects.for_org(organization).filter(status__in=PRESENT_STATUSES)
    return [
        *_registration_due(organization, present, settings),
        *_visas(organization, present, today, window, settings),
        _registration_expiry(organization, present, window),
        _permits(organization, window),
        _insurance(organization, window),
        _medical_exams(organization, window),
        _passports(organization, window),
        _tasks(organization),
    ]


def _registration_due(organization, present, settings) -> list[Deadlines]:
    """Registration after arrival (Migration Law art. 33; the 2026 visa-free rule). The due
    date grows with the arrival date within each rule, so each rule is one ordered query."""

    def make(stay):
        return AttentionItem(
            due=registration_deadline_migration_law_art33(
                stay.arrival_date, visa_free=stay.visa_free, settings=settings
            ),
            kind="incoming.registration_due",
            title=_("Migration registration of %(name)s") % {"name": stay.person.full_name},
            url=_stay_url(organization, stay.pk),
            clause=str(MIGRATION_LAW),
        )

    unregistered = (
        present.filter(arrival_date__isnull=False)
        .exclude(Exists(Registration.objects.filter(stay_id=OuterRef("pk"))))
        .select_related("person")
        .order_by("arrival_date", "id")
    )
    online = Q(visa_free=True, arrival_date__gte=settings.visa_free_rule_from)
    label = gettext_lazy("Migration registration after arrival")
    return [
        Deadlines("incoming.registration_due", label, unregistered.exclude(online), make),
        Deadlines("incoming.registration_due", label, unregistered.filter(online), make),
    ]


def _visas(organization, present, today, window, settings) -> list[Deadlines]:
    """Visa expiry, and the request for its extension (C9: working days before the end)."""
    visas = present.select_related("person").order_by("visa_valid_to", "id")

    def expiry(stay):
        return AttentionItem(
            due=stay.visa_valid_to,
            kind="incoming.visa_expiry",
            title=_("Visa of %(name)s expires") % {"name": stay.person.full_name},
            url=_stay_url(organization, stay.pk),
            clause="R8.4",
        )

    def extension(stay):
        return AttentionItem(
            due=visa_extension_deadline_c9(stay.visa_valid_to, settings=settings),
            kind="incoming.visa_extension",
            title=_("Request the visa extension of %(name)s") % {"name": stay.person.full_name},
            url=_stay_url(organization, stay.pk),
            clause="R8.4",
        )

    to_extend = visas.filter(
        visa_valid_to__gte=today, visa_valid_to__lte=last_visa_end_to_extend(window, settings)
    )
    return [
        Deadlines(
            "incoming.visa_expiry",
            gettext_lazy("Visas expiring"),
            visas.filter(visa_valid_to__lte=window),
            expiry,
        ),
        Deadlines(
            "incoming.visa_extension",
            gettext_lazy("Visa extensions to request"),
            to_extend,
            extension,
        ),
    ]


def _registration_expiry(organization, present, window) -> Deadlines:
    def make(stay):
        return AttentionItem(
            due=stay.registration_valid_until,
            kind="incoming.registration_expiry",
            title=_("Migration registration of %(name)s expires") % {"name": stay.person.full_name},
            url=_stay_url(organization, stay.pk),
            clause=str(MIGRATION_LAW),
        )

    rows = (
        present.filter(registration_valid_until__lte=window)
        .select_related("person")
        .order_by("registration_valid_until", "id")
    )
    return Deadlines(
        "incoming.registration_expiry", gettext_lazy("Migration registrations expiring"), rows, make
    )


def _latest_per_stay(model, organization, window, *, due: str, newer_by: str, same=()):
    """Records of present foreigners due within the window, each the latest of its stay (and
    of its `same` fields): a renewed insurance or permit needs no alert."""
    newer = model.objects.filter(
        stay_id=OuterRef("stay_id"),
        **{field: OuterRef(field) for field in same},
        **{f"{newer_by}__gt": OuterRef(newer_by)},
    )
    return (
        model.objects.for_org(organization)
        .filter(stay__status__in=PRESENT_STATUSES, **{f"{due}__lte": window})
        .exclude(Exists(newer))
        .select_related("stay__person")
        .order_by(due, "id")
    )


def _permits(organization, window) -> Deadlines:
    def make(permit):
        return AttentionItem(
            due=permit.valid_until,
            kind=f"incoming.{permit.kind}_expiry",
            title=_("%(what)s of %(name)s expires")
            % {
                "what": permit.get_kind_display().capitalize(),
                "name": permit.stay.person.full_name,
            },
            url=_stay_url(organization, permit.stay_id),
            clause="R8.4",
        )

    rows = _latest_per_stay(
        Permit, organization, window, due="valid_until", newer_by="valid_until", same=("kind",)
    )
    label = gettext_lazy("Residence permits, fingerprints and form 086 expiring")
    return Deadlines("incoming.permit_expiry", label, rows, make)


def _insurance(organization, window) -> Deadlines:
    def make(policy):
        return AttentionItem(
            due=policy.valid_to,
            kind="incoming.insurance_expiry",
            title=_("Medical insurance of %(name)s expires")
            % {"name": policy.stay.person.full_name},
            url=_stay_url(organization, policy.stay_id),
            clause="R8.10",
        )

    rows = _latest_per_stay(
        InsurancePolicy, organization, window, due="valid_to", newer_by="valid_to"
    )
    label = gettext_lazy("Medical insurance expiring")
    return Deadlines("incoming.insurance_expiry", label, rows, make)


def _medical_exams(organization, window) -> Deadlines:
    def make(exam):
        return AttentionItem(
            due=exam.next_due,
            kind="incoming.medical_exam_due",
            title=_("Preventive examination of %(name)s") % {"name": exam.stay.person.full_name},
            url=_stay_url(organization, exam.stay_id),
            clause="R8.10",
        )

    rows = _latest_per_stay(MedicalExam, organization, window, due="next_due", newer_by="on")
    label = gettext_lazy("Preventive examinations due")
    return Deadlines("incoming.medical_exam_due", label, rows, make)


def _passports(organization, window) -> Deadlines:
    """A present foreigner's passport that ends within the window, unless the person has one
    that ends later (a renewed passport needs no alert)."""

    def make(document):
        return AttentionItem(
            due=document.expires_on,
            kind="incoming.passport_expiry",
            title=_("Passport of %(name)s expires") % {"name": document.person.full_name},
            url=reverse(
                "people:person-detail",
                kwargs={"org_slug": organization.slug, "pk": document.person_id},
            ),
            clause="R8.4",
        )

    documents = identity_document_list(organization=organization)
    later = documents.filter(person_id=OuterRef("person_id"), kind__in=PASSPORT_KINDS).filter(
        Q(expires_on__gt=OuterRef("expires_on"))
        | Q(expires_on=OuterRef("expires_on"), pk__gt=OuterRef("pk"))
    )
    present = Stay.objects.filter(person_id=OuterRef("person_id"), status__in=PRESENT_STATUSES)
    rows = (
        documents.filter(kind__in=PASSPORT_KINDS, expires_on__lte=window)
        .filter(Exists(present))
        .exclude(Exists(later))
        .order_by("expires_on", "id")
    )
    return Deadlines("incoming.passport_expiry", gettext_lazy("Passports expiring"), rows, make)


def _tasks(organization) -> Deadlines:
    """Tasks after expulsion, completion, academic leave or transfer (Administrative Code
    art. 518), until they are done."""

    def make(task):
        return AttentionItem(
            due=task.due,
            kind=f"incoming.task_{task.kind}",
            title=f"{task.get_kind_display().capitalize()}: {task.stay.person.full_name}",
            url=_stay_url(organization, task.stay_id),
            clause=_("Administrative Code art. 518"),
        )

    rows = (
        StayTask.objects.for_org(organization)
        .filter(done_on__isnull=True)
        .select_related("stay__person")
        .order_by("due", "id")
    )
    label = gettext_lazy("Tasks after the ground for stay ended")
    return Deadlines("incoming.task", label, rows, make)
