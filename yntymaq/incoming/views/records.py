"""Records of one stay: visas, registrations, permits (migration), insurance, examinations and
requests for treatment (medical care, R8.10)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from .. import services
from ..forms import (
    InsuranceForm,
    MedicalExamForm,
    PermitForm,
    RegistrationForm,
    TreatmentForm,
    VisaCreateForm,
    VisaForm,
)
from ..models import InsurancePolicy, MedicalExam, Permit, Registration, TreatmentRequest, Visa
from ._base import (
    RestrictedMixin,
    StayChildCreateView,
    StayChildDeleteView,
    StayChildUpdateView,
)

# --- visas ---------------------------------------------------------------------------------------


class VisaCreateView(StayChildCreateView):
    model = Visa
    form_class = VisaCreateForm
    page_title = _("New visa")
    anchor = "migration"

    def perform(self, form):
        return services.visa_create(
            stay=self.stay,
            actor=self.request.user,
            data=form.service_data(),
            past=form.cleaned_data.get("past", False),
        )


class VisaUpdateView(StayChildUpdateView):
    model = Visa
    form_class = VisaForm
    page_title = _("Edit visa")
    anchor = "migration"
    object_arg = "visa"
    service = staticmethod(services.visa_update)


class VisaDeleteView(StayChildDeleteView):
    model = Visa
    page_title = _("Delete visa")
    anchor = "migration"
    object_arg = "visa"
    service = staticmethod(services.visa_delete)


# --- migration registrations ---------------------------------------------------------------------


class RegistrationCreateView(StayChildCreateView):
    model = Registration
    form_class = RegistrationForm
    page_title = _("New migration registration")
    anchor = "migration"
    service = staticmethod(services.registration_create)


class RegistrationUpdateView(StayChildUpdateView):
    model = Registration
    form_class = RegistrationForm
    page_title = _("Edit migration registration")
    anchor = "migration"
    object_arg = "registration"
    service = staticmethod(services.registration_update)


class RegistrationDeleteView(StayChildDeleteView):
    model = Registration
    page_title = _("Delete migration registration")
    anchor = "migration"
    object_arg = "registration"
    service = staticmethod(services.registration_delete)


# --- permits -------------------------------------------------------------------------------------


class PermitCreateView(StayChildCreateView):
    model = Permit
    form_class = PermitForm
    page_title = _("New permit or certificate")
    anchor = "migration"
    service = staticmethod(services.permit_create)


class PermitUpdateView(StayChildUpdateView):
    model = Permit
    form_class = PermitForm
    page_title = _("Edit permit or certificate")
    anchor = "migration"
    object_arg = "permit"
    service = staticmethod(services.permit_update)


class PermitDeleteView(StayChildDeleteView):
    model = Permit
    page_title = _("Delete permit or certificate")
    anchor = "migration"
    object_arg = "permit"
    service = staticmethod(services.permit_delete)


# --- medical care (R8.10) ------------------------------------------------------------------------


class InsuranceCreateView(StayChildCreateView):
    model = InsurancePolicy
    form_class = InsuranceForm
    page_title = _("New insurance policy")
    anchor = "medical"
    service = staticmethod(services.insurance_create)


class InsuranceUpdateView(StayChildUpdateView):
    model = InsurancePolicy
    form_class = InsuranceForm
    page_title = _("Edit insurance policy")
    anchor = "medical"
    object_arg = "policy"
    service = staticmethod(services.insurance_update)


class InsuranceDeleteView(StayChildDeleteView):
    model = InsurancePolicy
    page_title = _("Delete insurance policy")
    anchor = "medical"
    object_arg = "policy"
    service = staticmethod(services.insurance_delete)


class MedicalExamCreateView(StayChildCreateView):
    model = MedicalExam
    form_class = MedicalExamForm
    page_title = _("New preventive examination")
    anchor = "medical"
    service = staticmethod(services.medical_exam_create)


class MedicalExamUpdateView(StayChildUpdateView):
    model = MedicalExam
    form_class = MedicalExamForm
    page_title = _("Edit preventive examination")
    anchor = "medical"
    object_arg = "exam"
    service = staticmethod(services.medical_exam_update)


class MedicalExamDeleteView(StayChildDeleteView):
    model = MedicalExam
    page_title = _("Delete preventive examination")
    anchor = "medical"
    object_arg = "exam"
    service = staticmethod(services.medical_exam_delete)


class TreatmentCreateView(RestrictedMixin, StayChildCreateView):
    """Requests for help with treatment are health data: restricted like A1.6."""

    model = TreatmentRequest
    form_class = TreatmentForm
    page_title = _("New request for help with treatment")
    anchor = "medical"
    service = staticmethod(services.treatment_request_create)


class TreatmentUpdateView(RestrictedMixin, StayChildUpdateView):
    model = TreatmentRequest
    form_class = TreatmentForm
    page_title = _("Edit request for help with treatment")
    anchor = "medical"
    object_arg = "request"
    service = staticmethod(services.treatment_request_update)

    def perform(self, form):
        return services.treatment_request_update(
            request=self.get_object(), actor=self.request.user, data=form.service_data()
        )
