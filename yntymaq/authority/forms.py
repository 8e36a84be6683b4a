from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from yntymaq.core.enums import OrganizationKind, Region


class OverviewFilterForm(forms.Form):
    region = forms.ChoiceField(
        label=_("Region"), required=False, choices=[("", _("All regions")), *Region.choices]
    )
    kind = forms.ChoiceField(
        label=_("Kind"),
        required=False,
        choices=[("", _("All kinds")), *OrganizationKind.choices],
    )


# core.queries.head_state of a registry row, as the authority reads it.
HEAD_STATE_CHOICES = [
    ("accepted", _("works in the system")),
    ("invited", _("invited, waiting")),
    ("expired", _("invitation expired")),
    ("revoked", _("invitation revoked")),
    ("none", _("not invited")),
]


class OrganizationRegisterForm(forms.Form):
    """One organization of the national list, and its head of the Service's e-mail."""

    bin = forms.CharField(
        label=_("BIN"), max_length=20, widget=forms.TextInput(attrs={"inputmode": "numeric"})
    )
    name_kk = forms.CharField(label=_("Full name in Kazakh"), max_length=500)
    name_ru = forms.CharField(label=_("Full name in Russian"), max_length=500)
    name_en = forms.CharField(label=_("Full name in English"), max_length=500, required=False)
    kind = forms.ChoiceField(label=_("Kind"), choices=OrganizationKind.choices)
    region = forms.ChoiceField(label=_("Region"), choices=Region.choices)
    head_email = forms.EmailField(
        label=_("Head of the Service's e-mail"),
        help_text=_("The head of the Service (or responsible person) gets the invitation."),
    )


class RegistryFilterForm(forms.Form):
    q = forms.CharField(label=_("Name or BIN"), required=False)
    region = forms.ChoiceField(
        label=_("Region"), required=False, choices=[("", _("All regions")), *Region.choices]
    )
    kind = forms.ChoiceField(
        label=_("Kind"),
        required=False,
        choices=[("", _("All kinds")), *OrganizationKind.choices],
    )
    head = forms.ChoiceField(
        label=_("Head of the Service"),
        required=False,
        choices=[("", _("Any")), *HEAD_STATE_CHOICES],
    )
    active = forms.ChoiceField(
        label=_("State"),
        required=False,
        choices=[
            ("", _("Any")),
            ("yes", pgettext_lazy("organization", "active")),
            ("no", pgettext_lazy("organization", "deactivated")),
        ],
    )


class HeadInviteForm(forms.Form):
    email = forms.EmailField(label=_("Head of the Service's e-mail"))


class AuthorityUserInviteForm(forms.Form):
    email = forms.EmailField(label=_("E-mail of the new user"))


class ImportForm(forms.Form):
    file = forms.FileField(label=_("Excel workbook (.xlsx)"))
