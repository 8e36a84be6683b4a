"""Stays: one period of a foreigner at the organization, its history, origin facts and tasks."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from yntymaq.core.fields import BoundedTextField
from yntymaq.core.models import TenantModel
from yntymaq.core.validators import between
from yntymaq.people.countries import CitizenshipCountries
from yntymaq.people.models import Person

from ..enums import (
    ArrivalLine,
    LegalStatus,
    OriginFactKind,
    StayCategory,
    StayStatus,
    StudyLevel,
    TaskKind,
    Transport,
)


class IncomingSettings(TenantModel):
    """The organization's deadlines and alert periods (DESIGN.md: settings, never constants)."""

    registration_working_days = models.PositiveSmallIntegerField(
        _("registration after arrival, working days"),
        default=3,
        validators=[MinValueValidator(1), MaxValueValidator(30)],
        help_text=_("Migration Law: the receiving party notifies within 3 working days."),
    )
    visa_free_registration_days = models.PositiveSmallIntegerField(
        _("registration of visa-free arrivals, calendar days"),
        default=30,
        validators=[MinValueValidator(1), MaxValueValidator(90)],
    )
    visa_free_rule_from = models.DateField(
        _("visa-free online registration rule applies from"), default=date(2026, 7, 1)
    )
    alert_days_first = models.PositiveSmallIntegerField(
        _("first alert before an expiry, days"),
        default=30,
        validators=[MinValueValidator(1), MaxValueValidator(365)],
    )
    alert_days_second = models.PositiveSmallIntegerField(
        _("second alert before an expiry, days"),
        default=7,
        validators=[MinValueValidator(1), MaxValueValidator(365)],
    )
    visa_extension_working_days = models.PositiveSmallIntegerField(
        _("visa extension requested, working days before expiry"),
        default=15,
        validators=[MinValueValidator(1), MaxValueValidator(60)],
    )
    task_working_days = models.PositiveSmallIntegerField(
        _("tasks after the end of a ground for stay, working days"),
        default=3,
        validators=[MinValueValidator(1), MaxValueValidator(60)],
    )
    questionnaire_link_days = models.PositiveSmallIntegerField(
        _("questionnaire link valid, days"),
        default=14,
        validators=[MinValueValidator(1), MaxValueValidator(90)],
    )
    consent_term_years = models.PositiveSmallIntegerField(
        _("term of the personal-data consent, years"),
        default=5,
        validators=[MinValueValidator(1), MaxValueValidator(75)],
    )

    class Meta:
        verbose_name = _("settings of the foreigners' registry")
        verbose_name_plural = _("settings of the foreigners' registry")
        constraints = [
            models.UniqueConstraint(fields=["organization"], name="incoming_settings_one_per_org")
        ]

    def __str__(self) -> str:
        return _("Settings of the foreigners' registry — %(organization)s") % {
            "organization": self.organization
        }


class Stay(TenantModel):
    """One period of a foreigner at the organization (R2.9, A2.3). A person may have several.

    `status` changes only through incoming.lifecycle (services.stay_transition).
    `visa_valid_to` and `registration_valid_until` repeat the current visa's and
    registration's end dates for the registry (filters, sorting, no per-row queries);
    the services that change visas and registrations keep them in step.
    """

    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="stays", verbose_name=_("person")
    )
    category = models.CharField(_("category"), max_length=20, choices=StayCategory.choices)
    status = models.CharField(
        _("status"), max_length=20, choices=StayStatus.choices, default=StayStatus.INVITED
    )
    status_since = models.DateField(_("status since"), null=True, blank=True)
    arrival_line = models.CharField(_("arrival line"), max_length=30, choices=ArrivalLine.choices)
    arrival_line_other = models.CharField(_("other arrival line"), max_length=300, blank=True)
    study_level = models.CharField(
        _("level of study"), max_length=20, choices=StudyLevel.choices, blank=True
    )
    program_code = models.CharField(_("educational program code"), max_length=20, blank=True)
    program_name = models.CharField(
        _("educational program (specialty)"), max_length=300, blank=True
    )
    course = models.PositiveSmallIntegerField(
        _("course"), null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(7)]
    )
    arrival_country = CountryField(
        _("country of arrival"),
        countries=CitizenshipCountries,
        blank=True,
        help_text=_(
            "The country the foreigner came from (A2.3); the citizenship unless it differs, "
            "e.g. a diaspora member arriving from a third country."
        ),
    )
    study_language = models.CharField(_("language of study"), max_length=40, blank=True)
    residence_place = models.CharField(_("place of residence"), max_length=300, blank=True)
    visa_free = models.BooleanField(
        _("arrived without a visa"),
        default=False,
        help_text=_("Citizens of visa-free states register online (Migration Law, from 2026)."),
    )
    invited_on = models.DateField(_("invited on"), null=True, blank=True)
    invitation_number = models.CharField(_("invitation number"), max_length=50, blank=True)
    arrival_date = models.DateField(_("arrival date"), null=True, blank=True)
    arrival_transport = models.CharField(
        _("arrived"), max_length=10, choices=Transport.choices, blank=True
    )
    arrival_details = models.CharField(_("flight or train"), max_length=100, blank=True)
    met_by = models.CharField(_("met by"), max_length=200, blank=True)
    enrollment_order = models.ForeignKey(
        "incoming.EnrollmentOrder",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="stays",
        verbose_name=_("enrollment order"),
    )
    enrollment_order_number = models.CharField(
        _("enrollment order number"), max_length=50, blank=True
    )
    enrollment_order_date = models.DateField(_("enrollment order date"), null=True, blank=True)
    expected_completion = models.DateField(_("expected completion date"), null=True, blank=True)
    expected_departure = models.DateField(_("expected departure date"), null=True, blank=True)
    actual_departure = models.DateField(_("actual departure date"), null=True, blank=True)
    tuition_amount = models.DecimalField(
        _("tuition per year, tenge"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=between(Decimal("0"), Decimal("100000000")),
    )
    enic_number = models.CharField(
        _("ENIC-Kazakhstan recognition certificate"), max_length=50, blank=True
    )
    enic_date = models.DateField(_("recognition certificate date"), null=True, blank=True)
    preparatory_group = models.ForeignKey(
        "incoming.PreparatoryGroup",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="stays",
        verbose_name=_("preparatory group"),
    )
    final_assessment = models.CharField(_("final assessment"), max_length=10, blank=True)
    final_assessment_on = models.DateField(_("final assessment date"), null=True, blank=True)
    previous_stay = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="next_stay",
        verbose_name=_("previous phase"),
    )
    notes = BoundedTextField(_("notes"), blank=True)
    visa_valid_to = models.DateField(editable=False, null=True, blank=True)
    registration_valid_until = models.DateField(editable=False, null=True, blank=True)

    class Meta:
        verbose_name = _("stay")
        verbose_name_plural = _("stays")
        ordering = ["-arrival_date", "-id"]
        indexes = [
            models.Index(fields=["organization", "status"], name="stay_org_status"),
            models.Index(fields=["organization", "category"], name="stay_org_category"),
            models.Index(fields=["organization", "arrival_date"], name="stay_org_arrival"),
            models.Index(fields=["organization", "visa_valid_to"], name="stay_org_visa"),
            models.Index(
                fields=["organization", "registration_valid_until"], name="stay_org_registration"
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(arrival_date__isnull=True)
                | models.Q(actual_departure__isnull=True)
                | models.Q(actual_departure__gte=models.F("arrival_date")),
                name="stay_departure_after_arrival",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} — {self.get_category_display()}"

    def get_absolute_url(self) -> str:
        return reverse(
            "incoming:stay-detail", kwargs={"org_slug": self.organization.slug, "pk": self.pk}
        )

    @property
    def specialty(self) -> str:
        return " ".join(p for p in (self.program_code, self.program_name) if p)

    @property
    def arrival_line_text(self) -> str:
        if self.arrival_line == ArrivalLine.OTHER and self.arrival_line_other:
            return self.arrival_line_other
        return self.get_arrival_line_display()

    def clean(self):
        errors: dict[str, list] = {}
        if (
            self.arrival_date
            and self.actual_departure
            and self.actual_departure < self.arrival_date
        ):
            errors["actual_departure"] = [_("The departure cannot be before the arrival.")]
        for name in ("expected_completion", "expected_departure"):
            value = getattr(self, name)
            if self.arrival_date and value and value < self.arrival_date:
                errors[name] = [_("This date cannot be before the arrival.")]
        if (
            self.expected_completion
            and self.expected_departure
            and self.expected_departure < self.expected_completion
        ):
            errors.setdefault("expected_departure", []).append(
                _("The departure is expected after the completion.")
            )
        if self.invited_on and self.arrival_date and self.arrival_date < self.invited_on:
            errors["arrival_date"] = [_("The arrival cannot be before the invitation.")]
        if self.arrival_line == ArrivalLine.OTHER and not self.arrival_line_other.strip():
            errors["arrival_line_other"] = [_("Specify the other arrival line.")]
        if self.arrival_line == ArrivalLine.PAID_CONTRACT and self.tuition_amount is None:
            errors["tuition_amount"] = [_("Enter the tuition amount of the paid contract.")]
        if self.enic_date and not self.enic_number:
            errors["enic_number"] = [_("Enter the number of the recognition certificate.")]
        if errors:
            raise ValidationError(errors)


class StayEvent(TenantModel):
    """One step of a stay's life cycle, dated (the status history)."""

    stay = models.ForeignKey(Stay, on_delete=models.CASCADE, related_name="events")
    from_status = models.CharField(max_length=20, choices=StayStatus.choices, blank=True)
    to_status = models.CharField(max_length=20, choices=StayStatus.choices)
    on = models.DateField(_("date"))
    note = models.CharField(_("note"), max_length=500, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("stay event")
        verbose_name_plural = _("stay events")
        ordering = ["on", "id"]

    def __str__(self) -> str:
        return f"{self.stay.person} — {self.get_to_status_display()} ({self.on:%d.%m.%Y})"


class OriginFact(TenantModel):
    """A dated origin fact of a person (R2.7): diaspora, kandas status, the 4% quota."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="origin_facts")
    kind = models.CharField(_("fact"), max_length=20, choices=OriginFactKind.choices)
    since = models.DateField(_("since"), null=True, blank=True)
    document_number = models.CharField(_("document number"), max_length=50, blank=True)
    document_date = models.DateField(_("document date"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("origin fact")
        verbose_name_plural = _("origin facts")
        ordering = ["since", "id"]

    def __str__(self) -> str:
        return f"{self.person} — {self.get_kind_display()}"

    def clean(self):
        if self.kind == OriginFactKind.KANDAS and not (self.document_number and self.document_date):
            raise ValidationError(
                {"document_number": _("Enter the number and date of the kandas certificate.")}
            )


class LegalStatusRecord(TenantModel):
    """The person's legal status from a date: foreign citizen → TRP → kandas → PR → citizen."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="legal_statuses")
    status = models.CharField(_("legal status"), max_length=30, choices=LegalStatus.choices)
    since = models.DateField(_("since"))
    document = models.CharField(_("document"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("legal status")
        verbose_name_plural = _("legal status history")
        ordering = ["since", "id"]

    def __str__(self) -> str:
        return f"{self.person} — {self.get_status_display()}"


class StayTask(TenantModel):
    """A task for the Service after a ground for stay ended (Administrative Code art. 518)."""

    stay = models.ForeignKey(Stay, on_delete=models.CASCADE, related_name="tasks")
    kind = models.CharField(_("task"), max_length=30, choices=TaskKind.choices)
    reason = models.CharField(_("because"), max_length=20, choices=StayStatus.choices)
    due = models.DateField(_("due"))
    done_on = models.DateField(_("done on"), null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    note = models.CharField(_("note"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("task")
        verbose_name_plural = _("tasks")
        ordering = ["done_on", "due", "id"]
        indexes = [models.Index(fields=["organization", "done_on", "due"], name="staytask_open")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} — {self.stay.person}"
