"""The questionnaire of Appendix 1, its self-service link and the personal-data consent."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django_countries.fields import CountryField

from yntymaq.core.fields import BoundedTextField
from yntymaq.core.models import TenantModel
from yntymaq.people.countries import CitizenshipCountries
from yntymaq.people.enums import Sex

from ..enums import MaritalStatus, QuestionnaireStatus
from ._files import photo_path
from .stays import Stay


def check_a1_10_birth_date(value):
    """A1.10: a relative's date of birth is not in the future. The one check of it, used by
    the step's form (next to the field) and by the service (for the API and imports)."""
    if value is not None and value > timezone.localdate():
        raise ValidationError(_("The date cannot be in the future."))
    return value


class Questionnaire(TenantModel):
    """Appendix 1, item by item (A1.1–A1.17). One per stay.

    A1.6 (religion) and A1.7 (political and public organizations) are optional and restricted:
    shown only with `people.view_restricted`, each view audited, never exported by default.
    The tables are lists of rows (JSON): relatives (A1.10), education (A1.11), languages
    (A1.12); motives (A1.14) map a motive to its rank.
    """

    RESTRICTED_FIELDS = ("religion", "political_membership")

    stay = models.OneToOneField(Stay, on_delete=models.CASCADE, related_name="questionnaire")
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=QuestionnaireStatus.choices,
        default=QuestionnaireStatus.DRAFT,
    )
    language = models.CharField(_("language of filling in"), max_length=5, default="ru")
    photo = models.FileField(_("photo 3×4"), upload_to=photo_path, max_length=200, blank=True)
    # A1.1–A1.3
    last_name = models.CharField(_("surname"), max_length=150, blank=True)
    first_name = models.CharField(_("given name"), max_length=150, blank=True)
    patronymic = models.CharField(_("patronymic"), max_length=150, blank=True)
    sex = models.CharField(_("sex"), max_length=1, choices=Sex.choices, blank=True)
    citizenship = CountryField(_("citizenship"), countries=CitizenshipCountries, blank=True)
    # A1.4
    birth_country = CountryField(_("country of birth"), countries=CitizenshipCountries, blank=True)
    birth_city = models.CharField(_("city of birth"), max_length=150, blank=True)
    birth_region = models.CharField(
        _("administrative-territorial unit of birth"), max_length=150, blank=True
    )
    # A1.5–A1.9
    ethnicity = models.CharField(_("ethnicity"), max_length=100, blank=True)
    religion = models.CharField(_("religion"), max_length=100, blank=True)
    political_membership = BoundedTextField(
        _("membership of political and public organizations"), blank=True
    )
    permanent_address = models.CharField(_("permanent address"), max_length=500, blank=True)
    phones = models.CharField(_("contact phones"), max_length=200, blank=True)
    marital_status = models.CharField(
        _("marital status"), max_length=20, choices=MaritalStatus.choices, blank=True
    )
    # A1.10–A1.12 (rows)
    relatives = models.JSONField(_("relatives"), default=list, blank=True)
    education = models.JSONField(_("education before arrival"), default=list, blank=True)
    languages = models.JSONField(_("languages"), default=list, blank=True)
    # A1.13–A1.16
    activity = BoundedTextField(_("activity in the last 5 years"), blank=True)
    motives = models.JSONField(_("motives"), default=dict, blank=True)
    motive_other = models.CharField(_("other motive"), max_length=300, blank=True)
    purpose = BoundedTextField(
        _("specialty of study, purpose of work or research topic"), blank=True
    )
    other_information = BoundedTextField(_("other information, requests, wishes"), blank=True)
    # A1.17
    statement_accepted = models.BooleanField(_("statement of acquaintance accepted"), default=False)
    signed_name = models.CharField(_("signature (full name typed)"), max_length=300, blank=True)
    signed_on = models.DateField(_("date of signature"), null=True, blank=True)
    # Review
    submitted_at = models.DateTimeField(
        pgettext_lazy("questionnaire", "submitted at"), null=True, blank=True
    )
    returned_at = models.DateTimeField(_("returned at"), null=True, blank=True)
    return_comment = BoundedTextField(_("comment of the Service"), blank=True)
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("questionnaire")
        verbose_name_plural = _("questionnaires")
        ordering = ["-updated_at", "-id"]

    def __str__(self) -> str:
        return _("Questionnaire — %(name)s") % {"name": self.stay.person}

    @property
    def full_name(self) -> str:
        return " ".join(p for p in (self.last_name, self.first_name, self.patronymic) if p)

    @property
    def editable_by_foreigner(self) -> bool:
        return self.status in (QuestionnaireStatus.DRAFT, QuestionnaireStatus.RETURNED)


class QuestionnaireLink(TenantModel):
    """A personal link to fill in one questionnaire without an account.

    Only the SHA-256 of the token is stored; the token itself is shown once, when issued.
    """

    questionnaire = models.ForeignKey(Questionnaire, on_delete=models.CASCADE, related_name="links")
    token_hash = models.CharField(max_length=64, unique=True)
    expires_at = models.DateTimeField(_("expires at"))
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    last_opened_at = models.DateTimeField(_("last opened at"), null=True, blank=True)

    class Meta:
        verbose_name = _("questionnaire link")
        verbose_name_plural = _("questionnaire links")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return _("Link to the questionnaire — %(name)s") % {"name": self.questionnaire.stay.person}

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None and self.expires_at > timezone.now()


class PersonalDataConsent(TenantModel):
    """Consent to the collection and processing of personal data (Law 94-V, art. 8)."""

    questionnaire = models.OneToOneField(
        Questionnaire, on_delete=models.CASCADE, related_name="consent"
    )
    operator_name = models.CharField(_("operator"), max_length=500)
    operator_bin = models.CharField(_("operator's BIN"), max_length=12)
    subject_name = models.CharField(_("subject of personal data"), max_length=300)
    purpose = BoundedTextField(_("purpose of processing"))
    term_until = models.DateField(_("consent valid until"))
    third_party_transfer = models.BooleanField(_("transfer to third parties"), default=False)
    cross_border_transfer = models.BooleanField(_("cross-border transfer"), default=False)
    publication = models.BooleanField(_("publication in public sources"), default=False)
    data_list = BoundedTextField(_("list of personal data"))
    given_at = models.DateTimeField(_("given at"))
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)

    class Meta:
        verbose_name = _("personal-data consent")
        verbose_name_plural = _("personal-data consents")

    def __str__(self) -> str:
        return _("Consent — %(name)s") % {"name": self.subject_name}

    @property
    def is_valid(self) -> bool:
        return self.withdrawn_at is None and self.term_until >= timezone.localdate()
