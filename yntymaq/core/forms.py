from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from .audit import KINDS
from .models import Organization, User


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

    def confirm_login_allowed(self, user):
        """A member only of deactivated organizations, or whose memberships have all been
        ended, is told so instead of reaching an empty start page (authority users and users
        who never had a membership log in as before)."""
        super().confirm_login_allowed(user)
        if user.is_authority:
            return
        memberships = list(user.memberships.select_related("organization"))
        if not memberships or any(m.is_active and m.organization.is_active for m in memberships):
            return
        closed = [m.organization.short_name for m in memberships if not m.organization.is_active]
        if closed:
            raise forms.ValidationError(
                _(
                    "%(names)s has been deactivated by the authorized body: nobody can log in "
                    "to it. Ask the ministry if you think this is a mistake."
                )
                % {"names": ", ".join(closed)},
                code="organization_inactive",
            )
        raise forms.ValidationError(
            _("Your access has been ended by the head of the Service of your organization."),
            code="membership_inactive",
        )


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
            "name_en",
            "short_name",
            "slug",
            "kind",
            "region",
            "address",
            "academic_year_start_month",
            "academic_year_start_day",
            "require_two_factor",
        ]


class AuditFilterForm(forms.Form):
    actor = forms.CharField(label=_("Who"), required=False, max_length=200)
    target = forms.CharField(label=_("Object"), required=False, max_length=200)
    kind = forms.ChoiceField(label=_("What happened"), required=False)
    date_from = forms.DateField(label=_("From"), required=False, widget=DateInput())
    date_to = forms.DateField(label=_("To"), required=False, widget=DateInput())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", "—"), *((k, v[0]) for k, v in KINDS.items())]

    def clean(self):
        data = super().clean()
        if data.get("date_from") and data.get("date_to") and data["date_to"] < data["date_from"]:
            self.add_error("date_to", _("The end date is before the start date."))
        return data


class InvitationAcceptForm(forms.Form):
    """A new account from an invitation: the name, and a password checked by Django's
    password validators (messages in our catalogues: core.passwords)."""

    full_name = forms.CharField(
        label=_("Your full name"),
        max_length=300,
        widget=forms.TextInput(attrs={"autocomplete": "name", "autofocus": True}),
    )
    password1 = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    password2 = forms.CharField(
        label=_("The password again"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def __init__(self, *args, email: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.email = email
        self.fields["password1"].help_text = " ".join(
            password_validation.password_validators_help_texts()
        )

    def clean(self):
        data = super().clean()
        password1, password2 = data.get("password1"), data.get("password2")
        if password1 and password2 and password1 != password2:
            self.add_error("password2", _("The two passwords differ."))
        if password1:
            candidate = User(email=self.email, full_name=data.get("full_name", ""))
            try:
                password_validation.validate_password(password1, user=candidate)
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return data


class InvitationConfirmForm(forms.Form):
    """An existing account accepts: the POST itself is the answer."""
