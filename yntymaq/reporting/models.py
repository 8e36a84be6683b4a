"""The annual report (A2, R8.11): the report of an organization for an academic year with its
narrative notes, the generations of its files, and the submitted snapshots (versions).

A report never changes the registries: what it prints comes from the apps' query functions
(reporting.sources); the notes are the report's own text. A submission is frozen: its data
(JSON) and its files (with SHA-256) are copies that later edits never change.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from yntymaq.core.fields import BoundedTextField, LongTextField
from yntymaq.core.models import TenantModel

from .enums import FileKind, GenerationStatus, SubmissionStatus

NOTE_ITEMS = tuple(range(1, 10))


def year_label(academic_year: int) -> str:
    """2025 -> "2025/2026"."""
    return f"{academic_year}/{academic_year + 1}"


class AnnualReport(TenantModel):
    """The A2 report of one organization for one academic year (starting in `academic_year`)."""

    academic_year = models.PositiveSmallIntegerField(
        _("academic year"),
        validators=[MinValueValidator(1991), MaxValueValidator(2100)],
        help_text=_("The year in which the academic year starts, e.g. 2025 for 2025/2026."),
    )
    note_1 = LongTextField(_("item 1: note"), blank=True)
    note_2 = LongTextField(_("item 2: note"), blank=True)
    note_3 = LongTextField(_("item 3: note"), blank=True)
    note_4 = LongTextField(_("item 4: note"), blank=True)
    note_5 = LongTextField(_("item 5: note"), blank=True)
    note_6 = LongTextField(_("item 6: note"), blank=True)
    note_7 = LongTextField(
        _("item 7: brief information on carrying out the agreements"), blank=True
    )
    note_8 = LongTextField(_("item 8: brief information on conference participation"), blank=True)
    note_9 = LongTextField(_("item 9: brief information on work with foreigners"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("annual report")
        verbose_name_plural = _("annual reports")
        ordering = ["-academic_year", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "academic_year"],
                name="reporting_report_one_per_year",
                violation_error_message=_("The organization already has a report for this year."),
            )
        ]

    def __str__(self) -> str:
        return _("Annual report %(year)s — %(organization)s") % {
            "year": year_label(self.academic_year),
            "organization": self.organization.short_name,
        }

    @property
    def year_label(self) -> str:
        return year_label(self.academic_year)

    def notes(self) -> dict[str, str]:
        return {str(n): getattr(self, f"note_{n}") for n in NOTE_ITEMS}

    def get_absolute_url(self) -> str:
        return reverse(
            "reporting:report-detail", kwargs={"org_slug": self.organization.slug, "pk": self.pk}
        )


def report_file_path(instance, filename: str) -> str:
    return f"reporting/{instance.organization_id}/generated/{filename}"


def submission_file_path(instance, filename: str) -> str:
    return f"reporting/{instance.organization_id}/submitted/{filename}"


def _rows_file(upload_to) -> models.FileField:
    """The file of a generation's or a submission's long lists (reporting.lists)."""
    return models.FileField(
        _("long lists of the report"),
        upload_to=upload_to,
        max_length=300,
        blank=True,
        editable=False,
    )


class ReportGeneration(TenantModel):
    """One run that renders the report's files in the background, with its progress.

    The files of the latest finished (`done`) generation are the report's current files; a
    failed generation keeps none, so the previous files stay as they were. Its `data` is the
    report data as generated, its long lists (A2.3, A2.4, A2.6, A2.7) kept apart in `rows_file`
    (reporting.lists), whose member counts and SHA-256 the data records.
    """

    report = models.ForeignKey(AnnualReport, on_delete=models.CASCADE, related_name="generations")
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=GenerationStatus.choices,
        default=GenerationStatus.PENDING,
    )
    progress = models.PositiveSmallIntegerField(
        _("progress, %"), default=0, validators=[MaxValueValidator(100)]
    )
    step = models.CharField(_("step"), max_length=200, blank=True)
    error = models.TextField(_("error"), blank=True)
    data = models.JSONField(_("data"), default=dict, blank=True, editable=False)
    data_sha256 = models.CharField(max_length=64, blank=True, editable=False)
    rows_file = _rows_file(report_file_path)
    rows_sha256 = models.CharField(max_length=64, blank=True, editable=False)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        verbose_name = _("generation of the report files")
        verbose_name_plural = _("generations of the report files")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return _("Files of “%(report)s”, %(when)s") % {
            "report": self.report,
            "when": self.created_at.strftime("%d.%m.%Y %H:%M") if self.created_at else "",
        }

    @property
    def is_finished(self) -> bool:
        return self.status in (GenerationStatus.DONE, GenerationStatus.FAILED)


class ReportFile(TenantModel):
    """A file rendered by a generation (DOCX/PDF in Russian and Kazakh, XLSX, ZIP)."""

    generation = models.ForeignKey(ReportGeneration, on_delete=models.CASCADE, related_name="files")
    kind = models.CharField(_("format"), max_length=5, choices=FileKind.choices)
    language = models.CharField(_("language"), max_length=5, blank=True)
    file = models.FileField(upload_to=report_file_path, max_length=300)
    name = models.CharField(_("file name"), max_length=200)
    sha256 = models.CharField("SHA-256", max_length=64)
    size = models.PositiveBigIntegerField(_("size, bytes"), default=0)

    @property
    def report(self) -> AnnualReport:
        return self.generation.report

    class Meta:
        verbose_name = _("report file")
        verbose_name_plural = _("report files")
        ordering = ["kind", "language", "id"]

    def __str__(self) -> str:
        return self.name


class Submission(TenantModel):
    """A submitted version of the report: the frozen snapshot the authority reviews (R8.11).

    `data` is the report's data as generated, with its long lists in its own copy of
    the rows file, and `figures` the counts the national figures add up; none of them changes
    after submission. A resubmission is a new version.
    """

    report = models.ForeignKey(AnnualReport, on_delete=models.PROTECT, related_name="submissions")
    version = models.PositiveSmallIntegerField(_("version"))
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=SubmissionStatus.choices,
        default=SubmissionStatus.SUBMITTED,
    )
    submitted_at = models.DateTimeField(_("submitted at"))
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    deadline = models.DateField(_("deadline"))
    on_time = models.BooleanField(_("submitted on time"))
    data = models.JSONField(_("data"), editable=False)
    data_sha256 = models.CharField("SHA-256", max_length=64, editable=False)
    rows_file = _rows_file(submission_file_path)
    rows_sha256 = models.CharField(max_length=64, blank=True, editable=False)
    figures = models.JSONField(_("figures"), default=dict, editable=False)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    comment = BoundedTextField(_("comment of the authority"), blank=True)

    class Meta:
        verbose_name = _("submitted report")
        verbose_name_plural = _("submitted reports")
        ordering = ["-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["report", "version"], name="reporting_submission_version_unique"
            )
        ]
        indexes = [models.Index(fields=["organization", "status"], name="reporting_sub_org_status")]

    def __str__(self) -> str:
        return _("%(report)s, version %(version)s") % {
            "report": self.report,
            "version": self.version,
        }

    def get_absolute_url(self) -> str:
        return reverse(
            "reporting:submission-detail",
            kwargs={"org_slug": self.organization.slug, "report_pk": self.report_id, "pk": self.pk},
        )


class SubmissionFile(TenantModel):
    """A copy of a file frozen with a submission, with its SHA-256."""

    submission = models.ForeignKey(Submission, on_delete=models.PROTECT, related_name="files")
    kind = models.CharField(_("format"), max_length=5, choices=FileKind.choices)
    language = models.CharField(_("language"), max_length=5, blank=True)
    file = models.FileField(upload_to=submission_file_path, max_length=300)
    name = models.CharField(_("file name"), max_length=200)
    sha256 = models.CharField("SHA-256", max_length=64)
    size = models.PositiveBigIntegerField(_("size, bytes"), default=0)

    class Meta:
        verbose_name = _("submitted file")
        verbose_name_plural = _("submitted files")
        ordering = ["kind", "language", "id"]

    def __str__(self) -> str:
        return self.name
