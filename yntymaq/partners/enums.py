"""Choices of the partners app. Leaf module: imports nothing of ours."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class PartnerKind(models.TextChoices):
    UNIVERSITY = "university", _("University")
    RESEARCH_INSTITUTE = "research_institute", _("Research institute")
    COMPANY = "company", _("Company")
    FOUNDATION = "foundation", _("Foundation")
    INTERNATIONAL_ORGANIZATION = "international_organization", _("International organization")
    INDIVIDUAL = "individual", _("Individual")
    OTHER = "other", pgettext_lazy("partner kind", "Other")


class AgreementKind(models.TextChoices):
    MEMORANDUM = "memorandum", _("Memorandum")
    COOPERATION = "cooperation", _("Cooperation agreement")
    CONTRACT = "contract", _("Contract")
    WORK_PROGRAM = "work_program", _("Work program")
    MOBILITY = "mobility", _("Academic mobility agreement")
    JOINT_PROGRAM = "joint_program", _("Double-degree or joint program")
    OTHER = "other", pgettext_lazy("agreement kind", "Other")


class AgreementForm(models.TextChoices):
    """R3: bilateral (one partner) or multilateral (several partners)."""

    BILATERAL = "bilateral", _("Bilateral")
    MULTILATERAL = "multilateral", _("Multilateral")


class SubjectArea(models.TextChoices):
    EDUCATION = "education", _("Joint educational programs")
    MOBILITY = "mobility", _("Academic mobility")
    RESEARCH = "research", _("Research")
    TRAINING = "training", _("Professional development")
    LANGUAGES = "languages", _("Language training")
    INTERNSHIPS = "internships", _("Internships and practice")
    PUBLISHING = "publishing", _("Publishing")
    CULTURE = "culture", _("Culture and sport")
    OTHER = "other", pgettext_lazy("subject area", "Other")


class AgreementStatus(models.TextChoices):
    """The life cycle (services.TRANSITIONS is the one state machine that moves it)."""

    DRAFT = "draft", _("Draft")
    UNIT_APPROVAL = "unit_approval", _("Awaiting the unit's approval")
    SERVICE_APPROVAL = "service_approval", _("Awaiting the Service's approval")
    LEADERSHIP_APPROVAL = "leadership_approval", _("Awaiting the leadership's approval")
    RETURNED = "returned", _("Returned for revision")
    APPROVED = "approved", _("Approved internally")
    AUTHORITY_REVIEW = "authority_review", _("Sent to the authorized body")
    AUTHORITY_RETURNED = "authority_returned", _("Returned by the authorized body")
    AGREED = "agreed", _("Agreed by the authorized body")
    SIGNED = "signed", pgettext_lazy("agreement status", "Signed")
    IN_FORCE = "in_force", _("In force")
    EXPIRED = "expired", _("Expired")
    TERMINATED = "terminated", _("Terminated")


class ApprovalStage(models.TextChoices):
    UNIT = "unit", _("Unit")
    SERVICE = "service", _("Service")
    LEADERSHIP = "leadership", _("Leadership")
    AUTHORITY = "authority", _("Authorized body")


class DecisionOutcome(models.TextChoices):
    APPROVED = "approved", _("Approved")
    RETURNED = "returned", _("Returned with a comment")


class ResultKind(models.TextChoices):
    """R8.3, A2.7: what carrying out an agreement produced."""

    MOBILITY = "mobility", _("Mobility")
    PUBLICATION = "publication", _("Joint publication")
    EVENT = "event", _("Joint event")
    PROGRAM = "program", _("Joint program")
    RESEARCH = "research", _("Joint research project")
    OTHER = "other", pgettext_lazy("result kind", "Other")


class MissionKind(models.TextChoices):
    """R8.12: diplomatic missions and national cultural centres of foreign states."""

    EMBASSY = "embassy", _("Embassy")
    CONSULATE_GENERAL = "consulate_general", _("Consulate general")
    CONSULATE = "consulate", _("Consulate")
    HONORARY_CONSULATE = "honorary_consulate", _("Honorary consulate")
    CULTURAL_CENTRE = "cultural_centre", _("National cultural centre")
    OTHER = "other", pgettext_lazy("mission kind", "Other")
