"""Choices of the outbound app. Leaf module: imports nothing of ours."""

from django.db import models
from django.utils.translation import pgettext_lazy


class Purpose(models.TextChoices):
    """The three purposes of R4.3 and A2.4."""

    STUDY = "study", pgettext_lazy("trip purpose", "study")
    WORK = "work", pgettext_lazy("trip purpose", "work")
    RESEARCH = "research", pgettext_lazy("trip purpose", "research")


class TripKind(models.TextChoices):
    DEGREE_STUDY = "degree_study", pgettext_lazy("trip kind", "degree study")
    MOBILITY_SEMESTER = (
        "mobility_semester",
        pgettext_lazy("trip kind", "academic mobility semester"),
    )
    INTERNSHIP = "internship", pgettext_lazy("trip kind", "internship")
    TEACHING = "teaching", pgettext_lazy("trip kind", "teaching")
    RESEARCH_VISIT = "research_visit", pgettext_lazy("trip kind", "research visit")
    CONFERENCE = "conference", pgettext_lazy("trip kind", "conference or seminar")
    OTHER = "other", pgettext_lazy("trip kind", "other")


class Funding(models.TextChoices):
    ORGANIZATION = "organization", pgettext_lazy("funding", "the organization")
    STATE_BUDGET = "state_budget", pgettext_lazy("funding", "state budget")
    BOLASHAK = "bolashak", pgettext_lazy("funding", "Bolashak scholarship")
    TREATY_GRANT = "treaty_grant", pgettext_lazy("funding", "grant under an international treaty")
    HOST = "host", pgettext_lazy("funding", "host party")
    GRANT = "grant", pgettext_lazy("funding", "other grant")
    OWN = "own", pgettext_lazy("funding", "own funds")


# Funding whose holders sign a contract with a work-off obligation after their return.
CONTRACT_FUNDING = frozenset({Funding.BOLASHAK, Funding.TREATY_GRANT})


class PlanStatus(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("plan status", "draft")
    SUBMITTED = "submitted", pgettext_lazy("plan status", "submitted for approval")
    RETURNED = "returned", pgettext_lazy("plan status", "returned for changes")
    APPROVED = "approved", pgettext_lazy("plan status", "approved")


class TripStatus(models.TextChoices):
    PLANNED = "planned", pgettext_lazy("trip status", "planned")
    APPROVED = "approved", pgettext_lazy("trip status", "approved")
    DOCUMENTS_READY = "documents_ready", pgettext_lazy("trip status", "documents ready")
    ABROAD = "abroad", pgettext_lazy("trip status", "abroad")
    RETURNED = "returned", pgettext_lazy("trip status", "returned")
    REPORT_ACCEPTED = "report_accepted", pgettext_lazy("trip status", "report accepted")
    CANCELLED = "cancelled", pgettext_lazy("trip status", "cancelled")


class CandidateCategory(models.TextChoices):
    STUDENT = "student", pgettext_lazy("candidate category", "student")
    TEACHER = "teacher", pgettext_lazy("candidate category", "teacher")
    RESEARCHER = "researcher", pgettext_lazy("candidate category", "researcher")


class CandidateStatus(models.TextChoices):
    ACTIVE = "active", pgettext_lazy("candidate status", "in the reserve")
    SELECTED = "selected", pgettext_lazy("candidate status", "selected for a trip")
    SENT = "sent", pgettext_lazy("candidate status", "sent abroad")
    WITHDRAWN = "withdrawn", pgettext_lazy("candidate status", "withdrawn from the reserve")


class Language(models.TextChoices):
    ENGLISH = "en", pgettext_lazy("language", "English")
    GERMAN = "de", pgettext_lazy("language", "German")
    FRENCH = "fr", pgettext_lazy("language", "French")
    CHINESE = "zh", pgettext_lazy("language", "Chinese")
    TURKISH = "tr", pgettext_lazy("language", "Turkish")
    KOREAN = "ko", pgettext_lazy("language", "Korean")
    JAPANESE = "ja", pgettext_lazy("language", "Japanese")
    ARABIC = "ar", pgettext_lazy("language", "Arabic")
    SPANISH = "es", pgettext_lazy("language", "Spanish")
    ITALIAN = "it", pgettext_lazy("language", "Italian")
    RUSSIAN = "ru", pgettext_lazy("language", "Russian")
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
    LANGUAGE = "language", pgettext_lazy("training kind", "language training")
    COUNTRY_STUDIES = "country_studies", pgettext_lazy("training kind", "country studies")


class ParticipantStatus(models.TextChoices):
    ENROLLED = "enrolled", pgettext_lazy("participant status", "enrolled")
    COMPLETED = "completed", pgettext_lazy("participant status", "completed")
    DROPPED = "dropped", pgettext_lazy("participant status", "dropped out")


class DocumentCode(models.TextChoices):
    """Kinds of the exit documents of a trip (R8.4); the organization sets its checklist."""

    PASSPORT = "passport", pgettext_lazy("exit document", "passport")
    VISA = "visa", pgettext_lazy("exit document", "visa")
    INVITATION = "invitation", pgettext_lazy("exit document", "invitation letter")
    INSURANCE = "insurance", pgettext_lazy("exit document", "medical insurance")
    ORDER = "order", pgettext_lazy("exit document", "order on the trip")
    TICKETS = "tickets", pgettext_lazy("exit document", "tickets")
    LEARNING_AGREEMENT = "learning_agreement", pgettext_lazy("exit document", "learning agreement")
    OTHER = "other", pgettext_lazy("exit document", "other")


class DocumentStatus(models.TextChoices):
    PENDING = "pending", pgettext_lazy("document status", "to be handed in")
    RECEIVED = "received", pgettext_lazy("document status", "received")
    NOT_NEEDED = "not_needed", pgettext_lazy("document status", "not needed for this trip")


class ReportKind(models.TextChoices):
    FINANCIAL = "financial", pgettext_lazy("report kind", "financial report")
    FULL = "full", pgettext_lazy("report kind", "full report")


class ReportStatus(models.TextChoices):
    DUE = "due", pgettext_lazy("report status", "awaited")
    SUBMITTED = "submitted", pgettext_lazy("report status", "submitted")
    RETURNED = "returned", pgettext_lazy("report status", "returned for changes")
    ACCEPTED = "accepted", pgettext_lazy("report status", "accepted")
