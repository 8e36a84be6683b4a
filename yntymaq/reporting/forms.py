from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from yntymaq.core.forms import DateInput

from .models import NOTE_ITEMS, AnnualReport, year_label
from .queries import academic_year_of


class ReportCreateForm(forms.Form):
    academic_year = forms.TypedChoiceField(label=_("Academic year"), coerce=int)

    def __init__(self, *args, organization, **kwargs):
        super().__init__(*args, **kwargs)
        current = academic_year_of(organization, timezone.localdate())
        self.fields["academic_year"].choices = [
            (year, year_label(year)) for year in range(current, current - 10, -1)
        ]
        self.fields["academic_year"].initial = current


class ReportNotesForm(forms.ModelForm):
    class Meta:
        model = AnnualReport
        fields = [f"note_{n}" for n in NOTE_ITEMS]
        widgets = {f"note_{n}": forms.Textarea(attrs={"rows": 3}) for n in NOTE_ITEMS}


class SubmitForm(forms.Form):
    confirm = forms.BooleanField(
        label=_("I confirm that the report is complete and may be sent to the authority."),
        required=True,
    )


class DateForm(forms.Form):
    date = forms.DateField(label=_("Date"), required=False, widget=DateInput())

    def on_date(self):
        if self.is_valid() and self.cleaned_data["date"]:
            return self.cleaned_data["date"]
        return timezone.localdate()
