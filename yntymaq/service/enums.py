"""Choices of the service app. Leaf module: imports nothing of ours."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class AppointmentKind(models.TextChoices):
    """R5/R6: a head where the organization has a Service, a responsible person where it has not."""

    HEAD = "head", _("Head of the Service")
    RESPONSIBLE = "responsible", _("Person responsible for international cooperation")


class LanguageLevel(models.TextChoices):
    """Command of a language: CEFR levels, or a native speaker."""

    A1 = "A1", _("A1 (beginner)")
    A2 = "A2", _("A2 (elementary)")
    B1 = "B1", _("B1 (intermediate)")
    B2 = "B2", _("B2 (upper intermediate)")
    C1 = "C1", _("C1 (advanced)")
    C2 = "C2", _("C2 (proficient)")
    NATIVE = "native", _("native speaker")


class StateLanguageLevel(models.TextChoices):
    """Command of the state (Kazakh) language: the levels of KAZTEST (A1–C1), or native."""

    A1 = "A1", _("A1 (beginner)")
    A2 = "A2", _("A2 (elementary)")
    B1 = "B1", _("B1 (intermediate)")
    B2 = "B2", _("B2 (upper intermediate)")
    C1 = "C1", _("C1 (advanced)")
    NATIVE = "native", _("native speaker")


class ClearanceForm(models.TextChoices):
    """Forms of access to state secrets used in Kazakhstan."""

    FORM_1 = "1", _("Form 1 (of special importance)")
    FORM_2 = "2", _("Form 2 (top secret)")
    FORM_3 = "3", _("Form 3 (secret)")
