"""Plans and the year's work: the long-term plan with its target indicators (R2.1), the annual
work plan (A2.5), international activities (R8.1), conference participation (A2.8), work with
foreigners (A2.9), analytical materials (R2.2, R2.4) and priority-specialty proposals (R2.5).

Rules that need more than one row (a deadline inside the plan's year, a target inside the
long-term plan's years, editing an approved plan) live in services.py.
"""

from __future__ import annotations

import uuid
from pathlib import PurePosixPath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from yntymaq.core.fields import BoundedTextField, LongTextField
from yntymaq.core.models import TenantModel
from yntymaq.core.validators import between
from yntymaq.people.models import search_key

from .enums import (
    SPECIALTY_LEVELS,
    ActivityArea,
    ActivityKind,
    ConferenceKind,
    ConferenceRole,
    CourseKind,
    EducationLevel,
    IndicatorKind,
    ItemStatus,
    MaterialKind,
    PlanStatus,
    TeachingMaterialKind,
)
from .periods import MAX_YEAR, MIN_YEAR, academic_year_label

YEAR_VALIDATORS = [MinValueValidator(MIN_YEAR), MaxValueValidator(MAX_YEAR)]
# The largest value of a target indicator (counts, percentages, amounts in tenge).
MAX_INDICATOR = 1_000_000_000_000
LONG_TERM_PLAN_MAX_YEARS = 10

PUBLICATION_AUTHORS_REQUIRED = _(
    "Name the authors of the publication, the foreign co-authors among them."
)


def _url(name: str, obj, **kwargs) -> str:
    return reverse(name, kwargs={"org_slug": obj.organization.slug, **kwargs})


def _check_dates(errors: dict, starts_on, ends_on, field: str = "ends_on") -> None:
    if starts_on and ends_on and ends_on < starts_on:
        errors.setdefault(field, []).append(_("The end date cannot be before the start date."))


class Searchable(TenantModel):
    """Keeps `search_text`, the folded text of SEARCH_FIELDS, for search that works the same on
    SQLite and PostgreSQL (people.models.search_key: SQLite folds only ASCII letters)."""

    search_text = models.TextField(editable=False, blank=True, default="")

    SEARCH_FIELDS: tuple[str, ...] = ()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        self.search_text = search_key(*(getattr(self, name) for name in self.SEARCH_FIELDS))
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and set(update_fields) & set(self.SEARCH_FIELDS):
            kwargs["update_fields"] = {*update_fields, "search_text"}
        super().save(*args, **kwargs)


# --- the long-term plan (R2.1) ---------------------------------------------------------------


class LongTermPlan(TenantModel):
    """A long-term (perspective) plan of international cooperation over several years (R2.1).

    Its years are calendar years, `year_start` to `year_end` inclusive.
    """

    title = models.CharField(_("title"), max_length=300)
    year_start = models.PositiveSmallIntegerField(_("first year"), validators=YEAR_VALIDATORS)
    year_end = models.PositiveSmallIntegerField(_("last year"), validators=YEAR_VALIDATORS)
    goals = LongTextField(
        _("goals"), blank=True, help_text=_("One goal per line, in the order of the plan.")
    )
    approved_on = models.DateField(_("approved on"), null=True, blank=True)
    approval_document = models.CharField(
        _("approved by"),
        max_length=300,
        blank=True,
        help_text=_("For example: decision of the academic council, minutes No. 5."),
    )

    class Meta:
        verbose_name = _("long-term plan")
        verbose_name_plural = _("long-term plans")
        ordering = ["-year_start", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(year_end__gte=models.F("year_start")),
                name="planning_long_term_plan_years_in_order",
            )
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.year_start}–{self.year_end})"

    @property
    def years(self) -> list[int]:
        return list(range(self.year_start, self.year_end + 1))

    @property
    def goal_list(self) -> list[str]:
        return [line.strip() for line in self.goals.splitlines() if line.strip()]

    def get_absolute_url(self) -> str:
        return _url("planning:long-term-plan-detail", self, pk=self.pk)

    def clean(self):
        errors: dict[str, list] = {}
        if self.year_start and self.year_end:
            if self.year_end < self.year_start:
                errors["year_end"] = [_("The last year cannot be before the first year.")]
            elif self.year_end - self.year_start + 1 > LONG_TERM_PLAN_MAX_YEARS:
                errors["year_end"] = [
                    _("A long-term plan covers at most %(years)s years.")
                    % {"years": LONG_TERM_PLAN_MAX_YEARS}
                ]
        if errors:
            raise ValidationError(errors)


class Indicator(TenantModel):
    """A target indicator of a long-term plan; its values per year are IndicatorValue rows."""

    plan = models.ForeignKey(
        LongTermPlan, on_delete=models.CASCADE, related_name="indicators", verbose_name=_("plan")
    )
    kind = models.CharField(_("indicator"), max_length=40, choices=IndicatorKind.choices)
    name = models.CharField(
        _("name"),
        max_length=300,
        blank=True,
        help_text=_("Required for another indicator; replaces the standard name otherwise."),
    )
    unit_label = models.CharField(
        _("unit of measure"),
        max_length=50,
        blank=True,
        help_text=_("For example: persons, agreements, million tenge."),
    )
    position = models.PositiveSmallIntegerField(
        pgettext_lazy("order", "position"), default=0, validators=between(0, 999)
    )

    class Meta:
        verbose_name = _("target indicator")
        verbose_name_plural = _("target indicators")
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "kind"],
                condition=~Q(kind=IndicatorKind.CUSTOM),
                name="planning_indicator_kind_once_per_plan",
                violation_error_message=_("The plan already has this indicator."),
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def title(self) -> str:
        return self.name or str(self.get_kind_display())

    def get_absolute_url(self) -> str:
        return f"{self.plan.get_absolute_url()}#indicator-{self.pk}"

    def clean(self):
        self.name = " ".join((self.name or "").split())
        if self.kind == IndicatorKind.CUSTOM and not self.name:
            raise ValidationError({"name": _("Give the name of this indicator.")})


class IndicatorValue(TenantModel):
    """The target of an indicator for one year of the plan, and its actual value entered by
    hand where no registry holds it (R2.1)."""

    indicator = models.ForeignKey(
        Indicator, on_delete=models.CASCADE, related_name="values", verbose_name=_("indicator")
    )
    year = models.PositiveSmallIntegerField(_("year"), validators=YEAR_VALIDATORS)
    target = models.DecimalField(
        _("target"),
        max_digits=16,
        decimal_places=2,
        null=True,
        blank=True,
        validators=between(0, MAX_INDICATOR),
    )
    actual = models.DecimalField(
        _("actual value entered by hand"),
        max_digits=16,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("Used where no registry of Yntymaq holds this figure."),
        validators=between(0, MAX_INDICATOR),
    )
    note = models.CharField(_("note"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("indicator value")
        verbose_name_plural = _("indicator values")
        ordering = ["year", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "year"], name="planning_indicator_value_once_per_year"
            )
        ]

    def __str__(self) -> str:
        return f"{self.indicator} — {self.year}"

    def get_absolute_url(self) -> str:
        return self.indicator.get_absolute_url()


# --- the annual work plan (A2.5) -------------------------------------------------------------


class AnnualPlan(TenantModel):
    """The annual international cooperation work plan for an academic year (A2.5)."""

    academic_year = models.PositiveSmallIntegerField(
        _("academic year"),
        validators=YEAR_VALIDATORS,
        help_text=_("The year it starts in: 2025 for 2025/2026."),
    )
    title = models.CharField(_("title in Russian"), max_length=300, blank=True)
    title_kk = models.CharField(_("title in Kazakh"), max_length=300, blank=True)
    long_term_plan = models.ForeignKey(
        LongTermPlan,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="annual_plans",
        verbose_name=_("long-term plan"),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=PlanStatus.choices, default=PlanStatus.DRAFT
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("approved by"),
    )
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    notes = BoundedTextField(_("notes"), blank=True)

    class Meta:
        verbose_name = _("annual work plan")
        verbose_name_plural = _("annual work plans")
        ordering = ["-academic_year"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "academic_year"],
                name="planning_annual_plan_once_per_year",
                violation_error_message=_("There is already a work plan for this academic year."),
            )
        ]

    def __str__(self) -> str:
        return self.display_title

    @property
    def year_label(self) -> str:
        return academic_year_label(self.academic_year)

    @property
    def display_title(self) -> str:
        """The title in the active language (Kazakh, else Russian), or a generic one."""
        title = (self.title_kk or self.title) if get_language() == "kk" else self.title
        return title or self.title_kk or _("Work plan for %(year)s") % {"year": self.year_label}

    @property
    def is_approved(self) -> bool:
        return self.status == PlanStatus.APPROVED

    def get_absolute_url(self) -> str:
        return _url("planning:annual-plan-detail", self, pk=self.pk)


class AnnualPlanItem(TenantModel):
    """One line of the annual work plan: what, in which area of R8.1, who, by when (A2.5)."""

    plan = models.ForeignKey(
        AnnualPlan, on_delete=models.CASCADE, related_name="items", verbose_name=_("plan")
    )
    activity = BoundedTextField(_("activity in Russian"))
    activity_kk = BoundedTextField(_("activity in Kazakh"), blank=True)
    area = models.CharField(_("area of activity"), max_length=40, choices=ActivityArea.choices)
    unit = models.ForeignKey(
        "service.Unit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("responsible unit"),
    )
    responsible = models.ForeignKey(
        "people.Person",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("responsible person"),
    )
    deadline = models.DateField(_("deadline"))
    status = models.CharField(
        _("status"), max_length=20, choices=ItemStatus.choices, default=ItemStatus.PLANNED
    )
    result = BoundedTextField(_("result"), blank=True)

    class Meta:
        verbose_name = _("plan item")
        verbose_name_plural = _("plan items")
        ordering = ["deadline", "id"]
        indexes = [
            # Items in deadline order: a plan's page, the API, what needs attention.
            models.Index(fields=["organization", "deadline", "id"], name="planitem_org_deadline"),
            models.Index(fields=["plan", "deadline", "id"], name="planitem_plan_deadline"),
        ]

    def __str__(self) -> str:
        text = " ".join(self.activity.split())
        return text if len(text) <= 120 else text[:119] + "…"

    @property
    def is_open(self) -> bool:
        return self.status in (ItemStatus.PLANNED, ItemStatus.IN_PROGRESS)

    def get_absolute_url(self) -> str:
        return f"{self.plan.get_absolute_url()}#item-{self.pk}"

    def clean(self):
        if self.status == ItemStatus.DONE and not (self.result or "").strip():
            raise ValidationError({"result": _("Describe the result of a done item.")})


# --- international activities (R8.1) ---------------------------------------------------------


class InternationalActivity(Searchable):
    """An event the organization holds or takes part in: summer school, visiting lecture,
    seminar, joint program, publishing project (R8.1)."""

    title = models.CharField(_("title"), max_length=500)
    kind = models.CharField(_("kind"), max_length=30, choices=ActivityKind.choices)
    area = models.CharField(_("area of activity"), max_length=40, choices=ActivityArea.choices)
    starts_on = models.DateField(_("start date"))
    ends_on = models.DateField(_("end date"), null=True, blank=True)
    country = CountryField(_("country"), blank=True)
    city = models.CharField(_("city"), max_length=200, blank=True)
    online = models.BooleanField(_("online"), default=False)
    registry_partners = models.ManyToManyField(
        "partners.Partner",
        blank=True,
        related_name="+",
        verbose_name=_("partners from the registry"),
    )
    partners = BoundedTextField(
        _("other partners"),
        blank=True,
        help_text=_("Foreign partners taking part that are not in the registry, one per line."),
    )
    foreign_participants = models.PositiveIntegerField(
        _("foreign participants"), default=0, validators=between(0, 100_000)
    )
    own_participants = models.PositiveIntegerField(
        _("own participants"), default=0, validators=between(0, 100_000)
    )
    participants = BoundedTextField(
        _("participants"), blank=True, help_text=_("Who took part (names or groups).")
    )
    results = LongTextField(_("results"), blank=True)
    unit = models.ForeignKey(
        "service.Unit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("unit"),
    )
    plan_item = models.ForeignKey(
        AnnualPlanItem,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="activities",
        verbose_name=_("item of the annual plan"),
    )

    SEARCH_FIELDS = ("title", "city", "partners", "participants", "results")

    class Meta:
        verbose_name = _("international activity")
        verbose_name_plural = _("international activities")
        ordering = ["-starts_on", "-id"]

    def __str__(self) -> str:
        return self.title

    @property
    def place(self) -> str:
        return _place(self.online, self.country, self.city)

    def get_absolute_url(self) -> str:
        return _url("planning:activity-detail", self, pk=self.pk)

    def clean(self):
        errors: dict[str, list] = {}
        _check_dates(errors, self.starts_on, self.ends_on)
        if errors:
            raise ValidationError(errors)


def _place(online: bool, country, city: str) -> str:
    if online:
        return str(_("online"))
    return ", ".join(p for p in (str(country.name) if country else "", city) if p)


# --- conference participation (A2.8) ---------------------------------------------------------


class ConferenceParticipation(Searchable):
    """A staff member's participation in an international conference, symposium or seminar
    (A2.8)."""

    person = models.ForeignKey(
        "people.Person",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("staff member"),
    )
    event = models.CharField(_("event"), max_length=500)
    kind = models.CharField(_("kind of event"), max_length=30, choices=ConferenceKind.choices)
    online = models.BooleanField(_("online"), default=False)
    country = CountryField(_("country"), blank=True)
    city = models.CharField(_("city"), max_length=200, blank=True)
    starts_on = models.DateField(_("start date"))
    ends_on = models.DateField(_("end date"), null=True, blank=True)
    role = models.CharField(_("role"), max_length=20, choices=ConferenceRole.choices)
    paper_title = models.CharField(_("paper title"), max_length=500, blank=True)

    SEARCH_FIELDS = ("event", "city", "paper_title")

    class Meta:
        verbose_name = _("conference participation")
        verbose_name_plural = _("conference participations")
        ordering = ["-starts_on", "-id"]

    def __str__(self) -> str:
        return f"{self.event} — {self.person}"

    @property
    def place(self) -> str:
        return _place(self.online, self.country, self.city)

    def get_absolute_url(self) -> str:
        return _url("planning:conference-update", self, pk=self.pk)

    def clean(self):
        errors: dict[str, list] = {}
        _check_dates(errors, self.starts_on, self.ends_on)
        if not self.online and not self.country:
            errors.setdefault("country", []).append(
                _("Give the country of the event, or mark it as online.")
            )
        if errors:
            raise ValidationError(errors)


# --- work with foreigners (A2.9) -------------------------------------------------------------


class ForeignersWork(TenantModel):
    """Teaching, methodical, research and educational work with foreigners in one academic
    year (A2.9): brief narratives, and the lists of things that can be counted."""

    academic_year = models.PositiveSmallIntegerField(
        _("academic year"),
        validators=YEAR_VALIDATORS,
        help_text=_("The year it starts in: 2025 for 2025/2026."),
    )
    group_formation = LongTextField(_("how groups are formed"), blank=True)
    language_training = LongTextField(_("language training"), blank=True)
    low_achievers = BoundedTextField(_("work with low achievers"), blank=True)
    staff_development = LongTextField(
        _("professional development of teachers who work with foreigners"),
        blank=True,
        help_text=_("A brief summary; the courses taken are listed separately."),
    )
    individual_plans = LongTextField(
        _("fulfilment of individual plans of foreign students, teachers and researchers"),
        blank=True,
    )
    other_work = LongTextField(_("other work"), blank=True)

    NARRATIVE_FIELDS = (
        "group_formation",
        "language_training",
        "low_achievers",
        "staff_development",
        "individual_plans",
        "other_work",
    )

    class Meta:
        verbose_name = _("work with foreigners")
        verbose_name_plural = _("work with foreigners")
        ordering = ["-academic_year"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "academic_year"],
                name="planning_foreigners_work_once_per_year",
                violation_error_message=_(
                    "Work with foreigners for this academic year is already recorded."
                ),
            )
        ]

    def __str__(self) -> str:
        return _("Work with foreigners, %(year)s") % {"year": self.year_label}

    @property
    def year_label(self) -> str:
        return academic_year_label(self.academic_year)

    def get_absolute_url(self) -> str:
        return _url("planning:foreigners-work-detail", self, pk=self.pk)


class ForeignersWorkChild(TenantModel):
    """Base of the lists of A2.9: each row belongs to one academic year's record (`work`)."""

    class Meta:
        abstract = True

    def get_absolute_url(self) -> str:
        return self.work.get_absolute_url()


class StaffDevelopment(ForeignersWorkChild):
    """Professional development of a teacher who works with foreigners (A2.9)."""

    work = models.ForeignKey(
        ForeignersWork,
        on_delete=models.CASCADE,
        related_name="staff_developments",
        verbose_name=_("academic year"),
    )
    person = models.ForeignKey(
        "people.Person",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("teacher"),
    )
    title = models.CharField(_("course or program"), max_length=500)
    provider = models.CharField(_("held by, where"), max_length=500, blank=True)
    starts_on = models.DateField(_("start date"), null=True, blank=True)
    ends_on = models.DateField(_("end date"), null=True, blank=True)
    hours = models.PositiveIntegerField(
        _("hours"), null=True, blank=True, validators=between(0, 10_000)
    )
    certificate = models.CharField(_("certificate"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("professional development")
        verbose_name_plural = _("professional development")
        ordering = ["starts_on", "id"]

    def __str__(self) -> str:
        return f"{self.person} — {self.title}"

    def clean(self):
        errors: dict[str, list] = {}
        _check_dates(errors, self.starts_on, self.ends_on)
        if errors:
            raise ValidationError(errors)


class SpecialCourse(ForeignersWorkChild):
    """A special course or seminar for foreigners' future work (A2.9)."""

    work = models.ForeignKey(
        ForeignersWork,
        on_delete=models.CASCADE,
        related_name="special_courses",
        verbose_name=_("academic year"),
    )
    kind = models.CharField(
        _("kind"), max_length=20, choices=CourseKind.choices, default=CourseKind.SPECIAL_COURSE
    )
    title = models.CharField(_("title"), max_length=500)
    audience = models.CharField(_("for whom"), max_length=300, blank=True)
    lecturer = models.CharField(_("taught by"), max_length=300, blank=True)
    hours = models.PositiveIntegerField(
        _("hours"), null=True, blank=True, validators=between(0, 10_000)
    )

    class Meta:
        verbose_name = _("special course or seminar")
        verbose_name_plural = _("special courses and seminars")
        ordering = ["title", "id"]

    def __str__(self) -> str:
        return self.title


class TeachingMaterial(ForeignersWorkChild):
    """A textbook, study guide or methodical instructions prepared for foreign students (A2.9)."""

    work = models.ForeignKey(
        ForeignersWork,
        on_delete=models.CASCADE,
        related_name="teaching_materials",
        verbose_name=_("academic year"),
    )
    kind = models.CharField(_("kind"), max_length=30, choices=TeachingMaterialKind.choices)
    title = models.CharField(_("title"), max_length=500)
    authors = models.CharField(_("authors"), max_length=500)
    year = models.PositiveSmallIntegerField(_("year"), validators=YEAR_VALIDATORS)
    language = models.CharField(_("language"), max_length=100)

    class Meta:
        verbose_name = _("teaching material")
        verbose_name_plural = _("teaching materials")
        ordering = ["kind", "title", "id"]

    def __str__(self) -> str:
        return self.title


class JointPublication(ForeignersWorkChild):
    """A publication with foreigners (A2.9): its count and topics are computed."""

    work = models.ForeignKey(
        ForeignersWork,
        on_delete=models.CASCADE,
        related_name="publications",
        verbose_name=_("academic year"),
    )
    title = models.CharField(_("title"), max_length=500)
    authors = models.CharField(
        _("authors"),
        max_length=500,
        error_messages={
            "blank": PUBLICATION_AUTHORS_REQUIRED,
            "null": PUBLICATION_AUTHORS_REQUIRED,
        },
    )
    venue = models.CharField(
        _("published in"),
        max_length=500,
        blank=True,
        help_text=_("Journal, proceedings or publisher."),
    )
    year = models.PositiveSmallIntegerField(_("year"), validators=YEAR_VALIDATORS)
    topic = models.CharField(
        _("topic"),
        max_length=300,
        blank=True,
        help_text=_("Publications are counted by topic in the annual report."),
    )

    class Meta:
        verbose_name = _("publication with foreigners")
        verbose_name_plural = _("publications with foreigners")
        ordering = ["-year", "title", "id"]

    def __str__(self) -> str:
        return self.title

    def clean(self):
        self.authors = " ".join((self.authors or "").split())
        self.topic = " ".join((self.topic or "").split())


# --- analytical materials (R2.2, R2.4) -------------------------------------------------------


def material_file_path(instance: AnalyticalMaterial, filename: str) -> str:
    """A random name under the organization's folder; the original name is not kept."""
    suffix = PurePosixPath(filename).suffix.lower()[:6]
    return f"planning/{instance.organization_id}/materials/{uuid.uuid4().hex}{suffix}"


class AnalyticalMaterial(Searchable):
    """A study of world trends in education (R2.2) or a comparative analysis of the national
    education system with the most developed countries (R2.4)."""

    title = models.CharField(_("title"), max_length=500)
    kind = models.CharField(_("kind"), max_length=30, choices=MaterialKind.choices)
    topic = models.CharField(_("topic"), max_length=300, blank=True)
    countries = CountryField(_("countries"), multiple=True, blank=True)
    education_level = models.CharField(
        _("education level"),
        max_length=30,
        choices=EducationLevel.choices,
        default=EducationLevel.ALL,
    )
    author = models.CharField(_("author"), max_length=300)
    prepared_on = models.DateField(_("date"))
    file = models.FileField(
        _("file"),
        upload_to=material_file_path,
        max_length=200,
        blank=True,
        help_text=_("PDF or DOCX, up to 10 MB."),
    )
    summary = LongTextField(pgettext_lazy("abstract", "summary"), blank=True)

    SEARCH_FIELDS = ("title", "topic", "author", "summary")

    class Meta:
        verbose_name = _("analytical material")
        verbose_name_plural = _("analytical materials")
        ordering = ["-prepared_on", "-id"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return _url("planning:material-detail", self, pk=self.pk)


# --- priority specialties (R2.5) -------------------------------------------------------------


class SpecialtyProposal(TenantModel):
    """The organization's proposals for one year's registry of priority specialties for which
    study abroad is advisable (R2.5)."""

    year = models.PositiveSmallIntegerField(_("registry year"), validators=YEAR_VALIDATORS)
    status = models.CharField(
        _("status"), max_length=20, choices=PlanStatus.choices, default=PlanStatus.DRAFT
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("approved by"),
    )
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    notes = BoundedTextField(_("notes"), blank=True)

    class Meta:
        verbose_name = _("priority-specialty proposal")
        verbose_name_plural = _("priority-specialty proposals")
        ordering = ["-year"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "year"],
                name="planning_specialty_proposal_once_per_year",
                violation_error_message=_("There is already a proposal for this year."),
            )
        ]

    def __str__(self) -> str:
        return _("Priority specialties for %(year)s") % {"year": self.year}

    @property
    def is_approved(self) -> bool:
        return self.status == PlanStatus.APPROVED

    def get_absolute_url(self) -> str:
        return _url("planning:specialty-proposal-detail", self, pk=self.pk)


class PrioritySpecialty(TenantModel):
    """A specialty proposed for the registry (R2.5), with the reasons and where to study."""

    proposal = models.ForeignKey(
        SpecialtyProposal,
        on_delete=models.CASCADE,
        related_name="specialties",
        verbose_name=_("proposal"),
    )
    code = models.CharField(_("code"), max_length=20, help_text=_("For example: 6B07101."))
    name = models.CharField(_("specialty"), max_length=300)
    level = models.CharField(
        _("level"), max_length=30, choices=[(lvl.value, lvl.label) for lvl in SPECIALTY_LEVELS]
    )
    justification = LongTextField(_("justification"))
    countries = CountryField(_("recommended countries"), multiple=True, blank=True)
    partners = BoundedTextField(_("recommended partners"), blank=True, help_text=_("One per line."))

    class Meta:
        verbose_name = _("priority specialty")
        verbose_name_plural = _("priority specialties")
        ordering = ["level", "code", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["proposal", "code", "level"],
                name="planning_specialty_once_per_proposal",
                violation_error_message=_("This specialty is already in the proposal."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    def get_absolute_url(self) -> str:
        return self.proposal.get_absolute_url()

    def clean(self):
        self.code = "".join((self.code or "").split()).upper()
