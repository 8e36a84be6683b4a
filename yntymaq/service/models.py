"""The Service: internal units (A2.1), officials (A2.2), the Service profile (R5) and the
appointment of its head or of the responsible person (R6, R7)."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from yntymaq.core.fields import BoundedTextField
from yntymaq.core.models import Invitation, Membership, TenantModel
from yntymaq.core.validators import between

from .enums import AppointmentKind, ClearanceForm, LanguageLevel, StateLanguageLevel


def _other_organization(obj, related) -> bool:
    """Whether a related tenant row belongs to another organization than `obj`."""
    return (
        related is not None
        and obj.organization_id is not None
        and related.organization_id != obj.organization_id
    )


class Unit(TenantModel):
    """An internal unit working directly on external relations (A2.1)."""

    name_kk = models.CharField(_("name in Kazakh"), max_length=300, blank=True)
    name_ru = models.CharField(_("name in Russian"), max_length=300, blank=True)
    address = models.CharField(_("address in Russian"), max_length=500, blank=True)
    address_kk = models.CharField(_("address in Kazakh"), max_length=500, blank=True)
    building = models.CharField(_("building"), max_length=100, blank=True)
    room = models.CharField(pgettext_lazy("office", "room"), max_length=50, blank=True)
    works_on_external_relations = models.BooleanField(
        _("works directly on external relations"), default=True
    )
    coordinators = models.ManyToManyField(
        Membership,
        verbose_name=_("coordinators"),
        blank=True,
        related_name="coordinated_units",
        help_text=_("Users with the unit coordinator role in this organization."),
    )
    # Units of an invitation to the coordinator role: they become the new member's units
    # when it is accepted (services.invitation_accepted_units, a core.invitations hook).
    invitations = models.ManyToManyField(
        Invitation, blank=True, related_name="units", editable=False
    )

    class Meta:
        verbose_name = _("internal unit")
        verbose_name_plural = _("internal units")
        ordering = ["name_ru", "name_kk", "id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(name_kk="", name_ru=""),
                name="service_unit_has_a_name",
                violation_error_message=_(
                    "Give the unit's name in Russian or in Kazakh (or both)."
                ),
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        """The name in the current language, or in the other one when it is missing."""
        if get_language() == "kk":
            return self.name_kk or self.name_ru
        return self.name_ru or self.name_kk

    @property
    def location(self) -> str:
        """Address, building and room on one line (A2.1)."""
        parts = [self.address]
        if self.building:
            parts.append(_("building %(building)s") % {"building": self.building})
        if self.room:
            parts.append(_("room %(room)s") % {"room": self.room})
        return ", ".join(p for p in parts if p)

    def clean(self):
        if not self.name_kk.strip() and not self.name_ru.strip():
            raise ValidationError(
                {"name_ru": _("Give the unit's name in Russian or in Kazakh (or both).")}
            )


class Official(TenantModel):
    """An official responsible for international cooperation (A2.2)."""

    person = models.ForeignKey(
        "people.Person",
        on_delete=models.PROTECT,
        related_name="official_posts",
        verbose_name=_("person"),
    )
    position = models.CharField(pgettext_lazy("job", "position in Russian"), max_length=300)
    position_kk = models.CharField(
        pgettext_lazy("job", "position in Kazakh"), max_length=300, blank=True
    )
    work_phone = models.CharField(_("work phone"), max_length=50, blank=True)
    home_phone = models.CharField(_("home phone"), max_length=50, blank=True)
    responsible_for_cooperation = models.BooleanField(
        _("responsible for international cooperation"), default=True
    )
    unit = models.ForeignKey(
        Unit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="officials",
        verbose_name=_("unit"),
    )

    class Meta:
        verbose_name = _("official")
        verbose_name_plural = _("officials")
        ordering = ["person__last_name", "person__first_name", "id"]

    def __str__(self) -> str:
        return f"{self.person} — {self.position}"

    def clean(self):
        errors = {}
        if _other_organization(self, getattr(self, "person", None)):
            errors["person"] = _("Choose a person of this organization.")
        if _other_organization(self, self.unit):
            errors["unit"] = _("Choose a unit of this organization.")
        if errors:
            raise ValidationError(errors)


def _not_in_future(value: date | None, field: str, errors: dict) -> None:
    if value is not None and value > timezone.localdate():
        errors[field] = _("An order cannot be dated in the future.")


class ServiceProfile(TenantModel):
    """The Service of one organization (R5): its creation order, documents and premises."""

    exists = models.BooleanField(
        _("the organization has a Service"),
        default=False,
        help_text=_(
            "R4, R5: a Service is created where the organization meets all of R4.1–R4.3. "
            "Without a Service, a responsible person is appointed (R6)."
        ),
    )
    creation_order_number = models.CharField(
        _("number of the order creating the Service"), max_length=100, blank=True
    )
    creation_order_date = models.DateField(
        _("date of the order creating the Service"), null=True, blank=True
    )
    regulation = models.FileField(
        _("regulation (statute) of the Service"),
        upload_to="service/profile/%Y/%m/",
        blank=True,
        help_text=_("PDF or DOCX, up to 10 MB."),
    )
    duties = models.FileField(
        _("duties of the staff"),
        upload_to="service/profile/%Y/%m/",
        blank=True,
        help_text=_("PDF or DOCX, up to 10 MB."),
    )
    metal_doors = models.BooleanField(_("metal doors"), default=False)
    window_bars = models.BooleanField(_("window bars"), default=False)
    alarm = models.BooleanField(_("alarm"), default=False)
    has_inventory = models.BooleanField(_("inventory"), default=False)
    inventory_notes = BoundedTextField(_("inventory: notes"), blank=True)
    has_communications = models.BooleanField(_("communications"), default=False)
    communications_notes = BoundedTextField(_("communications: notes"), blank=True)
    has_office_equipment = models.BooleanField(_("office equipment"), default=False)
    office_equipment_notes = BoundedTextField(_("office equipment: notes"), blank=True)
    inspector = models.ForeignKey(
        "people.Person",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("inspector"),
    )
    inspector_name = models.CharField(
        _("inspector (name, if not in the registry of persons)"), max_length=300, blank=True
    )
    methodologist = models.ForeignKey(
        "people.Person",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("methodologist"),
    )
    methodologist_name = models.CharField(
        _("methodologist (name, if not in the registry of persons)"), max_length=300, blank=True
    )

    class Meta:
        verbose_name = _("Service profile")
        verbose_name_plural = _("Service profiles")
        constraints = [
            models.UniqueConstraint(fields=["organization"], name="service_profile_one_per_org")
        ]

    def __str__(self) -> str:
        return f"{self._meta.verbose_name}: {self.organization}"

    @property
    def inspector_display(self) -> str:
        return str(self.inspector) if self.inspector_id else self.inspector_name

    @property
    def methodologist_display(self) -> str:
        return str(self.methodologist) if self.methodologist_id else self.methodologist_name

    def clean(self):
        errors: dict = {}
        _not_in_future(self.creation_order_date, "creation_order_date", errors)
        if _other_organization(self, self.inspector):
            errors["inspector"] = _("Choose a person of this organization.")
        if _other_organization(self, self.methodologist):
            errors["methodologist"] = _("Choose a person of this organization.")
        if errors:
            raise ValidationError(errors)


class Appointment(TenantModel):
    """An appointment of the head of the Service or of the responsible person (R6, R7).

    History is kept: a new current appointment ends the previous one (services).
    `ends_on` null means the appointment is in force; at most one per organization.
    """

    kind = models.CharField(_("appointed as"), max_length=20, choices=AppointmentKind.choices)
    person = models.ForeignKey(
        "people.Person",
        on_delete=models.PROTECT,
        related_name="service_appointments",
        verbose_name=_("person"),
    )
    order_number = models.CharField(_("order number"), max_length=100)
    order_date = models.DateField(_("order date"))
    starts_on = models.DateField(_("in office from"))
    ends_on = models.DateField(
        _("in office until"),
        null=True,
        blank=True,
        help_text=_("Leave empty while the appointment is in force."),
    )
    teaching_years = models.PositiveSmallIntegerField(
        _("teaching experience, full years"), default=0, validators=between(0, 70)
    )
    cooperation_years = models.PositiveSmallIntegerField(
        _("experience in international cooperation, full years"),
        default=0,
        validators=between(0, 70),
    )
    works_with_foreigners = models.BooleanField(
        _("has experience of work with foreigners"), default=False
    )
    foreigners_experience = BoundedTextField(_("experience of work with foreigners"), blank=True)
    state_language_level = models.CharField(
        _("command of the state language"),
        max_length=10,
        choices=StateLanguageLevel.choices,
        blank=True,
    )
    foreign_language = models.CharField(
        _("foreign language"),
        max_length=100,
        blank=True,
        help_text=_("For example: English."),
    )
    foreign_language_level = models.CharField(
        _("level of the foreign language"),
        max_length=10,
        choices=LanguageLevel.choices,
        blank=True,
    )
    clearance = models.BooleanField(_("has access to secret documents"), default=False)
    clearance_form = models.CharField(
        _("form of the access"), max_length=2, choices=ClearanceForm.choices, blank=True
    )
    clearance_expires_on = models.DateField(_("access valid until"), null=True, blank=True)
    reports_to_first_head = models.BooleanField(_("reports to the first head"), default=False)
    reports_to_deputy = models.BooleanField(
        _("reports to the deputy for international cooperation"), default=False
    )
    admissions_committee_member = models.BooleanField(
        _("member of the admissions committee"), default=False
    )

    class Meta:
        verbose_name = _("appointment")
        verbose_name_plural = _("appointments")
        ordering = ["-starts_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization"],
                condition=Q(ends_on__isnull=True),
                name="service_appointment_one_current_per_org",
                violation_error_message=_("The organization already has a current appointment."),
            ),
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                name="service_appointment_ends_after_start",
                violation_error_message=_("The appointment cannot end before it starts."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.person}"

    def get_absolute_url(self) -> str:
        return reverse(
            "service:appointment-detail",
            kwargs={"org_slug": self.organization.slug, "pk": self.pk},
        )

    def is_current(self, on: date | None = None) -> bool:
        on = on or timezone.localdate()
        return self.starts_on <= on and (self.ends_on is None or self.ends_on >= on)

    def clean(self):
        errors: dict = {}
        _not_in_future(self.order_date, "order_date", errors)
        if self.ends_on and self.starts_on and self.ends_on < self.starts_on:
            errors["ends_on"] = _("The appointment cannot end before it starts.")
        if self.foreign_language_level and not self.foreign_language.strip():
            errors["foreign_language"] = _("Name the foreign language of this level.")
        if not self.clearance and (self.clearance_form or self.clearance_expires_on):
            errors["clearance"] = _(
                "Tick this box if the person has the access, or clear its form and date."
            )
        if _other_organization(self, getattr(self, "person", None)):
            errors["person"] = _("Choose a person of this organization.")
        if errors:
            raise ValidationError(errors)
