"""Forms of the partners pages. They parse input; the services decide and record."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from yntymaq.core.fields import LONG_TEXT_MAX_LENGTH, TEXT_MAX_LENGTH
from yntymaq.core.forms import DateInput
from yntymaq.core.models import Organization

from . import queries
from .enums import AgreementKind, AgreementStatus, MissionKind, PartnerKind, SubjectArea
from .models import (
    Agreement,
    DiplomaticMission,
    ImplementationResult,
    MissionContact,
    Partner,
    PartnersSettings,
    PlannedActivity,
    partner_countries,
)
from .services import (
    ACTIVITY_FIELDS,
    AGREEMENT_FIELDS,
    CONTACT_FIELDS,
    MISSION_FIELDS,
    PARTNER_FIELDS,
    RESULT_FIELDS,
    SETTINGS_FIELDS,
)


def tenant_choice(model, name: str) -> forms.ModelChoiceField:
    """A choice of another tenant row; __init__ sets the organization's queryset, so no
    unscoped default queryset is ever built."""
    field = model._meta.get_field(name)
    return forms.ModelChoiceField(
        queryset=None,
        required=not field.blank,
        label=capfirst(field.verbose_name),
        help_text=field.help_text,
    )


def website_field(model) -> forms.URLField:
    field = model._meta.get_field("website")
    return forms.URLField(
        label=capfirst(field.verbose_name),
        required=False,
        max_length=field.max_length,
        assume_scheme="https",
        widget=forms.URLInput(attrs={"placeholder": "https://"}),
    )


def _person_label(person) -> str:
    return person.full_name or str(person.pk)


def _country_choices(empty_label) -> list[tuple[str, str]]:
    return [("", empty_label), *((c.code, c.name) for c in partner_countries)]


class ServiceDataMixin:
    service_fields: list[str] = []

    def service_data(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.service_fields}


# --- partners ------------------------------------------------------------------------------


class PartnerForm(ServiceDataMixin, forms.ModelForm):
    service_fields = PARTNER_FIELDS
    website = website_field(Partner)

    class Meta:
        model = Partner
        fields = PARTNER_FIELDS
        widgets = {
            "contacts": forms.Textarea(attrs={"rows": 3}),
            "notes": forms.Textarea(attrs={"rows": 3}),
        }

    def validate_unique(self):
        """The service checks the duplicate name and links to the existing partner."""


class PartnerFilterForm(forms.Form):
    q = forms.CharField(label=pgettext_lazy("partner", "Name"), required=False)
    country = forms.ChoiceField(label=_("Country"), required=False)
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("All")), *PartnerKind.choices]
    )
    ordering = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["country"].choices = _country_choices(_("All"))

    def filters(self) -> dict:
        if not self.is_valid():
            return {}
        data = self.cleaned_data
        return {
            "search": data["q"],
            "country": data["country"],
            "kind": data["kind"],
            "ordering": data["ordering"] or "name",
        }


# --- agreements ----------------------------------------------------------------------------


class AgreementForm(ServiceDataMixin, forms.ModelForm):
    """The agreement's data. The parties rule (R3: bilateral one, multilateral several) and
    the dates are checked by the service, whose messages come back beside the fields."""

    service_fields = AGREEMENT_FIELDS
    partners = forms.ModelMultipleChoiceField(
        queryset=None,
        label=_("Partners"),
        help_text=_("One partner for a bilateral agreement, two or more for a multilateral one."),
    )
    subject_areas = forms.MultipleChoiceField(
        label=_("Subject areas"),
        required=False,
        choices=SubjectArea.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    unit = tenant_choice(Agreement, "unit")
    responsible_person = tenant_choice(Agreement, "responsible_person")

    class Meta:
        model = Agreement
        fields = [
            "title_kk",
            "title",
            "kind",
            "form",
            "partners",
            "our_number",
            "partner_number",
            "subject_areas",
            "unit",
            "responsible_person",
            "mobility_places",
            "valid_from",
            "valid_to",
            "automatic_prolongation",
            "prolongation_months",
            "notes",
        ]
        widgets = {
            "valid_from": DateInput(),
            "valid_to": DateInput(),
            "notes": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, organization: Organization, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["partners"].queryset = queries.partner_choices(organization)
        self.fields["unit"].queryset = queries.unit_choices(organization)
        self.fields["responsible_person"].queryset = queries.person_choices(organization)
        self.fields["responsible_person"].label_from_instance = _person_label
        self.fields["partners"].widget.attrs["size"] = 8

    def _post_clean(self):
        """Leave the model checks to the service (it reports them with the parties rule)."""

    def partner_list(self) -> list[Partner]:
        return list(self.cleaned_data["partners"])


class AgreementFilterForm(forms.Form):
    q = forms.CharField(label=_("Title, number or partner"), required=False)
    country = forms.ChoiceField(label=_("Country"), required=False)
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("All")), *AgreementKind.choices]
    )
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("All")), *AgreementStatus.choices]
    )
    expiring = forms.IntegerField(
        label=_("Ending within"),
        required=False,
        min_value=0,
        max_value=3650,
        widget=forms.Select(
            choices=[
                ("", _("any time")),
                ("30", _("30 days")),
                ("90", _("90 days")),
                ("180", _("180 days")),
                ("365", _("a year")),
            ]
        ),
    )
    r4_2 = forms.ChoiceField(
        label=_("Counts for R4.2 today"),
        required=False,
        choices=[("", _("All")), ("yes", _("Counts")), ("no", _("Does not count"))],
    )
    partner = forms.IntegerField(required=False, widget=forms.HiddenInput, min_value=1)
    ordering = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["country"].choices = _country_choices(_("All"))

    def filters(self) -> dict:
        if not self.is_valid():
            return {}
        data = self.cleaned_data
        return {
            "search": data["q"],
            "country": data["country"],
            "kind": data["kind"],
            "status": data["status"],
            "expiring_days": data["expiring"],
            "r4_2": data["r4_2"],
            "partner": data["partner"],
            "ordering": data["ordering"] or "-created",
        }


class VersionForm(forms.Form):
    file = forms.FileField(
        label=_("Text of the agreement"),
        help_text=_("DOCX or PDF, up to 10 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": ".docx,.pdf"}),
    )
    comment = forms.CharField(
        max_length=TEXT_MAX_LENGTH,
        label=_("Comment"),
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("What this version changes."),
    )


class CommentForm(forms.Form):
    comment = forms.CharField(
        max_length=TEXT_MAX_LENGTH,
        label=_("Comment"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class SignForm(forms.Form):
    signed_on = forms.DateField(label=_("Signed on"), widget=DateInput())
    valid_from = forms.DateField(
        label=_("Valid from"),
        required=False,
        widget=DateInput(),
        help_text=_("Leave empty when it is valid from the date of signing."),
    )
    valid_to = forms.DateField(
        label=_("Valid to"),
        required=False,
        widget=DateInput(),
        help_text=_("Leave empty for an open-ended agreement."),
    )
    signed_copy = forms.FileField(
        label=_("Signed copy"),
        required=False,
        help_text=_("PDF, DOCX, JPEG or PNG, up to 10 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.docx,.jpg,.jpeg,.png"}),
    )

    def __init__(self, *args, agreement: Agreement, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("signed_on", timezone.localdate())
            self.initial.setdefault("valid_from", agreement.valid_from)
            self.initial.setdefault("valid_to", agreement.valid_to)


class SignedCopyForm(forms.Form):
    signed_copy = forms.FileField(
        label=_("Signed copy"),
        help_text=_("PDF, DOCX, JPEG or PNG, up to 10 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.docx,.jpg,.jpeg,.png"}),
    )


class TerminateForm(forms.Form):
    terminated_on = forms.DateField(label=_("Terminated on"), widget=DateInput())
    reason = forms.CharField(
        max_length=TEXT_MAX_LENGTH,
        label=_("Reason for termination"),
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ProlongForm(forms.Form):
    new_valid_to = forms.DateField(label=_("New end date"), widget=DateInput())
    basis = forms.CharField(
        label=_("Basis"),
        max_length=500,
        help_text=_("The supplementary agreement or letter that prolongs it."),
    )


class ActivityForm(ServiceDataMixin, forms.ModelForm):
    service_fields = ACTIVITY_FIELDS
    responsible = tenant_choice(PlannedActivity, "responsible")

    class Meta:
        model = PlannedActivity
        fields = ACTIVITY_FIELDS
        widgets = {
            "starts_on": DateInput(),
            "ends_on": DateInput(),
            "notes": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, organization: Organization, agreement: Agreement, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["responsible"].queryset = queries.person_choices(organization)
        self.fields["responsible"].label_from_instance = _person_label

    def _post_clean(self):
        """The service runs the model checks."""


class ResultForm(ServiceDataMixin, forms.ModelForm):
    service_fields = [*RESULT_FIELDS, "stays", "trips"]
    activity = tenant_choice(ImplementationResult, "activity")
    stays = forms.ModelMultipleChoiceField(
        queryset=None,
        required=False,
        label=_("Foreigners' stays concerned"),
        help_text=_("Foreigners who came under the agreement (registry of foreigners)."),
    )
    trips = forms.ModelMultipleChoiceField(
        queryset=None,
        required=False,
        label=_("Trips abroad concerned"),
        help_text=_("Citizens sent abroad under the agreement (registry of trips)."),
    )

    class Meta:
        model = ImplementationResult
        fields = RESULT_FIELDS
        widgets = {"date": DateInput(), "description": forms.Textarea(attrs={"rows": 3})}

    def __init__(
        self, *args, organization: Organization, agreement: Agreement, membership, **kwargs
    ):
        super().__init__(*args, **kwargs)
        self.fields["activity"].queryset = queries.activity_choices(agreement)
        self.fields["stays"].queryset = queries.stay_choices(organization)
        self.fields["trips"].queryset = queries.trip_choices(membership)
        if self.instance.pk is not None:
            self.initial.setdefault("stays", list(self.instance.stays.all()))
            self.initial.setdefault("trips", list(self.instance.trips.all()))
        if not self.is_bound and self.instance.pk is None:
            self.initial.setdefault("date", timezone.localdate())

    def _post_clean(self):
        """The service runs the model checks."""


class YearlySummaryForm(forms.Form):
    year = forms.IntegerField(widget=forms.HiddenInput, min_value=1990, max_value=2100)
    text = forms.CharField(
        max_length=LONG_TEXT_MAX_LENGTH,
        label=pgettext_lazy("yearly summary", "Summary"),
        widget=forms.Textarea(attrs={"rows": 8}),
    )


# --- missions (R8.12) ----------------------------------------------------------------------


class MissionForm(ServiceDataMixin, forms.ModelForm):
    service_fields = MISSION_FIELDS
    website = website_field(DiplomaticMission)

    class Meta:
        model = DiplomaticMission
        fields = MISSION_FIELDS
        widgets = {
            "contacts": forms.Textarea(attrs={"rows": 3}),
            "notes": forms.Textarea(attrs={"rows": 3}),
        }


class MissionFilterForm(forms.Form):
    q = forms.CharField(label=_("Name or city"), required=False)
    country = forms.ChoiceField(label=_("Country"), required=False)
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("All")), *MissionKind.choices]
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["country"].choices = _country_choices(_("All"))

    def filters(self) -> dict:
        if not self.is_valid():
            return {}
        data = self.cleaned_data
        return {"search": data["q"], "country": data["country"], "kind": data["kind"]}


class MissionContactForm(ServiceDataMixin, forms.ModelForm):
    service_fields = CONTACT_FIELDS
    stay = tenant_choice(MissionContact, "stay")

    class Meta:
        model = MissionContact
        fields = CONTACT_FIELDS
        widgets = {"date": DateInput(), "outcome": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, organization: Organization, may_name_person: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if may_name_person:
            self.fields["stay"].queryset = queries.stay_choices(organization)
        else:
            del self.fields["stay"]
        if not self.is_bound and self.instance.pk is None:
            self.initial.setdefault("date", timezone.localdate())

    def service_data(self) -> dict:
        return {name: self.cleaned_data[name] for name in CONTACT_FIELDS if name in self.fields}


class SettingsForm(ServiceDataMixin, forms.ModelForm):
    service_fields = SETTINGS_FIELDS

    class Meta:
        model = PartnersSettings
        fields = SETTINGS_FIELDS


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("Excel workbook (.xlsx)"),
        widget=forms.ClearableFileInput(
            attrs={
                "accept": ".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            }
        ),
    )


# --- stays and trips under agreements (R8.3) -----------------------------------------------


class AgreementChoiceField(forms.ModelChoiceField):
    """An agreement named by its number, title, partners and status."""

    def label_from_instance(self, agreement: Agreement) -> str:
        parties = ", ".join(p.name for p in agreement.partners.all())
        number = f"№ {agreement.number} · " if agreement.number else ""
        return f"{number}{agreement.title} ({parties}) — {agreement.get_status_display()}"


class PartnerChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, partner: Partner) -> str:
        return f"{partner.name} ({partner.country.name})"


LINKABLE_HELP = _("Signed agreements only: signed, in force, expired or terminated.")

# A choice list shows this many rows at most; a search on the page narrows it (an organization
# may have thousands of agreements and partners).
CHOICES_SHOWN = 100


def _show(field: forms.ModelChoiceField, rows, current) -> None:
    """The field's list shows the first CHOICES_SHOWN of `rows` (and the current value),
    while any row of the field's queryset stays a valid answer."""
    shown = list(rows[:CHOICES_SHOWN])
    try:
        current = int(current) if current not in (None, "") else None
    except (TypeError, ValueError):
        current = None
    if current and all(row.pk != current for row in shown):
        shown += list(field.queryset.filter(pk=current))
    empty = [("", field.empty_label)] if field.empty_label is not None else []
    field.widget.choices = empty + [(row.pk, field.label_from_instance(row)) for row in shown]


class StayAgreementForm(forms.Form):
    agreement = AgreementChoiceField(queryset=None, label=_("Agreement"), help_text=LINKABLE_HELP)

    def __init__(self, *args, organization: Organization, search: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["agreement"]
        field.queryset = queries.linkable_agreements(organization)
        _show(field, queries.linkable_agreements(organization, search), self["agreement"].value())


class TripPartnerForm(forms.Form):
    partner = PartnerChoiceField(
        queryset=None,
        required=False,
        label=_("Host partner"),
        help_text=_("Its name becomes the trip's host organization."),
    )
    agreement = AgreementChoiceField(
        queryset=None, required=False, label=_("Agreement"), help_text=LINKABLE_HELP
    )

    def __init__(self, *args, organization: Organization, search: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        partner, agreement = self.fields["partner"], self.fields["agreement"]
        partner.queryset = queries.partner_choices(organization)
        agreement.queryset = queries.linkable_agreements(organization)
        _show(partner, queries.partner_choices(organization, search), self["partner"].value())
        _show(
            agreement, queries.linkable_agreements(organization, search), self["agreement"].value()
        )
