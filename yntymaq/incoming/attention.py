"""What needs attention in the foreigners' registry: one provider, one query per deadline kind.

Registered with core.attention in IncomingConfig.ready(); the dashboard widget and the
attention page show the items, sorted by due date.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils.translation import gettext as _

from yntymaq.core.attention import AttentionItem
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
# A visa extension is requested some weeks ahead: look this much further than the alert window.
EXTENSION_LOOKAHEAD_DAYS = 31


def _stay_url(organization, stay_id: int) -> str:
    return reverse("incoming:stay-detail", kwargs={"org_slug": organization.slug, "pk": stay_id})


def _name(person) -> str:
    return person.full_name


def incoming_attention(organization, today: date) -> list[AttentionItem]:
    settings = settings_for(organization)
    window = today + timedelta(days=alert_window(settings))
    present = Stay.objects.for_org(organization).filter(status__in=PRESENT_STATUSES)
    items: list[AttentionItem] = []

    # Registration after arrival (Migration Law art. 33; the 2026 visa-free rule).
    unregistered = (
        present.filter(arrival_date__isnull=False)
        .exclude(Exists(Registration.objects.filter(stay_id=OuterRef("pk"))))
        .select_related("person")
    )
    for stay in unregistered:
        due = registration_deadline_migration_law_art33(
            stay.arrival_date, visa_free=stay.visa_free, settings=settings
        )
        items.append(
            AttentionItem(
                due=due,
                kind="incoming.registration_due",
                title=_("Migration registration of %(name)s") % {"name": _name(stay.person)},
                url=_stay_url(organization, stay.pk),
                clause=_("Migration Law art. 33"),
            )
        )

    # Visa expiry and the request for its extension.
    horizon = window + timedelta(days=EXTENSION_LOOKAHEAD_DAYS)
    for stay in present.filter(visa_valid_to__lte=horizon).select_related("person"):
        extension = visa_extension_deadline_c9(stay.visa_valid_to, settings=settings)
        if stay.visa_valid_to <= window:
            items.append(
                AttentionItem(
                    due=stay.visa_valid_to,
                    kind="incoming.visa_expiry",
                    title=_("Visa of %(name)s expires") % {"name": _name(stay.person)},
                    url=_stay_url(organization, stay.pk),
                    clause="R8.4",
                )
            )
        if extension <= window and stay.visa_valid_to >= today:
            items.append(
                AttentionItem(
                    due=extension,
                    kind="incoming.visa_extension",
                    title=_("Request the visa extension of %(name)s")
                    % {"name": _name(stay.person)},
                    url=_stay_url(organization, stay.pk),
                    clause="R8.4",
                )
            )

    for stay in present.filter(registration_valid_until__lte=window).select_related("person"):
        items.append(
            AttentionItem(
                due=stay.registration_valid_until,
                kind="incoming.registration_expiry",
                title=_("Migration registration of %(name)s expires")
                % {"name": _name(stay.person)},
                url=_stay_url(organization, stay.pk),
                clause=_("Migration Law art. 33"),
            )
        )

    permits = Permit.objects.for_org(organization).filter(
        stay__status__in=PRESENT_STATUSES, valid_until__lte=window
    )
    newer = Permit.objects.filter(
        stay_id=OuterRef("stay_id"), kind=OuterRef("kind"), valid_until__gt=OuterRef("valid_until")
    )
    for permit in permits.exclude(Exists(newer)).select_related("stay__person"):
        items.append(
            AttentionItem(
                due=permit.valid_until,
                kind=f"incoming.{permit.kind}_expiry",
                title=_("%(what)s of %(name)s expires")
                % {
                    "what": permit.get_kind_display().capitalize(),
                    "name": _name(permit.stay.person),
                },
                url=_stay_url(organization, permit.stay_id),
                clause="R8.4",
            )
        )

    policies = InsurancePolicy.objects.for_org(organization).filter(
        stay__status__in=PRESENT_STATUSES, valid_to__lte=window
    )
    newer_policy = InsurancePolicy.objects.filter(
        stay_id=OuterRef("stay_id"), valid_to__gt=OuterRef("valid_to")
    )
    for policy in policies.exclude(Exists(newer_policy)).select_related("stay__person"):
        items.append(
            AttentionItem(
                due=policy.valid_to,
                kind="incoming.insurance_expiry",
                title=_("Medical insurance of %(name)s expires")
                % {"name": _name(policy.stay.person)},
                url=_stay_url(organization, policy.stay_id),
                clause="R8.10",
            )
        )

    exams = MedicalExam.objects.for_org(organization).filter(
        stay__status__in=PRESENT_STATUSES, next_due__lte=window
    )
    newer_exam = MedicalExam.objects.filter(stay_id=OuterRef("stay_id"), on__gt=OuterRef("on"))
    for exam in exams.exclude(Exists(newer_exam)).select_related("stay__person"):
        items.append(
            AttentionItem(
                due=exam.next_due,
                kind="incoming.medical_exam_due",
                title=_("Preventive examination of %(name)s") % {"name": _name(exam.stay.person)},
                url=_stay_url(organization, exam.stay_id),
                clause="R8.10",
            )
        )

    passports = identity_document_list(organization=organization).filter(
        kind__in=PASSPORT_KINDS,
        expires_on__lte=window,
        person__stays__status__in=PRESENT_STATUSES,
    )
    seen = set()
    for document in passports.distinct():
        if document.person_id in seen:
            continue
        seen.add(document.person_id)
        items.append(
            AttentionItem(
                due=document.expires_on,
                kind="incoming.passport_expiry",
                title=_("Passport of %(name)s expires") % {"name": _name(document.person)},
                url=reverse(
                    "people:person-detail",
                    kwargs={"org_slug": organization.slug, "pk": document.person_id},
                ),
                clause="R8.4",
            )
        )

    tasks = StayTask.objects.for_org(organization).filter(done_on__isnull=True)
    for task in tasks.select_related("stay__person"):
        items.append(
            AttentionItem(
                due=task.due,
                kind=f"incoming.task_{task.kind}",
                title=f"{task.get_kind_display().capitalize()}: {_name(task.stay.person)}",
                url=_stay_url(organization, task.stay_id),
                clause=_("Administrative Code art. 518"),
            )
        )
    return items
