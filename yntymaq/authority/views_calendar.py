"""The working-day calendar of the authority: corrections of the `holidays` package by decree
(add, remove or move a day off), applied to every deadline counted in working days
(core.workdays)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic import FormView

from yntymaq.core import services
from yntymaq.core.errors import ApplicationError
from yntymaq.core.models import CalendarDay
from yntymaq.core.views.base import apply_error

from .access import AuthorityViewMixin


class CalendarDayForm(forms.Form):
    day = forms.DateField(label=_("date"), widget=forms.DateInput(attrs={"type": "date"}))
    is_day_off = forms.BooleanField(
        label=_("day off"),
        required=False,
        help_text=_("Unticked: the day is a working day (a day off moved away)."),
    )
    moved_to = forms.DateField(
        label=_("the day off moves to"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("For a move: the date becomes a working day and this one a day off."),
    )
    decree = forms.CharField(label=_("decree (number and date)"), max_length=200)
    note = forms.CharField(label=_("note"), max_length=300, required=False)


class CalendarView(AuthorityViewMixin, FormView):
    """The corrections of a year and the form that adds one."""

    permission = "authority.organizations"
    template_name = "authority/calendar.html"
    form_class = CalendarDayForm

    def get_context_data(self, **kwargs):
        year = self.request.GET.get("year", "")
        year = int(year) if year.isdigit() else timezone.localdate().year
        kwargs.update(
            page_title=_("Working-day calendar"),
            year=year,
            corrections=list(CalendarDay.objects.filter(day__year=year)),
        )
        return super().get_context_data(**kwargs)

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            with transaction.atomic():
                if data["moved_to"]:
                    services.calendar_day_move(
                        actor=self.request.user,
                        day_off=data["day"],
                        to=data["moved_to"],
                        decree=data["decree"],
                        note=data["note"],
                    )
                else:
                    services.calendar_day_set(
                        actor=self.request.user,
                        day=data["day"],
                        is_day_off=data["is_day_off"],
                        decree=data["decree"],
                        note=data["note"],
                    )
        except (ApplicationError, ValidationError) as error:
            apply_error(form, error)
            return self.form_invalid(form)
        messages.success(self.request, gettext("The calendar is corrected."))
        return HttpResponseRedirect(reverse("authority:calendar") + f"?year={data['day'].year}")


class CalendarDayDeleteView(AuthorityViewMixin, View):
    model = CalendarDay
    permission = "authority.organizations"
    http_method_names = ["post"]

    def post(self, request, pk):
        correction = get_object_or_404(CalendarDay, pk=pk)
        year = correction.day.year
        services.calendar_day_delete(actor=request.user, correction=correction)
        messages.success(request, gettext("The correction is removed."))
        return HttpResponseRedirect(reverse("authority:calendar") + f"?year={year}")
