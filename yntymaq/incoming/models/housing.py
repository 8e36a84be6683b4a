"""Dormitories, rooms and who lives where (R8.8)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from yntymaq.core.models import TenantModel

from .stays import Stay


class Dormitory(TenantModel):
    name = models.CharField(_("name"), max_length=200)
    address = models.CharField(_("address"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("dormitory")
        verbose_name_plural = _("dormitories")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Room(TenantModel):
    dormitory = models.ForeignKey(Dormitory, on_delete=models.CASCADE, related_name="rooms")
    number = models.CharField(pgettext_lazy("dormitory", "room"), max_length=20)
    capacity = models.PositiveSmallIntegerField(
        _("places"), validators=[MinValueValidator(1), MaxValueValidator(20)]
    )

    class Meta:
        verbose_name = pgettext_lazy("dormitory", "room")
        verbose_name_plural = _("rooms")
        ordering = ["dormitory__name", "number"]
        constraints = [
            models.UniqueConstraint(fields=["dormitory", "number"], name="room_unique_number")
        ]

    def __str__(self) -> str:
        return pgettext_lazy("dormitory", "%(dormitory)s, room %(number)s") % {
            "dormitory": self.dormitory,
            "number": self.number,
        }


class Accommodation(TenantModel):
    """A stay living in a room from check-in to check-out (open while check_out is empty)."""

    stay = models.ForeignKey(Stay, on_delete=models.CASCADE, related_name="accommodations")
    room = models.ForeignKey(Room, on_delete=models.PROTECT, related_name="accommodations")
    check_in = models.DateField(_("check-in"))
    check_out = models.DateField(_("check-out"), null=True, blank=True)

    class Meta:
        verbose_name = _("accommodation")
        verbose_name_plural = _("accommodations")
        ordering = ["-check_in", "-id"]
        indexes = [models.Index(fields=["room", "check_out"], name="accommodation_room_open")]

    def __str__(self) -> str:
        return f"{self.stay.person} — {self.room}"

    def clean(self):
        if self.check_out and self.check_in and self.check_out < self.check_in:
            raise ValidationError({"check_out": _("The check-out cannot be before the check-in.")})
