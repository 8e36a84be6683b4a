"""Forms of the service pages. They parse input; the services decide and record."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from yntymaq.core.enums import Role
from yntymaq.core.forms import DateInput
from yntymaq.core.models import Organization

from .models import Appointment, Official, ServiceProfile, Unit
from .queries import coordinator_choices, person_choices, unit_choices


def tenant_choice(model, name: str) -> forms.ModelChoiceField:
    """A choice of another tenant row, declared on the form so that no unscoped default
    queryset is built; the form's __init__ sets the organization's queryset."""
    field = model._meta.get_field(name)
    return forms.ModelChoiceField(
        queryset=None,
        required=not field.blank,
        label=capfirst(field.verbose_name),
        help_text=field.help_text,
    )


def _person_field(field: forms.ModelChoiceField, organization: Organization) -> None:
    field.queryset = person_choices(organization)
    field.label_from_instance = lambda person: person.full_name or str(person.pk)


class UnitForm(forms.ModelForm):
    class Meta:
        model = Unit
        fields = [
            "name_kk",
            "name_ru",
            "address_kk",
            "address",
            "building",
            "room",
            "works_on_external_relations",
            "coordinators",
        ]
        widgets = {"coordinators": forms.CheckboxSelectMultiple}

    def __init__(self, *args, organization: Organization, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["coordinators"]
        field.queryset = coordinator_choices(organization)
        field.label_from_instance = lambda m: f"{m.user.full_name} ({m.user.email})"


class OfficialForm(forms.ModelForm):
    person = tenant_choice(Official, "person")
    unit = tenant_choice(Official, "unit")

    class Meta:
        model = Official
        fields = [
            "person",
            "position_kk",
            "position",
            "unit",
            "work_phone",
            "home_phone",
            "responsible_for_cooperation",
        ]
        widgets = {
            "work_phone": forms.TextInput(attrs={"type": "tel", "autocomplete": "off"}),
            "home_phone": forms.TextInput(attrs={"type": "tel", "autocomplete": "off"}),
        }

    def __init__(self, *args, organization: Organization, **kwargs):
        super().__init__(*args, **kwargs)
        _person_field(self.fields["person"], organization)
        self.fields["unit"].queryset = unit_choices(organization)


class ServiceProfileForm(forms.ModelForm):
    inspector = tenant_choice(ServiceProfile, "inspector")
    methodologist = tenant_choice(ServiceProfile, "methodologist")

    class Meta:
        model = ServiceProfile
        fields = [
            "exists",
            "creation_order_number",
            "creation_order_date",
            "regulation",
            "duties",
            "metal_doors",
            "window_bars",
            "alarm",
            "has_inventory",
            "inventory_notes",
            "has_communications",
            "communications_notes",
            "has_office_equipment",
            "office_equipment_notes",
            "inspector",
            "inspector_name",
            "methodologist",
            "methodologist_name",
        ]
        widgets = {
            "creation_order_date": DateInput,
            "regulation": forms.ClearableFileInput(attrs={"accept": ".pdf,.docx,application/pdf"}),
            "duties": forms.ClearableFileInput(attrs={"accept": ".pdf,.docx,application/pdf"}),
            "inventory_notes": forms.Textarea(attrs={"rows": 2}),
            "communications_notes": forms.Textarea(attrs={"rows": 2}),
            "office_equipment_notes": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, organization: Organization, **kwargs):
        super().__init__(*args, **kwargs)
        _person_field(self.fields["inspector"], organization)
        _person_field(self.fields["methodologist"], organization)

    def changed_values(self) -> dict:
        """Only what the user changed; an untouched file field is left out."""
        return {name: self.cleaned_data[name] for name in self.changed_data}


class AppointmentForm(forms.ModelForm):
    person = tenant_choice(Appointment, "person")

    class Meta:
        model = Appointment
        fields = [
            "kind",
            "person",
            "order_number",
            "order_date",
            "starts_on",
            "ends_on",
            "teaching_years",
            "cooperation_years",
            "works_with_foreigners",
            "foreigners_experience",
            "state_language_level",
            "foreign_language",
            "foreign_language_level",
            "clearance",
            "clearance_form",
            "clearance_expires_on",
            "reports_to_first_head",
            "reports_to_deputy",
            "admissions_committee_member",
        ]
        widgets = {
            "order_date": DateInput,
            "starts_on": DateInput,
            "ends_on": DateInput,
            "clearance_expires_on": DateInput,
            "foreigners_experience": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "ends_on": _(
                "Leave empty for the appointment in force: it ends the current one on the "
                "day before. Give it only to record a past appointment."
            ),
        }

    def __init__(self, *args, organization: Organization, **kwargs):
        super().__init__(*args, **kwargs)
        _person_field(self.fields["person"], organization)
        self.fields["state_language_level"].choices = [
            ("", _("no command / not stated")),
            *self.fields["state_language_level"].choices[1:],
        ]
        if not self.is_bound and self.instance.pk is None and not self.initial.get("starts_on"):
            # model_to_dict() has put starts_on=None in initial: replace it, not setdefault.
            self.initial["starts_on"] = timezone.localdate()


class AppointmentUpdateForm(AppointmentForm):
    class Meta(AppointmentForm.Meta):
        fields = [f for f in AppointmentForm.Meta.fields if f != "ends_on"]


class AppointmentEndForm(forms.Form):
    ends_on = forms.DateField(label=_("last day in office"), widget=DateInput)


# --- members (issue 11) --------------------------------------------------------------------


def _units_field() -> forms.ModelMultipleChoiceField:
    return forms.ModelMultipleChoiceField(
        queryset=None,
        required=False,
        label=_("Units (for a unit coordinator)"),
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "invalid_choice": _("Choose units of this organization."),
            "invalid_pk_value": _("Choose units of this organization."),
        },
    )


class MemberInviteForm(forms.Form):
    email = forms.EmailField(label=_("E-mail"), widget=forms.EmailInput(attrs={"autofocus": True}))
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)
    units = _units_field()

    def __init__(self, *args, organization: Organization, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["units"].queryset = unit_choices(organization)
        self.fields["units"].label_from_instance = lambda unit: unit.name


class MemberUpdateForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)
    units = _units_field()

    def __init__(self, *args, organization: Organization, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["units"].queryset = unit_choices(organization)
        self.fields["units"].label_from_instance = lambda unit: unit.name
