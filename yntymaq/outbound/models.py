"""Citizens sent abroad: unit trip plans (R8.5), the reserve (R8.7), pre-departure training
(R8.5), trips with their document checklist (R8.4) and post-trip reports (R8.6).

Models hold data and the invariants of one row; every change of state is a function of
services.py, every read a function of queries.py.
"""

from __future__ import annotations

import uuid
from pathlib import PurePosixPath

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from yntymaq.core.fields import BoundedTextField
from yntymaq.core.models import TenantModel
from yntymaq.core.validators import between
from yntymaq.people.countries import CitizenshipCountries

from .enums import (
    CandidateCategory,
    CandidateStatus,
    CefrLevel,
    DocumentCode,
    DocumentStatus,
    Funding,
    Language,
    ParticipantStatus,
    PlanStatus,
    Purpose,
    ReportKind,
    ReportStatus,
    TrainingKind,
    TripKind,
    TripStatus,
)

UPLOAD_HELP = _("PDF, DOCX, JPEG or PNG, up to 10 MB.")


class DestinationCountries(CitizenshipCountries):
    """Countries a citizen can be sent to: every country but Kazakhstan, in alphabetical order."""

    first = []

    def __iter__(self):
        for item in super().__iter__():
            if item.code and item.code != "KZ":
                yield item


destination_countries = DestinationCountries()


def _stored_name(instance, folder: str, filename: str) -> str:
    """A random name under the organization's folder; the original name is not kept."""
    suffix = PurePosixPath(filename).suffix.lower()[:6]
    return f"outbound/{instance.organization_id}/{folder}/{uuid.uuid4().hex}{suffix}"


def upload_to_documents(instance, filename: str) -> str:
    return _stored_name(instance, "documents", filename)


def upload_to_reports(instance, filename: str) -> str:
    return _stored_name(instance, "reports", filename)


def period_error(start, end):
    """One-row invariant of every period: it cannot end before it starts (None when it
    does not)."""
    if start and end and end < start:
        return _("The return (%(end)s) cannot be before the departure (%(start)s).") % {
            "end": date_format(end, "SHORT_DATE_FORMAT"),
            "start": date_format(start, "SHORT_DATE_FORMAT"),
        }
    return None


def _period(start, end) -> str:
    if start and end:
        return f"{date_format(start, 'SHORT_DATE_FORMAT')}–{date_format(end, 'SHORT_DATE_FORMAT')}"
    return date_format(start, "SHORT_DATE_FORMAT") if start else ""


# --- settings -------------------------------------------------------------------------------


# The largest amount of one trip, plan row or report in tenge (about two million US dollars).
MAX_TENGE = 1_000_000_000


class OutboundSettings(TenantModel):
    """Deadlines of the outbound registries, one row per organization (defaults below).

    The law sets the financial report at 3 working days after return; the full report's
    period (R8.6) is the organization's choice, 10 working days unless it says otherwise.
    """

    financial_report_working_days = models.PositiveSmallIntegerField(
        _("financial report due after return, working days"),
        default=3,
        validators=[MinValueValidator(1), MaxValueValidator(60)],
    )
    full_report_working_days = models.PositiveSmallIntegerField(
        _("full report due after return, working days"),
        default=10,
        validators=[MinValueValidator(1), MaxValueValidator(120)],
    )
    exit_documents_working_days = models.PositiveSmallIntegerField(
        _("exit documents due before departure, working days"),
        default=10,
        validators=[MinValueValidator(0), MaxValueValidator(120)],
        help_text=_("R8.4: the deadline for handing in the exit documents of a trip."),
    )
    passport_valid_months = models.PositiveSmallIntegerField(
        _("passport valid after return, months"),
        default=6,
        validators=[MinValueValidator(0), MaxValueValidator(36)],
    )
    attention_days = models.PositiveSmallIntegerField(
        _("show deadlines this many days ahead"),
        default=14,
        validators=[MinValueValidator(1), MaxValueValidator(90)],
    )

    class Meta:
        verbose_name = _("outbound settings")
        verbose_name_plural = _("outbound settings")
        constraints = [
            models.UniqueConstraint(fields=["organization"], name="outbound_settings_one_per_org")
        ]

    def __str__(self) -> str:
        return str(_("Settings of trips abroad"))


class DocumentRequirement(TenantModel):
    """One line of the organization's checklist of exit documents (R8.4)."""

    code = models.CharField(_("document"), max_length=30, choices=DocumentCode.choices)
    name = models.CharField(
        _("own name"),
        max_length=200,
        blank=True,
        help_text=_("Leave empty to use the standard name of the document."),
    )
    trip_kinds = models.JSONField(
        _("only for trips of these kinds"),
        default=list,
        blank=True,
        help_text=_("Empty: required for every trip."),
    )
    is_active = models.BooleanField(_("in use"), default=True)
    position = models.PositiveSmallIntegerField(
        _("order in the list"), default=10, validators=between(0, 999)
    )

    class Meta:
        verbose_name = _("required exit document")
        verbose_name_plural = _("required exit documents")
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        return self.name or str(DocumentCode(self.code).label).capitalize()

    def applies_to(self, kind: str) -> bool:
        return not self.trip_kinds or kind in self.trip_kinds


# --- plans (R8.5) ---------------------------------------------------------------------------


class TripPlan(TenantModel):
    """A unit's plan of foreign trips for a year (R8.5): drafted by the unit, approved by
    the Service, locked once approved."""

    unit = models.ForeignKey(
        "service.Unit", on_delete=models.PROTECT, related_name="trip_plans", verbose_name=_("unit")
    )
    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    title = models.CharField(_("title"), max_length=300, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=PlanStatus.choices, default=PlanStatus.DRAFT
    )
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decided_by = models.ForeignKey(
        "core.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    return_comment = BoundedTextField(_("comment of the Service"), blank=True)

    class Meta:
        verbose_name = _("trip plan")
        verbose_name_plural = _("trip plans")
        ordering = ["-year", "unit__name_ru", "id"]
        indexes = [models.Index(fields=["organization", "status"])]

    def __str__(self) -> str:
        text = _("Trip plan %(year)s — %(unit)s") % {"year": self.year, "unit": self.unit}
        return f"{text}: {self.title}" if self.title else text

    def get_absolute_url(self) -> str:
        return reverse(
            "outbound:plan-detail", kwargs={"org_slug": self.organization.slug, "pk": self.pk}
        )

    @property
    def is_editable(self) -> bool:
        return self.status in (PlanStatus.DRAFT, PlanStatus.RETURNED)


class PlanRow(TenantModel):
    """One planned trip of a plan: who (a person, or the position to be sent), where, why."""

    plan = models.ForeignKey(TripPlan, on_delete=models.CASCADE, related_name="rows")
    person = models.ForeignKey(
        "people.Person",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="planned_trips",
        verbose_name=_("person"),
    )
    position = models.CharField(
        _("position to be sent"),
        max_length=300,
        blank=True,
        help_text=_("When the person is not chosen yet, e.g. “2nd-year master's student”."),
    )
    country = CountryField(_("country"), countries=DestinationCountries)
    city = models.CharField(_("city"), max_length=150)
    host_organization = models.CharField(_("host organization"), max_length=300)
    purpose = models.CharField(_("purpose"), max_length=20, choices=Purpose.choices)
    kind = models.CharField(_("kind"), max_length=30, choices=TripKind.choices)
    planned_departure = models.DateField(_("planned departure"))
    planned_return = models.DateField(_("planned return"))
    funding = models.CharField(_("funding"), max_length=20, choices=Funding.choices)
    estimated_cost = models.DecimalField(
        _("estimated cost, tenge"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=between(0, MAX_TENGE),
    )
    note = BoundedTextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("plan row")
        verbose_name_plural = _("plan rows")
        ordering = ["planned_departure", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(planned_return__gte=F("planned_departure")),
                name="outbound_planrow_return_after_departure",
            )
        ]

    def __str__(self) -> str:
        who = str(self.person) if self.person_id else self.position
        return f"{who} — {self.country.name}, {self.host_organization}"

    @property
    def period(self) -> str:
        return _period(self.planned_departure, self.planned_return)

    def clean(self):
        message = period_error(self.planned_departure, self.planned_return)
        if message:
            raise ValidationError({"planned_return": message})


# --- the reserve (R8.7) ---------------------------------------------------------------------


class Candidate(TenantModel):
    """A student, teacher or researcher in the reserve for trips abroad (R8.7)."""

    person = models.ForeignKey(
        "people.Person",
        on_delete=models.PROTECT,
        related_name="reserve_entries",
        verbose_name=_("person"),
    )
    unit = models.ForeignKey(
        "service.Unit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="candidates",
        verbose_name=_("unit"),
    )
    category = models.CharField(_("category"), max_length=20, choices=CandidateCategory.choices)
    gpa = models.DecimalField(
        _("GPA"),
        max_digits=3,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(4)],
        help_text=_("For students, on the 4-point scale."),
    )
    academic_merit = BoundedTextField(
        _("academic merit"), blank=True, help_text=_("Publications, awards, olympiads, grants.")
    )
    countries_of_interest = CountryField(
        _("countries of interest"), countries=DestinationCountries, multiple=True, blank=True
    )
    programs_of_interest = BoundedTextField(_("programs of interest"), blank=True)
    available_from = models.DateField(_("available from"), null=True, blank=True)
    available_until = models.DateField(_("available until"), null=True, blank=True)
    included_on = models.DateField(_("included in the reserve on"))
    status = models.CharField(
        _("status"), max_length=20, choices=CandidateStatus.choices, default=CandidateStatus.ACTIVE
    )
    note = BoundedTextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("reserve candidate")
        verbose_name_plural = _("reserve candidates")
        ordering = ["person__last_name", "person__first_name", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "person"], name="outbound_candidate_person_once"
            ),
            models.CheckConstraint(
                condition=Q(available_from__isnull=True)
                | Q(available_until__isnull=True)
                | Q(available_until__gte=F("available_from")),
                name="outbound_candidate_available_period",
            ),
        ]

    def __str__(self) -> str:
        return _("%(person)s (reserve)") % {"person": self.person}

    def get_absolute_url(self) -> str:
        return reverse(
            "outbound:candidate-detail", kwargs={"org_slug": self.organization.slug, "pk": self.pk}
        )

    def clean(self):
        if (
            self.available_from
            and self.available_until
            and self.available_until < self.available_from
        ):
            raise ValidationError(
                {"available_until": _("The end of availability cannot be before its start.")}
            )


class CandidateLanguage(TenantModel):
    """A language of a candidate with its CEFR level and certificate (e.g. IELTS 6.5)."""

    candidate = models.ForeignKey(Candidate, on_delete=models.CASCADE, related_name="languages")
    language = models.CharField(_("language"), max_length=10, choices=Language.choices)
    level = models.CharField(_("CEFR level"), max_length=2, choices=CefrLevel.choices)
    certificate = models.CharField(
        _("certificate"), max_length=100, blank=True, help_text=_("E.g. IELTS, TOEFL, DELF, HSK.")
    )
    score = models.DecimalField(
        _("score"),
        max_digits=5,
        decimal_places=1,
        null=True,
        blank=True,
        validators=between(0, 1000),
    )
    certificate_valid_until = models.DateField(_("certificate valid until"), null=True, blank=True)

    class Meta:
        verbose_name = _("candidate's language")
        verbose_name_plural = _("candidates' languages")
        ordering = ["candidate_id", "language"]
        constraints = [
            models.UniqueConstraint(
                fields=["candidate", "language"], name="outbound_candidate_language_once"
            )
        ]

    def __str__(self) -> str:
        text = f"{self.get_language_display()} {self.level}"
        if self.certificate:
            text += f" ({self.certificate}{f' {self.score}' if self.score is not None else ''})"
        return text


# --- pre-departure training (R8.5) ----------------------------------------------------------


class TrainingCourse(TenantModel):
    """A language or country-studies course for candidates recommended for a trip (R8.5)."""

    title = models.CharField(_("title"), max_length=300)
    kind = models.CharField(_("kind"), max_length=20, choices=TrainingKind.choices)
    language = models.CharField(_("language"), max_length=10, choices=Language.choices, blank=True)
    country = CountryField(_("country"), countries=DestinationCountries, blank=True)
    teacher = models.CharField(_("teacher"), max_length=300, blank=True)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    hours = models.PositiveSmallIntegerField(
        _("hours"), null=True, blank=True, validators=between(0, 2000)
    )
    description = BoundedTextField(_("description"), blank=True)

    class Meta:
        verbose_name = _("training course")
        verbose_name_plural = _("training courses")
        ordering = ["-starts_on", "title", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")), name="outbound_course_ends_after_start"
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse(
            "outbound:course-detail", kwargs={"org_slug": self.organization.slug, "pk": self.pk}
        )

    @property
    def period(self) -> str:
        return _period(self.starts_on, self.ends_on)

    def clean(self):
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("The course cannot end before it starts.")})


class TrainingSession(TenantModel):
    course = models.ForeignKey(TrainingCourse, on_delete=models.CASCADE, related_name="sessions")
    date = models.DateField(_("date"))
    topic = models.CharField(_("topic"), max_length=300)
    hours = models.DecimalField(
        _("hours"), max_digits=4, decimal_places=1, default=2, validators=between(0, 24)
    )

    class Meta:
        verbose_name = _("training session")
        verbose_name_plural = _("training sessions")
        ordering = ["date", "id"]

    def __str__(self) -> str:
        return f"{self.course}: {self.topic} ({date_format(self.date, 'SHORT_DATE_FORMAT')})"


class TrainingParticipant(TenantModel):
    course = models.ForeignKey(
        TrainingCourse, on_delete=models.CASCADE, related_name="participants"
    )
    person = models.ForeignKey(
        "people.Person",
        on_delete=models.PROTECT,
        related_name="training_participations",
        verbose_name=_("person"),
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=ParticipantStatus.choices,
        default=ParticipantStatus.ENROLLED,
    )
    completed_on = models.DateField(_("completed on"), null=True, blank=True)
    result = models.CharField(_("result"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("course participant")
        verbose_name_plural = _("course participants")
        ordering = ["person__last_name", "person__first_name", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["course", "person"], name="outbound_participant_once_per_course"
            )
        ]

    def __str__(self) -> str:
        return f"{self.person} — {self.course}"


# --- trips ----------------------------------------------------------------------------------


class Trip(TenantModel):
    """A citizen's trip abroad by the organization's direction.

    Life cycle (services.TRIP_TRANSITIONS): planned → approved → documents ready → abroad →
    returned → report accepted; cancelled at any step before departure.
    """

    person = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="trips", verbose_name=_("person")
    )
    unit = models.ForeignKey(
        "service.Unit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="outbound_trips",
        verbose_name=_("unit"),
    )
    plan_row = models.ForeignKey(
        PlanRow,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="trips",
        verbose_name=_("plan row"),
    )
    candidate = models.ForeignKey(
        Candidate,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="trips",
        verbose_name=_("selected from the reserve"),
    )
    kind = models.CharField(_("kind"), max_length=30, choices=TripKind.choices)
    purpose = models.CharField(_("purpose"), max_length=20, choices=Purpose.choices)
    # A partner of the partners app once it exists; the name and country are kept here now.
    host_organization = models.CharField(_("host organization"), max_length=300)
    agreement_reference = models.CharField(
        _("agreement"),
        max_length=300,
        blank=True,
        help_text=_("Number and date of the cooperation agreement the trip is made under."),
    )
    country = CountryField(_("country"), countries=DestinationCountries)
    city = models.CharField(_("city"), max_length=150)
    address_abroad = models.CharField(_("temporary address abroad"), max_length=500, blank=True)
    contact_abroad = models.CharField(
        _("contact abroad"), max_length=300, blank=True, help_text=_("Phone or messenger abroad.")
    )
    residence_in_kazakhstan = models.CharField(
        _("place of residence in Kazakhstan"), max_length=500, blank=True
    )
    planned_departure = models.DateField(_("planned departure"))
    planned_return = models.DateField(_("planned return"))
    actual_departure = models.DateField(_("actual departure"), null=True, blank=True)
    actual_return = models.DateField(_("actual return"), null=True, blank=True)
    funding = models.CharField(_("funding"), max_length=20, choices=Funding.choices)
    cost = models.DecimalField(
        _("cost, tenge"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=between(0, MAX_TENGE),
    )
    order_number = models.CharField(_("order number"), max_length=100, blank=True)
    order_date = models.DateField(_("order date"), null=True, blank=True)
    exit_documents_due = models.DateField(
        _("exit documents due"),
        null=True,
        blank=True,
        help_text=_("R8.4: by this date the exit documents must be handed in."),
    )
    required_courses = models.ManyToManyField(
        TrainingCourse,
        blank=True,
        related_name="required_for_trips",
        verbose_name=_("required pre-departure training"),
    )
    # Bolashak and treaty-grant holders: the contract and the work-off obligation.
    contract_number = models.CharField(_("contract number"), max_length=100, blank=True)
    contract_date = models.DateField(_("contract date"), null=True, blank=True)
    work_off_months = models.PositiveSmallIntegerField(
        _("work-off obligation, months"), null=True, blank=True, validators=between(0, 120)
    )
    work_off_employer = models.CharField(
        _("where the obligation is worked off"), max_length=300, blank=True
    )
    work_off_fulfilled_on = models.DateField(_("obligation fulfilled on"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=TripStatus.choices, default=TripStatus.PLANNED
    )
    cancel_reason = BoundedTextField(_("reason for cancelling"), blank=True)
    note = BoundedTextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("trip")
        verbose_name_plural = _("trips")
        ordering = ["-planned_departure", "-id"]
        indexes = [
            models.Index(fields=["organization", "actual_departure", "actual_return"]),
            models.Index(fields=["organization", "status", "planned_departure"]),
            models.Index(fields=["organization", "-planned_departure", "-id"]),
            models.Index(fields=["organization", "person"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(planned_return__gte=F("planned_departure")),
                name="outbound_trip_planned_return_after_departure",
            ),
            models.CheckConstraint(
                condition=Q(actual_departure__isnull=True)
                | Q(actual_return__isnull=True)
                | Q(actual_return__gte=F("actual_departure")),
                name="outbound_trip_actual_return_after_departure",
            ),
        ]

    def __str__(self) -> str:
        return _("%(person)s — %(country)s, %(period)s") % {
            "person": self.person,
            "country": self.country.name,
            "period": self.period,
        }

    def get_absolute_url(self) -> str:
        return reverse(
            "outbound:trip-detail", kwargs={"org_slug": self.organization.slug, "pk": self.pk}
        )

    @property
    def departure(self):
        return self.actual_departure or self.planned_departure

    @property
    def return_date(self):
        return self.actual_return or self.planned_return

    @property
    def period(self) -> str:
        return _period(self.departure, self.return_date)

    @property
    def place(self) -> str:
        return ", ".join(
            p for p in (str(self.country.name), self.city, self.host_organization) if p
        )

    def clean(self):
        errors = {}
        planned = period_error(self.planned_departure, self.planned_return)
        if planned:
            errors["planned_return"] = planned
        actual = period_error(self.actual_departure, self.actual_return)
        if actual:
            errors["actual_return"] = actual
        if errors:
            raise ValidationError(errors)

    @property
    def needs_contract(self) -> bool:
        from .enums import CONTRACT_FUNDING

        return self.funding in CONTRACT_FUNDING


class TripDocument(TenantModel):
    """One item of a trip's checklist of exit documents (R8.4), with its electronic copy."""

    trip = models.ForeignKey(Trip, on_delete=models.CASCADE, related_name="documents")
    requirement = models.ForeignKey(
        DocumentRequirement, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    code = models.CharField(_("document"), max_length=30, choices=DocumentCode.choices)
    name = models.CharField(
        _("name"),
        max_length=200,
        blank=True,
        help_text=_("Leave empty to use the standard name of the document."),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=DocumentStatus.choices, default=DocumentStatus.PENDING
    )
    received_on = models.DateField(_("received on"), null=True, blank=True)
    valid_until = models.DateField(
        _("valid until"), null=True, blank=True, help_text=_("For the passport, visa, insurance.")
    )
    copy = models.FileField(
        _("electronic copy"),
        upload_to=upload_to_documents,
        max_length=200,
        blank=True,
        help_text=UPLOAD_HELP,
    )
    note = models.CharField(_("note"), max_length=300, blank=True)
    position = models.PositiveSmallIntegerField(default=10, validators=between(0, 999))

    class Meta:
        verbose_name = _("trip document")
        verbose_name_plural = _("trip documents")
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return f"{self.label} — {self.trip.person}"

    @property
    def label(self) -> str:
        """The organization's own name of the document, or the standard one in the current
        language."""
        return self.name or str(DocumentCode(self.code).label).capitalize()

    @property
    def is_done(self) -> bool:
        return self.status in (DocumentStatus.RECEIVED, DocumentStatus.NOT_NEEDED)


class TripReport(TenantModel):
    """A post-trip report (R8.6): the financial report and the full report of results."""

    trip = models.ForeignKey(Trip, on_delete=models.CASCADE, related_name="reports")
    kind = models.CharField(_("kind"), max_length=20, choices=ReportKind.choices)
    due_on = models.DateField(_("due on"))
    status = models.CharField(
        _("status"), max_length=20, choices=ReportStatus.choices, default=ReportStatus.DUE
    )
    submitted_on = models.DateField(_("submitted on"), null=True, blank=True)
    # financial report
    amount_spent = models.DecimalField(
        _("amount spent, tenge"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=between(0, MAX_TENGE),
    )
    # both
    summary = BoundedTextField(_("summary"), blank=True)
    # full report (R8.6): results, materials and how they were brought into the work
    results = BoundedTextField(_("results of the trip"), blank=True)
    materials = BoundedTextField(_("materials brought back"), blank=True)
    teaching_use = BoundedTextField(_("brought into teaching"), blank=True)
    methodology_use = BoundedTextField(_("brought into methodological work"), blank=True)
    research_use = BoundedTextField(_("brought into research"), blank=True)
    service_comment = BoundedTextField(_("comment of the Service"), blank=True)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decided_by = models.ForeignKey(
        "core.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("trip report")
        verbose_name_plural = _("trip reports")
        ordering = ["due_on", "id"]
        indexes = [models.Index(fields=["organization", "status", "due_on"])]
        constraints = [
            models.UniqueConstraint(fields=["trip", "kind"], name="outbound_report_once_per_kind")
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display().capitalize()} — {self.trip.person}"

    def get_absolute_url(self) -> str:
        return reverse(
            "outbound:report-detail",
            kwargs={"org_slug": self.organization.slug, "trip_pk": self.trip_id, "pk": self.pk},
        )

    @property
    def is_open(self) -> bool:
        return self.status in (ReportStatus.DUE, ReportStatus.RETURNED)


class ReportAttachment(TenantModel):
    """A file of a report, e.g. a transcript with its translation."""

    report = models.ForeignKey(TripReport, on_delete=models.CASCADE, related_name="attachments")
    title = models.CharField(_("title"), max_length=300)
    file = models.FileField(
        _("file"), upload_to=upload_to_reports, max_length=200, help_text=UPLOAD_HELP
    )

    class Meta:
        verbose_name = _("report attachment")
        verbose_name_plural = _("report attachments")
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.title} — {self.report.trip.person}"
