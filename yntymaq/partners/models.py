"""Foreign partners, agreements with their life cycle, versions and implementation (R2.3, R3,
R8.2, R8.3, A2.6, A2.7), and diplomatic missions with a contacts log (R8.12).

Models hold data and the invariants of one row; every change goes through services.py, every
read through queries.py.
"""

from __future__ import annotations

import uuid
from pathlib import PurePosixPath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from yntymaq.core.fields import BoundedTextField, LongTextField
from yntymaq.core.models import TenantModel
from yntymaq.core.validators import between
from yntymaq.people.countries import CitizenshipCountries
from yntymaq.people.models import search_key

from .enums import (
    AgreementForm,
    AgreementKind,
    AgreementStatus,
    ApprovalStage,
    DecisionOutcome,
    MissionKind,
    PartnerKind,
    ResultKind,
    SubjectArea,
)


class PartnerCountries(CitizenshipCountries):
    """Countries in the interface language (Kazakh names from CLDR), alphabetical."""

    first: list[str] = []


partner_countries = PartnerCountries()


def _stored_name(instance, folder: str, filename: str) -> str:
    """A random name under the organization's folder; the original name is kept in a field."""
    suffix = PurePosixPath(filename).suffix.lower()[:6]
    return f"partners/{instance.organization_id}/{folder}/{uuid.uuid4().hex}{suffix}"


def version_file_path(instance, filename: str) -> str:
    return _stored_name(instance, "versions", filename)


def signed_copy_path(instance, filename: str) -> str:
    return _stored_name(instance, "signed", filename)


class Partner(TenantModel):
    """A foreign legal entity or individual the organization cooperates with (R2.3).

    Names: in the original language, in Latin letters, and in Russian and Kazakh where the
    partner has one. A second partner with the same name in the same country is refused by
    services.partner_create / partner_update, which name the existing one.
    """

    kind = models.CharField(_("kind"), max_length=30, choices=PartnerKind.choices)
    name_original = models.CharField(_("name in the original language"), max_length=300)
    name_latin = models.CharField(_("name in Latin letters"), max_length=300, blank=True)
    name_ru = models.CharField(_("name in Russian"), max_length=300, blank=True)
    name_kk = models.CharField(_("name in Kazakh"), max_length=300, blank=True)
    country = CountryField(_("country"), countries=PartnerCountries)
    city = models.CharField(_("city"), max_length=150, blank=True)
    website = models.URLField(_("website"), max_length=300, blank=True)
    contacts = BoundedTextField(
        _("contacts"),
        blank=True,
        help_text=_("Contact persons, their positions, e-mails and phones."),
    )
    notes = BoundedTextField(_("notes"), blank=True)
    # Folded names for search and for the duplicate check; kept in step by save().
    search_text = models.TextField(editable=False, blank=True, default="")
    name_keys = models.CharField(editable=False, max_length=700, blank=True, default="")

    NAME_FIELDS = ("name_original", "name_latin", "name_ru", "name_kk")

    class Meta:
        verbose_name = _("partner")
        verbose_name_plural = _("partners")
        ordering = ["name_latin", "name_original", "id"]
        indexes = [
            models.Index(fields=["organization", "country"], name="partner_org_country"),
            models.Index(fields=["organization", "name_latin"], name="partner_org_name"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        """The name in the interface language where the partner has one."""
        language = get_language() or ""
        preferred = {"kk": self.name_kk, "ru": self.name_ru}.get(language, "")
        return preferred or self.name_latin or self.name_original

    @property
    def other_names(self) -> list[str]:
        shown = self.name
        names = [n for n in (self.name_original, self.name_latin, self.name_ru, self.name_kk) if n]
        return list(dict.fromkeys(n for n in names if n != shown))

    def name_key_set(self) -> set[str]:
        """Folded original and Latin names: two partners of one country may not share one."""
        return {k for k in (search_key(self.name_original), search_key(self.name_latin)) if k}

    def get_absolute_url(self) -> str:
        return reverse(
            "partners:partner-detail", kwargs={"org_slug": self.organization.slug, "pk": self.pk}
        )

    def save(self, *args, **kwargs):
        self.search_text = search_key(*(getattr(self, name) for name in self.NAME_FIELDS))
        self.name_keys = "|" + "|".join(sorted(self.name_key_set())) + "|"
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and set(update_fields) & set(self.NAME_FIELDS):
            kwargs["update_fields"] = {*update_fields, "search_text", "name_keys"}
        super().save(*args, **kwargs)

    def clean(self):
        for name in self.NAME_FIELDS:
            setattr(self, name, " ".join((getattr(self, name) or "").split()))


class Agreement(TenantModel):
    """A cooperation agreement, contract, memorandum or work program with foreign partners.

    The status moves only through services.agreement_transition (the one state machine).
    Invariants of one row: valid-to is not before valid-from; automatic prolongation needs a
    period (and, at signing, an end date).
    """

    our_number = models.CharField(_("our number"), max_length=60, blank=True)
    partner_number = models.CharField(_("partner's number"), max_length=60, blank=True)
    title = models.CharField(pgettext_lazy("agreement", "title in Russian"), max_length=500)
    title_kk = models.CharField(
        pgettext_lazy("agreement", "title in Kazakh"), max_length=500, blank=True
    )
    kind = models.CharField(_("kind"), max_length=30, choices=AgreementKind.choices)
    form = models.CharField(
        _("parties"),
        max_length=20,
        choices=AgreementForm.choices,
        default=AgreementForm.BILATERAL,
        help_text=_("Bilateral: one partner. Multilateral: two partners or more."),
    )
    partners = models.ManyToManyField(
        Partner, verbose_name=_("partners"), related_name="agreements", blank=True
    )
    subject_areas = models.JSONField(_("subject areas"), default=list, blank=True)
    unit = models.ForeignKey(
        "service.Unit",
        verbose_name=_("responsible unit"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    responsible_person = models.ForeignKey(
        "people.Person",
        verbose_name=_("responsible person"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    mobility_places = models.PositiveIntegerField(
        _("mobility places per year"),
        null=True,
        blank=True,
        validators=between(0, 10_000),
        help_text=_("Where the agreement sets them."),
    )
    signed_on = models.DateField(_("signed on"), null=True, blank=True)
    valid_from = models.DateField(pgettext_lazy("agreement", "valid from"), null=True, blank=True)
    valid_to = models.DateField(
        pgettext_lazy("agreement", "valid to"),
        null=True,
        blank=True,
        help_text=_("Leave empty for an open-ended one."),
    )
    automatic_prolongation = models.BooleanField(_("prolonged automatically"), default=False)
    prolongation_months = models.PositiveSmallIntegerField(
        _("prolongation period, months"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(120)],
        help_text=_("For automatic prolongation: by how long it is prolonged each time."),
    )
    notes = BoundedTextField(_("notes"), blank=True)
    renews = models.ForeignKey(
        "self",
        verbose_name=_("renews the agreement"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="renewals",
    )
    status = models.CharField(
        _("status"),
        max_length=30,
        choices=AgreementStatus.choices,
        default=AgreementStatus.DRAFT,
        editable=False,
    )
    status_changed_at = models.DateTimeField(_("status changed"), null=True, editable=False)
    sent_to_authority_at = models.DateTimeField(
        _("sent to the authorized body"), null=True, blank=True, editable=False
    )
    authority_decided_at = models.DateTimeField(
        _("decision of the authorized body"), null=True, blank=True, editable=False
    )
    terminated_on = models.DateField(_("terminated on"), null=True, blank=True, editable=False)
    termination_reason = BoundedTextField(_("reason for termination"), blank=True, editable=False)
    signed_copy = models.FileField(
        _("signed copy"), upload_to=signed_copy_path, max_length=200, blank=True, editable=False
    )
    search_text = models.TextField(editable=False, blank=True, default="")

    SEARCH_FIELDS = ("title", "our_number", "partner_number")

    class Meta:
        verbose_name = _("agreement")
        verbose_name_plural = _("agreements")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["organization", "-created_at"], name="agreement_org_created"),
            models.Index(fields=["organization", "status"], name="agreement_org_status"),
            models.Index(fields=["organization", "valid_to"], name="agreement_org_valid_to"),
            models.Index(fields=["status", "sent_to_authority_at"], name="agreement_queue"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(valid_from__isnull=True)
                | models.Q(valid_to__isnull=True)
                | models.Q(valid_to__gte=models.F("valid_from")),
                name="agreement_valid_to_after_from",
                violation_error_message=_("The end of validity cannot be before its start."),
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse(
            "partners:agreement-detail",
            kwargs={"org_slug": self.organization.slug, "pk": self.pk},
        )

    @property
    def number(self) -> str:
        return self.our_number or self.partner_number

    @property
    def subject_area_labels(self) -> list[str]:
        labels = dict(SubjectArea.choices)
        return [str(labels.get(code, code)) for code in self.subject_areas or []]

    def save(self, *args, **kwargs):
        self.search_text = search_key(*(getattr(self, name) for name in self.SEARCH_FIELDS))
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and set(update_fields) & set(self.SEARCH_FIELDS):
            kwargs["update_fields"] = {*update_fields, "search_text"}
        super().save(*args, **kwargs)

    def clean(self):
        errors: dict[str, list] = {}
        self.title = " ".join((self.title or "").split())
        if self.valid_from and self.valid_to and self.valid_to < self.valid_from:
            errors.setdefault("valid_to", []).append(
                _("The end of validity cannot be before its start.")
            )
        if self.automatic_prolongation and not self.prolongation_months:
            errors.setdefault("prolongation_months", []).append(
                _("Say by how many months it is prolonged each time.")
            )
        unknown = set(self.subject_areas or []) - set(SubjectArea.values)
        if not isinstance(self.subject_areas, list) or unknown:
            errors.setdefault("subject_areas", []).append(_("Choose subject areas from the list."))
        if errors:
            raise ValidationError(errors)


class AgreementVersion(TenantModel):
    """A numbered version of an agreement's text, with a comment (R8.2)."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(pgettext_lazy("agreement text", "version"))
    file = models.FileField(_("text"), upload_to=version_file_path, max_length=200)
    original_name = models.CharField(_("file name"), max_length=255, blank=True)
    comment = BoundedTextField(_("comment"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )

    class Meta:
        verbose_name = _("text version")
        verbose_name_plural = _("text versions")
        ordering = ["agreement_id", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["agreement", "number"], name="agreement_version_unique")
        ]

    def __str__(self) -> str:
        return _("%(title)s, version %(number)s") % {
            "title": self.agreement.title,
            "number": self.number,
        }


class AgreementDecision(TenantModel):
    """One decision of the approval chain: unit, Service, leadership or the authority (R3)."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="decisions")
    stage = models.CharField(_("stage"), max_length=20, choices=ApprovalStage.choices)
    outcome = models.CharField(_("decision"), max_length=20, choices=DecisionOutcome.choices)
    comment = BoundedTextField(_("comment"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )
    decided_by_name = models.CharField(_("decided by"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("approval decision")
        verbose_name_plural = _("approval decisions")
        ordering = ["agreement_id", "created_at", "id"]

    def __str__(self) -> str:
        return f"{self.agreement.title}: {self.get_stage_display()} — {self.get_outcome_display()}"


class Prolongation(TenantModel):
    """A prolongation of an agreement: by its automatic clause or by a decision."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="prolongations")
    previous_valid_to = models.DateField(_("previously valid to"))
    new_valid_to = models.DateField(_("now valid to"))
    automatic = models.BooleanField(_("automatic"), default=False)
    basis = models.CharField(_("basis"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("prolongation")
        verbose_name_plural = _("prolongations")
        ordering = ["agreement_id", "new_valid_to", "id"]

    def __str__(self) -> str:
        return _("%(title)s prolonged to %(date)s") % {
            "title": self.agreement.title,
            "date": self.new_valid_to.isoformat(),
        }


class PlannedActivity(TenantModel):
    """A planned activity of carrying out an agreement (R8.3)."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="activities")
    title = models.CharField(_("activity"), max_length=500)
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("to"), null=True, blank=True)
    responsible = models.ForeignKey(
        "people.Person",
        verbose_name=_("responsible"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    notes = BoundedTextField(_("notes"), blank=True)

    class Meta:
        verbose_name = _("planned activity")
        verbose_name_plural = _("planned activities")
        ordering = ["agreement_id", "starts_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__isnull=True)
                | models.Q(ends_on__gte=models.F("starts_on")),
                name="planned_activity_ends_after_start",
                violation_error_message=_("The end cannot be before the start."),
            )
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self):
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("The end cannot be before the start.")})


class ImplementationResult(TenantModel):
    """A result of carrying out an agreement, recorded as it happens (R8.3, A2.7, R4.2)."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="results")
    date = models.DateField(_("date"))
    kind = models.CharField(_("kind"), max_length=20, choices=ResultKind.choices)
    description = BoundedTextField(_("description"))
    activity = models.ForeignKey(
        PlannedActivity,
        verbose_name=_("planned activity"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="results",
    )
    stays = models.ManyToManyField(
        "incoming.Stay",
        verbose_name=_("foreigners' stays concerned"),
        blank=True,
        related_name="+",
    )
    trips = models.ManyToManyField(
        "outbound.Trip",
        verbose_name=_("trips abroad concerned"),
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("implementation result")
        verbose_name_plural = _("implementation results")
        ordering = ["agreement_id", "-date", "-id"]
        indexes = [models.Index(fields=["agreement", "date"], name="result_agreement_date")]

    def __str__(self) -> str:
        return f"{self.date.isoformat()} {self.get_kind_display()}: {self.description[:80]}"


class AgreementStay(TenantModel):
    """A foreigner's stay that takes place under an agreement (R8.3 organizational support of
    carrying out agreements; A2.3 arrival line "inter-university agreement", "academic
    mobility"). A stay is under one agreement at most. It lives here, not in incoming, because
    incoming comes before partners and must not know it (DESIGN.md)."""

    agreement = models.ForeignKey(
        Agreement,
        verbose_name=_("agreement"),
        on_delete=models.PROTECT,
        related_name="stay_links",
    )
    stay = models.OneToOneField(
        "incoming.Stay",
        verbose_name=_("foreigner's stay"),
        on_delete=models.CASCADE,
        related_name="+",
    )

    class Meta:
        verbose_name = _("stay under an agreement")
        verbose_name_plural = _("stays under agreements")
        ordering = ["agreement_id", "id"]

    def __str__(self) -> str:
        return _("%(stay)s under “%(agreement)s”") % {
            "stay": self.stay,
            "agreement": self.agreement.title,
        }


class TripPartnerLink(TenantModel):
    """The host partner of a trip abroad and/or the agreement it is made under (R8.3; R8.4,
    R8.5 trips). At least one of the two is set. Kept here, not in outbound, for the same
    reason as AgreementStay."""

    trip = models.OneToOneField(
        "outbound.Trip",
        verbose_name=_("trip abroad"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    partner = models.ForeignKey(
        Partner,
        verbose_name=_("host partner"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="hosted_trip_links",
    )
    agreement = models.ForeignKey(
        Agreement,
        verbose_name=_("agreement"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="trip_links",
    )

    class Meta:
        verbose_name = _("trip's host partner and agreement")
        verbose_name_plural = _("trips' host partners and agreements")
        ordering = ["trip_id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(partner__isnull=False) | models.Q(agreement__isnull=False),
                name="trip_partner_link_partner_or_agreement",
                violation_error_message=_("Choose the host partner, the agreement or both."),
            )
        ]

    def __str__(self) -> str:
        return _("%(trip)s: %(host)s") % {
            "trip": self.trip,
            "host": " / ".join(str(x) for x in (self.partner, self.agreement) if x is not None),
        }


class YearlySummary(TenantModel):
    """The brief information on how an agreement was carried out in an academic year (A2.7).

    `year` is the calendar year in which the academic year starts (2024 for 2024/2025).
    """

    agreement = models.ForeignKey(
        Agreement, on_delete=models.CASCADE, related_name="yearly_summaries"
    )
    year = models.PositiveSmallIntegerField(
        _("academic year"), validators=[MinValueValidator(1990), MaxValueValidator(2100)]
    )
    text = LongTextField(pgettext_lazy("yearly summary", "summary"))

    class Meta:
        verbose_name = _("yearly summary")
        verbose_name_plural = _("yearly summaries")
        ordering = ["agreement_id", "-year"]
        constraints = [
            models.UniqueConstraint(fields=["agreement", "year"], name="yearly_summary_unique")
        ]

    def __str__(self) -> str:
        return f"{self.agreement.title} {self.year}/{self.year + 1}: {self.text[:80]}"


class DiplomaticMission(TenantModel):
    """An embassy, consulate or national cultural centre of a foreign state (R8.12)."""

    kind = models.CharField(_("kind"), max_length=30, choices=MissionKind.choices)
    name = models.CharField(_("name"), max_length=300)
    country = CountryField(_("country it represents"), countries=PartnerCountries)
    city = models.CharField(_("city"), max_length=150, blank=True)
    address = models.CharField(_("address"), max_length=500, blank=True)
    phones = models.CharField(_("phones"), max_length=300, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    website = models.URLField(_("website"), max_length=300, blank=True)
    contacts = BoundedTextField(
        _("contact persons"), blank=True, help_text=_("Names, positions, direct phones.")
    )
    notes = BoundedTextField(_("notes"), blank=True)
    search_text = models.TextField(editable=False, blank=True, default="")

    class Meta:
        verbose_name = _("diplomatic mission or cultural centre")
        verbose_name_plural = _("diplomatic missions and cultural centres")
        ordering = ["country", "name", "id"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse(
            "partners:mission-detail", kwargs={"org_slug": self.organization.slug, "pk": self.pk}
        )

    def save(self, *args, **kwargs):
        self.search_text = search_key(self.name, self.city)
        super().save(*args, **kwargs)


class MissionContact(TenantModel):
    """An entry of the contacts log with a mission (R8.12).

    An entry about a foreigner's stay is personal data: only roles with
    `people.view_restricted` see it, and each view is audited.
    """

    mission = models.ForeignKey(
        DiplomaticMission, on_delete=models.CASCADE, related_name="contacts_log"
    )
    date = models.DateField(_("date"))
    subject = models.CharField(_("subject"), max_length=500)
    stay = models.ForeignKey(
        "incoming.Stay",
        verbose_name=_("foreigner's stay concerned"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("The foreigner's stay the contact is about, if any."),
    )
    outcome = BoundedTextField(_("outcome"), blank=True)

    class Meta:
        verbose_name = _("contact with a mission")
        verbose_name_plural = _("contacts with missions")
        ordering = ["mission_id", "-date", "-id"]

    def __str__(self) -> str:
        return f"{self.date.isoformat()} {self.subject}"

    @property
    def is_restricted(self) -> bool:
        return self.stay_id is not None


class PartnersSettings(TenantModel):
    """The organization's deadlines for agreements (settings, never constants)."""

    expiry_first_alert_days = models.PositiveSmallIntegerField(
        _("first alert before an agreement ends, days"),
        default=90,
        validators=[MinValueValidator(1), MaxValueValidator(730)],
    )
    expiry_second_alert_days = models.PositiveSmallIntegerField(
        _("second alert before an agreement ends, days"),
        default=30,
        validators=[MinValueValidator(1), MaxValueValidator(730)],
    )

    class Meta:
        verbose_name = _("agreement settings")
        verbose_name_plural = _("agreement settings")
        constraints = [
            models.UniqueConstraint(fields=["organization"], name="partners_settings_one_per_org")
        ]

    def __str__(self) -> str:
        return _("Agreement alerts %(first)s and %(second)s days before the end") % {
            "first": self.expiry_first_alert_days,
            "second": self.expiry_second_alert_days,
        }

    def clean(self):
        if (
            self.expiry_first_alert_days
            and self.expiry_second_alert_days
            and self.expiry_second_alert_days >= self.expiry_first_alert_days
        ):
            raise ValidationError(
                {
                    "expiry_second_alert_days": _(
                        "The second alert comes closer to the end than the first one."
                    )
                }
            )
