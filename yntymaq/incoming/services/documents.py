"""The document checklist of each stay and the enrollment order (R8.4)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from yntymaq.core import audit
from yntymaq.core.edits import assign_fields, save_changes
from yntymaq.core.models import Organization, User
from yntymaq.core.validators import validate_upload

from ..enums import StayCategory, StayStatus
from ..lifecycle import StayError
from ..models import EnrollmentOrder, RequiredDocument, Stay, StayDocument
from ._base import record_create, record_delete, validate

REQUIRED_FIELDS = ["category", "code", "name_ru", "name_kk", "name_en", "has_expiry", "order"]
STAY_DOCUMENT_FIELDS = ["status", "valid_until", "note"]
ORDER_FIELDS = ["number", "date", "title", "signed_by"]
COPY_EXTENSIONS = {"pdf": ".pdf", "docx": ".docx", "jpeg": ".jpg", "png": ".png"}

# The default checklist (R8.4), set up for an organization on first use; it may change it.
DEFAULT_CHECKLIST = [
    ("passport", "Копия паспорта", "Паспорт көшірмесі", "Passport copy", True),
    ("visa", "Виза", "Виза", "Visa", True),
    (
        "education",
        "Документ об образовании с признанием (нострификацией)",
        "Танылған (нострификацияланған) білім туралы құжат",
        "Education document with its recognition",
        False,
    ),
    (
        "medical_086",
        "Медицинская справка формы 086",
        "086 нысанды медициналық анықтама",
        "Medical form 086",
        True,
    ),
    ("insurance", "Медицинская страховка", "Медициналық сақтандыру", "Medical insurance", True),
    ("photos", "Фотографии 3×4", "3×4 фотосуреттер", "Photos 3×4", False),
    (
        "questionnaire",
        "Анкета (приложение 1)",
        "Сауалнама (1-қосымша)",
        "Questionnaire (Appendix 1)",
        False,
    ),
    ("contract", "Договор", "Шарт", "Contract", False),
]
CATEGORY_CODES = {
    StayCategory.MAIN_PROGRAM: [c[0] for c in DEFAULT_CHECKLIST],
    StayCategory.PREPARATORY: [c[0] for c in DEFAULT_CHECKLIST if c[0] != "education"],
    StayCategory.DOCTORAL: [c[0] for c in DEFAULT_CHECKLIST],
    StayCategory.TEACHER: [
        "passport",
        "visa",
        "medical_086",
        "insurance",
        "photos",
        "questionnaire",
        "contract",
    ],
    StayCategory.RESEARCHER: [
        "passport",
        "visa",
        "medical_086",
        "insurance",
        "photos",
        "questionnaire",
        "contract",
    ],
    StayCategory.OTHER: ["passport", "visa", "insurance"],
}


@transaction.atomic
def required_documents_ensure_defaults(*, organization: Organization, actor: User | None) -> int:
    """Create the default checklist for categories that have none yet; returns rows made."""
    existing = set(
        RequiredDocument.objects.for_org(organization).values_list("category", flat=True)
    )
    rows = []
    for category, codes in CATEGORY_CODES.items():
        if category in existing:
            continue
        for order, (code, ru, kk, en, expiry) in enumerate(DEFAULT_CHECKLIST):
            if code in codes:
                rows.append(
                    RequiredDocument(
                        organization=organization,
                        category=category,
                        code=code,
                        name_ru=ru,
                        name_kk=kk,
                        name_en=en,
                        has_expiry=expiry,
                        order=order,
                    )
                )
    RequiredDocument.objects.bulk_create(rows)
    if rows:
        audit.record(
            action="incoming.required_document.created",
            actor=actor,
            organization=organization,
            data={"defaults": len(rows)},
            target_repr=str(_("Default document checklist")),
        )
    return len(rows)


@transaction.atomic
def required_document_create(
    *, organization: Organization, actor: User, data: dict[str, Any]
) -> RequiredDocument:
    item = RequiredDocument(organization=organization)
    assign_fields(item, data, REQUIRED_FIELDS)
    validate(item)
    if (
        RequiredDocument.objects.for_org(organization)
        .filter(category=item.category, code=item.code)
        .exists()
    ):
        raise ValidationError({"code": _("This category already has a document with this code.")})
    item.save()
    record_create("incoming.required_document.created", actor, item, REQUIRED_FIELDS)
    return item


@transaction.atomic
def required_document_update(
    *, item: RequiredDocument, actor: User, data: dict[str, Any]
) -> RequiredDocument:
    before = audit.snapshot(item, REQUIRED_FIELDS)
    assign_fields(item, data, REQUIRED_FIELDS)
    validate(item)
    clash = RequiredDocument.objects.for_org(item.organization).filter(
        category=item.category, code=item.code
    )
    if clash.exclude(pk=item.pk).exists():
        raise ValidationError({"code": _("This category already has a document with this code.")})
    save_changes(
        item,
        before=before,
        fields=REQUIRED_FIELDS,
        action="incoming.required_document.updated",
        actor=actor,
    )
    return item


@transaction.atomic
def required_document_delete(*, item: RequiredDocument, actor: User) -> None:
    if StayDocument.objects.filter(required=item).exists():
        raise StayError(_("Documents of stays refer to this line; it cannot be deleted."))
    record_delete("incoming.required_document.deleted", actor, item, REQUIRED_FIELDS)
    item.delete()


@transaction.atomic
def stay_document_set(
    *,
    stay: Stay,
    required: RequiredDocument,
    actor: User | None,
    data: dict[str, Any],
    copy=None,
) -> StayDocument:
    """Record the state of one checklist document of a stay, with its electronic copy."""
    if required.organization_id != stay.organization_id or required.category != stay.category:
        raise StayError(_("This document is not on the checklist of the stay's category."))
    document = StayDocument.objects.filter(stay=stay, required=required).first()
    created = document is None
    if created:
        document = StayDocument(organization=stay.organization, stay=stay, required=required)
    before = {} if created else audit.snapshot(document, [*STAY_DOCUMENT_FIELDS, "copy"])
    assign_fields(document, data, STAY_DOCUMENT_FIELDS)
    errors = {}
    if copy is not None:
        try:
            kind = validate_upload(copy)
        except ValidationError as error:
            errors["copy"] = error.messages
        else:
            copy.name = f"copy{COPY_EXTENSIONS[kind]}"
            document.copy = copy
    if (
        required.has_expiry
        and document.status in ("received", "verified")
        and not (document.valid_until)
    ):
        errors["valid_until"] = [_("This document has an expiry date: enter it.")]
    if errors:
        raise ValidationError(errors)
    document.save()
    action = "incoming.stay_document.created" if created else "incoming.stay_document.updated"
    audit.record(
        action=action,
        actor=actor,
        target=document,
        data={
            "changes": audit.changes(
                before, audit.snapshot(document, [*STAY_DOCUMENT_FIELDS, "copy"])
            ),
            "via": "staff" if actor else "link",
        },
    )
    return document


@transaction.atomic
def enrollment_order_create(
    *, organization: Organization, actor: User, data: dict[str, Any], stays: list[Stay]
) -> EnrollmentOrder:
    """R8.4: the order on the enrollment of foreign citizens; its number and date are
    recorded on each selected stay."""
    if not stays:
        raise ValidationError({"stays": _("Select the foreigners to enroll.")})
    wrong = [
        str(s.person) for s in stays if s.status not in (StayStatus.ARRIVED, StayStatus.ENROLLED)
    ]
    if wrong:
        raise ValidationError(
            {
                "stays": _("Only arrived or enrolled foreigners can be in the order: %(names)s.")
                % {"names": ", ".join(wrong)}
            }
        )
    order = EnrollmentOrder(organization=organization)
    assign_fields(order, data, ORDER_FIELDS)
    validate(order)
    if (
        EnrollmentOrder.objects.for_org(organization)
        .filter(number=order.number, date=order.date)
        .exists()
    ):
        raise ValidationError({"number": _("An order with this number and date already exists.")})
    order.save()
    Stay.objects.filter(pk__in=[s.pk for s in stays], organization=organization).update(
        enrollment_order=order,
        enrollment_order_number=order.number,
        enrollment_order_date=order.date,
    )
    record_create(
        "incoming.enrollment_order.created", actor, order, ORDER_FIELDS, stays=[s.pk for s in stays]
    )
    return order
