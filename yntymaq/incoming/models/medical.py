"""Insurance, preventive examinations and requests for help with treatment (R8.10, R2.13)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from yntymaq.core.fields import BoundedTextField
from yntymaq.core.models import TenantModel

from ..enums import ExamResult
from .stays import Stay


class InsurancePolicy(TenantModel):
    stay = models.ForeignKey(Stay, on_delete=models.CASCADE, related_name="insurance_policies")
    insurer = models.CharField(_("insurer"), max_length=200)
    number = models.CharField(_("policy number"), max_length=50)
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid to"))

    class Meta:
        verbose_name = _("insurance policy")
        verbose_name_plural = _("insurance policies")
        ordering = ["-valid_to", "-id"]

    def __str__(self) -> str:
        return _("Insurance %(insurer)s — %(name)s") % {
            "insurer": self.insurer,
            "name": self.stay.person,
        }

    def clean(self):
        if self.valid_from and self.valid_to and self.valid_to < self.valid_from:
            raise ValidationError({"valid_to": _("A policy cannot end before it begins.")})


class MedicalExam(TenantModel):
    stay = models.ForeignKey(Stay, on_delete=models.CASCADE, related_name="medical_exams")
    on = models.DateField(_("date"))
    kind = models.CharField(_("kind of examination"), max_length=200)
    result = models.CharField(_("result"), max_length=20, choices=ExamResult.choices)
    next_due = models.DateField(_("next examination due"), null=True, blank=True)

    class Meta:
        verbose_name = _("preventive examination")
        verbose_name_plural = _("preventive examinations")
        ordering = ["-on", "-id"]

    def __str__(self) -> str:
        return f"{self.kind} — {self.stay.person}"

    def clean(self):
        if self.on and self.next_due and self.next_due < self.on:
            raise ValidationError({"next_due": _("The next examination comes after this one.")})


class TreatmentRequest(TenantModel):
    """A request for help with treatment: health data, restricted like A1.6."""

    stay = models.ForeignKey(Stay, on_delete=models.CASCADE, related_name="treatment_requests")
    on = models.DateField(_("date"))
    description = BoundedTextField(_("request"))
    outcome = BoundedTextField(_("help given"), blank=True)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)

    class Meta:
        verbose_name = _("request for help with treatment")
        verbose_name_plural = _("requests for help with treatment")
        ordering = ["-on", "-id"]

    def __str__(self) -> str:
        return _("Request for treatment of %(date)s — %(name)s") % {
            "date": f"{self.on:%d.%m.%Y}",
            "name": self.stay.person,
        }
