"""Persons: foreigners, own staff and students, officials. Names as in the passport."""

from __future__ import annotations

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from yntymaq.core.models import TenantModel

from .enums import DocumentKind, Sex


class Person(TenantModel):
    """A natural person known to the organization (A1.1–A1.3, A2.2–A2.4)."""

    last_name = models.CharField(_("surname (Cyrillic)"), max_length=150, blank=True)
    first_name = models.CharField(_("given name (Cyrillic)"), max_length=150, blank=True)
    patronymic = models.CharField(_("patronymic (Cyrillic)"), max_length=150, blank=True)
    last_name_latin = models.CharField(
        _("surname (Latin, as in the passport)"), max_length=150, blank=True
    )
    first_name_latin = models.CharField(
        _("given name (Latin, as in the passport)"), max_length=150, blank=True
    )
    patronymic_latin = models.CharField(_("patronymic (Latin)"), max_length=150, blank=True)
    birth_date = models.DateField(_("date of birth"), null=True, blank=True)
    sex = models.CharField(_("sex"), max_length=1, choices=Sex.choices, blank=True)
    citizenship = CountryField(_("citizenship"), blank=True)
    iin = models.CharField(_("IIN"), max_length=12, blank=True)
    phone = models.CharField(_("phone"), max_length=50, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("persons")
        ordering = ["last_name", "first_name", "last_name_latin", "first_name_latin"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "iin"],
                condition=~models.Q(iin=""),
                name="person_iin_unique_per_org",
            )
        ]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        cyrillic = " ".join(p for p in (self.last_name, self.first_name, self.patronymic) if p)
        return cyrillic or self.full_name_latin

    @property
    def full_name_latin(self) -> str:
        return " ".join(
            p for p in (self.last_name_latin, self.first_name_latin, self.patronymic_latin) if p
        )

    def get_absolute_url(self) -> str:
        return reverse(
            "people:person-detail", kwargs={"org_slug": self.organization.slug, "pk": self.pk}
        )


class IdentityDocument(TenantModel):
    """An identity document; its copy is kept electronically only (personal-data law)."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="documents")
    kind = models.CharField(_("kind"), max_length=30, choices=DocumentKind.choices)
    number = models.CharField(_("number"), max_length=50)
    issued_on = models.DateField(_("issued on"), null=True, blank=True)
    issued_by = models.CharField(_("issued by"), max_length=300, blank=True)
    expires_on = models.DateField(_("valid until"), null=True, blank=True)
    copy = models.FileField(_("electronic copy"), upload_to="people/documents/%Y/%m/", blank=True)

    class Meta:
        verbose_name = _("identity document")
        verbose_name_plural = _("identity documents")
        ordering = ["-issued_on", "-id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.number}"
