"""Choices shared across apps. Leaf module: imports nothing of ours."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class OrganizationKind(models.TextChoices):
    UNIVERSITY = "university", _("University")
    COLLEGE = "college", _("College")
    SCHOOL = "school", _("School")
    RESEARCH_INSTITUTE = "research_institute", _("Research institute")
    OTHER = "other", pgettext_lazy("organization kind", "Other")


class Region(models.TextChoices):
    ASTANA = "astana", _("Astana")
    ALMATY_CITY = "almaty_city", _("Almaty")
    SHYMKENT = "shymkent", _("Shymkent")
    ABAI = "abai", _("Abai Region")
    AKMOLA = "akmola", _("Akmola Region")
    AKTOBE = "aktobe", _("Aktobe Region")
    ALMATY = "almaty", _("Almaty Region")
    ATYRAU = "atyrau", _("Atyrau Region")
    EAST_KAZAKHSTAN = "east_kazakhstan", _("East Kazakhstan Region")
    ZHAMBYL = "zhambyl", _("Zhambyl Region")
    ZHETYSU = "zhetysu", _("Zhetysu Region")
    WEST_KAZAKHSTAN = "west_kazakhstan", _("West Kazakhstan Region")
    KARAGANDA = "karaganda", _("Karaganda Region")
    KOSTANAY = "kostanay", _("Kostanay Region")
    KYZYLORDA = "kyzylorda", _("Kyzylorda Region")
    MANGYSTAU = "mangystau", _("Mangystau Region")
    PAVLODAR = "pavlodar", _("Pavlodar Region")
    NORTH_KAZAKHSTAN = "north_kazakhstan", _("North Kazakhstan Region")
    TURKISTAN = "turkistan", _("Turkistan Region")
    ULYTAU = "ulytau", _("Ulytau Region")


class Role(models.TextChoices):
    """Roles of DESIGN.md carried by a membership. Authority users have no membership."""

    SERVICE_HEAD = "service_head", _("Head of the Service / responsible person")
    SERVICE_STAFF = "service_staff", _("Service staff")
    UNIT_COORDINATOR = "unit_coordinator", _("Unit coordinator")
    LEADERSHIP = "leadership", _("Leadership")
    AUDITOR = "auditor", _("Auditor")


class InvitationStatus(models.TextChoices):
    """Stored states of an invitation; a pending one past its expiry is shown as expired."""

    PENDING = "pending", _("Waiting for acceptance")
    ACCEPTED = "accepted", pgettext_lazy("invitation", "Accepted")
    REVOKED = "revoked", pgettext_lazy("invitation", "Revoked")


class ImportStatus(models.TextChoices):
    """Where an uploaded import file stands (core.imports)."""

    QUEUED = "queued", _("waiting for the worker")
    RUNNING = "running", _("in progress")
    CHECKED = "checked", _("checked, ready to import")
    INVALID = "invalid", _("has errors, nothing saved")
    COMMITTED = "committed", _("imported")
    CANCELLED = "cancelled", _("cancelled, nothing saved")
    FAILED = "failed", _("failed, nothing saved")
