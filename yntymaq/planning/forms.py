"""Forms of the planning pages. They parse input; the services decide and record."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django_countries import countries

from yntymaq.core.forms import DateInput
from yntymaq.core.models import Organization
from yntymaq.partners.queries import partner_choices
from yntymaq.service.queries import person_choices, unit_choices

from . import services
from .enums import (
    ActivityArea,
    ActivityKind,
    ConferenceKind,
    ConferenceRole,
    EducationLevel,
    MaterialKind,
)
from .models import (
    PUBLICATION_AUTHORS_REQUIRED,
    AnalyticalMaterial,
    AnnualPlan,
    AnnualPlanItem,
    ConferenceParticipation,
    ForeignersWork,
    Indicator,
    IndicatorValue,
    InternationalActivity,
    JointPublication,
    LongTermPlan,
    PrioritySpecialty,
    SpecialCourse,
    SpecialtyProposal,
    StaffDevelopment,
    TeachingMaterial,
)
from .periods import academic_year_bounds, academic_year_label, academic_year_of
from .queries import long_term_plan_list, plan_item_choices


def _tenant_choice(model, name: str) -> forms.ModelChoiceField:
    """A choice among the organization's rows; __init__ sets the queryset (no unscoped
    default queryset is ever built)."""
    field = model._meta.get_field(name)
    return forms.ModelChoiceField(
        queryset=None,
        required=not field.blank,
        label=capfirst(field.verbose_name),
        help_text=field.help_text,
    )


def academic_year_choices(organization: Organization, current: int | None = None):
    this_year = academic_year_of(organization, timezone.localdate())
    years = set(range(this_year - 6, this_year + 4))
    if current:
        years.add(current)
    return [(year, academic_year_label(year)) for year in sorted(years, reverse=True)]


def _academic_year_field(model, organization: Organization, current: int | None):
    field = model._meta.get_field("academic_year")
    return forms.TypedChoiceField(
        label=capfirst(field.verbose_name),
        coerce=int,
        choices=academic_year_choices(organization, current),
        initial=academic_year_of(organization, timezone.localdate()),
    )


class PlanningForm(forms.ModelForm):
    """A model form that knows its organization and hands the service its fields' values."""

    service_fields: list[str] = []

    def __init__(self, *args, organization: Organization, **kwargs):
        super().__init__(*args, **kwargs)
        self.organization = organization

    def _post_clean(self):
        # Model validation (clean(), constraints) belongs to the services, which run it on a
        # fresh copy; running it here would also write the values into the view's object.
        pass

    def service_data(self) -> dict:
        return {
            name: self.cleaned_data[name] for name in self.service_fields if name in self.fields
        }


# --- long-term plan (R2.1) -------------------------------------------------------------------


class LongTermPlanForm(PlanningForm):
    service_fields = services.LONG_TERM_PLAN_FIELDS

    class Meta:
        model = LongTermPlan
        fields = services.LONG_TERM_PLAN_FIELDS
        widgets = {"approved_on": DateInput(), "goals": forms.Textarea(attrs={"rows": 5})}


class IndicatorForm(PlanningForm):
    service_fields = services.INDICATOR_FIELDS

    class Meta:
        model = Indicator
        fields = services.INDICATOR_FIELDS

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["position"].required = False


class IndicatorValueForm(PlanningForm):
    service_fields = services.INDICATOR_VALUE_FIELDS

    class Meta:
        model = IndicatorValue
        fields = services.INDICATOR_VALUE_FIELDS
        widgets = {"year": forms.NumberInput(attrs={"inputmode": "numeric"})}


# --- annual plan (A2.5) ----------------------------------------------------------------------


class AnnualPlanForm(PlanningForm):
    service_fields = services.ANNUAL_PLAN_FIELDS
    long_term_plan = _tenant_choice(AnnualPlan, "long_term_plan")

    class Meta:
        model = AnnualPlan
        fields = services.ANNUAL_PLAN_FIELDS
        widgets = {"notes": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["academic_year"] = _academic_year_field(
            AnnualPlan, self.organization, self.instance.academic_year
        )
        self.fields["long_term_plan"].queryset = long_term_plan_list(self.organization)
        self.fields["title"].help_text = _("Leave empty for “Work plan for 2025/2026”.")


class AnnualPlanItemForm(PlanningForm):
    service_fields = services.PLAN_ITEM_FIELDS
    unit = _tenant_choice(AnnualPlanItem, "unit")
    responsible = _tenant_choice(AnnualPlanItem, "responsible")

    class Meta:
        model = AnnualPlanItem
        fields = services.PLAN_ITEM_FIELDS
        widgets = {
            "deadline": DateInput(),
            "activity_kk": forms.Textarea(attrs={"rows": 3}),
            "activity": forms.Textarea(attrs={"rows": 3}),
            "result": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = unit_choices(self.organization)
        self.fields["responsible"].queryset = person_choices(self.organization)


class AnnualPlanItemProgressForm(PlanningForm):
    """What may change in an item of an approved plan: its status and result (A2.5)."""

    service_fields = services.PLAN_ITEM_PROGRESS_FIELDS

    class Meta:
        model = AnnualPlanItem
        fields = services.PLAN_ITEM_PROGRESS_FIELDS
        widgets = {"result": forms.Textarea(attrs={"rows": 4})}


# --- international activities (R8.1) ---------------------------------------------------------


class ActivityForm(PlanningForm):
    service_fields = services.ACTIVITY_FIELDS
    unit = _tenant_choice(InternationalActivity, "unit")
    plan_item = _tenant_choice(InternationalActivity, "plan_item")
    registry_partners = forms.ModelMultipleChoiceField(
        queryset=None,
        required=False,
        label=capfirst(InternationalActivity._meta.get_field("registry_partners").verbose_name),
        help_text=_("Hold Ctrl (⌘ on a Mac) to choose several."),
    )

    class Meta:
        model = InternationalActivity
        fields = services.ACTIVITY_FIELDS
        widgets = {
            "starts_on": DateInput(),
            "ends_on": DateInput(),
            "partners": forms.Textarea(attrs={"rows": 3}),
            "participants": forms.Textarea(attrs={"rows": 3}),
            "results": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = unit_choices(self.organization)
        self.fields["plan_item"].queryset = plan_item_choices(self.organization)
        self.fields["plan_item"].label_from_instance = lambda item: (
            f"{item.plan.year_label}: {item}"
        )
        self.fields["registry_partners"].queryset = partner_choices(self.organization)


# --- conference participation (A2.8) ---------------------------------------------------------


class ConferenceForm(PlanningForm):
    service_fields = services.CONFERENCE_FIELDS
    person = _tenant_choice(ConferenceParticipation, "person")

    class Meta:
        model = ConferenceParticipation
        fields = services.CONFERENCE_FIELDS
        widgets = {"starts_on": DateInput(), "ends_on": DateInput()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = person_choices(self.organization)


# --- work with foreigners (A2.9) -------------------------------------------------------------


class ForeignersWorkForm(PlanningForm):
    service_fields = services.FOREIGNERS_WORK_FIELDS

    class Meta:
        model = ForeignersWork
        fields = services.FOREIGNERS_WORK_FIELDS
        widgets = {
            name: forms.Textarea(attrs={"rows": 4}) for name in ForeignersWork.NARRATIVE_FIELDS
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["academic_year"] = _academic_year_field(
            ForeignersWork, self.organization, self.instance.academic_year
        )


class StaffDevelopmentForm(PlanningForm):
    service_fields = services.STAFF_DEVELOPMENT_FIELDS
    person = _tenant_choice(StaffDevelopment, "person")

    class Meta:
        model = StaffDevelopment
        fields = services.STAFF_DEVELOPMENT_FIELDS
        widgets = {"starts_on": DateInput(), "ends_on": DateInput()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = person_choices(self.organization)


class SpecialCourseForm(PlanningForm):
    service_fields = services.SPECIAL_COURSE_FIELDS

    class Meta:
        model = SpecialCourse
        fields = services.SPECIAL_COURSE_FIELDS


class TeachingMaterialForm(PlanningForm):
    service_fields = services.TEACHING_MATERIAL_FIELDS

    class Meta:
        model = TeachingMaterial
        fields = services.TEACHING_MATERIAL_FIELDS


class JointPublicationForm(PlanningForm):
    service_fields = services.JOINT_PUBLICATION_FIELDS

    class Meta:
        model = JointPublication
        fields = services.JOINT_PUBLICATION_FIELDS
        error_messages = {"authors": {"required": PUBLICATION_AUTHORS_REQUIRED}}


# --- analytical materials (R2.2, R2.4) -------------------------------------------------------


class AnalyticalMaterialForm(PlanningForm):
    """The file is a plain form field: the service checks its content and stores it."""

    service_fields = services.MATERIAL_FIELDS
    file = forms.FileField(
        label=_("file"),
        required=False,
        help_text=_("PDF or DOCX, up to 10 MB."),
        widget=forms.FileInput(attrs={"accept": ".pdf,.docx"}),
    )
    remove_file = forms.BooleanField(label=_("Remove the stored file"), required=False)

    class Meta:
        model = AnalyticalMaterial
        fields = services.MATERIAL_FIELDS
        widgets = {"prepared_on": DateInput(), "summary": forms.Textarea(attrs={"rows": 6})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not (self.instance.pk and self.instance.file):
            del self.fields["remove_file"]


# --- priority specialties (R2.5) -------------------------------------------------------------


class SpecialtyProposalForm(PlanningForm):
    service_fields = services.SPECIALTY_PROPOSAL_FIELDS

    class Meta:
        model = SpecialtyProposal
        fields = services.SPECIALTY_PROPOSAL_FIELDS
        widgets = {"notes": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.instance.pk:
            self.fields["year"].initial = timezone.localdate().year + 1


class PrioritySpecialtyForm(PlanningForm):
    service_fields = services.SPECIALTY_FIELDS

    class Meta:
        model = PrioritySpecialty
        fields = services.SPECIALTY_FIELDS
        widgets = {
            "justification": forms.Textarea(attrs={"rows": 4}),
            "partners": forms.Textarea(attrs={"rows": 3}),
        }


# --- filters ---------------------------------------------------------------------------------


def _choices(enum) -> list:
    return [("", pgettext_lazy("filter", "All")), *enum.choices]


class FilterForm(forms.Form):
    """A list's filters; `filters()` gives the query function's keyword arguments."""

    q = forms.CharField(
        label=_("Search"), required=False, widget=forms.SearchInput(attrs={"autocomplete": "off"})
    )

    def __init__(self, *args, organization: Organization, **kwargs):
        super().__init__(*args, **kwargs)
        self.organization = organization

    def filters(self) -> dict:
        if not self.is_valid():
            return {}
        return {"search": self.cleaned_data["q"]}

    @property
    def active(self) -> bool:
        return self.is_valid() and any(self.cleaned_data.values())


class AcademicYearFilterMixin(forms.Form):
    year = forms.TypedChoiceField(
        label=_("Academic year"), required=False, coerce=int, empty_value=None
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [
            ("", pgettext_lazy("filter", "All")),
            *academic_year_choices(self.organization),
        ]

    def period(self) -> dict:
        year = self.cleaned_data.get("year")
        if not year:
            return {}
        start, end = academic_year_bounds(self.organization, year)
        return {"start": start, "end": end}


class ActivityFilterForm(AcademicYearFilterMixin, FilterForm):
    kind = forms.ChoiceField(label=_("Kind"), required=False, choices=_choices(ActivityKind))
    area = forms.ChoiceField(label=_("Area"), required=False, choices=_choices(ActivityArea))

    def filters(self) -> dict:
        if not self.is_valid():
            return {}
        data = self.cleaned_data
        return {"search": data["q"], "kind": data["kind"], "area": data["area"], **self.period()}


class ConferenceFilterForm(AcademicYearFilterMixin, FilterForm):
    kind = forms.ChoiceField(label=_("Kind"), required=False, choices=_choices(ConferenceKind))
    role = forms.ChoiceField(label=_("Role"), required=False, choices=_choices(ConferenceRole))

    def filters(self) -> dict:
        if not self.is_valid():
            return {}
        data = self.cleaned_data
        return {"search": data["q"], "kind": data["kind"], "role": data["role"], **self.period()}


class MaterialFilterForm(FilterForm):
    kind = forms.ChoiceField(label=_("Kind"), required=False, choices=_choices(MaterialKind))
    country = forms.ChoiceField(label=_("Country"), required=False)
    level = forms.ChoiceField(
        label=_("Education level"), required=False, choices=_choices(EducationLevel)
    )
    year = forms.IntegerField(label=_("Year"), required=False, min_value=1900, max_value=2100)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["country"].choices = [
            ("", pgettext_lazy("filter", "All")),
            *((code, name) for code, name in countries),
        ]

    def filters(self) -> dict:
        if not self.is_valid():
            return {}
        data = self.cleaned_data
        return {
            "search": data["q"],
            "kind": data["kind"],
            "country": data["country"],
            "level": data["level"],
            "year": data["year"],
        }
