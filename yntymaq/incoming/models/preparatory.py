"""The preparatory department for foreigners (R8.14)."""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from yntymaq.core.models import TenantModel


class PreparatoryGroup(TenantModel):
    """A group of the preparatory department by academic year and language of instruction."""

    name = models.CharField(_("name"), max_length=100)
    year = models.PositiveSmallIntegerField(
        _("academic year starting"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    language = models.CharField(_("language of instruction"), max_length=40)
    curator = models.CharField(_("curator"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("preparatory group")
        verbose_name_plural = _("preparatory groups")
        ordering = ["-year", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "year", "name"], name="prep_group_unique_name"
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.year}/{self.year + 1}, {self.language})"
