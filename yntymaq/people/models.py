"""Persons: foreigners, own staff and students, officials. Names as in the passport."""

from __future__ import annotations

import re
import uuid
from pathlib import PurePosixPath

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from yntymaq.core.models import TenantModel
from yntymaq.core.validators import iin_birth_date_and_sex, validate_iin

from .countries import CitizenshipCountries
from .enums import DocumentKind, Sex

KAZAKHSTAN = "KZ"

PHONE_SPLIT = re.compile(r"[,;\n]+")
PHONE_RE = re.compile(r"^\+?[0-9][0-9 ()\-]{4,24}$")


def split_phones(value: str) -> list[str]:
    """The separate numbers of a phones field ("+7 701 111 22 33, 8 (727) 222-33-44")."""
    return [part.strip() for part in PHONE_SPLIT.split(value or "") if part.strip()]


def validate_phones(value: str) -> None:
    bad = [phone for phone in split_phones(value) if not PHONE_RE.match(phone)]
    if bad:
        raise ValidationError(
            _(
                "Not a phone number: %(phones)s. Use digits, spaces, brackets and dashes, "
                "optionally starting with +; separate several numbers with commas."
            )
            % {"phones": ", ".join(bad)},
            code="phone",
        )


def search_key(*parts: str) -> str:
    """Lower-case text for name search that works the same on SQLite and PostgreSQL.

    SQLite's LIKE and lower() fold only ASCII letters, so Cyrillic search cannot rely on
    `icontains`; names are folded in Python instead (ё is searched as е).
    """
    text = " ".join(p for p in parts if p)
    return " ".join(text.casefold().replace("ё", "е").split())


class Person(TenantModel):
    """A natural person known to the organization: A1.1 name, A1.2 sex, A1.3 citizenship and
    A1.8 contact phones of the questionnaire; the names and birth dates that A2.2–A2.4 list.

    Invariants of one row (`clean()`):
    - a full name (surname and given name) in Cyrillic or in the Latin spelling of the
      passport, or in both;
    - the IIN is required for citizens of Kazakhstan. Others may have one (a foreigner with a
      residence permit receives an IIN), so it is optional for them but validated when given;
    - an IIN is 12 digits with a valid check digit, and the birth date and sex it encodes
      agree with the birth date and sex entered.
    Uniqueness of the IIN within the organization is checked by the services, which name the
    person who already has it.
    """

    last_name = models.CharField(_("surname (Cyrillic)"), max_length=150, blank=True)
    first_name = models.CharField(_("given name (Cyrillic)"), max_length=150, blank=True)
    patronymic = models.CharField(_("patronymic (Cyrillic)"), max_length=150, blank=True)
    last_name_latin = models.CharField(
        _("surname (Latin, as in the passport)"), max_length=150, blank=True
    )
    first_name_latin = models.CharField(
        _("given name (Latin, as in the passport)"), max_length=150, blank=True
    )
    patronymic_latin = models.CharField(
        _("patronymic (Latin, as in the passport)"), max_length=150, blank=True
    )
    birth_date = models.DateField(_("date of birth"), null=True, blank=True)
    sex = models.CharField(_("sex"), max_length=1, choices=Sex.choices, blank=True)
    citizenship = CountryField(
        _("citizenship"),
        countries=CitizenshipCountries,
        blank=True,
        blank_label=_("(stateless or not known)"),
    )
    iin = models.CharField(
        _("IIN"),
        max_length=12,
        blank=True,
        help_text=_("Individual identification number; required for citizens of Kazakhstan."),
    )
    phones = models.CharField(
        _("phones"),
        max_length=300,
        blank=True,
        validators=[validate_phones],
        help_text=_("Separate several numbers with commas."),
    )
    email = models.EmailField(_("e-mail"), blank=True)
    # Folded names in both scripts for search (see search_key); kept in step by save().
    search_text = models.TextField(editable=False, blank=True, default="")

    NAME_FIELDS = (
        "last_name",
        "first_name",
        "patronymic",
        "last_name_latin",
        "first_name_latin",
        "patronymic_latin",
    )

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("persons")
        ordering = ["last_name", "first_name", "last_name_latin", "first_name_latin", "id"]
        indexes = [
            # The registry and the lists ordered by a person's name (reserve, officials).
            models.Index(
                fields=[
                    "organization",
                    "last_name",
                    "first_name",
                    "last_name_latin",
                    "first_name_latin",
                    "id",
                ],
                name="person_org_name",
            )
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "iin"],
                condition=~models.Q(iin=""),
                name="person_iin_unique_per_org",
            ),
            models.CheckConstraint(
                condition=(~models.Q(last_name="") & ~models.Q(first_name=""))
                | (~models.Q(last_name_latin="") & ~models.Q(first_name_latin="")),
                name="person_has_full_name",
            ),
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

    @property
    def phone_list(self) -> list[str]:
        return split_phones(self.phones)

    def get_absolute_url(self) -> str:
        return reverse(
            "people:person-detail", kwargs={"org_slug": self.organization.slug, "pk": self.pk}
        )

    def save(self, *args, **kwargs):
        self.search_text = search_key(*(getattr(self, name) for name in self.NAME_FIELDS))
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and set(update_fields) & set(self.NAME_FIELDS):
            kwargs["update_fields"] = {*update_fields, "search_text"}
        super().save(*args, **kwargs)

    def clean(self):
        errors: dict[str, list] = {}
        for name in self.NAME_FIELDS:
            setattr(self, name, " ".join((getattr(self, name) or "").split()))
        self.iin = (self.iin or "").replace(" ", "")
        self._clean_names(errors)
        if self.birth_date and self.birth_date > timezone.localdate():
            errors.setdefault("birth_date", []).append(
                _("The date of birth cannot be in the future.")
            )
        self._clean_iin(errors)
        if errors:
            raise ValidationError(errors)

    def _clean_names(self, errors: dict) -> None:
        cyrillic = (self.last_name, self.first_name)
        latin = (self.last_name_latin, self.first_name_latin)
        if all(cyrillic) or all(latin):
            return
        # Ask for what is missing in the script the user started with (Cyrillic by default).
        fields = ("last_name_latin", "first_name_latin")
        if any(cyrillic) or not any(latin):
            fields = ("last_name", "first_name")
        message = _(
            "Enter the surname and the given name in Cyrillic or in Latin letters "
            "as in the passport."
        )
        for name in fields:
            if not getattr(self, name):
                errors.setdefault(name, []).append(message)

    def _clean_iin(self, errors: dict) -> None:
        citizen = self.citizenship.code == KAZAKHSTAN if self.citizenship else False
        if not self.iin:
            if citizen:
                errors.setdefault("iin", []).append(
                    _("The IIN is required for citizens of Kazakhstan.")
                )
            return
        try:
            validate_iin(self.iin)
        except ValidationError as error:
            errors.setdefault("iin", []).extend(error.messages)
            return
        born, sex = iin_birth_date_and_sex(self.iin)
        if self.birth_date and self.birth_date != born:
            errors.setdefault("iin", []).append(
                _(
                    "The IIN encodes the date of birth %(date)s, which differs from the "
                    "date of birth entered."
                )
                % {"date": date_format(born, "SHORT_DATE_FORMAT")}
            )
        if self.sex and self.sex != sex:
            errors.setdefault("iin", []).append(
                _("The IIN encodes the sex “%(sex)s”, which differs from the sex entered.")
                % {"sex": Sex(sex).label}
            )


def document_copy_path(instance: IdentityDocument, filename: str) -> str:
    """A random name under the organization's folder; the original name is not kept."""
    suffix = PurePosixPath(filename).suffix.lower()[:6]
    return f"people/{instance.organization_id}/documents/{uuid.uuid4().hex}{suffix}"


class IdentityDocument(TenantModel):
    """An identity document; its copy is kept electronically only (personal-data law).

    The number and the copy are personal data: only roles with `people.view_restricted`
    see them, each view is audited, and the audit log masks their values.
    """

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="documents")
    kind = models.CharField(_("kind"), max_length=30, choices=DocumentKind.choices)
    number = models.CharField(_("number"), max_length=50)
    issued_on = models.DateField(_("issued on"), null=True, blank=True)
    issued_by = models.CharField(_("issued by"), max_length=300, blank=True)
    expires_on = models.DateField(_("valid until"), null=True, blank=True)
    copy = models.FileField(
        _("electronic copy"),
        upload_to=document_copy_path,
        max_length=200,
        blank=True,
        help_text=_("PDF, DOCX, JPEG or PNG, up to 10 MB."),
    )

    class Meta:
        verbose_name = _("identity document")
        verbose_name_plural = _("identity documents")
        ordering = ["-issued_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(issued_on__isnull=True)
                | models.Q(expires_on__isnull=True)
                | models.Q(expires_on__gte=models.F("issued_on")),
                name="identity_document_expires_after_issue",
            )
        ]

    def __str__(self) -> str:
        # Without the number: it is personal data and str() ends up in logs and messages.
        return f"{self.get_kind_display()} — {self.person}"

    @property
    def is_expired(self) -> bool:
        return self.expires_on is not None and self.expires_on < timezone.localdate()

    def clean(self):
        self.number = " ".join((self.number or "").split())
        if self.issued_on and self.expires_on and self.expires_on < self.issued_on:
            raise ValidationError(
                {"expires_on": _("The document cannot expire before the date it was issued.")}
            )
        if self.issued_on and self.issued_on > timezone.localdate():
            raise ValidationError({"issued_on": _("The issue date cannot be in the future.")})
