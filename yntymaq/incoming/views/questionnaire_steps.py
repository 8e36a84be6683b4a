"""The questionnaire's steps, shared by the foreigner's link and the Service's edit page.

Each POST saves what is valid at once (a half-filled questionnaire is never lost); wrong values
stay in the form with their messages, and the rest of the step is saved all the same.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from yntymaq.core.errors import ApplicationError

from .. import services
from ..enums import Motive
from ..forms import (
    EducationFormSet,
    LanguageFormSet,
    PersonalStepForm,
    PurposeStepForm,
    RelativeFormSet,
    StatementStepForm,
)
from ..models import Questionnaire, RequiredDocument, StayDocument
from ..services.questionnaire import CONSENT_DATA, CONSENT_PURPOSE

STEPS = [
    ("personal", _("Personal details"), _("items 1–9 and the photo")),
    ("relatives", _("Relatives"), _("item 10")),
    ("education", _("Education and languages"), _("items 11–12")),
    ("purpose", _("Activity and motives"), _("items 13–16")),
    ("documents", _("Document copies"), _("passport, education, medical")),
    ("statement", _("Consent and statement"), _("item 17, date and signature")),
]
STEP_NAMES = [s[0] for s in STEPS]
PERSONAL_FIELDS = [
    "last_name",
    "first_name",
    "patronymic",
    "sex",
    "citizenship",
    "birth_country",
    "birth_city",
    "birth_region",
    "ethnicity",
    "religion",
    "political_membership",
    "permanent_address",
    "phones",
    "marital_status",
]
PURPOSE_FIELDS = ["activity", "motive_other", "purpose", "other_information"]
# Checklist lines the foreigner may upload themselves.
SELF_SERVICE_CODES = ("passport", "visa", "education", "medical_086", "insurance", "contract")


@dataclass
class Step:
    name: str
    forms: dict = field(default_factory=dict)
    errors: bool = False
    warnings: list = field(default_factory=list)
    missing: dict = field(default_factory=dict)
    submitted: bool = False
    context: dict = field(default_factory=dict)


def step_index(name: str) -> int:
    return STEP_NAMES.index(name)


def next_step(name: str) -> str | None:
    index = step_index(name)
    return STEP_NAMES[index + 1] if index + 1 < len(STEP_NAMES) else None


def _messages(error: ValidationError | ApplicationError) -> dict[str | None, list]:
    """A service's error as {field or None: [message, …]}, whatever its shape."""
    if isinstance(error, ApplicationError):
        return {error.field: [error.message]}
    if hasattr(error, "error_dict"):
        return error.message_dict
    return {None: list(error.messages)}


def report(error: ValidationError | ApplicationError, targets: dict, default) -> list[str]:
    """Put a service's error next to what the foreigner typed, never a 500: each message goes
    to the form field of its name, or to the formset that edits that value (`targets` maps a
    value's name to its formset), or on top of `default` (a bound form or a formset).
    Returns the names of the refused values."""
    refused = []
    for name, messages in _messages(error).items():
        target = targets.get(name, default)
        for message in messages:
            if isinstance(target, forms.BaseFormSet):
                target.non_form_errors().append(message)
            else:
                target.add_error(name if name in target.fields else None, message)
        if name:
            refused.append(name)
    return refused


def _save(questionnaire, data: dict, actor, default, targets: dict | None = None) -> None:
    """Save the valid values; a value the service refuses goes back to its field, and the
    others are saved without it."""
    data = dict(data)
    for _attempt in range(len(data) + 1):
        if not data:
            return
        try:
            services.questionnaire_save(questionnaire=questionnaire, actor=actor, data=data)
            return
        except (ValidationError, ApplicationError) as error:
            refused = report(error, targets or {}, default)
            if not set(refused) & set(data):  # nothing left to drop: a refusal of the whole
                return
            for name in refused:
                data.pop(name, None)
                if name == "motive_other":
                    data.pop("motives", None)


def _valid_rows(formset) -> list[dict]:
    rows = []
    for form in formset.forms:
        if form.is_valid() and form.has_changed() and any(form.cleaned_data.values()):
            rows.append(form.cleaned_data)
    return rows


def build(
    step: str,
    questionnaire: Questionnaire,
    *,
    data=None,
    files=None,
    actor=None,
    show_restricted: bool = True,
) -> Step:
    """The forms of a step; with `data`, save what is valid and report what is not."""
    q = questionnaire
    result = Step(name=step)
    posting = data is not None
    if step == "personal":
        initial = {name: getattr(q, name) for name in PERSONAL_FIELDS}
        initial["citizenship"] = q.citizenship.code if q.citizenship else ""
        initial["birth_country"] = q.birth_country.code if q.birth_country else ""
        form = PersonalStepForm(data, files, initial=initial, show_restricted=show_restricted)
        result.forms["form"] = form
        if posting:
            form.is_valid()
            values = {k: v for k, v in form.cleaned_data.items() if k != "photo"}
            values["language"] = (get_language() or "ru")[:2]
            _save(q, values, actor, form)
            photo = form.cleaned_data.get("photo")
            if photo:
                try:
                    warning = services.questionnaire_photo_set(
                        questionnaire=q, actor=actor, upload=photo
                    )
                except (ValidationError, ApplicationError) as error:
                    for messages in _messages(error).values():
                        for message in messages:
                            form.add_error("photo", message)
                else:
                    if warning:
                        result.warnings.append(warning)
            result.errors = bool(form.errors)
    elif step == "relatives":
        formset = RelativeFormSet(data, prefix="rel", initial=q.relatives or None)
        result.forms["relatives"] = formset
        if posting:
            valid = formset.is_valid()
            _save(q, {"relatives": _valid_rows(formset)}, actor, formset)
            result.errors = not valid or bool(formset.non_form_errors())
            result.context["row_errors"] = formset.non_form_errors()
    elif step == "education":
        education = EducationFormSet(data, prefix="edu", initial=q.education or None)
        languages = LanguageFormSet(data, prefix="lang", initial=q.languages or None)
        result.forms.update(education=education, languages=languages)
        if posting:
            valid = education.is_valid() & languages.is_valid()
            _save(
                q,
                {"education": _valid_rows(education), "languages": _valid_rows(languages)},
                actor,
                education,
                targets={"languages": languages},
            )
            result.errors = (
                not valid or bool(education.non_form_errors()) or bool(languages.non_form_errors())
            )
            result.context["row_errors"] = [
                *education.non_form_errors(),
                *languages.non_form_errors(),
            ]
    elif step == "purpose":
        initial = {name: getattr(q, name) for name in PURPOSE_FIELDS}
        initial.update({f"rank_{m}": rank for m, rank in q.motives.items()})
        form = PurposeStepForm(data, initial=initial)
        result.forms["form"] = form
        if posting:
            form.is_valid()
            _save(q, form.values(), actor, form)
            result.errors = bool(form.errors)
        result.context["motives"] = Motive.choices
    elif step == "documents":
        result.context["documents"] = _documents_step(result, q, data, files, actor)
    elif step == "statement":
        consent = getattr(q, "consent", None)
        form = StatementStepForm(
            data,
            initial={
                "consent": bool(consent and consent.withdrawn_at is None),
                "statement_accepted": q.statement_accepted,
                "signed_name": q.signed_name,
            },
        )
        result.forms["form"] = form
        result.context["consent"] = consent
        result.context["consent_purpose"] = CONSENT_PURPOSE
        result.context["consent_data"] = CONSENT_DATA
        if posting:
            form.is_valid()
            values = dict(form.cleaned_data)
            if values.pop("consent", False) and not (consent and consent.withdrawn_at is None):
                try:
                    services.consent_give(questionnaire=q, actor=actor)
                except (ValidationError, ApplicationError) as error:
                    report(error, {}, form)
            if values.get("statement_accepted") and values.get("signed_name"):
                values["signed_on"] = timezone.localdate()
            _save(q, values, actor, form)
            result.errors = bool(form.errors)
    else:  # pragma: no cover - the URL allows only known steps
        raise ValueError(step)
    return result


def _documents_step(result: Step, q: Questionnaire, data, files, actor) -> list[dict]:
    stay = q.stay
    required = RequiredDocument.objects.for_org(q.organization).filter(
        category=stay.category, code__in=SELF_SERVICE_CODES
    )
    have = {d.required_id: d for d in StayDocument.objects.filter(stay=stay)}
    rows = []
    for item in required:
        form = _DocumentUploadForm(data, files, prefix=f"doc{item.pk}", with_expiry=item.has_expiry)
        if data is not None and form.is_valid() and form.cleaned_data.get("copy"):
            try:
                have[item.pk] = services.stay_document_set(
                    stay=stay,
                    required=item,
                    actor=actor,
                    data={
                        "status": "received",
                        "valid_until": form.cleaned_data.get("valid_until"),
                        "note": "",
                    },
                    copy=form.cleaned_data["copy"],
                )
            except (ValidationError, ApplicationError) as error:
                report(error, {}, form)
        if form.errors:
            result.errors = True
        rows.append({"required": item, "document": have.get(item.pk), "form": form})
    return rows


class _DocumentUploadForm(forms.Form):
    copy = forms.FileField(
        label=_("File"),
        required=False,
        help_text=_("PDF, JPEG or PNG, up to 10 MB."),
        widget=forms.FileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png,.docx"}),
    )
    valid_until = forms.DateField(
        label=_("valid until"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args, with_expiry: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if not with_expiry:
            del self.fields["valid_until"]


def progress(questionnaire: Questionnaire) -> list[dict]:
    """The steps with whether each is complete (for the overview and the step navigation)."""
    missing = services.missing_items(questionnaire)
    return [
        {"name": name, "label": label, "items": items, "missing": missing.get(name, [])}
        for name, label, items in STEPS
    ]
