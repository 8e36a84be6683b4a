"""The document checklist of each stay and the enrollment order (R8.4)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from yntymaq.core.models import TenantModel
from yntymaq.core.validators import between

from ..enums import DocumentStatus, StayCategory
from ._files import copy_path
from .stays import Stay


class RequiredDocument(TenantModel):
    """One line of the organization's checklist: a document required for a category."""

    category = models.CharField(_("category"), max_length=20, choices=StayCategory.choices)
    code = models.SlugField(_("code"), max_length=40)
    name_ru = models.CharField(_("name in Russian"), max_length=200)
    name_kk = models.CharField(_("name in Kazakh"), max_length=200)
    name_en = models.CharField(_("name in English"), max_length=200, blank=True)
    has_expiry = models.BooleanField(_("has an expiry date"), default=False)
    order = models.PositiveSmallIntegerField(_("order"), default=0, validators=between(0, 999))

    class Meta:
        verbose_name = _("required document")
        verbose_name_plural = _("required documents")
        ordering = ["category", "order", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "category", "code"], name="required_document_unique"
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        language = (get_language() or "ru")[:2]
        if language == "kk":
            return self.name_kk
        if language == "en" and self.name_en:
            return self.name_en
        return self.name_ru


class StayDocument(TenantModel):
    """The state of one required document of a stay, with its electronic copy."""

    stay = models.ForeignKey(Stay, on_delete=models.CASCADE, related_name="documents")
    required = models.ForeignKey(
        RequiredDocument, on_delete=models.PROTECT, related_name="+", verbose_name=_("document")
    )
    status = models.CharField(
        _("status"), max_length=20, choices=DocumentStatus.choices, default=DocumentStatus.RECEIVED
    )
    copy = models.FileField(_("electronic copy"), upload_to=copy_path, max_length=200, blank=True)
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("document of a stay")
        verbose_name_plural = _("documents of stays")
        ordering = ["required__order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["stay", "required"], name="stay_document_unique")
        ]

    def __str__(self) -> str:
        return f"{self.required} — {self.stay.person}"


class EnrollmentOrder(TenantModel):
    """The order on the enrollment of foreign citizens (R8.4)."""

    number = models.CharField(_("order number"), max_length=50)
    date = models.DateField(_("order date"))
    title = models.CharField(pgettext_lazy("document heading", "title"), max_length=300, blank=True)
    signed_by = models.CharField(_("signed by"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("enrollment order")
        verbose_name_plural = _("enrollment orders")
        ordering = ["-date", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "number", "date"], name="enrollment_order_unique"
            )
        ]

    def __str__(self) -> str:
        return _("Enrollment order No. %(number)s of %(date)s") % {
            "number": self.number,
            "date": f"{self.date:%d.%m.%Y}",
        }
