"""Choices of the planning app. Leaf module: imports nothing of ours."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class IndicatorKind(models.TextChoices):
    """Target indicators of the long-term plan (R2.1); CUSTOM is named by the plan itself."""

    FOREIGN_STUDENTS = "foreign_students", _("Foreign students")
    FOREIGN_STAFF = "foreign_staff", _("Foreign teachers and researchers")
    AGREEMENTS_IN_FORCE = "agreements_in_force", _("Agreements in force")
    CITIZENS_SENT_ABROAD = "citizens_sent_abroad", _("Citizens sent abroad")
    JOINT_PUBLICATIONS = "joint_publications", _("Publications with foreign co-authors")
    LANGUAGE_CERTIFIED_GRADUATES = (
        "language_certified_graduates",
        _("Graduates with a foreign-language certificate"),
    )
    FOREIGN_TUITION_INCOME = "foreign_tuition_income", _("Tuition income from foreigners")
    CUSTOM = "custom", _("Other indicator")


class PlanStatus(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("plan status", "Draft")
    APPROVED = "approved", pgettext_lazy("plan status", "Approved")


class ActivityArea(models.TextChoices):
    """The areas of activity that R8.1 names."""

    STUDY = "study", _("Study")
    PROFESSIONAL_DEVELOPMENT = (
        "professional_development",
        _("Professional development of teachers and researchers"),
    )
    JOINT_PROGRAMS = "joint_programs", _("Joint academic programs")
    JOINT_RESEARCH = "joint_research", _("Joint research")
    PUBLISHING = "publishing", _("Publishing")
    OTHER = "other", pgettext_lazy("activity area", "Other")


class ItemStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")
    CANCELLED = "cancelled", _("Cancelled")


class ActivityKind(models.TextChoices):
    """International activities the organization holds or takes part in (R8.1)."""

    SUMMER_SCHOOL = "summer_school", _("Summer school")
    VISITING_LECTURE = "visiting_lecture", _("Visiting lecture")
    SEMINAR = "seminar", _("Seminar")
    JOINT_PROGRAM = "joint_program", _("Joint program")
    PUBLISHING_PROJECT = "publishing_project", _("Publishing project")
    OTHER = "other", pgettext_lazy("activity kind", "Other")


class ConferenceKind(models.TextChoices):
    """The kinds of event A2.8 names."""

    SCIENTIFIC = "scientific", _("Scientific conference")
    SCIENTIFIC_PRACTICAL = "scientific_practical", _("Scientific-practical conference")
    SCIENTIFIC_METHODICAL = "scientific_methodical", _("Scientific-methodical conference")
    SYMPOSIUM = "symposium", _("Symposium")
    SEMINAR = "seminar", _("Seminar")


class ConferenceRole(models.TextChoices):
    SPEAKER = "speaker", _("Speaker")
    PARTICIPANT = "participant", _("Participant")
    ORGANIZER = "organizer", _("Organizer")


class CourseKind(models.TextChoices):
    SPECIAL_COURSE = "special_course", _("Special course")
    SEMINAR = "seminar", _("Seminar")


class TeachingMaterialKind(models.TextChoices):
    TEXTBOOK = "textbook", _("Textbook")
    STUDY_GUIDE = "study_guide", _("Study guide")
    METHODICAL_INSTRUCTIONS = "methodical_instructions", _("Methodical instructions")


class MaterialKind(models.TextChoices):
    """Analytical materials: studies of world trends (R2.2), comparative analyses (R2.4)."""

    WORLD_TRENDS = "world_trends", _("Study of world trends in education")
    COMPARATIVE_ANALYSIS = "comparative_analysis", _("Comparative analysis of education systems")
    OTHER = "other", pgettext_lazy("material kind", "Other")


class EducationLevel(models.TextChoices):
    ALL = "all", _("All levels")
    PRESCHOOL = "preschool", _("Preschool education")
    SECONDARY = "secondary", _("Secondary education")
    TECHNICAL_VOCATIONAL = "technical_vocational", _("Technical and vocational education")
    BACHELOR = "bachelor", _("Bachelor's degree")
    MASTER = "master", _("Master's degree")
    DOCTORAL = "doctoral", _("Doctoral studies")


# Levels for which the registry of priority specialties is proposed (R2.5).
SPECIALTY_LEVELS = (
    EducationLevel.TECHNICAL_VOCATIONAL,
    EducationLevel.BACHELOR,
    EducationLevel.MASTER,
    EducationLevel.DOCTORAL,
)
