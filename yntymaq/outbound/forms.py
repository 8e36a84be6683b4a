"""Forms of the outbound pages: they parse input; the services hold the rules."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from yntymaq.core.fields import TEXT_MAX_LENGTH
from yntymaq.core.models import Membership

from . import queries
from .enums import (
    CandidateCategory,
    CandidateStatus,
    CefrLevel,
    DocumentCode,
    DocumentStatus,
    Language,
    ParticipantStatus,
    PlanStatus,
    Purpose,
    ReportKind,
    ReportStatus,
    TrainingKind,
    TripKind,
    TripStatus,
)
from .models import (
    Candidate,
    CandidateLanguage,
    DocumentRequirement,
    OutboundSettings,
    PlanRow,
    TrainingCourse,
    TrainingSession,
    Trip,
    TripPlan,
    TripReport,
    destination_countries,
)
from .services import (
    CANDIDATE_FIELDS,
    COURSE_FIELDS,
    LANGUAGE_FIELDS,
    REPORT_FIELDS,
    ROW_FIELDS,
    SESSION_FIELDS,
    SETTINGS_FIELDS,
    TRIP_FIELDS,
)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


def tenant_choice(model, name: str, *, multiple: bool = False) -> forms.ModelChoiceField:
    """A choice of another tenant row declared on the form, so that no unscoped default
    queryset is built; the form's __init__ sets the organization's queryset."""
    field = model._meta.get_field(name)
    field_class = forms.ModelMultipleChoiceField if multiple else forms.ModelChoiceField
    return field_class(
        queryset=None,
        required=not field.blank,
        label=capfirst(field.verbose_name),
        help_text=field.help_text,
        widget=forms.CheckboxSelectMultiple if multiple else None,
    )


def _all(label=None):
    return [("", label or _("All"))]


def _country_choices(label=None, codes=None):
    """Destination countries, or only those of `codes` (the countries trips go to)."""
    countries = [(c.code, c.name) for c in destination_countries]
    if codes is not None:
        wanted = set(codes)
        countries = [(code, name) for code, name in countries if code in wanted]
    return _all(label) + countries


def _unit_choices(membership: Membership):
    return _all() + [(u.pk, u.name) for u in queries.units_for(membership)]


class PersonIinMixin(forms.Form):
    """The person is given by IIN; the surname, when given, is checked against it."""

    person_iin = forms.CharField(
        label=_("IIN of the person"),
        max_length=14,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    person_last_name = forms.CharField(
        label=_("Surname (to check the IIN)"),
        max_length=150,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )

    def person_data(self) -> dict:
        iin = (self.cleaned_data.get("person_iin") or "").replace(" ", "")
        if not iin:
            return {}
        return {"person_iin": iin, "person_last_name": self.cleaned_data.get("person_last_name")}


# --- plans ----------------------------------------------------------------------------------


class PlanForm(forms.ModelForm):
    unit = tenant_choice(TripPlan, "unit")

    class Meta:
        model = TripPlan
        fields = ["unit", "year", "title"]

    def __init__(self, *args, membership: Membership, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = queries.units_for(membership)
        if not self.instance.pk:
            self.fields["year"].initial = timezone.localdate().year

    def service_data(self) -> dict:
        return {name: self.cleaned_data[name] for name in ("unit", "year", "title")}


class PlanRowForm(PersonIinMixin, forms.ModelForm):
    class Meta:
        model = PlanRow
        fields = [f for f in ROW_FIELDS if f != "person"]
        widgets = {
            "planned_departure": DateInput(),
            "planned_return": DateInput(),
            "note": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person_iin"].required = False
        self.fields["person_iin"].help_text = _("Leave empty and give the position instead.")
        if self.instance.pk and self.instance.person_id:
            self.initial.setdefault("person_iin", self.instance.person.iin)

    def service_data(self) -> dict:
        data = {name: self.cleaned_data[name] for name in self.Meta.fields}
        person = self.person_data()
        return data | (person or {"person": None})


class CommentForm(forms.Form):
    comment = forms.CharField(
        max_length=TEXT_MAX_LENGTH, label=_("Comment"), widget=forms.Textarea(attrs={"rows": 4})
    )


class PlanFilterForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), required=False)
    unit = forms.TypedChoiceField(label=_("Unit"), required=False, coerce=int, empty_value=None)
    year = forms.IntegerField(label=_("Year"), required=False, min_value=2000, max_value=2100)

    def __init__(self, *args, membership: Membership, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = _all() + PlanStatus.choices
        self.fields["unit"].choices = _unit_choices(membership)

    def filters(self) -> dict:
        if not self.is_valid():
            return {}
        return {k: v for k, v in self.cleaned_data.items() if v not in (None, "")}


# --- trips ----------------------------------------------------------------------------------


class TripForm(PersonIinMixin, forms.ModelForm):
    unit = tenant_choice(Trip, "unit")
    plan_row = tenant_choice(Trip, "plan_row")
    required_courses = tenant_choice(Trip, "required_courses", multiple=True)

    class Meta:
        model = Trip
        fields = [*TRIP_FIELDS, "required_courses"]
        widgets = {
            name: DateInput()
            for name in (
                "planned_departure",
                "planned_return",
                "order_date",
                "exit_documents_due",
                "contract_date",
                "work_off_fulfilled_on",
            )
        } | {
            "note": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, membership: Membership, **kwargs):
        super().__init__(*args, **kwargs)
        organization = membership.organization
        self.fields["unit"].queryset = queries.units_for(membership)
        self.fields["plan_row"].queryset = (
            PlanRow.objects.for_org(organization)
            .filter(plan__status=PlanStatus.APPROVED)
            .select_related("person", "plan__unit")
        )
        self.fields["plan_row"].help_text = _(
            "R8.5: a trip is approved under a row of an approved plan."
        )
        self.fields["required_courses"].queryset = TrainingCourse.objects.for_org(organization)
        self.fields["exit_documents_due"].help_text = _(
            "Leave empty to count it from the departure by the organization's setting (R8.4)."
        )
        if self.instance.pk:
            self.initial.setdefault("person_iin", self.instance.person.iin)

    def service_data(self) -> dict:
        data = {name: self.cleaned_data[name] for name in TRIP_FIELDS}
        return data | self.person_data()


class TripFromRowForm(PersonIinMixin, forms.Form):
    """Creating a trip from a plan row: the person, when the row names only a position."""

    residence_in_kazakhstan = forms.CharField(
        label=_("place of residence in Kazakhstan"), max_length=500, required=False
    )
    address_abroad = forms.CharField(
        label=_("temporary address abroad"), max_length=500, required=False
    )

    def __init__(self, *args, row: PlanRow, **kwargs):
        super().__init__(*args, **kwargs)
        if row.person_id:
            self.fields["person_iin"].required = False
            self.fields["person_iin"].initial = row.person.iin
            self.fields["person_iin"].help_text = _("The row names %(name)s.") % {
                "name": row.person.full_name
            }

    def service_data(self) -> dict:
        return {
            "residence_in_kazakhstan": self.cleaned_data["residence_in_kazakhstan"],
            "address_abroad": self.cleaned_data["address_abroad"],
        } | self.person_data()


class TripTransitionForm(forms.Form):
    to_status = forms.ChoiceField(choices=TripStatus.choices, widget=forms.HiddenInput)
    on_date = forms.DateField(label=_("Date"), required=False, widget=DateInput())
    reason = forms.CharField(
        max_length=TEXT_MAX_LENGTH,
        label=_("Reason"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class TripFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Search"), required=False, widget=forms.SearchInput(attrs={"autocomplete": "off"})
    )
    unit = forms.TypedChoiceField(label=_("Unit"), required=False, coerce=int, empty_value=None)
    kind = forms.ChoiceField(label=_("Kind"), required=False)
    purpose = forms.ChoiceField(label=_("Purpose"), required=False)
    country = forms.ChoiceField(label=_("Country"), required=False)
    status = forms.ChoiceField(label=_("Status"), required=False)
    date_from = forms.DateField(label=_("From"), required=False, widget=DateInput())
    date_to = forms.DateField(label=_("To"), required=False, widget=DateInput())
    ordering = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, membership: Membership, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].choices = _unit_choices(membership)
        self.fields["kind"].choices = _all() + TripKind.choices
        self.fields["purpose"].choices = _all() + Purpose.choices
        self.fields["country"].choices = _country_choices(codes=queries.trip_countries(membership))
        self.fields["status"].choices = _all() + TripStatus.choices

    def filters(self) -> queries.TripFilters:
        if not self.is_valid():
            return queries.TripFilters()
        data = self.cleaned_data
        return queries.TripFilters(
            search=data["q"].strip(),
            unit=data["unit"],
            kind=data["kind"],
            purpose=data["purpose"],
            country=data["country"],
            status=data["status"],
            date_from=data["date_from"],
            date_to=data["date_to"],
            ordering=data["ordering"] or "-departure",
        )


class AbroadFilterForm(forms.Form):
    """The date and place of who is abroad; the countries offered are those trips go to."""

    on = forms.DateField(label=_("On the date"), required=False, widget=DateInput())
    country = forms.ChoiceField(label=_("Country"), required=False)
    city = forms.CharField(label=_("City"), required=False, max_length=150)
    q = forms.CharField(
        label=_("Name"), required=False, widget=forms.SearchInput(attrs={"autocomplete": "off"})
    )

    def __init__(self, *args, membership: Membership, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["country"].choices = _country_choices(
            _("All countries"), codes=queries.trip_countries(membership)
        )

    def values(self) -> dict:
        today = timezone.localdate()
        if not self.is_valid():
            return {"on_date": today, "country": "", "city": "", "search": ""}
        data = self.cleaned_data
        return {
            "on_date": data["on"] or today,
            "country": data["country"],
            "city": data["city"].strip(),
            "search": data["q"].strip(),
        }


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("Excel workbook (.xlsx)"),
        widget=forms.FileInput(
            attrs={
                "accept": ".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            }
        ),
    )


# --- documents ------------------------------------------------------------------------------


class TripDocumentForm(forms.Form):
    status = forms.ChoiceField(label=_("status"), choices=DocumentStatus.choices)
    received_on = forms.DateField(label=_("received on"), required=False, widget=DateInput())
    valid_until = forms.DateField(
        label=_("valid until"),
        required=False,
        widget=DateInput(),
        help_text=_("For the passport, visa, insurance."),
    )
    note = forms.CharField(label=_("note"), required=False, max_length=300)
    copy = forms.FileField(
        label=_("electronic copy"),
        required=False,
        help_text=_("PDF, DOCX, JPEG or PNG, up to 10 MB."),
        widget=forms.FileInput(attrs={"accept": ".pdf,.docx,.jpg,.jpeg,.png"}),
    )
    remove_copy = forms.BooleanField(label=_("Remove the stored copy"), required=False)

    def __init__(self, *args, document=None, **kwargs):
        if document is not None:
            kwargs.setdefault(
                "initial",
                {
                    "status": document.status,
                    "received_on": document.received_on,
                    "valid_until": document.valid_until,
                    "note": document.note,
                },
            )
        super().__init__(*args, **kwargs)
        if document is None or not document.copy:
            del self.fields["remove_copy"]

    def service_data(self) -> dict:
        return {k: self.cleaned_data[k] for k in ("status", "received_on", "valid_until", "note")}


class TripDocumentAddForm(forms.Form):
    code = forms.ChoiceField(label=_("document"), choices=DocumentCode.choices)
    name = forms.CharField(
        label=_("name"),
        max_length=200,
        required=False,
        help_text=_("Leave empty to use the standard name of the document."),
    )


# --- reports --------------------------------------------------------------------------------


class ReportForm(forms.ModelForm):
    class Meta:
        model = TripReport
        fields = [*REPORT_FIELDS[ReportKind.FULL], "amount_spent"]
        widgets = {
            name: forms.Textarea(attrs={"rows": 3}) for name in REPORT_FIELDS[ReportKind.FULL]
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        keep = REPORT_FIELDS[self.instance.kind]
        for name in list(self.fields):
            if name not in keep:
                del self.fields[name]
        self.field_order = list(keep)
        self.order_fields(self.field_order)

    def service_data(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.fields}


class AttachmentForm(forms.Form):
    title = forms.CharField(label=_("title"), max_length=300)
    file = forms.FileField(
        label=_("file"),
        help_text=_("PDF, DOCX, JPEG or PNG, up to 10 MB."),
        widget=forms.FileInput(attrs={"accept": ".pdf,.docx,.jpg,.jpeg,.png"}),
    )


class ReportFilterForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), required=False)
    kind = forms.ChoiceField(label=_("Kind"), required=False)
    overdue = forms.BooleanField(label=_("Overdue only"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = _all() + ReportStatus.choices
        self.fields["kind"].choices = _all() + ReportKind.choices


# --- the reserve ----------------------------------------------------------------------------


class CandidateForm(PersonIinMixin, forms.ModelForm):
    unit = tenant_choice(Candidate, "unit")

    class Meta:
        model = Candidate
        fields = list(CANDIDATE_FIELDS)
        widgets = {
            "available_from": DateInput(),
            "available_until": DateInput(),
            "included_on": DateInput(),
            "academic_merit": forms.Textarea(attrs={"rows": 2}),
            "programs_of_interest": forms.Textarea(attrs={"rows": 2}),
            "note": forms.Textarea(attrs={"rows": 2}),
            "countries_of_interest": forms.SelectMultiple(attrs={"size": 6}),
        }

    def __init__(self, *args, membership: Membership, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = queries.units_for(membership)
        self.fields["included_on"].required = False
        self.fields["included_on"].help_text = _("Today when left empty.")
        if self.instance.pk:
            self.initial.setdefault("person_iin", self.instance.person.iin)

    def service_data(self) -> dict:
        return {name: self.cleaned_data[name] for name in CANDIDATE_FIELDS} | self.person_data()


class CandidateLanguageForm(forms.ModelForm):
    class Meta:
        model = CandidateLanguage
        fields = list(LANGUAGE_FIELDS)
        widgets = {"certificate_valid_until": DateInput()}


LanguageFormSet = forms.inlineformset_factory(
    Candidate,
    CandidateLanguage,
    form=CandidateLanguageForm,
    extra=2,
    can_delete=True,
    max_num=12,
)


def language_rows(formset) -> list[dict]:
    rows = []
    for form in formset.forms:
        data = getattr(form, "cleaned_data", None) or {}
        if not data or data.get("DELETE") or not data.get("language"):
            continue
        rows.append({k: data.get(k) for k in LANGUAGE_FIELDS})
    return rows


class CandidateFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Search"), required=False, widget=forms.SearchInput(attrs={"autocomplete": "off"})
    )
    category = forms.ChoiceField(label=_("Category"), required=False)
    unit = forms.TypedChoiceField(label=_("Unit"), required=False, coerce=int, empty_value=None)
    status = forms.ChoiceField(label=_("Status"), required=False)
    language = forms.ChoiceField(label=_("Language"), required=False)
    min_level = forms.ChoiceField(label=_("Level at least"), required=False)
    min_score = forms.DecimalField(label=_("Score at least"), required=False, min_value=0)
    min_gpa = forms.DecimalField(label=_("GPA at least"), required=False, min_value=0, max_value=4)
    country = forms.ChoiceField(label=_("Country of interest"), required=False)
    available_on = forms.DateField(label=_("Available on"), required=False, widget=DateInput())

    def __init__(self, *args, membership: Membership, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = _all() + CandidateCategory.choices
        self.fields["unit"].choices = _unit_choices(membership)
        self.fields["status"].choices = _all() + CandidateStatus.choices
        self.fields["language"].choices = _all(_("Any")) + Language.choices
        self.fields["min_level"].choices = _all(_("Any")) + CefrLevel.choices
        self.fields["country"].choices = _country_choices(_("Any"))

    def filters(self) -> queries.CandidateFilters:
        if not self.is_valid():
            return queries.CandidateFilters()
        data = self.cleaned_data
        return queries.CandidateFilters(
            search=data["q"].strip(),
            category=data["category"],
            unit=data["unit"],
            status=data["status"],
            language=data["language"],
            min_level=data["min_level"],
            min_score=data["min_score"],
            min_gpa=data["min_gpa"],
            country=data["country"],
            available_on=data["available_on"],
        )


class CandidateSelectForm(forms.Form):
    row = forms.ModelChoiceField(
        label=pgettext_lazy("plan row", "Place in an approved plan"),
        queryset=PlanRow.objects.none(),
    )

    def __init__(self, *args, membership: Membership, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["row"].queryset = queries.rows_open_for_trips(membership)
        self.fields["row"].label_from_instance = lambda row: (
            f"{row.plan.unit} · {row} · {row.period} · {row.get_kind_display()}"
        )


# --- training -------------------------------------------------------------------------------


class CourseForm(forms.ModelForm):
    class Meta:
        model = TrainingCourse
        fields = list(COURSE_FIELDS)
        widgets = {
            "starts_on": DateInput(),
            "ends_on": DateInput(),
            "description": forms.Textarea(attrs={"rows": 3}),
        }

    def service_data(self) -> dict:
        return {name: self.cleaned_data[name] for name in COURSE_FIELDS}


class SessionForm(forms.ModelForm):
    class Meta:
        model = TrainingSession
        fields = list(SESSION_FIELDS)
        widgets = {"date": DateInput()}

    def service_data(self) -> dict:
        return {name: self.cleaned_data[name] for name in SESSION_FIELDS}


class ParticipantAddForm(PersonIinMixin, forms.Form):
    pass


class ParticipantForm(forms.Form):
    status = forms.ChoiceField(label=_("status"), choices=ParticipantStatus.choices)
    completed_on = forms.DateField(label=_("completed on"), required=False, widget=DateInput())
    result = forms.CharField(label=_("result"), required=False, max_length=200)


class CourseFilterForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = _all() + TrainingKind.choices


# --- settings -------------------------------------------------------------------------------


class SettingsForm(forms.ModelForm):
    class Meta:
        model = OutboundSettings
        fields = list(SETTINGS_FIELDS)

    def service_data(self) -> dict:
        return {name: self.cleaned_data[name] for name in SETTINGS_FIELDS}


class RequirementForm(forms.ModelForm):
    trip_kinds = forms.MultipleChoiceField(
        label=_("only for trips of these kinds"),
        choices=TripKind.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("None ticked: required for every trip."),
    )

    class Meta:
        model = DocumentRequirement
        fields = ["code", "name", "trip_kinds", "is_active", "position"]

    def service_data(self) -> dict:
        data = {name: self.cleaned_data[name] for name in self.Meta.fields}
        data["trip_kinds"] = list(data["trip_kinds"] or [])
        return data
