"""Choices of the reporting app. Leaf module: imports nothing of ours."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class GenerationStatus(models.TextChoices):
    PENDING = "pending", _("waiting to start")
    RUNNING = "running", _("in progress")
    DONE = "done", _("done")
    FAILED = "failed", _("failed")


class FileKind(models.TextChoices):
    DOCX = "docx", "DOCX"
    PDF = "pdf", "PDF"
    XLSX = "xlsx", "XLSX"
    ZIP = "zip", "ZIP"


class SubmissionStatus(models.TextChoices):
    SUBMITTED = "submitted", pgettext_lazy("report", "submitted")
    RETURNED = "returned", pgettext_lazy("report", "returned")
    ACCEPTED = "accepted", pgettext_lazy("report", "accepted")


class ReportState(models.TextChoices):
    """A report's state for the authority's list (one per organization and year)."""

    NOT_STARTED = "not_started", _("not started")
    DRAFT = "draft", _("draft")
    SUBMITTED_ON_TIME = "on_time", _("submitted on time")
    SUBMITTED_LATE = "late", _("submitted late")
    RETURNED = "returned", pgettext_lazy("report", "returned")
    ACCEPTED = "accepted", pgettext_lazy("report", "accepted")


class GapSeverity(models.TextChoices):
    BLOCKING = "blocking", _("blocks submission")
    WARNING = "warning", _("warning")
