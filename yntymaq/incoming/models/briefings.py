"""Briefings on the legislation and the rules, with each foreigner's acknowledgment (R8.9)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from yntymaq.core.models import TenantModel

from ..enums import BriefingTopic
from .stays import Stay


class Briefing(TenantModel):
    held_on = models.DateField(_("date"))
    topics = models.JSONField(_("topics"), default=list)
    conducted_by = models.CharField(_("conducted by"), max_length=200)
    place = models.CharField(_("place"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("briefing")
        verbose_name_plural = _("briefings")
        ordering = ["-held_on", "-id"]

    def __str__(self) -> str:
        return _("Briefing of %(date)s — %(who)s") % {
            "date": f"{self.held_on:%d.%m.%Y}",
            "who": self.conducted_by,
        }

    @property
    def topic_labels(self) -> list[str]:
        labels = dict(BriefingTopic.choices)
        return [str(labels.get(t, t)) for t in self.topics]


class BriefingAttendance(TenantModel):
    briefing = models.ForeignKey(Briefing, on_delete=models.CASCADE, related_name="attendances")
    stay = models.ForeignKey(Stay, on_delete=models.CASCADE, related_name="briefings")
    acknowledged = models.BooleanField(_("acknowledged by signature"), default=False)

    class Meta:
        verbose_name = _("briefing attendance")
        verbose_name_plural = _("briefing attendance")
        ordering = ["briefing", "id"]
        constraints = [
            models.UniqueConstraint(fields=["briefing", "stay"], name="briefing_attendance_unique")
        ]

    def __str__(self) -> str:
        return f"{self.stay.person} — {self.briefing}"
