"""Forms of the incoming pages and of the foreigner's questionnaire. Field checks only; the
rules are in the services, whose errors come back next to the fields."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django_countries.fields import LazyTypedChoiceField

from yntymaq.core.fields import TEXT_MAX_LENGTH
from yntymaq.core.forms import DateInput
from yntymaq.people.countries import citizenship_countries
from yntymaq.people.enums import Sex

from . import lifecycle
from .enums import (
    ArrivalLine,
    AssessmentResult,
    BriefingTopic,
    DocumentStatus,
    EducationType,
    Kinship,
    LanguageLevel,
    MaritalStatus,
    Motive,
    OriginFactKind,
    StayCategory,
    StayStatus,
)
from .models import (
    Dormitory,
    IncomingSettings,
    InsurancePolicy,
    LegalStatusRecord,
    MedicalExam,
    OriginFact,
    Permit,
    PreparatoryGroup,
    Registration,
    RequiredDocument,
    Room,
    Stay,
    TreatmentRequest,
    Visa,
)
from .models.questionnaire import check_a1_10_birth_date
from .services.care import (
    EXAM_FIELDS,
    GROUP_FIELDS,
    INSURANCE_FIELDS,
    TREATMENT_FIELDS,
)
from .services.documents import ORDER_FIELDS, REQUIRED_FIELDS
from .services.housing import DORMITORY_FIELDS, ROOM_FIELDS
from .services.migration import PERMIT_FIELDS, REGISTRATION_FIELDS, VISA_FIELDS
from .services.stays import LEGAL_STATUS_FIELDS, ORIGIN_FIELDS, SETTINGS_FIELDS, STAY_FIELDS

DATE_FIELDS = {
    "invited_on",
    "arrival_date",
    "expected_completion",
    "expected_departure",
    "actual_departure",
    "enic_date",
    "valid_from",
    "valid_to",
    "filed_on",
    "valid_until",
    "issued_on",
    "cancelled_on",
    "since",
    "document_date",
    "on",
    "next_due",
    "closed_on",
    "date",
    "held_on",
    "visa_free_rule_from",
}


class ServiceModelForm(forms.ModelForm):
    """A model form whose cleaned values go to a service as a dict (`service_data`)."""

    def __init__(self, *args, **kwargs):
        kwargs.pop("organization", None)
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            if name in DATE_FIELDS:
                field.widget = DateInput()

    def _post_clean(self):
        """Leave the model's clean() to the service (it runs it with the same rules)."""

    def service_data(self) -> dict:
        return {name: self.cleaned_data.get(name) for name in self.Meta.fields}


def service_form(model_class, fields, **extra_widgets):
    meta = type("Meta", (), {"model": model_class, "fields": fields, "widgets": extra_widgets})
    return type(f"{model_class.__name__}Form", (ServiceModelForm,), {"Meta": meta})


StayForm = service_form(Stay, STAY_FIELDS, notes=forms.Textarea(attrs={"rows": 3}))
VisaForm = service_form(Visa, VISA_FIELDS)
RegistrationForm = service_form(Registration, REGISTRATION_FIELDS)
PermitForm = service_form(Permit, PERMIT_FIELDS)
InsuranceForm = service_form(InsurancePolicy, INSURANCE_FIELDS)
MedicalExamForm = service_form(MedicalExam, EXAM_FIELDS)
TreatmentForm = service_form(
    TreatmentRequest,
    TREATMENT_FIELDS,
    description=forms.Textarea(attrs={"rows": 3}),
    outcome=forms.Textarea(attrs={"rows": 3}),
)
OriginFactForm = service_form(OriginFact, ORIGIN_FIELDS)
LegalStatusForm = service_form(LegalStatusRecord, LEGAL_STATUS_FIELDS)
DormitoryForm = service_form(Dormitory, DORMITORY_FIELDS)
RoomForm = service_form(Room, ROOM_FIELDS)
PreparatoryGroupForm = service_form(PreparatoryGroup, GROUP_FIELDS)
RequiredDocumentForm = service_form(RequiredDocument, REQUIRED_FIELDS)
SettingsForm = service_form(IncomingSettings, SETTINGS_FIELDS)


class VisaCreateForm(VisaForm):
    past = forms.BooleanField(
        label=_("This is a past visa (recorded for the history)"), required=False
    )


class StayTransitionForm(forms.Form):
    target = forms.ChoiceField(label=_("New status"))
    on = forms.DateField(label=_("Date"), widget=DateInput(), initial=timezone.localdate)
    note = forms.CharField(label=_("Note"), required=False, max_length=500)

    def __init__(self, *args, stay: Stay, **kwargs):
        kwargs.pop("organization", None)
        super().__init__(*args, **kwargs)
        labels = dict(StayStatus.choices)
        self.fields["target"].choices = [
            (s, labels[s]) for s in lifecycle.next_statuses(stay.status)
        ]


class DateForm(forms.Form):
    on = forms.DateField(label=_("Date"), widget=DateInput(), initial=timezone.localdate)
    note = forms.CharField(label=_("Note"), required=False, max_length=500)


class CheckInForm(forms.Form):
    room = forms.ModelChoiceField(label=_("Room"), queryset=None)
    on = forms.DateField(label=_("Date"), widget=DateInput(), initial=timezone.localdate)

    def __init__(self, *args, organization, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["room"].queryset = Room.objects.for_org(organization).select_related(
            "dormitory"
        )


class AssessmentForm(forms.Form):
    result = forms.ChoiceField(label=_("Result"), choices=AssessmentResult.choices)
    on = forms.DateField(label=_("Date"), widget=DateInput(), initial=timezone.localdate)


class TransferForm(forms.Form):
    on = forms.DateField(label=_("Date"), widget=DateInput(), initial=timezone.localdate)
    program_code = forms.CharField(label=_("educational program code"), max_length=20)
    program_name = forms.CharField(label=_("educational program (specialty)"), max_length=300)
    course = forms.IntegerField(label=_("course"), min_value=1, max_value=7, initial=1)
    expected_completion = forms.DateField(
        label=_("expected completion date"), widget=DateInput(), required=False
    )


class ReturnForm(forms.Form):
    comment = forms.CharField(
        label=_("What to correct"), widget=forms.Textarea(attrs={"rows": 4}), max_length=2000
    )


class StaySelectForm(forms.Form):
    """Pick stays by id from a list (checkboxes rendered by the page)."""

    stays = forms.ModelMultipleChoiceField(label=_("Foreigners"), queryset=None, required=False)

    def __init__(self, *args, organization, queryset=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["stays"].queryset = (
            queryset if queryset is not None else Stay.objects.for_org(organization)
        ).select_related("person")


class EnrollmentOrderForm(StaySelectForm):
    number = forms.CharField(label=_("order number"), max_length=50)
    date = forms.DateField(label=_("order date"), widget=DateInput())
    title = forms.CharField(
        label=pgettext_lazy("document heading", "title"), max_length=300, required=False
    )
    signed_by = forms.CharField(label=_("signed by"), max_length=200, required=False)

    def service_data(self) -> dict:
        return {name: self.cleaned_data[name] for name in ORDER_FIELDS}


class BriefingForm(StaySelectForm):
    held_on = forms.DateField(label=_("date"), widget=DateInput(), initial=timezone.localdate)
    topics = forms.MultipleChoiceField(
        label=_("topics"),
        choices=BriefingTopic.choices,
        widget=forms.CheckboxSelectMultiple,
        initial=list(BriefingTopic.values),
    )
    conducted_by = forms.CharField(label=_("conducted by"), max_length=200)
    place = forms.CharField(label=_("place"), max_length=200, required=False)

    def service_data(self) -> dict:
        return {n: self.cleaned_data[n] for n in ("held_on", "topics", "conducted_by", "place")}


class StayDocumentForm(forms.Form):
    status = forms.ChoiceField(label=_("status"), choices=DocumentStatus.choices)
    valid_until = forms.DateField(label=_("valid until"), widget=DateInput(), required=False)
    note = forms.CharField(label=_("note"), max_length=300, required=False)
    copy = forms.FileField(
        label=_("electronic copy"),
        required=False,
        help_text=_("PDF, DOCX, JPEG or PNG, up to 10 MB."),
        widget=forms.FileInput(attrs={"accept": ".pdf,.docx,.jpg,.jpeg,.png"}),
    )


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("Excel file (.xlsx)"),
        required=False,
        widget=forms.FileInput(attrs={"accept": ".xlsx"}),
    )
    upload = forms.IntegerField(required=False, widget=forms.HiddenInput)


def _choices(enum):
    return [("", _("All")), *enum.choices]


class StayFilterForm(forms.Form):
    q = forms.CharField(label=_("Name"), required=False)
    status = forms.ChoiceField(label=_("Status"), required=False)
    category = forms.ChoiceField(label=_("Category"), required=False)
    citizenship = forms.ChoiceField(label=_("Citizenship"), required=False)
    origin = forms.ChoiceField(label=_("Origin"), required=False)
    arrival_line = forms.ChoiceField(label=_("Arrival line"), required=False)
    specialty = forms.CharField(label=_("Specialty"), required=False, max_length=100)
    course = forms.IntegerField(label=_("Course"), required=False, min_value=1, max_value=7)
    arrived_from = forms.DateField(label=_("Arrived from"), required=False, widget=DateInput())
    arrived_to = forms.DateField(label=_("Arrived to"), required=False, widget=DateInput())
    expiring = forms.BooleanField(label=_("Visa or registration expiring"), required=False)
    ordering = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [
            ("", _("All")),
            ("present", _("in the country now")),
            *StayStatus.choices,
        ]
        self.fields["category"].choices = _choices(StayCategory)
        self.fields["arrival_line"].choices = _choices(ArrivalLine)
        self.fields["origin"].choices = [
            ("", _("All")),
            *OriginFactKind.choices,
            ("cis", _("CIS citizen")),
        ]
        self.fields["citizenship"].choices = [
            ("", _("All")),
            *((c.code, c.name) for c in citizenship_countries if c.code),
        ]

    SELECTS = ("status", "category", "citizenship", "origin", "arrival_line")

    def select_options(self) -> list[dict]:
        """The filter selects with their options marked, ready for a cheap template loop."""
        selects = []
        for name in self.SELECTS:
            current = str(self.data.get(name, "") or "")
            field = self[name]
            selects.append(
                {
                    "name": name,
                    "id": field.auto_id,
                    "label": field.label,
                    "options": [
                        (value, label, str(value) == current)
                        for value, label in self.fields[name].choices
                    ],
                }
            )
        return selects

    def filters(self, *, alert_days: int, today) -> dict:
        if not self.is_valid():
            return {}
        d = self.cleaned_data
        return {
            "search": d["q"],
            "status": d["status"],
            "category": d["category"],
            "citizenship": d["citizenship"],
            "origin": d["origin"],
            "arrival_line": d["arrival_line"],
            "specialty": d["specialty"],
            "course": d["course"],
            "arrived_from": d["arrived_from"],
            "arrived_to": d["arrived_to"],
            "expiring_within": alert_days if d["expiring"] else None,
            "today": today,
            "ordering": d["ordering"] or "-arrival",
        }


# --- the questionnaire, step by step -------------------------------------------------------------


class PersonalStepForm(forms.Form):
    """A1.1–A1.9 and the photo."""

    photo = forms.FileField(
        label=_("Photo 3×4"),
        required=False,
        help_text=_("JPEG or PNG, up to 5 MB, three quarters as wide as it is high."),
        widget=forms.FileInput(attrs={"accept": "image/jpeg,image/png"}),
    )
    last_name = forms.CharField(label=_("1. Surname"), max_length=150, required=False)
    first_name = forms.CharField(label=_("Given name"), max_length=150, required=False)
    patronymic = forms.CharField(label=_("Patronymic"), max_length=150, required=False)
    sex = forms.ChoiceField(label=_("2. Sex"), required=False, choices=[("", "—"), *Sex.choices])
    citizenship = LazyTypedChoiceField(
        label=_("3. Citizenship (nationality of the state)"),
        required=False,
        choices=[("", "—"), *list(citizenship_countries)],
    )
    birth_country = LazyTypedChoiceField(
        label=_("4. Place of birth: country"),
        required=False,
        choices=[("", "—"), *list(citizenship_countries)],
    )
    birth_city = forms.CharField(label=_("City"), max_length=150, required=False)
    birth_region = forms.CharField(
        label=_("Administrative-territorial unit"), max_length=150, required=False
    )
    ethnicity = forms.CharField(
        label=_("5. Ethnicity (ethnic origin)"), max_length=100, required=False
    )
    religion = forms.CharField(label=_("6. Religion (optional)"), max_length=100, required=False)
    political_membership = forms.CharField(
        max_length=TEXT_MAX_LENGTH,
        label=_("7. Membership of political and public organizations (optional)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    permanent_address = forms.CharField(
        label=_("8. Permanent address"), max_length=500, required=False
    )
    phones = forms.CharField(label=_("Contact phones"), max_length=200, required=False)
    marital_status = forms.ChoiceField(
        label=_("9. Marital status"), required=False, choices=[("", "—"), *MaritalStatus.choices]
    )

    def __init__(self, *args, show_restricted: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        # Always fresh: the lazy country list follows the current language.
        for name in ("citizenship", "birth_country"):
            self.fields[name].choices = [("", "—"), *list(citizenship_countries)]
        if not show_restricted:
            del self.fields["religion"]
            del self.fields["political_membership"]


class RelativeRowForm(forms.Form):
    kinship = forms.ChoiceField(
        label=_("Degree of kinship"), choices=[("", "—"), *Kinship.choices], required=False
    )
    full_name = forms.CharField(label=_("Full name"), max_length=300, required=False)
    birth_date = forms.DateField(label=_("Date of birth"), required=False, widget=DateInput())
    occupation = forms.CharField(label=_("Occupation"), max_length=300, required=False)
    address = forms.CharField(label=_("Permanent address"), max_length=300, required=False)

    def clean_birth_date(self):
        return check_a1_10_birth_date(self.cleaned_data.get("birth_date"))

    def clean(self):
        data = super().clean()
        if any(data.get(k) for k in ("full_name", "birth_date", "occupation", "address")):
            if not data.get("kinship"):
                self.add_error("kinship", _("Choose the degree of kinship."))
            if not data.get("full_name"):
                self.add_error("full_name", _("Enter the full name."))
        return data


class EducationRowForm(forms.Form):
    organization = forms.CharField(label=_("Organization"), max_length=300, required=False)
    program = forms.CharField(label=_("Program of study"), max_length=300, required=False)
    years = forms.CharField(label=_("Years of study"), max_length=40, required=False)
    type = forms.ChoiceField(
        label=_("Type of organization"),
        choices=[("", "—"), *EducationType.choices],
        required=False,
    )
    documents = forms.CharField(label=_("Education documents"), max_length=300, required=False)

    def clean(self):
        data = super().clean()
        if any(data.get(k) for k in ("program", "years", "type", "documents")) and not data.get(
            "organization"
        ):
            self.add_error("organization", _("Enter the name of the organization."))
        return data


class LanguageRowForm(forms.Form):
    language = forms.CharField(label=_("Language"), max_length=60, required=False)
    speaking = forms.ChoiceField(
        label=_("Speaking"), choices=[("", "—"), *LanguageLevel.choices], required=False
    )
    reading = forms.ChoiceField(
        label=_("Reading"), choices=[("", "—"), *LanguageLevel.choices], required=False
    )
    writing = forms.ChoiceField(
        label=_("Writing"), choices=[("", "—"), *LanguageLevel.choices], required=False
    )

    def clean(self):
        data = super().clean()
        if any(data.get(k) for k in ("speaking", "reading", "writing")) and not data.get(
            "language"
        ):
            self.add_error("language", _("Name the language."))
        return data


RelativeFormSet = forms.formset_factory(RelativeRowForm, extra=2, max_num=40)
EducationFormSet = forms.formset_factory(EducationRowForm, extra=1, max_num=20)
LanguageFormSet = forms.formset_factory(LanguageRowForm, extra=1, max_num=20)


class PurposeStepForm(forms.Form):
    """A1.13–A1.16; A1.14 as one rank field per motive."""

    activity = forms.CharField(
        max_length=TEXT_MAX_LENGTH,
        label=_(
            "Activity in the last 5 years before arrival in Kazakhstan (study, work, military "
            "service, public activity, other)"
        ),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    motive_other = forms.CharField(label=_("Other motive"), max_length=300, required=False)
    purpose = forms.CharField(
        max_length=TEXT_MAX_LENGTH,
        label=_("Specialty of study, purpose of work or research topic in Kazakhstan"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    other_information = forms.CharField(
        max_length=TEXT_MAX_LENGTH,
        label=_("Other information about yourself, requests, wishes"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for motive, label in Motive.choices:
            self.fields[f"rank_{motive}"] = forms.IntegerField(
                label=label,
                required=False,
                min_value=1,
                max_value=len(Motive.values),
                widget=forms.NumberInput(attrs={"inputmode": "numeric", "class": "rank-input"}),
            )

    @property
    def rank_fields(self):
        return [self[f"rank_{m}"] for m in Motive.values]

    def values(self) -> dict:
        """The valid values only (a wrong field does not stop the others being saved)."""
        data = {k: v for k, v in self.cleaned_data.items() if not k.startswith("rank_")}
        if all(f"rank_{m}" in self.cleaned_data for m in Motive.values):
            data["motives"] = {
                m: self.cleaned_data[f"rank_{m}"]
                for m in Motive.values
                if self.cleaned_data[f"rank_{m}"]
            }
        return data


class StatementStepForm(forms.Form):
    consent = forms.BooleanField(
        label=_(
            "I consent to the collection and processing of my personal data on the terms shown "
            "above."
        ),
        required=False,
    )
    statement_accepted = forms.BooleanField(
        label=_(
            "I am acquainted with the legislation of the Republic of Kazakhstan on the legal "
            "status of foreign citizens, the rules of conduct and living in the dormitory, the "
            "internal rules of the education organization and the materials on liability for "
            "breaking the laws of the Republic of Kazakhstan. I undertake to comply with their "
            "conditions and requirements."
        ),
        required=False,
    )
    signed_name = forms.CharField(
        label=_("Signature: type your full name"), max_length=300, required=False
    )
