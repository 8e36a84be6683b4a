from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from .models import Organization


class DateInput(forms.DateInput):
    """A browser date picker: <input type=date> needs ISO dates whatever the language."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class PlainSelect(forms.Select):
    """A select of flat choices written in Python, for long lists (1,000 organizations):
    Django renders each option through templates of its own, which took half of the
    authority's agreement queue page."""

    def render(self, name, value, attrs=None, renderer=None):
        final_attrs = self.build_attrs(self.attrs, attrs)
        final_attrs["name"] = name
        chosen = set(self.format_value(value))
        options = format_html_join(
            "",
            '<option value="{}"{}>{}</option>',
            (
                (
                    "" if option is None else option,
                    " selected" if str("" if option is None else option) in chosen else "",
                    label,
                )
                for option, label in self.choices
            ),
        )
        return format_html("<select{}>{}</select>", flatatt(final_attrs), options)


class EmailAuthenticationForm(AuthenticationForm):
    username = forms.EmailField(
        label=_("E-mail"),
        widget=forms.EmailInput(attrs={"autofocus": True, "autocomplete": "email"}),
    )
    error_messages = {
        "invalid_login": _("Wrong e-mail or password."),
        "inactive": _("This account is inactive."),
    }


class TokenForm(forms.Form):
    otp_token = forms.RegexField(
        label=_("Code from the authenticator app"),
        regex=r"^\d{6}$",
        error_messages={"invalid": _("Enter the 6 digits shown by the app.")},
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
    )


class LanguageForm(forms.Form):
    language = forms.ChoiceField(label=_("Interface language"), choices=settings.LANGUAGES)


class OrganizationSettingsForm(forms.ModelForm):
    class Meta:
        model = Organization
        fields = [
            "name_kk",
            "name_ru",
            "short_name",
            "kind",
            "region",
            "address",
            "academic_year_start_month",
            "academic_year_start_day",
            "require_two_factor",
        ]


class AuditFilterForm(forms.Form):
    action = forms.CharField(label=_("Action"), required=False)
    actor = forms.CharField(label=_("Who"), required=False)
    date_from = forms.DateField(label=_("From"), required=False, widget=DateInput())
    date_to = forms.DateField(label=_("To"), required=False, widget=DateInput())

    def clean(self):
        data = super().clean()
        if data.get("date_from") and data.get("date_to") and data["date_to"] < data["date_from"]:
            self.add_error("date_to", _("The end date is before the start date."))
        return data
