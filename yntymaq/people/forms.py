from __future__ import annotations

from django import forms
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from yntymaq.core.forms import DateInput
from yntymaq.core.validators import validate_upload

from .countries import citizenship_countries
from .models import IdentityDocument, Person
from .services import DOCUMENT_FIELDS, PERSON_FIELDS


class PersonForm(forms.ModelForm):
    """Field checks and Person.clean() run here for immediate feedback; the service repeats
    them and adds the IIN's uniqueness, so the API gets exactly the same rules."""

    class Meta:
        model = Person
        fields = PERSON_FIELDS
        widgets = {
            "birth_date": DateInput(),
            "iin": forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
            "email": forms.EmailInput(attrs={"autocomplete": "off"}),
        }

    def service_data(self) -> dict:
        return {name: self.cleaned_data[name] for name in PERSON_FIELDS}


class PersonFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Name or IIN"),
        required=False,
        widget=forms.SearchInput(attrs={"autocomplete": "off"}),
    )
    citizenship = forms.ChoiceField(label=_("Citizenship"), required=False)
    ordering = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["citizenship"].choices = [
            ("", _("All")),
            *((c.code, c.name) for c in citizenship_countries if c.code),
        ]

    def filters(self) -> dict:
        if not self.is_valid():
            return {}
        data = self.cleaned_data
        return {
            "search": data["q"],
            "citizenship": data["citizenship"],
            "ordering": data["ordering"] or "name",
        }


class IdentityDocumentForm(forms.ModelForm):
    """The copy is a plain form field: the service checks its content and stores it."""

    copy = forms.FileField(
        label=capfirst(_("electronic copy")),
        required=False,
        help_text=_("PDF, DOCX, JPEG or PNG, up to 10 MB."),
        widget=forms.FileInput(attrs={"accept": ".pdf,.docx,.jpg,.jpeg,.png"}),
    )
    remove_copy = forms.BooleanField(label=_("Remove the stored copy"), required=False)

    class Meta:
        model = IdentityDocument
        fields = DOCUMENT_FIELDS
        widgets = {"issued_on": DateInput(), "expires_on": DateInput()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not (self.instance.pk and self.instance.copy):
            del self.fields["remove_copy"]

    def clean_copy(self):
        """Checked here too, so that a bad file is reported together with the other errors."""
        upload = self.cleaned_data.get("copy")
        if upload:
            validate_upload(upload)
        return upload

    def service_data(self) -> dict:
        return {name: self.cleaned_data[name] for name in DOCUMENT_FIELDS}
