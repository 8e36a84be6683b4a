from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

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
