"""Visas, migration registrations and permits (TRP, fingerprints, medical form 086)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from yntymaq.core.models import TenantModel

from ..enums import PermitKind, RegistrationChannel, VisaEntries, VisaKind
from .stays import Stay


class Visa(TenantModel):
    """A visa of the stay (C9 for study: single entry up to 90 days, multiple up to a year)."""

    stay = models.ForeignKey(Stay, on_delete=models.CASCADE, related_name="visas")
    kind = models.CharField(_("kind"), max_length=10, choices=VisaKind.choices, default=VisaKind.C9)
    entries = models.CharField(
        _("entries"), max_length=10, choices=VisaEntries.choices, default=VisaEntries.SINGLE
    )
    number = models.CharField(_("number"), max_length=50)
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid to"))
    invitation_number = models.CharField(_("invitation number"), max_length=50, blank=True)
    cancelled_on = models.DateField(_("cancelled on"), null=True, blank=True)

    class Meta:
        verbose_name = _("visa")
        verbose_name_plural = _("visas")
        ordering = ["-valid_to", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(valid_to__gte=models.F("valid_from")),
                name="visa_valid_to_after_from",
            )
        ]

    def __str__(self) -> str:
        return _("Visa %(kind)s — %(name)s") % {
            "kind": self.get_kind_display(),
            "name": self.stay.person,
        }

    def clean(self):
        if self.valid_from and self.valid_to and self.valid_to < self.valid_from:
            raise ValidationError({"valid_to": _("A visa cannot end before it begins.")})


class Registration(TenantModel):
    """Migration registration of the foreigner (Migration Law, art. 33)."""

    stay = models.ForeignKey(Stay, on_delete=models.CASCADE, related_name="registrations")
    channel = models.CharField(_("channel"), max_length=20, choices=RegistrationChannel.choices)
    filed_on = models.DateField(_("filed on"))
    certificate_number = models.CharField(_("certificate number"), max_length=50, blank=True)
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    address = models.CharField(_("address of registration"), max_length=300, blank=True)
    cancelled_on = models.DateField(_("cancelled on"), null=True, blank=True)

    class Meta:
        verbose_name = _("migration registration")
        verbose_name_plural = _("migration registrations")
        ordering = ["-filed_on", "-id"]

    def __str__(self) -> str:
        return _("Registration (%(channel)s) — %(name)s") % {
            "channel": self.get_channel_display(),
            "name": self.stay.person,
        }

    def clean(self):
        if self.filed_on and self.valid_until and self.valid_until < self.filed_on:
            raise ValidationError(
                {"valid_until": _("The registration cannot end before it was filed.")}
            )


class Permit(TenantModel):
    """A temporary residence permit, fingerprint registration or medical form 086."""

    stay = models.ForeignKey(Stay, on_delete=models.CASCADE, related_name="permits")
    kind = models.CharField(_("kind"), max_length=20, choices=PermitKind.choices)
    number = models.CharField(_("number"), max_length=50, blank=True)
    issued_on = models.DateField(_("issued on"), null=True, blank=True)
    valid_until = models.DateField(_("valid until"), null=True, blank=True)

    class Meta:
        verbose_name = _("permit")
        verbose_name_plural = _("permits")
        ordering = ["kind", "-valid_until", "-id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} — {self.stay.person}"

    def clean(self):
        if self.issued_on and self.valid_until and self.valid_until < self.issued_on:
            raise ValidationError({"valid_until": _("It cannot expire before it was issued.")})
