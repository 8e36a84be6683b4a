"""Choices of the outbound app. Leaf module: imports nothing of ours."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Purpose(models.TextChoices):
    """The three purposes of R4.3 and A2.4."""

    STUDY = "study", _("study")
    WORK = "work", _("work")
    RESEARCH = "research", _("research")


class TripKind(models.TextChoices):
    DEGREE_STUDY = "degree_study", _("degree study")
    MOBILITY_SEMESTER = "mobility_semester", _("academic mobility semester")
    INTERNSHIP = "internship", _("internship")
    TEACHING = "teaching", _("teaching")
    RESEARCH_VISIT = "research_visit", _("research visit")
    CONFERENCE = "conference", _("conference or seminar")
    OTHER = "other", pgettext_lazy("trip kind", "other")


class Funding(models.TextChoices):
    ORGANIZATION = "organization", _("the organization")
    STATE_BUDGET = "state_budget", _("state budget")
    BOLASHAK = "bolashak", _("Bolashak scholarship")
    TREATY_GRANT = "treaty_grant", _("grant under an international treaty")
    HOST = "host", _("host party")
    GRANT = "grant", _("other grant")
    OWN = "own", _("own funds")


# Funding whose holders sign a contract with a work-off obligation after their return.
CONTRACT_FUNDING = frozenset({Funding.BOLASHAK, Funding.TREATY_GRANT})


class PlanStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    SUBMITTED = "submitted", _("submitted for approval")
    RETURNED = "returned", _("returned for changes")
    APPROVED = "approved", _("approved")


class TripStatus(models.TextChoices):
    PLANNED = "planned", _("planned")
    APPROVED = "approved", pgettext_lazy("trip status", "approved")
    DOCUMENTS_READY = "documents_ready", _("documents ready")
    ABROAD = "abroad", _("abroad")
    RETURNED = "returned", pgettext_lazy("trip status", "returned")
    REPORT_ACCEPTED = "report_accepted", _("report accepted")
    CANCELLED = "cancelled", _("cancelled")


class CandidateCategory(models.TextChoices):
    STUDENT = "student", _("student")
    TEACHER = "teacher", _("teacher")
    RESEARCHER = "researcher", _("researcher")


class CandidateStatus(models.TextChoices):
    ACTIVE = "active", _("in the reserve")
    SELECTED = "selected", _("selected for a trip")
    SENT = "sent", _("sent abroad")
    WITHDRAWN = "withdrawn", _("withdrawn from the reserve")


class Language(models.TextChoices):
    ENGLISH = "en", _("English")
    GERMAN = "de", _("German")
    FRENCH = "fr", _("French")
    CHINESE = "zh", _("Chinese")
    TURKISH = "tr", _("Turkish")
    KOREAN = "ko", _("Korean")
    JAPANESE = "ja", _("Japanese")
    ARABIC = "ar", _("Arabic")
    SPANISH = "es", _("Spanish")
    ITALIAN = "it", _("Italian")
    RUSSIAN = "ru", _("Russian")
    OTHER = "other", pgettext_lazy("language", "other")


class CefrLevel(models.TextChoices):
    """CEFR levels; their codes sort in the order of the levels (A1 < A2 < … < C2)."""

    A1 = "A1", "A1"
    A2 = "A2", "A2"
    B1 = "B1", "B1"
    B2 = "B2", "B2"
    C1 = "C1", "C1"
    C2 = "C2", "C2"


class TrainingKind(models.TextChoices):
    LANGUAGE = "language", _("language training")
    COUNTRY_STUDIES = "country_studies", _("country studies")


class ParticipantStatus(models.TextChoices):
    ENROLLED = "enrolled", _("enrolled")
    COMPLETED = "completed", _("completed")
    DROPPED = "dropped", _("dropped out")


class DocumentCode(models.TextChoices):
    """Kinds of the exit documents of a trip (R8.4); the organization sets its checklist."""

    PASSPORT = "passport", _("passport")
    VISA = "visa", _("visa")
    INVITATION = "invitation", _("invitation letter")
    INSURANCE = "insurance", _("medical insurance")
    ORDER = "order", _("order on the trip")
    TICKETS = "tickets", _("tickets")
    LEARNING_AGREEMENT = "learning_agreement", _("learning agreement")
    OTHER = "other", pgettext_lazy("document", "other")


class DocumentStatus(models.TextChoices):
    PENDING = "pending", _("to be handed in")
    RECEIVED = "received", _("received")
    NOT_NEEDED = "not_needed", _("not needed for this trip")


class ReportKind(models.TextChoices):
    FINANCIAL = "financial", _("financial report")
    FULL = "full", _("full report")


class ReportStatus(models.TextChoices):
    DUE = "due", _("awaited")
    SUBMITTED = "submitted", pgettext_lazy("report status", "submitted")
    RETURNED = "returned", pgettext_lazy("report status", "returned for changes")
    ACCEPTED = "accepted", _("accepted")
